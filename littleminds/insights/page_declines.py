"""Declines and redirections in numbers (issue 16, "Barriers in numbers"): the referrals
sent in the period that the team did not accept (declined, by the reason coded) or offered
a consultation instead of (redirected), by reason, by referring organisation and by the
ring of the system map that organisation sits on; families' own referrals apart.

Read from the referrals themselves with one grouped query by kind, status, reason and
organisation, plus the organisations' names and rings (two more)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.accounts.models import Organisation
from littleminds.directory.models import Ring
from littleminds.insights.barriers import referrals_sent
from littleminds.insights.pages import ChartSpec, Filters, Page, register
from littleminds.insights.selectors import organisation_rings
from littleminds.insights.tables import Column, Raw, Table
from littleminds.referrals.lifecycle import DeclineReason, Status
from littleminds.referrals.models import Referral

PRACTITIONER = Referral.Kind.PRACTITIONER
SELF = Referral.Kind.SELF


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
    practitioners = referrals_sent(filters).filter(kind=PRACTITIONER)
    families = referrals_sent(filters, narrowed=False).filter(kind=SELF)
    for query in (practitioners, families):
        for kind, status, reason, organisation, n in (
            query.values("kind", "status", "decline_reason", "referrer_organisation")
            .annotate(n=Count("pk"))
            .values_list("kind", "status", "decline_reason", "referrer_organisation", "n")
        ):
            counts[(kind, status, reason, organisation)] += n

    def summed(**match: object) -> int:
        keys = ("kind", "status", "reason", "organisation")
        return sum(
            n
            for key, n in counts.items()
            if all(key[keys.index(name)] == value for name, value in match.items())
        )

    reasons: list[dict[str, Raw]] = [
        {
            "reason": str(label),
            "practitioners": summed(kind=PRACTITIONER, status=Status.DECLINED, reason=value),
            "families": summed(kind=SELF, status=Status.DECLINED, reason=value),
        }
        for value, label in DeclineReason.choices
    ]
    reasons.append(
        {
            "reason": _("Consultation offered instead (redirected)"),
            "practitioners": summed(kind=PRACTITIONER, status=Status.REDIRECTED),
            "families": summed(kind=SELF, status=Status.REDIRECTED),
        }
    )

    rings = organisation_rings()
    by_organisation: dict[int | None, Counter[str]] = {}
    for (kind, status, _reason, referrer_organisation), many in counts.items():
        if kind != PRACTITIONER:
            continue
        held = by_organisation.setdefault(referrer_organisation, Counter())
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

    organisations = sorted(
        (
            outcome(names[pk] if pk else _("No organisation recorded"), held, "organisation")
            for pk, held in by_organisation.items()
        ),
        key=lambda row: str(row["organisation"]).casefold(),
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
                "sent": summed(kind=SELF),
                Status.DECLINED: summed(kind=SELF, status=Status.DECLINED),
                Status.REDIRECTED: summed(kind=SELF, status=Status.REDIRECTED),
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
