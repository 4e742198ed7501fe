"""Who gets what from every page: built from the URL configuration itself.

Every named URL pattern is requested (GET) by an anonymous visitor and by each persona, and
must answer as the matrix below says. A new page that is not in the matrix fails the suite,
and so does a page whose permission check is missing or wrong. Outsiders get 404, never 403.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.casework import services as casework_services
from littleminds.casework import services_care as care_services
from littleminds.casework import services_link as casework_link
from littleminds.casework import services_records as casework_records
from littleminds.casework import services_week as casework_week
from littleminds.casework.models_care import FlagKind, Intervention
from littleminds.casework.models_closure import Closure
from littleminds.casework.services_closure import case_close
from littleminds.casework.tests.factories import accepted_referral, open_case, planned
from littleminds.community import selectors_public as community_public
from littleminds.community import services_booking as community_booking
from littleminds.community.models import Reach
from littleminds.community.tests import factories as community
from littleminds.conftest import PERSONAS
from littleminds.consultations.models import ConsultationRecord
from littleminds.consultations.tests import factories as consultations
from littleminds.core.decorators import is_public
from littleminds.directory.models import Location, NeedTerm, ServiceAtLocation, ServiceLink
from littleminds.directory.openreferral import serialise as openreferral_serialise
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory
from littleminds.evaluation.tests.factories import study_world
from littleminds.insights.models import CommissioningBody
from littleminds.pathway.models import RuleSetVersion, Scenario
from littleminds.pathway.rules import seed_default_rule_set, seed_default_scenarios
from littleminds.referrals import services as referral_services
from littleminds.referrals.tests.factories import details, intake_for, sent_referral
from littleminds.training import services_places as training_places
from littleminds.training import services_questions as training_questions
from littleminds.training.tests import factories as training
from littleminds.training.tests import factories_attendance as training_attendance

ANON = "anonymous"
EVERYONE = [ANON, *PERSONAS]
SECOND_FACTOR_ROLES = {"manager", "clinician", "other_clinician", "sysadmin"}
PEOPLE_MANAGERS = {"manager", "sysadmin"}
DIRECTORY_MANAGERS = {"manager"}
PATHWAY_MANAGERS = {"manager"}
INTAKE_MANAGERS = {"manager"}
REFERRERS = {"manager", "clinician", "other_clinician", "practitioner"}
CASEWORKERS = {"manager", "clinician", "other_clinician"}
TEAM = {"manager", "clinician"}
CARE_LIST_MANAGERS = {"manager"}
TRAINING_MANAGERS = {"manager", "trainer"}
COMMUNITY_MANAGERS = {"manager", "community_worker"}
COMMUNITY_VIEWERS = COMMUNITY_MANAGERS | {"clinician", "other_clinician", "trainer", "practitioner"}
# The reach report: the team's community workers and managers, and the analyst (suppressed).
REACH_VIEWERS = {"manager", "community_worker", "analyst"}
# Insights: each team's managers and clinicians see their own team's figures exactly, the
# analyst of a commissioning body that funds the team with small numbers suppressed (the
# world sets the body up).
INSIGHTS_VIEWERS = {"manager", "clinician", "other_clinician", "analyst"}
# The evaluation workbench: a study's own researchers (the researcher persona leads the
# world's study); the managers of the team it evaluates see that it exists and its Table 1.
STUDY_RESEARCHERS = {"researcher"}
STUDY_OVERVIEW = {"researcher", "manager"}


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(EVERYONE, status)


def signed_in(status: int) -> dict[str, int]:
    return {ANON: 302, **dict.fromkeys(PERSONAS, status)}


def only(allowed: set[str], status: int = 200) -> dict[str, int]:
    return {ANON: 302, **{p: status if p in allowed else 404 for p in PERSONAS}}


MATRIX: dict[str, dict[str, int]] = {
    "core:home": {ANON: 200, **dict.fromkeys(PERSONAS, 302)},
    "core:accessibility": everyone(200),
    "core:privacy": everyone(200),
    "core:cookies": everyone(200),
    "core:healthz": everyone(200),
    "core:favicon": everyone(302),
    "accounts:sign-in": {ANON: 200, **dict.fromkeys(PERSONAS, 302)},
    "accounts:sign-out": everyone(405),
    "accounts:session-extend": everyone(405),
    "accounts:password-forgotten": everyone(200),
    "accounts:set-password": everyone(200),
    "accounts:dashboard": signed_in(200),
    "accounts:account": signed_in(200),
    "accounts:password-change": signed_in(200),
    "accounts:two-factor-enrol": signed_in(200),
    "accounts:two-factor-verify": {
        ANON: 302,
        **{p: 200 if p in SECOND_FACTOR_ROLES else 302 for p in PERSONAS},
    },
    "accounts:teams": only({"sysadmin"}),
    "accounts:team-new": only({"sysadmin"}),
    "accounts:people": only(PEOPLE_MANAGERS),
    "accounts:person-invite": only(PEOPLE_MANAGERS),
    "accounts:person": only(PEOPLE_MANAGERS),
    "accounts:person-roles": only(PEOPLE_MANAGERS),
    "accounts:person-deactivate": only(PEOPLE_MANAGERS),
    "accounts:person-reactivate": only(PEOPLE_MANAGERS, 405),
    "accounts:person-two-factor-reset": only(PEOPLE_MANAGERS, 405),
    "audit:search": only(PEOPLE_MANAGERS),
    "directory:search": everyone(200),
    "directory:service": everyone(200),
    "directory:map": everyone(200),
    "directory:map-svg": everyone(200),
    "directory:map-csv": everyone(200),
    "directory:manage": only(DIRECTORY_MANAGERS),
    "directory:service-new": only(DIRECTORY_MANAGERS),
    "directory:service-edit": only(DIRECTORY_MANAGERS),
    "directory:service-status": only(DIRECTORY_MANAGERS, 405),
    "directory:service-confirm": only(DIRECTORY_MANAGERS, 405),
    "directory:service-history": only(DIRECTORY_MANAGERS),
    "directory:service-links": only(DIRECTORY_MANAGERS),
    "directory:link-remove": only(DIRECTORY_MANAGERS, 405),
    "directory:needs": only(DIRECTORY_MANAGERS),
    "directory:need-new": only(DIRECTORY_MANAGERS),
    "directory:need-edit": only(DIRECTORY_MANAGERS),
    "directory:areas": only(DIRECTORY_MANAGERS),
    "directory:area-new": only(DIRECTORY_MANAGERS),
    "directory:area": only(DIRECTORY_MANAGERS),
    "directory:coverage-end": only(DIRECTORY_MANAGERS, 405),
    "directory:overlaps": only(DIRECTORY_MANAGERS),
    "directory:overlap-review": only(DIRECTORY_MANAGERS, 405),
    "directory:organisations": only(DIRECTORY_MANAGERS),
    "directory:organisation": only(DIRECTORY_MANAGERS),
    "directory:snapshots": only(DIRECTORY_MANAGERS),
    "directory:snapshot-compare": only(DIRECTORY_MANAGERS),
    # The navigator's rule editor and test bench.
    "pathway:rules": only(PATHWAY_MANAGERS),
    "pathway:rules-bench": only(PATHWAY_MANAGERS),
    "pathway:rules-scenario-new": only(PATHWAY_MANAGERS),
    "pathway:rules-scenario-edit": only(PATHWAY_MANAGERS),
    "pathway:rules-scenario-active": only(PATHWAY_MANAGERS, 405),
    "pathway:rules-version": only(PATHWAY_MANAGERS),
    "pathway:rules-export": only(PATHWAY_MANAGERS),
    "pathway:rules-draft-new": only(PATHWAY_MANAGERS, 405),
    "pathway:rules-draft-discard": only(PATHWAY_MANAGERS),
    # Publishing asks first: a page showing what changes, then a form.
    "pathway:rules-publish": only(PATHWAY_MANAGERS),
    "pathway:rules-republish": only(PATHWAY_MANAGERS),
    "pathway:rules-rule-new": only(PATHWAY_MANAGERS),
    "pathway:rules-rule-edit": only(PATHWAY_MANAGERS),
    "pathway:rules-rule-move": only(PATHWAY_MANAGERS, 405),
    "pathway:rules-rule-remove": only(PATHWAY_MANAGERS, 405),
    "pathway:rules-secondary-new": only(PATHWAY_MANAGERS),
    "pathway:rules-secondary-edit": only(PATHWAY_MANAGERS),
    "pathway:rules-secondary-remove": only(PATHWAY_MANAGERS, 405),
    "openreferral:root": everyone(200),
    "openreferral:openapi": everyone(200),
    "openreferral:services": everyone(200),
    "openreferral:service": everyone(200),
    "openreferral:service-at-locations": everyone(200),
    "openreferral:service-at-location": everyone(200),
    "openreferral:taxonomies": everyone(200),
    "openreferral:taxonomy": everyone(200),
    "openreferral:taxonomy-terms": everyone(200),
    "openreferral:taxonomy-term": everyone(200),
    "api:openapi-json": everyone(200),
    "api:openapi-view": everyone(200),
    "api:me": {ANON: 401, **dict.fromkeys(PERSONAS, 200)},
    "api:recommend": everyone(405),
    # The referrals API: sending is POST only; a referral as FHIR is for the receiving team
    # (or the referring organisation's API token), and asks anyone else to authenticate.
    "api:referrals-create": everyone(405),
    "api:self-referrals-create": everyone(405),
    "api:fhir-service-request-create": everyone(405),
    "api:referral-fhir": {
        ANON: 401,
        **{p: 200 if p in {"manager", "clinician"} else 404 for p in PERSONAS},
    },
    # The navigator's questions: open to all; with no answers yet, later pages send people
    # back to the first question.
    "pathway:start": everyone(200),
    "pathway:question": everyone(200),
    "pathway:check": everyone(302),
    "pathway:answer": everyone(302),
    "pathway:start-again": everyone(405),
    "api:api-root": everyone(404),
    # The outcome measures: the definitions are open to all; scoring and change are POST.
    "api:measures": everyone(200),
    "api:measure-score": everyone(405),
    "api:measure-change": everyone(405),
    # A family's own referral: open to all; with no answers yet, later pages send people
    # back to the first question (or the start). The language switch is a form (POST).
    "self_referral:start": everyone(200),
    "self_referral:question": everyone(200),
    "self_referral:check": everyone(302),
    "self_referral:cannot": everyone(302),
    "self_referral:sent": everyone(302),
    "self_referral:start-again": everyone(405),
    # A family checks where its request is: the form is public (rate-limited when sent).
    "self_referral:status": everyone(200),
    "set_language": everyone(302),
    # Unsent notifications of the managers' teams' referrals, and "try again now"; system
    # administrators see the account e-mails there (ADR 0017), not a referral's.
    "notifications:list": only({"manager", "sysadmin"}),
    "notifications:retry": only({"manager", "sysadmin"}, 405),
    # Triage: the receiving team's clinicians and managers; another team's clinician has a
    # queue of their own, and gets 404 for this team's referral.
    "triage:queue": only({"manager", "clinician", "other_clinician"}),
    "triage:referral": only({"manager", "clinician"}),
    # Marking a duplicate: both referrals side by side, then the move (ADR 0016).
    "triage:duplicate": only({"manager", "clinician"}),
    # Intakes: the managers of the team that takes the referrals (closing and removing ask
    # first; opening again is a form). A manager of another team gets 404 for this team's.
    "intakes:list": only(INTAKE_MANAGERS),
    "intakes:new": only(INTAKE_MANAGERS),
    "intakes:intake": only(INTAKE_MANAGERS),
    "intakes:close": only(INTAKE_MANAGERS),
    "intakes:reopen": only(INTAKE_MANAGERS, 405),
    "intakes:remove": only(INTAKE_MANAGERS),
    # A practitioner's referrals: everyone who may refer has "Your referrals"; a referral
    # (and its draft's pages) only for the person who made it. The world's referral is
    # sent (so "not eligible" and the draft pages of a sent one move on), its draft
    # complete and eligible.
    "referrals:mine": only(REFERRERS),
    "referrals:start": only(REFERRERS),
    "referrals:eligibility-check": only(REFERRERS),
    "referrals:referral": only({"practitioner"}),
    "referrals:family": only({"practitioner"}),
    "referrals:contact": only({"practitioner"}),
    "referrals:worries": only({"practitioner"}),
    "referrals:not-eligible": only({"practitioner"}, 302),
    "referrals:check": only({"practitioner"}),
    "referrals:sent": only({"practitioner"}),
    "referrals:discard": only({"practitioner"}),
    "referrals:answer": only(REFERRERS, 405),
    "referrals:withdraw": only({"practitioner"}),
    # Casework: each clinician and manager has caseloads (their own team's); a case of the
    # team, its pages and opening one from an accepted referral only for that team.
    "casework:mine": only(CASEWORKERS),
    "casework:team": only(CASEWORKERS),
    "casework:from-referral": only(TEAM),
    "casework:case": only(TEAM),
    "casework:case-contacts": only(TEAM),
    "casework:case-notes": only(TEAM),
    "casework:case-history": only(TEAM),
    "casework:case-chronology": only(TEAM),
    "casework:contact-plan": only(TEAM),
    "casework:contact-record": only(TEAM),
    "casework:note-add": only(TEAM),
    "casework:addendum-add": only(TEAM),
    "casework:allocation": only(TEAM),
    "casework:baby-born": only(TEAM),
    # Closing a case, reopening it and its letters: the team; the letter sent to the referrer
    # for that practitioner only; records past their date and destroying one (a page, then
    # typing the case's code) for the team's service managers.
    "casework:close": only(TEAM),
    "casework:reopen": only(TEAM),
    "casework:letter": only(TEAM),
    "casework:letter-pdf": only(TEAM),
    "casework:referrer-letter": only({"practitioner"}),
    "casework:referrer-letter-pdf": only({"practitioner"}),
    "casework:retention": only({"manager"}),
    "casework:destroy": only({"manager"}),
    "casework:destroy-confirm": only({"manager"}),
    # A clinician's week and calendar link: their own, for everyone with a caseload. The
    # calendar feed is fetched by calendar apps without a session: the secret is the key.
    "casework:week": only(CASEWORKERS),
    "casework:week-feed-reset": only(CASEWORKERS),
    "casework:week-feed": everyone(200),
    # Opening a case without a referral: every clinician or manager, for their own team; a
    # case's people and babies only for its team.
    "casework:case-new": only(CASEWORKERS),
    "casework:person-add": only(TEAM),
    "casework:person-change": only(TEAM),
    "casework:baby-add": only(TEAM),
    "casework:care-interventions": only(CARE_LIST_MANAGERS),
    "casework:care-intervention": only(CARE_LIST_MANAGERS),
    "casework:care-flags": only(CARE_LIST_MANAGERS),
    "casework:care-flag": only(CARE_LIST_MANAGERS),
    "casework:intervention-add": only(TEAM),
    "casework:intervention-edit": only(TEAM),
    "casework:goal-add": only(TEAM),
    "casework:goal-rate": only(TEAM),
    "casework:flag-raise": only(TEAM),
    "casework:flag-close": only(TEAM),
    "casework:chronology-add": only(TEAM),
    "casework:chronology-correct": only(TEAM),
    "casework:administration-add": only(TEAM),
    "casework:administration-replace": only(TEAM),
    "casework:task-add": only(TEAM),
    "casework:task-done": only(TEAM),
    "casework:link-new": only(TEAM),
    "casework:link-made": only(TEAM),
    "casework:link-withdraw": only(TEAM),
    # The family's questionnaire by link: anyone with the link, signed in or not.
    "questionnaire:answer": everyone(200),
    # Consultations: the pages for those who book and those who offer; booking for
    # practitioners; a booking for its practitioner and its team; slots for the team.
    "consultations:home": only(CASEWORKERS | {"practitioner"}),
    "consultations:book": only({"practitioner"}),
    "consultations:booking": only(TEAM | {"practitioner"}),
    "consultations:move": only(TEAM | {"practitioner"}),
    "consultations:cancel": only(TEAM | {"practitioner"}),
    "consultations:invite": only(TEAM | {"practitioner"}),
    "consultations:slot-new": only(CASEWORKERS),
    "consultations:slot-withdraw": only(TEAM),
    # Recording a consultation: the team's; a consultation not yet begun sends back.
    "consultations:record": only(TEAM, 302),
    "consultations:refer": only({"practitioner"}, 405),
    "consultations:duty": only(CASEWORKERS),
    "consultations:records": only(CASEWORKERS),
    # Feedback: the consultation's own practitioner (anyone else 404).
    "consultations:feedback": only({"practitioner"}),
    "consultations:feedback-due": only({"practitioner"}),
    "consultations:team-feedback": only(CASEWORKERS),
    "consultations:groups": only(CASEWORKERS | {"practitioner"}),
    "consultations:group-new": only(CASEWORKERS),
    "consultations:group": only(TEAM | {"practitioner"}),
    "consultations:group-join": everyone(405),
    "consultations:session-join": everyone(405),
    "consultations:session-leave": everyone(405),
    "consultations:session-record": only(TEAM),
    # Feedback on a group session: its attendees only (anyone else 404).
    "consultations:group-feedback": only({"practitioner"}),
    "consultations:callback-new": only({"practitioner"}),
    "consultations:callbacks": only(CASEWORKERS),
    "consultations:callback-done": only(TEAM),
    # The consultations API: free slots for practitioners (or a partner's token); booking
    # is POST only.
    "api:consultation-slots": {
        ANON: 401,
        **{p: 200 if p == "practitioner" else 404 for p in PERSONAS},
    },
    "api:consultation-bookings-create": everyone(405),
    "training:finder": everyone(200),
    "training:course": everyone(200),
    # Attendance: the session's trainers and the team's training managers.
    "training:attendance": only(TRAINING_MANAGERS),
    "training:certificates": signed_in(200),
    # A certificate: its holder, and those who run its session.
    "training:certificate-pdf": only(TRAINING_MANAGERS | {"practitioner"}),
    "training:certificate-check": everyone(200),
    # A public registrant's certificate, behind their page's secret address.
    "training:public-certificate-pdf": everyone(200),
    "training:manage": only(TRAINING_MANAGERS),
    "training:reports": only(TRAINING_MANAGERS),
    "community:reach": only(REACH_VIEWERS),
    "insights:home": only(INSIGHTS_VIEWERS),
    "insights:page": only(INSIGHTS_VIEWERS),
    "insights:csv": only(INSIGHTS_VIEWERS),
    "insights:xlsx": only(INSIGHTS_VIEWERS),
    "insights:report": only(INSIGHTS_VIEWERS),
    "insights:report-pdf": only(INSIGHTS_VIEWERS),
    # The score's weights: service managers only.
    "insights:weights": only({"manager"}),
    "evaluation:home": only({"researcher", "manager"}),
    "evaluation:study-new": only({"researcher"}),
    "evaluation:study": only(STUDY_OVERVIEW),
    "evaluation:participants": only(STUDY_RESEARCHERS),
    "evaluation:participant-new": only(STUDY_RESEARCHERS),
    "evaluation:participant-edit": only(STUDY_RESEARCHERS),
    "evaluation:participant-withdraw": only(STUDY_RESEARCHERS),
    # The names and the researchers are the lead's (the researcher persona leads the study).
    "evaluation:participants-names": only(STUDY_RESEARCHERS),
    "evaluation:participants-name-new": only(STUDY_RESEARCHERS),
    "evaluation:participants-name-edit": only(STUDY_RESEARCHERS),
    "evaluation:participants-name-remove": only(STUDY_RESEARCHERS, 405),
    "evaluation:participants-researchers": only(STUDY_RESEARCHERS),
    "evaluation:participants-researcher-lead": only(STUDY_RESEARCHERS, 405),
    "evaluation:participants-researcher-remove": only(STUDY_RESEARCHERS, 405),
    "evaluation:participants-table1": only(STUDY_OVERVIEW),
    "evaluation:participants-table1-csv": only(STUDY_OVERVIEW),
    "evaluation:figures": only(STUDY_RESEARCHERS),
    "evaluation:figures-csv": only(STUDY_RESEARCHERS),
    # Coding: the codebook and its forms, the coding page, memos (the world's memo is the
    # researcher persona's own); moves, removing a coding and new memos are POST only.
    "evaluation:codebook": only(STUDY_RESEARCHERS),
    "evaluation:codebook-new": only(STUDY_RESEARCHERS),
    "evaluation:codebook-edit": only(STUDY_RESEARCHERS),
    "evaluation:codebook-move": only(STUDY_RESEARCHERS, 405),
    "evaluation:codebook-merge": only(STUDY_RESEARCHERS),
    "evaluation:codebook-remove": only(STUDY_RESEARCHERS),
    "evaluation:codebook-memo-new": only(STUDY_RESEARCHERS, 405),
    "evaluation:transcript-code": only(STUDY_RESEARCHERS),
    "evaluation:coding-remove": only(STUDY_RESEARCHERS, 405),
    "evaluation:coding-memo-new": only(STUDY_RESEARCHERS, 405),
    "evaluation:coding-memo-edit": only(STUDY_RESEARCHERS),
    "evaluation:coding-memo-remove": only(STUDY_RESEARCHERS),
    "evaluation:transcript-list": only(STUDY_RESEARCHERS),
    "evaluation:transcript-upload": only(STUDY_RESEARCHERS),
    "evaluation:transcript": only(STUDY_RESEARCHERS),
    # The world's transcript is ready: its review page sends a researcher to its page.
    "evaluation:transcript-review": only(STUDY_RESEARCHERS, 302),
    # Lead researchers only (the researcher persona leads the world's study).
    "evaluation:transcript-original": only(STUDY_RESEARCHERS),
    "evaluation:transcript-delete": only(STUDY_RESEARCHERS),
    "evaluation:retrieval-codes": only(STUDY_RESEARCHERS),
    "evaluation:retrieval": only(STUDY_RESEARCHERS),
    "evaluation:retrieval-csv": only(STUDY_RESEARCHERS),
    "evaluation:retrieval-docx": only(STUDY_RESEARCHERS),
    "evaluation:matrix": only(STUDY_RESEARCHERS),
    "evaluation:matrix-csv": only(STUDY_RESEARCHERS),
    "evaluation:matrix-xlsx": only(STUDY_RESEARCHERS),
    "evaluation:agreement": only(STUDY_RESEARCHERS),
    "evaluation:agreement-transcript": only(STUDY_RESEARCHERS),
    # REFI-QDA export: the codebook and the whole project, researchers of the study only.
    "evaluation:exchange-codebook-qdc": only(STUDY_RESEARCHERS),
    "evaluation:exchange-project-qdpx": only(STUDY_RESEARCHERS),
    # REFI-QDA import: the study's lead researchers (the researcher persona leads the world's
    # study); the result page without a result sends them to the import form.
    "evaluation:exchange-import": only(STUDY_RESEARCHERS),
    "evaluation:exchange-import-done": only(STUDY_RESEARCHERS, 302),
    "insights:commissioning": only({"sysadmin"}),
    "insights:commissioning-new": only({"sysadmin"}),
    "insights:commissioning-change": only({"sysadmin"}),
    "insights:commissioning-remove": only({"sysadmin"}),
    "community:reach-csv": only(REACH_VIEWERS),
    "community:reach-xlsx": only(REACH_VIEWERS),
    "training:report-download": only(TRAINING_MANAGERS),
    "training:course-new": only(TRAINING_MANAGERS),
    "training:course-edit": only(TRAINING_MANAGERS),
    "training:session-new": only(TRAINING_MANAGERS),
    "training:session-cancel": only(TRAINING_MANAGERS),
    "training:session-register": only(TRAINING_MANAGERS),
    "training:book": signed_in(405),
    "training:register": everyone(200),
    "training:public-sent": everyone(200),
    "training:public-confirm": everyone(200),
    "training:mine": signed_in(200),
    # A practitioner sees only their own registration.
    "training:place": only({"practitioner"}),
    "training:place-invite": only({"practitioner"}),
    "training:place-answer": signed_in(405),
    "training:place-cancel": only({"practitioner"}),
    # A public registrant's own pages, by the signed key their emails carry.
    "training:public-place": everyone(200),
    "training:public-place-invite": everyone(200),
    "training:public-place-answer": everyone(405),
    "training:public-place-cancel": everyone(200),
    # Questionnaires: the course's statements and summary for the people who run it; a
    # person's own questionnaire; a public registrant's link (ADR 0035).
    "training:course-questionnaire": only(TRAINING_MANAGERS),
    "training:questionnaire-summary": only(TRAINING_MANAGERS),
    "training:place-questionnaire": only({"practitioner"}),
    "training:public-questionnaire": everyone(200),
    # Community messaging's staff pages: the team runs them; viewers read published events.
    "community:home": only(COMMUNITY_VIEWERS),
    "community:campaigns": only(COMMUNITY_MANAGERS),
    "community:campaign-new": only(COMMUNITY_MANAGERS),
    "community:campaign": only(COMMUNITY_MANAGERS),
    "community:campaign-edit": only(COMMUNITY_MANAGERS),
    "community:campaign-reach": only(COMMUNITY_MANAGERS),
    "community:events": only(COMMUNITY_VIEWERS),
    "community:event-new": only(COMMUNITY_MANAGERS),
    "community:event-detail": only(COMMUNITY_VIEWERS),
    "community:event-edit": only(COMMUNITY_MANAGERS),
    "community:event-publish": only(COMMUNITY_MANAGERS, 405),
    "community:event-unpublish": only(COMMUNITY_MANAGERS, 405),
    "community:event-reach": only(COMMUNITY_MANAGERS),
    "community:reach-record-edit": only(COMMUNITY_MANAGERS),
    "community:reach-record-remove": only(COMMUNITY_MANAGERS),
    # Community materials (ADR 0037): the team runs them, readers see the published ones of
    # every team, families the published ones on the leaflets pages.
    "community:materials": only(COMMUNITY_VIEWERS),
    "community:material-new": only(COMMUNITY_MANAGERS),
    "community:material": only(COMMUNITY_VIEWERS),
    "community:material-edit": only(COMMUNITY_MANAGERS),
    "community:material-approve": only(COMMUNITY_MANAGERS, 405),
    "community:material-publish": only(COMMUNITY_MANAGERS, 405),
    "community:material-unpublish": only(COMMUNITY_MANAGERS, 405),
    "community:material-file": only(COMMUNITY_VIEWERS),
    "community:version-remove": only(COMMUNITY_MANAGERS),
    "community:leaflets": everyone(200),
    "community:leaflet": everyone(200),
    "community:leaflet-file": everyone(200),
    # What's on (ADR 0038): the families' pages, and an event's bookings and cancelling for
    # the team that runs it.
    "community:whats-on": everyone(200),
    "community:whats-on-feed": everyone(200),
    "community:whats-on-event": everyone(200),
    "community:whats-on-event-ics": everyone(200),
    "community:whats-on-booked": everyone(200),
    "community:event-bookings": only(COMMUNITY_MANAGERS),
    "community:event-cancel": only(COMMUNITY_MANAGERS),
}


def url_names() -> Iterator[tuple[str, tuple[str, ...]]]:
    def walk(
        patterns: list[Any], namespace: str | None, outer: tuple[str, ...] = ()
    ) -> Iterator[tuple[str, tuple[str, ...]]]:
        for pattern in patterns:
            # An include's own kwargs (the workbench's study `code`) come before its patterns'.
            converters = tuple(getattr(pattern.pattern, "converters", {}).keys())
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                ns = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
                yield from walk(pattern.url_patterns, ns, (*outer, *converters))
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, (*outer, *converters)

    yield from walk(get_resolver().url_patterns, None, ())


ALL_URLS = sorted(set(url_names()))


def test_it_has_an_expectation_for_every_url() -> None:
    missing = [name for name, _kwargs in ALL_URLS if name not in MATRIX]
    stale = set(MATRIX) - {name for name, _kwargs in ALL_URLS}

    assert not missing, f"Add these URLs to the access matrix: {missing}"
    assert not stale, f"These URLs no longer exist: {sorted(stale)}"


@pytest.fixture
def target(team: Team) -> User:
    """A clinician of `team`: someone the manager manages, and nobody else but an admin."""
    return UserFactory.create(email="target@test.example", roles=[(Role.CLINICIAN, team)])


@pytest.fixture
def world(target: User, practitioner: User, analyst: User, researcher: User) -> dict[str, Any]:
    """One record of each kind a URL can name, so every pattern can be requested."""
    commissioner = CommissioningBody.objects.create(name="West Yorkshire ICB")
    commissioner.teams.add(*target.teams())
    commissioner.members.add(analyst)
    area = AreaFactory.create(prefixes=["BD7"])
    service = ServiceFactory.create(areas=[area], needs=["bonding"], access=["self_referral"])
    other = ServiceFactory.create()
    link = ServiceLink.objects.create(source=service, target=other, kind="refers_to")
    # Rule sets: version 1 (the default rules), a later version 2 in force, and a draft.
    version1 = seed_default_rule_set(RuleSetVersion)
    seed_default_scenarios(Scenario)
    RuleSetVersion.objects.create(
        number=2, status="published", rules=version1.rules, published_at=timezone.now()
    )
    draft = RuleSetVersion.objects.create(number=3, status="draft", rules=version1.rules)
    intake = intake_for(target.teams()[0])
    case = open_case(referrer=practitioner, clinician=target, baby_name="Casey")
    contact = planned(case, target, -1)
    note = casework_services.note_add(by=target, case=case, text="Saw the family.")
    administration = casework_records.administration_record(
        by=target, case=case, measure="pirgas", on=timezone.localdate(), items=[60]
    )
    task = casework_records.task_add(
        by=target, case=case, assigned_to=target, due_on=timezone.localdate(), description="Call"
    )
    unborn_case = open_case(
        referrer=practitioner,
        clinician=target,
        unborn=True,
        child_date_of_birth=None,
        expected_delivery_date=timezone.localdate() + timedelta(days=20),
        postcode="BD5 0AA",
    )
    to_open = accepted_referral(
        referrer=practitioner, clinician=target, parent_name="Jo Other", postcode="BD9 4AA"
    )
    closed_case = open_case(
        referrer=practitioner, clinician=target, baby_name="Cleo", postcode="BD3 9AA"
    )
    closure = case_close(by=target, case=closed_case, reason="goals_met", summary="Well.")
    old_case = open_case(
        referrer=practitioner, clinician=target, baby_name="Ode", postcode="BD4 7AA"
    )
    case_close(by=target, case=old_case, reason="goals_met", summary="Well.")
    Closure.objects.filter(case=old_case).update(keep_until=timezone.localdate() - timedelta(1))
    feed_secret = casework_week.calendar_feed_reset(by=target)
    free_slot = consultations.slot(target, days=9)
    booked = consultations.booking(practitioner, consultations.slot(target, days=8))
    course = training.course(target, target.teams()[0])
    past_session = training_attendance.past_session(target, course)
    certificate = training_attendance.completed(
        target, past_session, training_attendance.holder(past_session, practitioner)
    )
    certified_student = training_attendance.public_holder(past_session)
    training_attendance.completed(target, past_session, certified_student)
    course_session = training.session(target, course)
    public_confirmed = training_places.register_public(
        session=course_session, registrant=training.registrant("confirmed@example.org")
    )
    training_places.register_confirm(token=public_confirmed.token)
    public_asked = training_places.register_public(
        session=course_session, registrant=training.registrant("asked@example.org")
    )
    training_questions.item_add(by=target, course=course, text="I know what babies need")
    questionnaire_invited = training_questions.invitation_create(
        registration=public_confirmed.registration, when="before", now=timezone.now()
    )
    assert questionnaire_invited is not None
    community_event = community.event(target, target.teams()[0], booking=True, places=10)
    community_booked = community_booking.event_book(
        by=None, event=community_event, name="Ana", phone="+447700900982", email="", people=1
    )
    hall = Location.objects.create(name="Hall", postcode="BD7 1DP")
    material = community.material(target, target.teams()[0])
    community.version(material, "en")
    ServiceAtLocation.objects.create(service=service, location=hall)
    return {
        "service_at_location": SimpleNamespace(
            code=openreferral_serialise.service_at_location_id(service, hall)
        ),
        "user": target,
        "commissioner": commissioner,
        "service": service,
        "organisation": service.organisation,
        "area": area,
        "need": NeedTerm.objects.get(term="bonding"),
        "link": link,
        "cover": area.coverage.get(),
        "taxonomy": NeedTerm.objects.get(term="bonding").taxonomy,
        "version": version1,
        "draft": draft,
        "scenario": Scenario.objects.first(),
        "referral": sent_referral(practitioner),
        "earlier_referral": sent_referral(practitioner),
        "referral_draft": referral_services.draft_start(by=practitioner, details=details()),
        "intake": intake,
        "case": case,
        "contact": contact,
        "note": note,
        "administration": administration,
        "task": task,
        "to_open": to_open,
        "unborn_case": unborn_case,
        "closed_case": closed_case,
        "old_case": old_case,
        "letter": closure.letters.get(to="referrer"),
        "feed_secret": feed_secret,
        "questionnaire_link": casework_link.link_create(
            by=target, case=case, measure="phq9", answerer=case.people.get(), language="en"
        ),
        "free_slot": free_slot,
        "course": course,
        "certificate": certificate,
        "course_session": course_session,
        "registration": training_places.register_user(by=practitioner, session=course_session),
        "confirmation": public_asked.token,
        "place_key": training_places.page_key(public_confirmed.registration),
        "questionnaire_token": questionnaire_invited.token,
        "material": material,
        "certified_place_key": training_places.page_key(certified_student),
        "booking": booked,
        "community_event": community_event,
        "booking_key": community_public.booking_key(community_booked),
        # Made directly: a record's service waits for the consultation to begin.
        "consultation_record": ConsultationRecord.objects.create(
            booking=booked,
            team=booked.slot.team,
            held_on=timezone.localdate(),
            outcome="continues",
            recorded_by=target,
        ),
        **consultations.groups_world(target, practitioner),
        **care_world(case, target),
        **community_world(target),
        "evaluation": study_world(researcher, target.teams()[0]),
    }


def community_world(by: User) -> dict[str, Any]:
    """A campaign of `by`'s team, a published event to come in it, and a reach record."""
    campaign = community.campaign(by, by.teams()[0])
    event = community.event(by, by.teams()[0], campaign=campaign)
    reach = Reach.objects.create(
        team=event.team, event=event, campaign=campaign, day=timezone.localdate(), created_by=by
    )
    return {"community_campaign": campaign, "community_event": event, "community_reach": reach}


def care_world(case: Any, by: User) -> dict[str, Any]:
    """An intervention, a goal, a flag and a chronology entry on the case."""
    today = timezone.localdate()
    return {
        "catalogue_intervention": Intervention.objects.first(),
        "flag_kind": FlagKind.objects.first(),
        "case_intervention": care_services.intervention_add(
            by=by,
            case=case,
            intervention=Intervention.objects.get(name="Parenting group"),
            start=today,
        ),
        "goal": care_services.goal_add(
            by=by, case=case, text="Enjoy play", agreed_on=today, rating=2
        ),
        "flag": care_services.flag_raise(
            by=by, case=case, kind=FlagKind.objects.get(name="Child in need"), raised_on=today
        ),
        "chronology_entry": care_services.chronology_add(
            by=by, case=case, happened_on=today, text="Meeting held."
        ),
    }


# Which record a URL's `code` names, by the URL's name; people otherwise.
CODE_OF = {
    "insights:commissioning-change": "commissioner",
    "insights:commissioning-remove": "commissioner",
    "directory:service": "service",
    "directory:service-edit": "service",
    "directory:service-status": "service",
    "directory:service-confirm": "service",
    "directory:service-history": "service",
    "directory:service-links": "service",
    "directory:link-remove": "link",
    "directory:need-edit": "need",
    "directory:area": "area",
    "directory:coverage-end": "cover",
    "directory:organisation": "organisation",
    "pathway:rules-scenario-edit": "scenario",
    "pathway:rules-scenario-active": "scenario",
    "pathway:rules-version": "version",
    "pathway:rules-export": "version",
    "pathway:rules-draft-new": "version",
    "pathway:rules-republish": "version",
    "pathway:rules-draft-discard": "draft",
    "pathway:rules-publish": "draft",
    "pathway:rules-rule-new": "draft",
    "pathway:rules-rule-edit": "draft",
    "pathway:rules-rule-move": "draft",
    "pathway:rules-rule-remove": "draft",
    "pathway:rules-secondary-new": "draft",
    "pathway:rules-secondary-edit": "draft",
    "pathway:rules-secondary-remove": "draft",
    "triage:referral": "referral",
    "triage:duplicate": "referral",
    "api:referral-fhir": "referral",
    "intakes:intake": "intake",
    "intakes:close": "intake",
    "intakes:reopen": "intake",
    "intakes:remove": "intake",
    "referrals:referral": "referral",
    "referrals:family": "referral_draft",
    "referrals:contact": "referral_draft",
    "referrals:worries": "referral_draft",
    "referrals:not-eligible": "referral_draft",
    "referrals:check": "referral_draft",
    "referrals:sent": "referral",
    "referrals:discard": "referral_draft",
    "referrals:answer": "referral",
    "referrals:withdraw": "referral",
    "casework:case": "case",
    "casework:case-contacts": "case",
    "casework:case-notes": "case",
    "casework:case-history": "case",
    "casework:case-chronology": "case",
    "casework:contact-plan": "case",
    "casework:contact-record": "case",
    "casework:note-add": "case",
    "casework:addendum-add": "case",
    "casework:allocation": "case",
    "casework:baby-born": "unborn_case",
    "casework:close": "case",
    "casework:reopen": "closed_case",
    "casework:letter": "closed_case",
    "casework:letter-pdf": "closed_case",
    "casework:destroy": "old_case",
    "casework:destroy-confirm": "old_case",
    "casework:person-add": "case",
    "casework:person-change": "case",
    "casework:baby-add": "case",
    "casework:care-intervention": "catalogue_intervention",
    "casework:care-flag": "flag_kind",
    "casework:intervention-add": "case",
    "casework:intervention-edit": "case",
    "casework:goal-add": "case",
    "casework:goal-rate": "case",
    "casework:flag-raise": "case",
    "casework:flag-close": "case",
    "casework:chronology-add": "case",
    "casework:chronology-correct": "case",
    "casework:administration-add": "case",
    "casework:administration-replace": "case",
    "casework:task-add": "case",
    "casework:task-done": "case",
    "casework:link-new": "case",
    "casework:link-made": "case",
    "casework:link-withdraw": "case",
    "consultations:booking": "booking",
    "consultations:move": "booking",
    "consultations:cancel": "booking",
    "consultations:invite": "booking",
    "consultations:slot-withdraw": "free_slot",
    "consultations:record": "booking",
    "consultations:refer": "booking",
    "consultations:feedback": "consultation_record",
    "consultations:group": "group",
    "consultations:group-join": "group",
    "consultations:session-join": "group_session",
    "consultations:session-leave": "group_session",
    "consultations:session-record": "group_session",
    "consultations:group-feedback": "attended_session",
    "consultations:callback-done": "callback",
    "training:course": "course",
    "training:attendance": "course_session",
    "training:certificate-pdf": "certificate",
    "training:course-edit": "course",
    "training:session-new": "course",
    "training:session-cancel": "course_session",
    "training:session-register": "course_session",
    "training:book": "course",
    "training:register": "course",
    "training:place": "registration",
    "training:place-invite": "registration",
    "training:place-answer": "registration",
    "training:place-cancel": "registration",
    "training:course-questionnaire": "course",
    "training:questionnaire-summary": "course",
    "training:place-questionnaire": "registration",
    "community:campaign": "community_campaign",
    "community:campaign-edit": "community_campaign",
    "community:campaign-reach": "community_campaign",
    "community:event-detail": "community_event",
    "community:event-edit": "community_event",
    "community:event-publish": "community_event",
    "community:event-unpublish": "community_event",
    "community:event-reach": "community_event",
    "community:reach-record-edit": "community_reach",
    "community:reach-record-remove": "community_reach",
    "community:material": "material",
    "community:material-edit": "material",
    "community:material-approve": "material",
    "community:material-publish": "material",
    "community:material-unpublish": "material",
    "community:material-file": "material",
    "community:version-remove": "material",
    "community:leaflet": "material",
    "community:leaflet-file": "material",
    "community:whats-on-event": "community_event",
    "community:whats-on-event-ics": "community_event",
    "community:event-bookings": "community_event",
    "community:event-cancel": "community_event",
}


# Which record an Open Referral URL's `code` names; services otherwise.
OPEN_REFERRAL_CODE_OF = {
    "openreferral:taxonomy": "taxonomy",
    "openreferral:taxonomy-term": "need",
    "openreferral:service-at-location": "service_at_location",
}


# Whose page a public registrant's URL is for: one holding a place to come, unless named.
PLACE_KEY_OF = {"training:public-certificate-pdf": "certified_place_key"}


# The first question page of each journey whose URL takes a `slug`; the navigator's otherwise.
SLUG_OF = {
    "self_referral:question": "name",
    "insights:page": "training-cancelled",
    "insights:csv": "training-cancelled",
    "insights:xlsx": "training-cancelled",
}


def _kwargs(name: str, names: tuple[str, ...], world: dict[str, Any]) -> dict[str, str]:
    record = (
        OPEN_REFERRAL_CODE_OF.get(name, "service")
        if name.startswith("openreferral:")
        else CODE_OF.get(name, "user")
    )
    study = world["evaluation"]
    if name.startswith("evaluation:"):
        # The workbench's addresses start with the study's code; its records follow.
        world = {**world, "study": study["study"]}
        record = "study"
    values = {
        "code": str(world[record].code),
        "id": str(world[record].code),
        "token": default_token_generator.make_token(world["user"]),
        "position": "1",
        "slug": SLUG_OF.get(name, "who"),
        "original": str(world["earlier_referral"].code),
        "contact": str(world["contact"].code),
        "note": str(world["note"].code),
        "reference": str(world["to_open"].reference),
        "baby": str(world["unborn_case"].babies.get().code),
        "letter": str(world["letter"].code),
        "secret": world["feed_secret"],
        "person": str(world["case"].people.get().code),
        "intervention": str(world["case_intervention"].code),
        "goal": str(world["goal"].code),
        "flag": str(world["flag"].code),
        "entry": str(world["chronology_entry"].code),
        "measure": "pirgas",
        "replaces": str(world["administration"].code),
        "task": str(world["task"].code),
        "questionnaire": str(world["questionnaire_link"].link.code),
        "key": (
            world["questionnaire_token"]
            if name == "training:public-questionnaire"
            else world["questionnaire_link"].url.rstrip("/").rsplit("/", 1)[1]
        ),
        "confirmation": world["confirmation"],
        "place_key": world[PLACE_KEY_OF.get(name, "place_key")],
        "language": "en",
        "booking_key": world["booking_key"],
        "table": "cancelled",
        "participant": str(study["participants"][0].code),
        "transcript": str(study["transcript"].code),
        "node": str(study["code"].code),
        "memo": str(study["memo"].code),
        "time_point": str(study["time_point"].code),
        # The participants part's lead page for one listed name (the world lists two).
        "listed_name": str(study["study"].listed_names.order_by("text").first().code),
    }
    return {kwarg: values[kwarg] for kwarg in names}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwarg_names"), ALL_URLS, ids=[n for n, _k in ALL_URLS])
def test_it_answers_each_persona_as_the_matrix_says(
    name: str, kwarg_names: tuple[str, ...], world: dict[str, Any], as_persona, request
) -> None:
    expected = MATRIX[name]
    url = reverse(name, kwargs=_kwargs(name, kwarg_names, world))
    # Create every persona first, so that the data each one sees is the same.
    for persona in PERSONAS:
        request.getfixturevalue(persona)

    got = {}
    for who in EVERYONE:
        client = Client() if who == ANON else as_persona(who)
        got[who] = client.get(url).status_code

    assert got == expected, f"{name} ({url})"


# Public pages that answer a bare GET with something other than a page: the navigator's later
# pages send a visitor with no answers back to its first question, and "start again" is a form;
# /favicon.ico sends the browser to the icon.
PUBLIC_NOT_A_PAGE_ON_GET = {
    "core:favicon",
    "pathway:check",
    "pathway:answer",
    "pathway:start-again",
    "self_referral:check",
    "self_referral:cannot",
    "self_referral:sent",
    "self_referral:start-again",
    "training:public-place-answer",
}


@pytest.mark.parametrize(("name", "kwarg_names"), ALL_URLS, ids=[n for n, _k in ALL_URLS])
def test_it_keeps_non_public_pages_from_anonymous_visitors(
    name: str, kwarg_names: tuple[str, ...]
) -> None:
    """Only views marked @public may answer a visitor with a page. (The API's own views
    answer 401 or are its documentation, and are checked by the matrix above.)"""
    if name.startswith("api:"):
        return
    placeholder = "00000000-0000-0000-0000-000000000000"
    # A rule's place in a rule set is a number; everything else takes the placeholder.
    kwargs = {kwarg: "1" if kwarg == "position" else placeholder for kwarg in kwarg_names}
    view = resolve(reverse(name, kwargs=kwargs)).func
    if MATRIX[name][ANON] == 200 or name in PUBLIC_NOT_A_PAGE_ON_GET:
        assert is_public(view), f"{name} answers visitors but is not marked @public"
    else:
        assert not is_public(view), f"{name} is marked @public but turns visitors away"
