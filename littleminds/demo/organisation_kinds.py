"""The kind of each demonstration organisation, which the system map groups services by.

Kept apart from the directory's content and set after it is loaded, by organisation name,
as a directory manager would on the organisations pages. An organisation missing from
the demonstration is passed over; one already given a kind keeps it.
"""

from __future__ import annotations

from littleminds.accounts import services as accounts
from littleminds.accounts.models import Organisation

Kind = Organisation.Kind

KINDS: dict[str, str] = {
    # The service's own providers.
    "Brackendale District Care NHS Trust": Kind.NHS,
    "Brackendale Family Charity": Kind.VOLUNTARY,
    # The core ring's partners.
    "Brackendale Health Visiting Service": Kind.NHS,
    "Brackendale Maternity Service": Kind.NHS,
    "Brackendale Perinatal Mental Health Team": Kind.NHS,
    "Brackendale Children's Social Care": Kind.LOCAL_AUTHORITY,
    "Brackendale Family Hubs": Kind.LOCAL_AUTHORITY,
    "Brackendale Council": Kind.LOCAL_AUTHORITY,
    "Brackendale Housing Options": Kind.LOCAL_AUTHORITY,
    # Primary care and early years.
    "Moorside Medical Practice": Kind.PRIMARY_CARE,
    "Kestrel Row Surgery": Kind.PRIMARY_CARE,
    "Little Acorns Day Nursery": Kind.EARLY_YEARS,
    # Voluntary and community organisations.
    "Dads and Babies Together": Kind.VOLUNTARY,
    "Safe Spaces Domestic Abuse Service": Kind.VOLUNTARY,
    "Kindred Steps CIC": Kind.VOLUNTARY,
    "Brackendale Better Beginnings Partnership": Kind.VOLUNTARY,
    "Gentle Hands Community Group": Kind.VOLUNTARY,
    "Brackendale Feeding Friends": Kind.VOLUNTARY,
    "Welcome Bridge Brackendale": Kind.VOLUNTARY,
    "Open Door Family Volunteers": Kind.VOLUNTARY,
    "Brackendale Baby Loss Network": Kind.VOLUNTARY,
    "Small Hours Trust": Kind.VOLUNTARY,
    "Northgate Family Network": Kind.VOLUNTARY,
    "Craven Dales Family Support": Kind.VOLUNTARY,
    "Brackendale Money Matters Trust": Kind.VOLUNTARY,
    # Commissioned treatment services run by NHS partnerships.
    "Brackendale Recovery Collective": Kind.NHS,
    # Commissioners and evaluators run no services on the map.
    "Brackendale Integrated Care Board": Kind.NHS,
    "Born in Brackendale Research Unit": Kind.OTHER,
}


def apply() -> int:
    """Give each demonstration organisation its kind; returns how many were set."""
    count = 0
    for organisation in Organisation.objects.filter(name__in=KINDS, kind=""):
        if accounts.organisation_set_kind(
            by=None, organisation=organisation, kind=KINDS[organisation.name]
        ):
            count += 1
    return count
