"""The demonstration's closed case: the last demo family Pat Practitioner referred that the
clinical team took on moved away, so Casey Clinician closed the case, with letters to Pat
(who sees "Accepted: case closed" and the letter on the referral's page) and to the family's
health visitor. Loading again closes nothing twice."""

from __future__ import annotations

from littleminds.accounts.models import User
from littleminds.casework.models import Case
from littleminds.casework.models_closure import Closure
from littleminds.casework.services_closure import case_close
from littleminds.demo.referrals import CLINICIAN, KEY_PREFIX, PAT


def load() -> dict[str, int]:
    clinician = User.objects.filter(email=CLINICIAN).first()
    demo_cases = Case.objects.filter(
        referral_links__referral__idempotency_key__startswith=KEY_PREFIX
    ).distinct()
    if clinician is None or Closure.objects.filter(case__in=demo_cases).exists():
        return {"closed cases": 0}
    # Pat's (the practitioner the README's logins name), so that Pat sees it closed.
    case = (
        demo_cases.filter(status=Case.Status.OPEN, referral_links__referral__referrer__email=PAT)
        .order_by("-pk")
        .first()
    )
    if case is None:
        return {"closed cases": 0}
    case_close(
        by=clinician,
        case=case,
        reason=Closure.Reason.MOVED_AWAY,
        summary=(
            "We met the family twice before they moved to another county. Mum and baby were "
            "settled and enjoying their time together; we told the family how to find the "
            "parent-infant service where they now live."
        ),
        gp_name="Brackendale Health Visiting Team",
        gp_address="Brackendale Family Hub\n12 Mill Lane\nBrackendale",
        # The demo clinician has dealt with what was still open; planned contacts are
        # cancelled by the service as the case closes.
        dealt_with=True,
    )
    return {"closed cases": 1}
