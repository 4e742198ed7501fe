"""Every page the issue names, on a national database, beside the floor from the same run.

Measures a database filled by `bench/national.py` (DOMAIN.md §11: 50,000 directory
services across England and Wales, 100,000 practitioner accounts, 300,000 referrals,
3 million contacts, training, consultations and community events), served with gunicorn
(`--workers` 2, for the 2 cores) through the shared harness (`bench/serving.py`), which
adds the floor (`/bench-floor/<n>/`, a bare Django page doing three indexed queries)
beside the project in the same processes. Queries are varied and realistic, drawn from a
seeded random generator (`--seed`):

- public pages and APIs: `/directory/` search (words, a child's age and a postcode), `GET
  /openreferral/services` search (words, ages, postcode), the navigator's question pages
  and answer page (with the answers' signed cookie a browser would hold), `POST
  /api/pathway/recommend`, the self-referral start page, What's on near a postcode
  (`/whats-on/`), the course finder (`/training/`), and, last, the system map
  (`/directory/map/`, timed `--map-runs` times and weighed: target under 500 kB; a map the
  server cannot draw within gunicorn's 30 s is a miss, and is then drawn once in process
  to weigh it);
- signed-in pages, with a session cookie made in process for the person (two-factor
  sign-in off, as the other benches do): the triage queue and a referral (the training
  team's service manager, 300,000 referrals), a case, the team's caseload (its open cases,
  its closed ones, and both), the clinician's own caseload and "Your work" (a clinician of
  the casework team), and every insights page (`insights` is the first, embeddedness;
  `insights-<slug>` each of the others).

Each page is timed `--runs` times one request at a time (median, p95), every request
followed by a floor request, so both share the machine's load; each public page's saturated
throughput is measured with wrk (`--connections` in flight for `--seconds`, then the floor
the same way; Debian: `apt-get install -y wrk`; `--no-throughput` skips it). Each figure is
printed beside the floor's, with the ratio, the target and PASS or MISS. Targets (issue 18):
public p95 at most 2.5 times the floor's and throughput at least 40% of the floor's;
signed-in p95 at most 4 times the floor's; the map under 500 kB. Also printed: each page's
database queries (counted in process), its size, the machine's load, and each worker's
resident memory at the end. Exits non-zero when a target is missed.

Run by hand, on a national database:

    .venv/bin/python bench/national.py --database-url postgres://postgres@127.0.0.1:5432/lm_nb_national
    .venv/bin/python bench/national_pages.py \\
        --database-url postgres://postgres@127.0.0.1:5432/lm_nb_national
    .venv/bin/python bench/national_pages.py --database-url … --only directory,openreferral
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import community
import directory_search
import national
import pathway_decide
import serving
import training

MAP_LIMIT_BYTES = 500 * 1024


@dataclass(frozen=True)
class Page:
    key: str  # for --only
    name: str
    calls: list[serving.Call]
    email: str | None = None  # signed in as, or a public page
    throughput: bool = True


def postcode(rng: random.Random) -> str:
    return (
        f"{rng.choice(national.DISTRICTS)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}A"
    )


def navigator_cookie(journey_answers: dict[str, object]) -> tuple[str, str]:
    """The navigator's signed cookie holding these answers, as the browser would send it."""
    from django.http import HttpResponse

    from littleminds.pathway import journey

    response = HttpResponse()
    journey.save(response, journey_answers)
    return ("Cookie", f"{journey.COOKIE}={response.cookies[journey.COOKIE].coded_value}")


def navigator_answers(rng: random.Random, today: date) -> dict[str, object]:
    """A person's answers to the navigator (the API's names), somewhere in the country."""
    answers = pathway_decide.answers(rng, today)
    answers["postcode"] = postcode(rng)
    if answers["asker"] == "practitioner":
        answers["practitioner_involved"] = rng.random() < 0.5
    return answers


def public_pages(rng: random.Random) -> list[Page]:
    from django.utils import timezone

    from littleminds.pathway import journey, selectors

    today = timezone.localdate()
    searches = []
    for _ in range(200):
        age = rng.randint(0, 30)
        searches.append(
            (
                " ".join(rng.sample(directory_search.WORDS, rng.choice([1, 1, 2]))),
                age,
                postcode(rng),
            )
        )
    directory = [
        serving.Call(
            "/directory/?" + urlencode({"words": words, "age_months": age, "postcode": where})
        )
        for words, age, where in searches
    ]
    openreferral = [
        serving.Call(
            "/openreferral/services?"
            + urlencode(
                {
                    "search": words,
                    "minimum_age": age // 12,
                    "maximum_age": age // 12 + 1,
                    "postcode": where,
                }
            )
        )
        for words, age, where in searches
    ]
    bodies = [navigator_answers(rng, today) for _ in range(200)]
    recommend = [
        serving.Call("/api/pathway/recommend", "POST", json.dumps(body).encode()) for body in bodies
    ]
    version, _rules = selectors.rule_set_current()
    questions = []
    answer = []
    for body in bodies[:60]:
        given = {k: v for k, v in body.items() if k != "on_date"}
        given.setdefault("child_date_of_birth", None)  # expecting, with no baby yet
        slug = rng.choice([step.slug for step in journey.steps_in_force(given)])
        questions.append(
            serving.Call(f"/navigator/questions/{slug}/", headers=(navigator_cookie(given),))
        )
        given["result"] = {"version": version.number, "on": today.isoformat()}
        answer.append(serving.Call("/navigator/answer/", headers=(navigator_cookie(given),)))
    targeted, _others = community.pages(rng)
    whats_on = [serving.Call(path) for paths in targeted.values() for path in paths]
    rng.shuffle(whats_on)
    finder = [serving.Call(path) for paths in training.finder_pages().values() for path in paths]
    rng.shuffle(finder)
    return [
        Page("directory", "GET /directory/ (words, age, postcode)", directory),
        Page("openreferral", "GET /openreferral/services (search)", openreferral),
        Page("question", "GET /navigator/questions/<slug>/", questions),
        Page("answer", "GET /navigator/answer/", answer),
        Page("recommend", "POST /api/pathway/recommend", recommend),
        Page("self-referral", "GET /self-referral/ (start)", [serving.Call("/self-referral/")]),
        Page("whats-on", "GET /whats-on/ (near a postcode)", whats_on),
        Page("training", "GET /training/ (course finder)", finder),
    ]


def signed_in_pages(rng: random.Random) -> list[Page]:
    from littleminds.casework.models import Case
    from littleminds.insights.pages import ordered
    from littleminds.referrals.models import Referral

    who = national.people()
    referrals = list(
        Referral.objects.filter(team__name="Bench training team")
        .order_by("-submitted_at")
        .values_list("code", flat=True)[:2000]
    )
    cases = list(
        Case.objects.filter(team__name="Bench Casework Team", status="open").values_list(
            "code", flat=True
        )
    )
    big = casework_big_case()
    insight, *other_insights = [page.slug for page in ordered()]
    return [
        Page("triage", "GET /triage/ (the queue)", [serving.Call("/triage/")], who.manager),
        Page(
            "referral",
            "GET /triage/<code>/ (a referral)",
            [serving.Call(f"/triage/{code}/") for code in rng.sample(referrals, 50)],
            who.manager,
        ),
        Page(
            "case",
            "GET /cases/<code>/ (a case)",
            [serving.Call(f"/cases/{big}/")]
            + [serving.Call(f"/cases/{code}/") for code in rng.sample(cases, 49)],
            who.clinician,
        ),
        Page(
            "caseload",
            "GET /cases/team/ (500 open cases)",
            [serving.Call("/cases/team/")],
            who.clinician,
        ),
        # The same list with the closed cases, in its usual order (ADR 0062).
        Page(
            "caseload-closed",
            "GET /cases/team/?status=closed (299,500 closed)",
            [serving.Call("/cases/team/?status=closed")],
            who.clinician,
        ),
        Page(
            "caseload-closed",
            "GET /cases/team/?status=all (open and closed)",
            [serving.Call("/cases/team/?status=all")],
            who.clinician,
        ),
        Page("mine", "GET /cases/ (own caseload)", [serving.Call("/cases/")], who.clinician),
        Page("work", "GET /work/ (Your work)", [serving.Call("/work/")], who.clinician),
        Page(
            "insights",
            f"GET /insights/{insight}/",
            [serving.Call(f"/insights/{insight}/")],
            who.manager,
        ),
        # Every other insights page, each with its default filter (the last 12 months).
        *(
            Page(
                f"insights-{slug}",
                f"GET /insights/{slug}/",
                [serving.Call(f"/insights/{slug}/")],
                who.manager,
            )
            for slug in other_insights
        ),
    ]


def casework_big_case() -> str:
    from django.db.models import Count

    from littleminds.casework.models import Case

    code = (
        Case.objects.filter(team__name="Bench Casework Team", status="open")
        .annotate(n=Count("contacts"))
        .order_by("-n")
        .values_list("code", flat=True)
        .first()
    )
    assert code is not None
    return str(code)


def query_counts(pages: list[Page]) -> dict[str, int]:
    """Each page's database queries for its first call, counted in process (the second of
    two requests, so that caches filled by the first are not counted)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from littleminds.accounts.models import User

    counts = {}
    for page in pages:
        client = Client()
        if page.email:
            client.force_login(User.objects.get(email=page.email))
        call = page.calls[0]
        for name, value in call.headers:
            if name == "Cookie":
                client.cookies.load(value)  # the navigator's answers, as sent
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                if call.method == "POST":
                    client.post(call.path, call.body, content_type=call.content_type)
                else:
                    client.get(call.path)
        counts[page.name] = len(queries)
    return counts


def measure_map(
    base: str, floors: list[serving.Call], runs: int, verdicts: serving.Verdicts
) -> None:
    """The system map: its size (the target) and its time; a map that fails or takes longer
    than gunicorn allows a request (30 s) is a miss too."""
    began = time.perf_counter()
    name = "GET /directory/map/ (the system map)"
    try:
        timing = serving.one_at_a_time(
            base, name, [serving.Call("/directory/map/")], floors, runs, warm=1
        )
    except serving.HarnessError as error:
        verdicts.missed.append(f"the system map failed: {str(error)[:80]}")
        print(f"  {name:<46} failed: {str(error)[:80]} MISS ({serving.load()})", flush=True)
        # Its size all the same, drawn once in this process with no time limit.
        from django.test import Client

        began = time.perf_counter()
        response = Client().get("/directory/map/")
        print(
            f"  the same in process, with no time limit: answered {response.status_code} in "
            f"{time.perf_counter() - began:.0f} s, {len(response.content) / 1024:,.0f} kB "
            f"({serving.load()})",
            flush=True,
        )
        return
    ok = timing.size <= MAP_LIMIT_BYTES
    if not ok:
        verdicts.missed.append(f"the system map: {timing.size / 1024:,.0f} kB (target < 500 kB)")
    print(
        f"  {name:<46} median {timing.median:6.0f} ms, {timing.size / 1024:,.0f} kB "
        f"(< 500 kB) {'PASS' if ok else 'MISS'} ({time.perf_counter() - began:.0f} s, "
        f"{serving.load()})",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=200, help="requests of each page")
    parser.add_argument("--map-runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10, help="of each throughput run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--only", help="pages by key, comma-separated (e.g. directory,map)")
    parser.add_argument("--seed", type=int, default=national.SEED)
    serving.add_cache_argument(parser)
    args = parser.parse_args()
    env = national.setup(args.database_url, args.cache_url)
    if not national.filled():
        raise SystemExit(
            "This database is not a national one: fill it first with "
            f"`.venv/bin/python bench/national.py --database-url {args.database_url}`"
        )
    if not args.no_throughput:
        serving.wrk_path()
    from django.db import connections
    from django.test import Client

    from littleminds.accounts.models import User

    rng = random.Random(args.seed)
    public = public_pages(rng)
    signed = signed_in_pages(rng)
    wanted = set(args.only.split(",")) if args.only else None
    public = [p for p in public if wanted is None or p.key in wanted]
    signed = [p for p in signed if wanted is None or p.key in wanted]
    with_map = wanted is None or "map" in wanted
    cookies = {}
    for email in {p.email for p in signed if p.email}:
        client = Client()
        client.force_login(User.objects.get(email=email))
        cookies[email] = f"sessionid={client.cookies['sessionid'].value}"
    counts = query_counts(public + signed)
    print(f"About {national.counts()}")
    print(f"Cache: {args.cache_url or 'each worker process its own (local memory)'}")
    connections.close_all()
    floors = serving.floor_calls(500, args.seed)
    verdicts = serving.Verdicts()
    with serving.gunicorn(env, args.workers) as server:
        print(
            f"gunicorn {args.workers} workers, {os.cpu_count()} cores; {args.runs} requests of "
            f"each page one at a time, each followed by a floor request ({serving.load()})"
        )
        print("Public pages (target: p95 ≤ 2.5× the floor's):")
        for page in public:
            timing = serving.one_at_a_time(server.base, page.name, page.calls, floors, args.runs)
            verdicts.latency(timing, signed_in=False, note=f", {counts[page.name]} queries")
        print("Signed-in pages (target: p95 ≤ 4× the floor's):")
        for page in signed:
            cookie = cookies[page.email] if page.email else None
            timing = serving.one_at_a_time(
                server.base, page.name, page.calls, floors, args.runs, cookie
            )
            verdicts.latency(timing, signed_in=True, note=f", {counts[page.name]} queries")
        if not args.no_throughput and public:
            print(
                f"Saturated throughput, wrk {args.connections} connections, {args.seconds:.0f} s "
                "each, page then floor (target: ≥ 40% of the floor's, no errors):"
            )
            for page in public:
                figure = serving.saturate(
                    server.base, page.name, page.calls, floors, args.seconds, args.connections
                )
                verdicts.throughput(figure)
        rss = serving.worker_rss(server)
        print(
            "Workers' resident memory: " + ", ".join(f"{kb / 1024:.0f} MB" for kb in rss.values())
        )
        # Last, as the map can take minutes (drawn in process when the server gives up).
        if with_map:
            print("The system map (target: under 500 kB):")
            measure_map(server.base, floors, args.map_runs, verdicts)
    verdicts.finish()


if __name__ == "__main__":
    main()
