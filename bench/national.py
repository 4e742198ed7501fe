"""Ten years of a national service in one PostgreSQL database, for every bench to share.

Builds DOMAIN.md §11's volumes reproducibly from `--seed`, by composing the benches'
own fillers (each by COPY or bulk inserts; the services layer would take days):

1. `bench/training.py`: 1,000 organisations of every kind, `--practitioners` practitioner
   accounts (default 100,000), the training team's 20 trainers, and `--years` years
   (default 10) of courses, sessions, places, attendance and certificates;
2. `bench/casework.py`: a clinical team with 20 clinicians, `--cases` cases (default
   300,000, 500 open) and `--contacts` contacts (default 3 million), and one open case with
   200 contacts, 100 notes and 50 outcome measures;
3. `bench/insights.py`: `--referrals` referrals (default 300,000) from the practitioners to
   the training team over the years, decided as a team decides them (one in ten a family's
   own), `--consultations` consultation records (default 100,000), a directory service of
   each organisation, a service manager of the team and a commissioning body's analyst;
4. `bench/directory_search.py`: the rest of `--services` directory services (default
   50,000 in all) across 2,000 postcode districts of England and Wales (the 100 postcode
   areas of `bench/community.py`, 20 districts each), each district an area and each
   postcode area an area too; a service covers one or two of them (3% have no area limit,
   such as helplines), with ages, pregnancy, needs, ways in and statuses (a few
   temporarily closed or decommissioned);
5. `bench/community.py`: `--events` community events (default 60,000) in the same
   districts, a third needing booking and part-booked, and the reach recorded after each
   past event (adults, babies, the district, online views);
6. `bench/consultations.py`: `--years` years of consultation slots for the 20 clinicians of
   a consultation team (five a clinician a working day, half of them to come), a third
   booked;
7. the insights' tallies (`littleminds.insights.summaries.rebuild`, what
   `littleminds insights rebuild` runs; `--no-tallies` leaves them out).

The database is migrated first. Each part is skipped when an earlier run made it, so a run
that stopped can be run again, and a filled database is left as it is. Prints how long each
part took and the machine's load. Run by hand (a few minutes to half an hour, by how busy
the machine is):

    createdb -h 127.0.0.1 -U postgres lm_nb_national
    .venv/bin/python bench/national.py \\
        --database-url postgres://postgres@127.0.0.1:5432/lm_nb_national --seed 20261207

The other national benches (`bench/national_pages.py`, `bench/load.py`) measure such a
database; `people()` names who they sign in as.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import casework
import community
import consultations
import directory_search
import insights
import serving
import training

SEED = 20261207
DIRECTORY_KEY = "national"
# England and Wales's postcode areas (those of bench/community.py), 20 districts each.
DISTRICTS = [f"{area}{n}" for area in community.AREAS for n in range(1, 21)]
GROUPS = {area: [f"{area}{n}" for n in range(1, 21)] for area in community.AREAS}


@dataclass(frozen=True)
class People:
    """Who the national benches sign in as."""

    manager: str = insights.MANAGER  # the training team's service manager: triage, insights
    clinician: str = casework.EMAIL  # the clinical team's clinician: cases, caseloads
    analyst: str = insights.ANALYST
    trainer: str = training.TRAINER_EMAIL
    community_worker: str = community.WORKER_EMAIL


def people() -> People:
    return People()


@dataclass(frozen=True)
class Part:
    name: str
    made: Callable[[], bool]
    fill: Callable[[], object]


def parts(args: argparse.Namespace) -> list[Part]:
    from littleminds.accounts.models import Organisation, User
    from littleminds.community.models import Event, Reach
    from littleminds.consultations.models import Slot
    from littleminds.directory.models import Area
    from littleminds.insights.models import Tally

    def directory() -> None:
        organisations = list(
            Organisation.objects.filter(name__startswith="Bench organisation ").values_list(
                "pk", flat=True
            )
        )
        directory_search.fill(
            max(0, args.services - len(organisations)),
            args.seed,
            districts=DISTRICTS,
            groups=GROUPS,
            organisations=organisations,
            everywhere=0.03,
            statuses=True,
            key=DIRECTORY_KEY,
            progress=True,
        )

    made = [
        Part(
            f"training: {args.practitioners:,} practitioners, {args.years} years of courses",
            lambda: User.objects.filter(email=training.TRAINER_EMAIL).exists(),
            lambda: training.fill(args.practitioners, args.years, args.seed),
        ),
        Part(
            f"casework: {args.cases:,} cases, {args.contacts:,} contacts",
            lambda: User.objects.filter(email=casework.EMAIL).exists(),
            lambda: casework.fill(args.cases, args.contacts, 500, args.seed),
        ),
        Part(
            f"referrals and consultations: {args.referrals:,} and {args.consultations:,}",
            lambda: User.objects.filter(email=insights.MANAGER).exists(),
            lambda: insights.fill(args.referrals, args.consultations, args.years, args.seed),
        ),
        Part(
            f"directory: {args.services:,} services in {len(DISTRICTS):,} postcode districts",
            lambda: Area.objects.filter(key__startswith=f"{DIRECTORY_KEY}-").exists(),
            directory,
        ),
        Part(
            f"community: {args.events:,} events",
            lambda: Event.objects.filter(created_by__email=community.WORKER_EMAIL).exists(),
            lambda: community.fill(args.events, args.years, args.seed),
        ),
    ]
    made.append(
        Part(
            f"consultation slots: {args.years} years for 20 clinicians, a third booked",
            lambda: Slot.objects.filter(team__name=consultations.TEAM).exists(),
            lambda: consultations.fill(args.years),
        )
    )
    made.append(
        Part(
            "community reach: after each past event",
            lambda: Reach.objects.filter(created_by__email=community.WORKER_EMAIL).exists(),
            lambda: community.fill_reach(args.seed),
        )
    )
    if not args.no_tallies:
        made.append(Part("the insights' tallies", Tally.objects.exists, insights.tallies))
    return made


def counts() -> str:
    """About how many rows of each kind the database holds (the planner's estimates)."""
    from django.db import connection

    tables = {
        "practitioner accounts": "accounts_user",
        "directory services": "directory_service",
        "referrals": "referrals_referral",
        "cases": "casework_case",
        "contacts": "casework_contact",
        "consultations": "consultations_consultationrecord",
        "consultation slots": "consultations_slot",
        "training places": "training_registration",
        "community events": "community_event",
        "community reach": "community_reach",
        "tallies": "insights_tally",
    }
    held = []
    with connection.cursor() as cursor:
        for name, table in tables.items():
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            row = cursor.fetchone()
            held.append(f"{max(0, int(row[0])) if row else 0:,} {name}")
    return ", ".join(held)


def filled() -> bool:
    """Whether a national database is filled (every part but the tallies)."""
    from littleminds.accounts.models import User
    from littleminds.community.models import Event
    from littleminds.directory.models import Area

    return (
        User.objects.filter(email__in=[training.TRAINER_EMAIL, casework.EMAIL, insights.MANAGER])
        .values("email")
        .distinct()
        .count()
        == 3
        and Area.objects.filter(key__startswith=f"{DIRECTORY_KEY}-").exists()
        and Event.objects.filter(created_by__email=community.WORKER_EMAIL).exists()
    )


def setup(database_url: str, cache_url: str = "") -> dict[str, str]:
    """The benches' environment for the database (and cache), in this process too, with
    Django set up."""
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("The national database is PostgreSQL: give a postgres:// URL")
    env = serving.environment(database_url, cache_url)
    os.environ.update(env)
    import django

    django.setup()
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--practitioners", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=300_000)
    parser.add_argument("--contacts", type=int, default=3_000_000)
    parser.add_argument("--referrals", type=int, default=300_000)
    parser.add_argument("--consultations", type=int, default=100_000)
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--events", type=int, default=60_000)
    parser.add_argument("--no-tallies", action="store_true", help="leave the tallies out")
    args = parser.parse_args()
    setup(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "--noinput", verbosity=0)
    todo = parts(args)
    started = time.perf_counter()
    did = 0
    # Each part prints its own progress (the directory's and the tallies' with a bar).
    for number, part in enumerate(todo, start=1):
        if part.made():
            print(f"[{number}/{len(todo)}] Already made: {part.name}")
            continue
        print(f"[{number}/{len(todo)}] Making {part.name} ({serving.load()})", flush=True)
        began = time.perf_counter()
        part.fill()
        did += 1
        print(f"  made in {time.perf_counter() - began:.0f} s ({serving.load()})", flush=True)
    if did:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"Filled in {time.perf_counter() - started:.0f} s ({serving.load()})")
    else:
        print("The database was already filled: nothing to do.")
    print("About " + counts())


if __name__ == "__main__":
    main()
