"""Courses and sessions for tests."""

from __future__ import annotations

import html
import re
from datetime import time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.training import services
from littleminds.training.models import Course, CourseSession


def course(by: User, team: Team, **overrides: Any) -> Course:
    fields: dict[str, Any] = {
        "title": "Understanding babies' feelings",
        "summary": "An introduction to infant mental health.",
        "outcomes": "Know what babies need.",
        "tier": Course.Tier.AWARENESS,
        "audience": services.audience_text(["ring:universal", "students"]),
        "hours": Decimal("3"),
        "delivery": Course.Delivery.ONLINE_LIVE,
    }
    fields.update(overrides)
    return services.course_create(by=by, team=team, **fields)


def bespoke(by: User, team: Team, partner: Organisation, **overrides: Any) -> Course:
    return course(
        by, team, tier=Course.Tier.BESPOKE, partner=partner, title="For the partner", **overrides
    )


def session(by: User, course: Course, days: int = 10, capacity: int = 20) -> CourseSession:
    day = timezone.localdate() + timedelta(days=days)
    return services.session_add(
        by=by,
        course=course,
        capacity=capacity,
        parts=[services.Part(day=day, starts=time(9, 30), ends=time(12, 30))],
        link="https://meet.example/abc",
    )


def people(count: int, prefix: str = "person") -> list[User]:
    """Signed-in practitioners of an organisation, to fill sessions."""
    from littleminds.accounts.roles import Role
    from littleminds.accounts.tests.factories import OrganisationFactory, UserFactory

    organisation = OrganisationFactory.create(name=f"{prefix.title()} Nursery")
    return [
        UserFactory.create(
            email=f"{prefix}{n}@test.example",
            full_name=f"{prefix.title()} {n}",
            organisation=organisation,
            roles=[(Role.PRACTITIONER, None)],
        )
        for n in range(count)
    ]


def registrant(email: str = "ana@example.org", **overrides: Any) -> Any:
    """A student asking for a place without an account."""
    from littleminds.training.services_places import Registrant

    fields: dict[str, Any] = {
        "name": "Ana Pop",
        "email": email,
        "organisation": None,
        "student_at": "Bradford College",
        "student_course": "Early years",
        "language": "en",
    }
    fields.update(overrides)
    return Registrant(**fields)


def finder_titles(response: Any) -> list[str]:
    """The titles of the courses a finder page lists, in order, read from the page (a page
    from the cache has no courses in its context, ADR 0053)."""
    assert response.status_code == 200
    found = re.findall(r'class="nhsuk-card__link"[^>]*>([^<]*)</a>', response.content.decode())
    return [html.unescape(title) for title in found]
