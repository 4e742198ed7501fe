"""Who may do what: permissions named once, roles declared as data (DOMAIN.md §4).

A role grants a set of permissions. Team roles are held for one team and their permissions
reach that team's records only; organisation and instance roles are held without a team.
Object rules (which record, which person) are predicates in `rules.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Permission(StrEnum):
    """Every permission the platform checks. Views and rules name these, never role names."""

    PEOPLE_MANAGE = "people.manage"  # invite people, give and take away roles, deactivate
    AUDIT_VIEW = "audit.view"  # search the audit trail
    TEAM_VIEW = "team.view"  # see who is in one's teams
    TEAMS_MANAGE = "teams.manage"  # set up provider organisations and their teams
    DIRECTORY_MANAGE = "directory.manage"  # edit services, needs, areas; overlaps; time points
    PATHWAY_MANAGE = "pathway.manage"  # edit the navigator's rules, its test bench; publish
    REFERRALS_CREATE = "referrals.create"  # refer a family; see one's own referrals
    REFERRALS_TRIAGE = "referrals.triage"  # the team's triage queue and its decisions
    INTAKES_MANAGE = "intakes.manage"  # which areas the team takes referrals for, and ages
    NOTIFICATIONS_VIEW = "notifications.view"  # the unsent notifications page; try again
    # On that page, the unsent e-mails about accounts (invitations, password resets), which
    # belong to no team: for those who look after accounts.
    ACCOUNT_EMAILS_VIEW = "account_emails.view"
    CASES_VIEW = "cases.view"  # the team's cases and caseloads (reads are audited)
    CASES_EDIT = "cases.edit"  # open cases, plan and record contacts, write notes, allocate
    CASES_DESTROY = "cases.destroy"  # destroy a closed case past its retention date
    CARE_LISTS_MANAGE = "care_lists.manage"  # the interventions catalogue, safeguarding flags
    CONSULTATIONS_VIEW = "consultations.view"  # the consultation pages (each sees their part)
    CONSULTATIONS_BOOK = "consultations.book"  # book, move and cancel one's own consultations
    # Publish and withdraw the team's slots; the team's offer and bookings; move and cancel.
    CONSULTATIONS_OFFER = "consultations.offer"
    TRAINING_MANAGE = "training.manage"  # the team's courses and sessions; overlaps
    # The team's campaigns, events, materials and reach; its reach report in full.
    COMMUNITY_MANAGE = "community.manage"
    COMMUNITY_VIEW = "community.view"  # read the events and materials of every team
    # The reach report across teams, with small numbers suppressed (DOMAIN.md §9).
    COMMUNITY_REACH_VIEW = "community.reach_view"
    # Insights (issue 16): the team's own figures exactly (service managers, clinicians).
    INSIGHTS_VIEW = "insights.view"
    # Insights across the teams one's commissioning body funds, small numbers suppressed.
    INSIGHTS_COMMISSIONED = "insights.commissioned"
    # Change the weights of the embeddedness score (kept with the date and who changed them).
    INSIGHTS_WEIGHTS = "insights.weights"
    # Set up commissioning bodies, the teams they fund and their analysts.
    COMMISSIONING_MANAGE = "commissioning.manage"
    # The evaluation workbench (issue 17): start a study and work in the studies one is a
    # researcher of (each study's own researchers only; `evaluation.selectors`).
    EVALUATION_WORK = "evaluation.work"
    # See that the studies of one's teams exist, and their participants' Table 1; nothing else.
    EVALUATION_OVERVIEW = "evaluation.overview"


class Role(models.TextChoices):
    SERVICE_MANAGER = "service_manager", _("Service manager")
    CLINICIAN = "clinician", _("Clinician")
    TRAINER = "trainer", _("Trainer")
    COMMUNITY_WORKER = "community_worker", _("Community worker")
    PRACTITIONER = "practitioner", _("Practitioner")
    ANALYST = "analyst", _("Analyst or commissioner")
    RESEARCHER = "researcher", _("Researcher")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class Scope(StrEnum):
    TEAM = "team"  # held for one provider team
    ORGANISATION = "organisation"  # held by someone who works for an organisation in the system
    INSTANCE = "instance"  # held across the whole instance


@dataclass(frozen=True)
class RoleSpec:
    role: Role
    scope: Scope
    permissions: frozenset[Permission]
    # Holders can reach families' personal data (or every account), so they must use a
    # second factor at sign-in when the instance requires it.
    personal_data: bool
    summary: StrOrPromise


ROLES: dict[Role, RoleSpec] = {
    spec.role: spec
    for spec in [
        RoleSpec(
            Role.SERVICE_MANAGER,
            Scope.TEAM,
            frozenset(
                {
                    Permission.PEOPLE_MANAGE,
                    Permission.AUDIT_VIEW,
                    Permission.TEAM_VIEW,
                    Permission.REFERRALS_CREATE,
                    Permission.REFERRALS_TRIAGE,
                    Permission.INTAKES_MANAGE,
                    Permission.DIRECTORY_MANAGE,
                    Permission.PATHWAY_MANAGE,
                    Permission.NOTIFICATIONS_VIEW,
                    Permission.CASES_VIEW,
                    Permission.CASES_EDIT,
                    Permission.CASES_DESTROY,
                    Permission.CARE_LISTS_MANAGE,
                    Permission.CONSULTATIONS_VIEW,
                    Permission.CONSULTATIONS_OFFER,
                    Permission.TRAINING_MANAGE,
                    Permission.COMMUNITY_MANAGE,
                    Permission.COMMUNITY_VIEW,
                    Permission.INSIGHTS_VIEW,
                    Permission.INSIGHTS_WEIGHTS,
                    Permission.EVALUATION_OVERVIEW,
                }
            ),
            personal_data=True,
            summary=_("Runs the team: its people, directory, pathway rules and reports."),
        ),
        RoleSpec(
            Role.CLINICIAN,
            Scope.TEAM,
            frozenset(
                {
                    Permission.TEAM_VIEW,
                    Permission.REFERRALS_CREATE,
                    Permission.REFERRALS_TRIAGE,
                    Permission.CASES_VIEW,
                    Permission.CASES_EDIT,
                    Permission.CONSULTATIONS_VIEW,
                    Permission.CONSULTATIONS_OFFER,
                    Permission.COMMUNITY_VIEW,
                    Permission.INSIGHTS_VIEW,
                }
            ),
            personal_data=True,
            summary=_("Triages referrals, holds cases and gives consultations for the team."),
        ),
        RoleSpec(
            Role.TRAINER,
            Scope.TEAM,
            frozenset(
                {Permission.TEAM_VIEW, Permission.TRAINING_MANAGE, Permission.COMMUNITY_VIEW}
            ),
            personal_data=False,
            summary=_("Runs the training offer for the early-years workforce."),
        ),
        RoleSpec(
            Role.COMMUNITY_WORKER,
            Scope.TEAM,
            frozenset(
                {Permission.TEAM_VIEW, Permission.COMMUNITY_MANAGE, Permission.COMMUNITY_VIEW}
            ),
            personal_data=False,
            summary=_("Runs community messaging: campaigns, events and materials."),
        ),
        RoleSpec(
            Role.PRACTITIONER,
            Scope.ORGANISATION,
            frozenset(
                {
                    Permission.REFERRALS_CREATE,
                    Permission.CONSULTATIONS_VIEW,
                    Permission.CONSULTATIONS_BOOK,
                    Permission.COMMUNITY_VIEW,
                }
            ),
            personal_data=False,
            summary=_("Works with families in the early-years system; refers and consults."),
        ),
        RoleSpec(
            Role.ANALYST,
            Scope.INSTANCE,
            frozenset({Permission.COMMUNITY_REACH_VIEW, Permission.INSIGHTS_COMMISSIONED}),
            personal_data=False,
            summary=_("Sees aggregate reports with small numbers suppressed."),
        ),
        RoleSpec(
            Role.RESEARCHER,
            Scope.INSTANCE,
            frozenset({Permission.EVALUATION_WORK}),
            personal_data=False,
            summary=_("Works in the evaluation workbench with pseudonymised extracts."),
        ),
        # Not `intakes.manage`: which areas a team takes, and until what age, is the
        # service's decision (its commissioning), made by its managers once the
        # administrator has set the team up; and the permission reaches only the teams in
        # which it is held through a team role, which an instance role has none of.
        RoleSpec(
            Role.SYSTEM_ADMIN,
            Scope.INSTANCE,
            frozenset(
                {
                    Permission.PEOPLE_MANAGE,
                    Permission.AUDIT_VIEW,
                    Permission.TEAMS_MANAGE,
                    Permission.COMMISSIONING_MANAGE,
                    # Only the account e-mails: an instance role reaches no team's referrals.
                    Permission.NOTIFICATIONS_VIEW,
                    Permission.ACCOUNT_EMAILS_VIEW,
                }
            ),
            personal_data=True,
            summary=_("Looks after accounts, teams and configuration; no clinical content."),
        ),
    ]
}

TEAM_ROLES = frozenset(role for role, spec in ROLES.items() if spec.scope is Scope.TEAM)

# The roles a service manager may give and take away: the team roles of their own teams
# and the practitioner role. Instance roles are for system administrators to give.
MANAGER_GRANTABLE = TEAM_ROLES | {Role.PRACTITIONER}
