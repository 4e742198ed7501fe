"""Declines and redirections in numbers (issue 16, "Barriers in numbers"): the referrals
sent in the period that the team did not accept (declined, by the reason coded) or offered
a consultation instead of (redirected), by reason, by referring organisation and by the
ring of the system map that organisation sits on; families' own referrals apart.

Read from the referrals themselves with one grouped query by kind, status, reason and
organisation (practitioners' and families' referrals together), plus the organisations'
names and rings (two more)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.accounts.models import Organisation
from littleminds.directory.models import Ring
from littleminds.insights.barriers import referrals_sent
from littleminds.insights.embeddedness import SHOWN
from littleminds.insights.pages import ChartSpec, Filters, Page, register
from littleminds.insights.selectors import in_ring_or_organisation, organisation_rings
from littleminds.insights.tables import Column, Raw, Table
from littleminds.referrals.lifecycle import DeclineReason, Status
from littleminds.referrals.models import Referral

PRACTITIONER = Referral.Kind.PRACTITIONER
SELF = Referral.Kind.SELF


def _as_shown(count: int) -> int:
    """A count for ordering rows, as suppression shows it: 1 to 7 alike, others to the
    nearest 5."""
    return 0 if count <= 7 else 5 * round(count / 5)


def _outcome_columns(first: Column) -> tuple[Column, ...]:
    return (
        first,
        Column("sent", _("Referrals sent")),
        Column("declined", _("Declined")),
        Column("declined_share", _("Declined (%)"), kind="percent", of=("declined", "sent")),
        Column("redirected", _("Consultation offered instead")),
        Column(
            "redirected_share",
            _("Consultation offered instead (%)"),
            kind="percent",
            of=("redirected", "sent"),
        ),
    )


def build(filters: Filters) -> list[Table]:
    # (kind, status, reason, organisation) -> referrals; self-referrals are read without
    # the ring and organisation, which they do not have.
    counts: Counter[tuple[str, str, str, int | None]] = Counter()
    # One query for both: the practitioners' narrowed, the families' not; the rings read
    # once, for the narrowing and the table by ring.
    rings = organisation_rings()
    everyone = referrals_sent(filters, narrowed=False)
    practitioners = in_ring_or_organisation(
        everyone.filter(kind=PRACTITIONER), filters, "referrer_organisation", rings=rings
    )
    sent = practitioners | everyone.filter(kind=SELF)
    for kind, status, reason, organisation, n in (
        sent.values("kind", "status", "decline_reason", "referrer_organisation")
        .annotate(n=Count("pk"))
        .values_list("kind", "status", "decline_reason", "referrer_organisation", "n")
    ):
        counts[(kind, status, reason, organisation)] += n

    # The sums the tables need, made in one pass over the counts (a search of every count
    # for each cell took a third of a second at national volumes).
    by_kind: Counter[str] = Counter()
    by_status: Counter[tuple[str, str]] = Counter()
    by_reason: Counter[tuple[str, str, str]] = Counter()
    for (kind, status, reason, _organisation), n in counts.items():
        by_kind[kind] += n
        by_status[(kind, status)] += n
        by_reason[(kind, status, reason)] += n

    reasons: list[dict[str, Raw]] = [
        {
            "reason": str(label),
            "practitioners": by_reason[(PRACTITIONER, Status.DECLINED, value)],
            "families": by_reason[(SELF, Status.DECLINED, value)],
        }
        for value, label in DeclineReason.choices
    ]
    reasons.append(
        {
            "reason": _("Consultation offered instead (redirected)"),
            "practitioners": by_status[(PRACTITIONER, Status.REDIRECTED)],
            "families": by_status[(SELF, Status.REDIRECTED)],
        }
    )

    by_organisation: dict[int | None, Counter[str]] = {}
    for (kind, status, _reason, referrer_organisation), many in counts.items():
        if kind != PRACTITIONER:
            continue
        held = by_organisation.get(referrer_organisation)
        if held is None:
            held = by_organisation[referrer_organisation] = Counter()
        held["sent"] += many
        held[status] += many
    names = dict(
        Organisation.objects.filter(pk__in=[pk for pk in by_organisation if pk]).values_list(
            "pk", "name"
        )
    )

    def outcome(label: str, held: Counter[str], key: str) -> dict[str, Raw]:
        return {
            key: label,
            "sent": held["sent"],
            "declined": held[Status.DECLINED],
            "redirected": held[Status.REDIRECTED],
        }

    # Most referrals first, so that the page can show the first few of a national service's
    # thousand organisations (the CSV has them all). Ordered by the referrals as anyone
    # outside the team would see them (small counts together, others to the nearest 5),
    # then by name, so that the order tells no one more than the figures do.
    organisations = sorted(
        (
            outcome(names[pk] if pk else _("No organisation recorded"), held, "organisation")
            for pk, held in by_organisation.items()
        ),
        key=lambda row: (-_as_shown(int(row["sent"] or 0)), str(row["organisation"]).casefold()),
    )
    by_ring: dict[str, Counter[str]] = {value: Counter() for value in [*Ring.values, ""]}
    for pk, held in by_organisation.items():
        by_ring[rings.get(pk, "") if pk is not None else ""].update(held)
    ring_rows = [outcome(str(label), by_ring[value], "ring") for value, label in Ring.choices] + [
        outcome(_("On no ring of the system map"), by_ring[""], "ring")
    ]
    families_row = outcome(
        _("Families' own referrals"),
        Counter(
            {
                "sent": by_kind[SELF],
                Status.DECLINED: by_status[(SELF, Status.DECLINED)],
                Status.REDIRECTED: by_status[(SELF, Status.REDIRECTED)],
            }
        ),
        "who",
    )
    return [
        Table(
            key="reasons",
            caption=_("Referrals declined or redirected, by reason"),
            columns=(
                Column("reason", _("Reason"), kind="label"),
                Column("practitioners", _("From practitioners")),
                Column("families", _("Families' own referrals")),
            ),
            rows=reasons,
            total_row=True,
        ),
        Table(
            key="organisations",
            caption=_("Practitioners' referrals by referring organisation"),
            columns=_outcome_columns(Column("organisation", _("Organisation"), kind="label")),
            rows=organisations,
            total_row=True,
            note=_(
                "Most referrals first. The page shows the %(shown)d organisations that sent"
                " the most referrals; the CSV download has them all."
            )
            % {"shown": SHOWN}
            if len(organisations) > SHOWN
            else _("Most referrals first."),
            page_rows=SHOWN,
        ),
        Table(
            key="rings",
            caption=_("Practitioners' referrals by ring of the referring organisation"),
            columns=_outcome_columns(Column("ring", _("Ring"), kind="label")),
            rows=ring_rows,
            total_row=True,
        ),
        Table(
            key="self-referrals",
            caption=_("Families' own referrals"),
            columns=_outcome_columns(Column("who", _("Referrals"), kind="label")),
            rows=[families_row],
        ),
    ]


register(
    Page(
        slug="declines",
        title=gettext_lazy("Referrals declined or redirected"),
        question="helps",
        summary=gettext_lazy(
            "Each referral sent to the teams in the period, counted once by what the team"
            " decided: declined (by the reason given) or offered a consultation instead,"
            " for practitioners' referrals by the organisation the referrer worked for on"
            " the day and by that organisation's ring (its innermost service in the"
            " directory), and families' own referrals apart. The ring and organisation"
            " filters do not apply to families' own referrals, which have neither."
        ),
        build=build,
        charts=(
            ChartSpec(table="reasons", label="reason", values=("practitioners", "families")),
            ChartSpec(table="rings", label="ring", values=("declined", "redirected")),
        ),
        order=20,
    )
)
