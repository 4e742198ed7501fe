"""axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on every page each person can reach:
visitors, and each persona of the shared fixtures, including pages showing form errors.

Each page is checked twice: on a desktop screen, and on a phone 320 pixels wide (the
narrowest WCAG 1.4.10 asks for), where it must not scroll sideways and axe runs again.

The same sweep checks the headers of each page: the Content-Security-Policy (and, through
the `page` fixture, that the page broke none of it) and that no page for a signed-in
person, and no public page carrying a family's answers, may be kept by the browser."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from littleminds.accounts import services
from littleminds.accounts.models import Team, User
from littleminds.accounts.tests.factories import InvitedUserFactory
from littleminds.accounts.work import work_for
from littleminds.casework import services as casework_services
from littleminds.casework import services_records as casework_records
from littleminds.casework.tests.factories import accepted_referral, open_case, planned
from littleminds.conftest import PERSONAS
from littleminds.directory import services as directory_services
from littleminds.directory.models import NeedTerm, OverlapReview, ServiceLink
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory
from littleminds.insights.models import CommissioningBody
from littleminds.insights.pages import ordered as insights_pages
from littleminds.pathway import services as pathway_services
from littleminds.pathway.models import RuleSetVersion, Scenario
from littleminds.pathway.tests.factories import default_rules, default_scenarios, service_area
from littleminds.referrals import services as referral_services
from littleminds.referrals.models import Intake, Referral
from littleminds.referrals.tests.factories import intake_for, sent_referral
from littleminds.tests.browser.conftest import at_path, axe_check, check_headers, phone_problems

pytestmark = pytest.mark.browser

# Who holds the permissions that open more pages (see accounts/roles.py).
MANAGES_PEOPLE = {"manager", "sysadmin"}
SEES_AUDIT = {"manager", "sysadmin"}
MANAGES_TEAMS = {"sysadmin"}
MANAGES_DIRECTORY = {"manager"}
MANAGES_PATHWAY = {"manager"}
MANAGES_INTAKES = {"manager"}
SEES_NOTIFICATIONS = {"manager", "sysadmin"}
TRIAGES = {"manager", "clinician", "other_clinician"}  # each for their own team
REFERS = {"manager", "clinician", "other_clinician", "practitioner"}
CASEWORKERS = {"manager", "clinician", "other_clinician"}  # each for their own team
MANAGES_TRAINING = {"manager", "trainer"}
RUNS_COMMUNITY = {"manager", "community_worker"}  # community messaging, for their team
READS_COMMUNITY = RUNS_COMMUNITY | {"clinician", "other_clinician", "trainer", "practitioner"}
SEES_REACH = RUNS_COMMUNITY | {"analyst"}  # the analyst's figures with small numbers hidden
# Insights: their own teams' figures, or (the analyst) those of the team their commissioning
# body funds, with small numbers hidden (test_insights walks them with data).
SEES_INSIGHTS = {"manager", "clinician", "other_clinician", "analyst"}
NOT_FOUND = "Page not found"


@dataclass(frozen=True)
class Visit:
    """A page to check: where it is, its main heading, its HTTP status."""

    path: str
    heading: str
    status: int = 200
    error_summary: bool = False


# Open to everyone, signed in or not ("/" and "/sign-in/" send signed-in people on to
# "Your work").
PUBLIC_PAGES = [
    Visit("/accessibility/", "Accessibility statement for Little Minds"),
    Visit("/privacy/", "Privacy notice"),
    Visit("/cookies/", "Cookies on Little Minds"),
    Visit("/password/forgotten/", "Choose a new password"),
    Visit("/directory/", "Find support for a family"),
    Visit("/directory/map/", "Map of the early-years system"),
    # Every page of the self-referral, in English and Urdu, is in test_self_referral.py.
    Visit("/self-referral/", "Ask for help with you and your baby"),
]


@pytest.fixture
def directory() -> dict[str, Any]:
    """A small directory: a service with every detail, a linked one, an area, a time point."""
    area = AreaFactory.create(name="District", prefixes=["BD7"])
    lmm = ServiceFactory.create(
        name="Little Minds Matter",
        areas=[area],
        needs=["bonding", "trauma_loss"],
        access=["self_referral", "practitioner_referral", "consultation"],
        pregnancy=True,
        languages=["en", "ur"],
    )
    rival = ServiceFactory.create(name="Baby Bonds", areas=[area], needs=["bonding", "trauma_loss"])
    hv = ServiceFactory.create(name="Health visiting", ring="universal", needs=["bonding"])
    ServiceLink.objects.create(source=hv, target=lmm, kind="refers_to", note="Most referrals")
    OverlapReview.objects.create(
        first=min(lmm, rival, key=lambda s: s.pk),
        second=max(lmm, rival, key=lambda s: s.pk),
        verdict="conflict",
        note="Same families",
    )
    snapshot = directory_services.snapshot_take(by=None, label="Time 1", taken_on=date(2022, 7, 15))
    return {"service": lmm, "area": area, "snapshot": snapshot}


def directory_visits(data: dict[str, Any]) -> list[Visit]:
    """The directory as anyone sees it: results with reasons, a service, the map."""
    service = data["service"]
    return [
        Visit(
            "/directory/?age_months=6&postcode=BD7+1DP&need=bonding", "Find support for a family"
        ),
        Visit("/directory/?postcode=nowhere", "Find support for a family", error_summary=True),
        Visit(f"/directory/services/{service.code}/", service.name),
        Visit("/directory/map/?need=bonding", "Map of the early-years system"),
        Visit(f"/directory/map/?service={service.code}", "Map of the early-years system"),
    ]


def directory_manager_visits(data: dict[str, Any]) -> list[Visit]:
    service, area, snapshot = data["service"], data["area"], data["snapshot"]
    need = NeedTerm.objects.get(term="bonding")
    return [
        Visit("/directory/manage/", "Manage the directory"),
        Visit("/directory/manage/?stale=on", "Manage the directory"),
        Visit("/directory/manage/new/", "Add a service"),
        Visit(f"/directory/services/{service.code}/edit/", f"Change {service.name}"),
        Visit(f"/directory/services/{service.code}/history/", f"History of {service.name}"),
        Visit(
            f"/directory/services/{service.code}/links/",
            f"How {service.name} works with other services",
        ),
        Visit("/directory/needs/", "Needs"),
        Visit("/directory/needs/new/", "Add a need"),
        Visit(f"/directory/needs/{need.code}/", f"Change {need.name}"),
        Visit("/directory/areas/", "Areas"),
        Visit("/directory/areas/new/", "Add an area"),
        Visit(f"/directory/areas/{area.code}/", area.name),
        Visit("/directory/organisations/", "Organisations"),
        Visit(f"/directory/organisations/{service.organisation.code}/", service.organisation.name),
        Visit("/directory/overlaps/", "Overlaps and conflicts"),
        Visit("/directory/overlaps/?across=on", "Overlaps and conflicts"),
        Visit("/directory/snapshots/", "Time points"),
        Visit(
            f"/directory/snapshots/compare/?before={snapshot.code}&after=now",
            "What changed between Time 1 and the map today",
        ),
    ]


@pytest.fixture
def navigator_rules(manager: User) -> dict[str, RuleSetVersion]:
    """The default rules and scenarios, the service's area, a version 2 in force and a
    draft of version 3 whose changed age rule fails a scenario."""
    default_scenarios()
    service_area()
    version1 = default_rules()
    version2 = pathway_services.draft_publish(
        by=manager, draft=pathway_services.draft_create(by=manager, from_version=version1)
    )
    draft = pathway_services.draft_create(by=manager, from_version=version2)
    rule = {**version1.rules["rules"][1], "route": "lmm_referral"}
    pathway_services.draft_rule_save(by=manager, draft=draft, rule=rule, position=2)
    return {"version1": version1, "version2": version2, "draft": draft}


def rule_editor_visits(data: dict[str, RuleSetVersion]) -> list[Visit]:
    version1, version2, draft = data["version1"], data["version2"], data["draft"]
    scenario = Scenario.objects.order_by("pk").first()
    assert scenario is not None
    return [
        Visit("/navigator/rules/", "Navigator rules"),
        Visit(f"/navigator/rules/{version1.code}/", "Version 1"),
        Visit(f"/navigator/rules/{version2.code}/", "Version 2"),
        Visit(f"/navigator/rules/{draft.code}/", "Draft of version 3"),
        Visit(f"/navigator/rules/{draft.code}/rules/2/", "Change rule 2"),
        Visit(f"/navigator/rules/{draft.code}/rules/new/", "Add a rule"),
        Visit(
            f"/navigator/rules/{draft.code}/secondary/1/",
            "Change a route offered beside the main route",
        ),
        Visit(
            f"/navigator/rules/{draft.code}/secondary/new/",
            "Add a route offered beside the main route",
        ),
        Visit(f"/navigator/rules/{draft.code}/discard/", "Throw the draft away"),
        Visit(
            f"/navigator/rules/{draft.code}/publish/",
            "Publish the draft as version 3",
            error_summary=True,
        ),
        Visit(f"/navigator/rules/{version1.code}/republish/", "Publish version 1 again"),
        Visit("/navigator/rules/bench/", "Test bench"),
        Visit("/navigator/rules/scenarios/new/", "Add a scenario"),
        Visit(f"/navigator/rules/scenarios/{scenario.code}/", f"Change {scenario.name}"),
    ]


@pytest.fixture
def triage(team: Team, practitioner: User, clinician: User) -> dict[str, Referral]:
    """The team's referrals: one waiting with a possible duplicate beside it, one declined."""
    intake_for(team)
    waiting = sent_referral(practitioner)
    again = sent_referral(practitioner, parent_name="Sam Examples")
    declined = sent_referral(practitioner, parent_name="Jo Other", postcode="BD9 4AA")
    referral_services.referral_decline(
        by=clinician, referral=declined, reason="better_elsewhere", signposting="The family hub."
    )
    return {"waiting": waiting, "again": again, "declined": declined}


def triage_visits(data: dict[str, Referral]) -> list[Visit]:
    return [
        Visit("/triage/", "Triage queue"),
        Visit("/triage/?status=all&sort=newest", "Triage queue"),
        Visit("/triage/?district=nowhere", "Triage queue", error_summary=True),
        Visit("/triage/?q=Sam", "Triage queue"),
        Visit(
            f"/triage/{data['again'].code}/duplicate/{data['waiting'].code}/",
            f"Is {data['again'].reference} a duplicate of {data['waiting'].reference}?",
        ),
        *(
            Visit(f"/triage/{referral.code}/", f"Referral {referral.reference}")
            for referral in data.values()
        ),
    ]


@pytest.fixture
def casework(team: Team, practitioner: User, clinician: User) -> dict[str, Any]:
    """A case of the team with contacts (one held, one not recorded, one ahead) and a
    note, and an accepted referral waiting for its case."""
    case = open_case(referrer=practitioner, clinician=clinician, baby_name="Robin")
    held = planned(case, clinician, -7)
    casework_services.contact_record(by=clinician, contact=held, outcome="attended")
    forgotten = planned(case, clinician, -1)
    planned(case, clinician, 6)
    note = casework_services.note_add(by=clinician, case=case, text="Saw mum and Robin.")
    # Two PHQ-9s (a chart, a change), the latest with its risk item above zero: a risk task.
    parent = case.people.get()
    for days, items in ((40, [3, 3, 2, 2, 2, 2, 2, 1, 0]), (2, [1, 1, 1, 1, 0, 0, 0, 0, 1])):
        casework_records.administration_record(
            by=clinician,
            case=case,
            measure="phq9",
            on=timezone.localdate() - timedelta(days=days),
            items=items,
            answered_by=parent,
        )
    due = open_case(
        referrer=practitioner,
        clinician=clinician,
        baby_name="Wren",
        unborn=True,
        child_date_of_birth=None,
        expected_delivery_date=timezone.localdate() + timedelta(days=20),
        postcode="BD5 0AA",
    )
    waiting = accepted_referral(
        referrer=practitioner, clinician=clinician, parent_name="Jo Other", postcode="BD9 4AA"
    )
    return {
        "case": case,
        "contact": forgotten,
        "note": note,
        "referral": waiting,
        "due": due,
    }


def casework_visits(data: dict[str, Any]) -> list[Visit]:
    case = data["case"]
    return [
        Visit(f"/cases/{case.code}/", "Case of Robin"),
        Visit(f"/cases/{case.code}/contacts/", "All contacts"),
        Visit(f"/cases/{case.code}/contacts/?state=not_recorded", "Past contacts not recorded"),
        Visit(f"/cases/{case.code}/notes/", "All notes"),
        Visit(f"/cases/{case.code}/history/", "The case's whole history"),
        Visit(f"/cases/{case.code}/contacts/new/", "Plan a contact"),
        Visit(f"/cases/{case.code}/contacts/{data['contact'].code}/", "Record what happened"),
        Visit(f"/cases/{case.code}/notes/new/", "Add a note"),
        Visit(f"/cases/{case.code}/notes/{data['note'].code}/addendum/", "Add an addendum"),
        Visit(f"/cases/{case.code}/allocation/", "Change the allocation"),
        Visit(
            f"/cases/{case.code}/measures/epds/new/",
            "Record Edinburgh Postnatal Depression Scale (EPDS)",
        ),
        Visit(f"/cases/{case.code}/tasks/new/", "Add a task"),
        Visit(f"/cases/{case.code}/tasks/{case.tasks.get().code}/done/", "Complete the task"),
        Visit(f"/cases/{data['due'].code}/", "Case of Wren"),
        Visit(
            f"/cases/{data['due'].code}/babies/{data['due'].babies.get().code}/born/",
            "Record the birth",
        ),
        Visit("/cases/team/?status=all&sort=next", "The team's cases"),
        Visit("/cases/team/?status=lost", "The team's cases", error_summary=True),
        Visit(
            f"/cases/from-referral/{data['referral'].reference}/",
            f"Open a case for referral {data['referral'].reference}",
        ),
        Visit("/cases/week/", "Your week"),
        Visit("/cases/week/calendar-link/", "Make a calendar link"),
        Visit("/cases/new/", "Open a case without a referral"),
        Visit(f"/cases/{case.code}/people/new/", "Add a person to the family"),
        Visit(
            f"/cases/{case.code}/people/{case.people.first().code}/", "Change a person's details"
        ),
        Visit(f"/cases/{case.code}/babies/new/", "Add a baby"),
    ]


def intake_visits() -> list[Visit]:
    """The team's intake (the default, with referrals), and one that has none."""
    intake = Intake.objects.get()
    calderdale = AreaFactory.create(name="Calderdale", prefixes=["HX1", "BD3"])
    spare = referral_services.intake_set_up(
        by=None, team=intake.team, service=intake.service, area=calderdale
    )
    area = intake.area.name
    return [
        Visit("/intakes/", "Intakes"),
        Visit("/intakes/new/", "Add an intake"),
        Visit(f"/intakes/{intake.code}/", f"Change the intake for {area}"),
        Visit(f"/intakes/{intake.code}/close/", f"Close the intake for {area}"),
        Visit(f"/intakes/{intake.code}/remove/", f"Remove the intake for {area}"),
        Visit(f"/intakes/{spare.code}/", "Change the intake for Calderdale"),
        Visit(f"/intakes/{spare.code}/close/", "Close the intake for Calderdale"),
        Visit(f"/intakes/{spare.code}/remove/", "Remove the intake for Calderdale"),
    ]


NO_SUCH_PAGE = Visit("/no-such-page/", "Page not found", status=404)


def check_pages(page: Page, visits: list[Visit], *, signed_in: bool = False) -> None:
    """Open each page, make sure it is the page meant, check its headers and run axe on
    it, at desktop and phone widths; report every page with problems at once rather than
    stopping at the first."""
    problems: list[str] = []
    for visit in visits:
        response = page.goto(visit.path)
        assert response is not None
        assert response.status == visit.status, f"{visit.path}: HTTP {response.status}"
        check_headers(response, signed_in=signed_in)
        expect(page.get_by_role("heading", level=1)).to_have_text(visit.heading)
        if visit.error_summary:
            expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        try:
            axe_check(page)
        except AssertionError as error:
            problems.append(str(error))
        problems += phone_problems(page)
    assert not problems, "\n\n".join(problems)


def check_form_errors(page: Page, path: str, button: str, error: str) -> None:
    """Submit the form at `path` empty, then run axe on the page with its errors."""
    page.goto(path)
    page.get_by_role("button", name=button, exact=True).click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name=error, exact=True)).to_be_visible()
    assert page.title().startswith("Error: "), page.title()
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)


def test_it_finds_no_problems_on_the_pages_a_visitor_can_reach(
    page: Page, directory: dict[str, Any]
) -> None:
    invited: User = InvitedUserFactory.create(email="invited@test.example", full_name="Ivy Invited")
    set_password_path = services.password_set_link(invited).removeprefix(settings.SITE_URL)
    check_pages(
        page,
        [
            Visit("/", "Support for babies, parents and the people who work with them"),
            Visit("/sign-in/", "Sign in"),
            *PUBLIC_PAGES,
            NO_SUCH_PAGE,
            Visit(set_password_path, "Choose your password"),
            Visit(f"{set_password_path.rstrip('/')}x/", "This link has expired", status=404),
            *directory_visits(directory),
        ],
    )
    check_form_errors(page, "/sign-in/", "Sign in", "Enter your email address")
    check_form_errors(page, "/password/forgotten/", "Send the link", "Enter your email address")
    check_form_errors(page, set_password_path, "Save password", "Enter a new password")

    page.goto("/password/forgotten/")
    page.get_by_label("Email address").fill("invited@test.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    axe_check(page)


def consultation_visits(persona: str) -> list[Visit]:
    """The consultation pages: those who offer consultations, those who book them, and
    everyone else, for whom they do not exist."""
    if persona in CASEWORKERS:
        return [
            Visit("/consultations/", "Consultations"),
            Visit("/consultations/slots/new/", "Offer consultation slots"),
            Visit("/consultations/duty/", "Record a duty call"),
            Visit("/consultations/records/", "Your team's consultations"),
            Visit("/consultations/feedback/team/", "Practitioners' feedback"),
            Visit("/consultations/groups/", "Reflective practice groups"),
            Visit("/consultations/groups/new/", "Create a group"),
            Visit("/consultations/call-backs/", "Call-back requests"),
        ]
    if persona == "practitioner":
        return [
            Visit("/consultations/", "Consultations"),
            Visit("/consultations/book/", "Book a consultation"),
            Visit("/consultations/feedback/", "Consultations and groups waiting for your feedback"),
            Visit("/consultations/groups/", "Reflective practice groups"),
            Visit("/consultations/call-back/", "Ask for a call back"),
        ]
    return [Visit("/consultations/", NOT_FOUND, status=404)]


def training_visits(persona: str) -> list[Visit]:
    """The training pages: the finder, a person's own places and certificates for everyone
    signed in, and the team's pages for those who run its training."""
    visits = [
        Visit("/training/", "Find training"),
        Visit("/training/yours/", "Your training"),
        Visit("/training/certificates/", "Your training certificates"),
    ]
    if persona in MANAGES_TRAINING:
        visits.append(Visit("/training/manage/", "Your team's training"))
        visits.append(Visit("/training/manage/reports/", "Training reports"))
        visits.append(
            Visit(
                "/training/manage/reports/?start_day=31&start_month=2&start_year=2026",
                "Training reports",
                error_summary=True,
            )
        )
    else:
        visits.append(Visit("/training/manage/", NOT_FOUND, status=404))
        visits.append(Visit("/training/manage/reports/", NOT_FOUND, status=404))
    return visits


def community_visits(persona: str) -> list[Visit]:
    """Community messaging's staff pages: read by those who see events and materials, run
    by the team's community workers and managers; the reach report for them and the
    analyst. (The families' pages, What's on and the leaflets, are in their own tests.)"""
    visits: list[Visit] = []
    if persona in READS_COMMUNITY:
        visits += [
            Visit("/community/", "Community"),
            Visit("/community/materials/", "Materials"),
        ]
    else:
        visits.append(Visit("/community/", NOT_FOUND, status=404))
    if persona in RUNS_COMMUNITY:
        visits += [
            Visit("/community/events/", "Your team's events"),
            Visit("/community/events/new/", "Add an event"),
            Visit("/community/campaigns/", "Your team's campaigns"),
            Visit("/community/campaigns/new/", "Add a campaign"),
        ]
    elif persona in READS_COMMUNITY:
        visits.append(Visit("/community/events/", "Coming events"))
        visits.append(Visit("/community/campaigns/", NOT_FOUND, status=404))
    if persona in SEES_REACH:
        visits += [
            Visit("/community/reach/", "Community reach"),
            Visit(
                "/community/reach/?start_day=31&start_month=2&start_year=2026",
                "Community reach",
                status=400,
                error_summary=True,
            ),
        ]
    else:
        visits.append(Visit("/community/reach/", NOT_FOUND, status=404))
    return visits


def evaluation_visits(persona: str) -> list[Visit]:
    """The workbench's front (the parts' own pages are walked with a study in
    `test_evaluation*`): researchers start studies; managers see their teams' studies."""
    if persona == "researcher":
        return [Visit("/evaluation/", "Evaluation"), Visit("/evaluation/new/", "Start a study")]
    if persona == "manager":
        return [Visit("/evaluation/", "Evaluation")]
    return [Visit("/evaluation/", NOT_FOUND, status=404)]


def insights_visits(persona: str) -> list[Visit]:
    """The insights home, every registered page (`pages.PAGES`) and the report, for those
    who see their teams' figures; not found for everyone else."""
    if persona not in SEES_INSIGHTS:
        return [Visit("/insights/", NOT_FOUND, status=404)]
    return [
        Visit("/insights/", "Insights"),
        *(Visit(f"/insights/{shown.slug}/", str(shown.title)) for shown in insights_pages()),
        Visit("/insights/report/", "Insights report"),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_finds_no_problems_on_the_pages_each_persona_can_reach(
    page: Page,
    persona: str,
    request: pytest.FixtureRequest,
    browser_sign_in: Callable[[Page, User], None],
    directory: dict[str, Any],
    navigator_rules: dict[str, RuleSetVersion],
    triage: dict[str, Referral],
    casework: dict[str, Any],
) -> None:
    user: User = request.getfixturevalue(persona)
    if persona == "analyst":
        # The analyst works for a commissioning body that funds the team (insights).
        body = CommissioningBody.objects.create(name="West Yorkshire ICB")
        body.teams.add(request.getfixturevalue("team"))
        body.members.add(user)
    browser_sign_in(page, user)
    visits = [
        Visit("/work/", f"Hello, {user.full_name}"),
        Visit("/directory/", "Find support for a family"),
        Visit("/navigator/", "Find the right support for a family"),
        Visit("/account/", "Your account"),
        Visit("/account/password/", "Change your password"),
        Visit("/account/two-factor/", "Set up two-factor sign-in"),
        NO_SUCH_PAGE,
    ]
    if persona in MANAGES_PEOPLE:
        person: User = request.getfixturevalue("clinician")
        visits += [
            Visit("/people/", "People"),
            Visit("/people/invite/", "Invite someone"),
            Visit(f"/people/{person.code}/", person.full_name),
            Visit(f"/people/{person.code}/roles/", f"Change roles for {person.full_name}"),
            Visit(
                f"/people/{person.code}/deactivate/",
                f"Deactivate the account of {person.full_name}",
            ),
        ]
    else:
        # Pages beyond one's roles are not found, rather than forbidden.
        visits.append(Visit("/people/", NOT_FOUND, status=404))
    if persona in SEES_AUDIT:
        visits += [
            Visit("/audit/", "Audit trail"),
            Visit("/audit/?date_from=bad", "Audit trail", error_summary=True),
            Visit("/audit/?person=" + "x" * 300, "Audit trail", error_summary=True),
            Visit("/audit/?record=no+such+record&date_from=2026-11-01", "Audit trail"),
        ]
    else:
        visits.append(Visit("/audit/", NOT_FOUND, status=404))
    if persona in MANAGES_DIRECTORY:
        visits += directory_manager_visits(directory)
    else:
        visits.append(Visit("/directory/manage/", NOT_FOUND, status=404))
    if persona in MANAGES_PATHWAY:
        visits += rule_editor_visits(navigator_rules)
    else:
        visits.append(Visit("/navigator/rules/", NOT_FOUND, status=404))
    if persona in TRIAGES:
        visits.append(Visit("/triage/", "Triage queue"))
        # The lists behind the numbers of "Your work".
        visits += [
            Visit(f"/triage/?status={status}", "Triage queue")
            for status in ("triage", "due", "answered")
        ]
    else:
        visits.append(Visit("/triage/", NOT_FOUND, status=404))
    if persona in {"manager", "clinician"}:
        visits += triage_visits(triage)
    else:
        visits.append(Visit(f"/triage/{triage['waiting'].code}/", NOT_FOUND, status=404))
    if persona in CASEWORKERS:
        visits += [
            Visit("/cases/", "Your cases"),
            Visit("/cases/?contact=today", "Your cases"),
            Visit("/cases/?contact=not_recorded", "Your cases"),
            Visit("/cases/?tasks=due", "Your cases"),
            Visit("/cases/?measures=due", "Your cases"),
            Visit("/cases/team/", "The team's cases"),
            Visit("/cases/team/?risk=escalated", "The team's cases"),
        ]
    else:
        visits.append(Visit("/cases/", NOT_FOUND, status=404))
    if persona in {"manager", "clinician"}:
        visits += casework_visits(casework)
    else:
        visits.append(Visit(f"/cases/{casework['case'].code}/", NOT_FOUND, status=404))
    visits += consultation_visits(persona)
    visits += training_visits(persona)
    visits += community_visits(persona)
    visits += insights_visits(persona)
    visits += evaluation_visits(persona)
    if persona in MANAGES_INTAKES:
        visits += intake_visits()
    else:
        visits.append(Visit("/intakes/", NOT_FOUND, status=404))
    if persona in REFERS:
        visits += [
            Visit("/referrals/", "Your referrals"),
            Visit("/referrals/?waiting=draft", "Your referrals"),
            Visit("/referrals/?waiting=question", "Your referrals"),
            Visit("/referrals/new/", "Refer a family to the parent–infant service"),
        ]
    else:
        visits.append(Visit("/referrals/", NOT_FOUND, status=404))
    if persona == "practitioner":
        # The referrer's own referrals (the whole journey is checked in test_referral_journey).
        visits += [
            Visit(f"/referrals/{referral.code}/", f"Referral {referral.reference}")
            for referral in (triage["waiting"], triage["declined"])
        ]
        visits.append(
            Visit(
                f"/referrals/{triage['waiting'].code}/withdraw/",
                "Why are you withdrawing the referral?",
            )
        )
    else:
        visits.append(Visit(f"/referrals/{triage['waiting'].code}/", NOT_FOUND, status=404))
    if persona in SEES_NOTIFICATIONS:
        visits.append(Visit("/notifications/", "Notifications"))
        visits.append(Visit("/notifications/?status=failed", "Notifications"))
    else:
        visits.append(Visit("/notifications/", NOT_FOUND, status=404))
    if persona in MANAGES_TEAMS:
        visits += [Visit("/teams/", "Teams"), Visit("/teams/new/", "Set up a team")]
    else:
        visits.append(Visit("/teams/", NOT_FOUND, status=404))

    # Every page the header menu offers is among those checked.
    menu = page.get_by_role("navigation", name="Menu").get_by_role("link")
    offered = {menu.nth(i).get_attribute("href") for i in range(menu.count())}
    checked = {visit.path for visit in visits if visit.status == 200}
    assert offered <= checked, f"the menu offers pages this sweep misses: {offered - checked}"
    # And every number of "Your work" leads to a page checked.
    work = {item.url for item in work_for(user)}
    assert work <= checked, f"Your work links to pages this sweep misses: {work - checked}"

    check_pages(page, visits, signed_in=True)

    if persona in MANAGES_PEOPLE:
        check_form_errors(
            page, "/people/invite/", "Send invitation", "Enter the person's full name"
        )
    if persona in MANAGES_TEAMS:
        check_form_errors(page, "/teams/new/", "Set up team", "Enter the team's name")
    if persona in MANAGES_DIRECTORY:
        check_form_errors(
            page, "/directory/manage/new/", "Save service", "Enter the name of the service"
        )
        check_form_errors(page, "/directory/areas/new/", "Add area", "Enter a short name")
        organisation = directory["service"].organisation
        check_form_errors(
            page,
            f"/directory/organisations/{organisation.code}/",
            "Save",
            "Choose the kind of organisation",
        )
    if persona in MANAGES_INTAKES:
        check_form_errors(
            page,
            "/intakes/new/",
            "Add the intake",
            "Choose the service that families are referred to",
        )
    if persona in MANAGES_PATHWAY:
        draft = navigator_rules["draft"]
        check_form_errors(
            page,
            f"/navigator/rules/{draft.code}/rules/new/",
            "Save rule",
            "Enter a name for the rule",
        )
        check_form_errors(
            page,
            "/navigator/rules/scenarios/new/",
            "Save scenario",
            "Enter a name for the scenario",
        )
        # Publishing is refused while the draft fails a scenario: the error summary names it.
        page.goto("/navigator/rules/bench/")
        page.get_by_role("button", name="Publish the draft").click()
        summary = page.locator(".nhsuk-error-summary")
        expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
        axe_check(page)
    if persona in {"manager", "clinician"}:
        case = casework["case"]
        check_form_errors(
            page,
            f"/cases/{case.code}/contacts/new/",
            "Plan the contact",
            "Enter the date of the contact",
        )
        check_form_errors(
            page,
            f"/cases/{case.code}/contacts/{casework['contact'].code}/",
            "Save what happened",
            "Choose what happened",
        )
        check_form_errors(page, f"/cases/{case.code}/notes/new/", "Save and sign", "Enter the note")
    check_form_errors(page, "/account/password/", "Change password", "Enter your current password")


def test_it_finds_no_problems_on_the_public_pages_for_someone_signed_in(
    page: Page, sysadmin: User, browser_sign_in: Callable[[Page, User], None]
) -> None:
    """Signed in, public pages differ only in the header, the same for a role on every
    page (checked above); this covers them once, with the fullest menu there is."""
    browser_sign_in(page, sysadmin)
    check_pages(page, PUBLIC_PAGES, signed_in=True)
    page.goto("/")
    expect(page).to_have_url(at_path("/work/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {sysadmin.full_name}")


def test_the_closing_letter_pages_keep_their_content_in_landmarks(
    page: Page,
    team: Team,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    """Found in the browser walk of issue 12: axe's `region` on the closing letter page
    (its back link sat outside every landmark). The letter pages, the closing page and
    the destroying pages, for the team and for the referrer."""
    from littleminds.casework.services_closure import case_close
    from littleminds.tests.browser.conftest import axe_landmarks_check

    case = open_case(referrer=practitioner, clinician=clinician)
    closure = case_close(by=clinician, case=case, reason="moved_away", summary="They moved.")
    letter = closure.letters.get(to="referrer")
    other = open_case(referrer=practitioner, clinician=clinician, postcode="BD9 4AA")
    # Something still open, so the closing page shows its warning and the confirmation.
    planned(other, clinician, 5)
    browser_sign_in(page, clinician)
    for path, heading in (
        (f"/cases/{case.code}/letters/{letter.code}/", "Closing letter"),
        (f"/cases/{other.code}/close/", "Close the case"),
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe_landmarks_check(page)
        axe_check(page)
        problems = phone_problems(page)
        assert not problems, "\n\n".join(problems)
    page.context.clear_cookies()
    browser_sign_in(page, practitioner)
    page.goto(f"/cases/letters/{letter.code}/")
    expect(page.get_by_text("Dear Pip Practitioner,")).to_be_visible()
    axe_landmarks_check(page)
