"""Training's part of "Your work" (`accounts.work`, ADR 0022): a person's open offers of
places and coming training, and a trainer's coming sessions with people waiting, each
linked to "Your training", which lists exactly those."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.accounts.work import SERVICE, WorkItem, work_counter
from littleminds.training import selectors
from littleminds.training.models import Registration


@work_counter(order=SERVICE)
def training_work(user: User) -> list[WorkItem]:
    registrations = selectors.coming_registrations(user)
    offers = [r for r in registrations if r.status == Registration.Status.OFFERED]
    items = []
    page = reverse("training:mine")
    if offers:
        soonest = min(r.offer_expires_at for r in offers if r.offer_expires_at)
        items.append(
            WorkItem(
                "training_offers",
                _("Training places offered to you"),
                len(offers),
                page + "#places",
                _("Accept or decline: the first offer is held for you until %(until)s.")
                % {"until": formats.date_format(timezone.localtime(soonest), "j F Y H:i")},
            )
        )
    coming = [r for r in registrations if r.status != Registration.Status.OFFERED]
    if coming:
        items.append(
            WorkItem(
                "training_coming",
                _("Your coming training"),
                len(coming),
                page + "#places",
                _("Places booked, and waiting lists you are on."),
            )
        )
    sessions = selectors.trainer_sessions(user)
    if sessions:
        waiting = sum(1 for s in sessions if s.waiting)
        items.append(
            WorkItem(
                "training_sessions",
                _("Sessions you train on with a waiting list"),
                waiting,
                page + "#sessions",
                _("Of %(count)s coming sessions you train on.") % {"count": len(sessions)},
            )
        )
    return items
