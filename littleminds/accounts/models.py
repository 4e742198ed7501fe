from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import rules
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.roles import ROLES, TEAM_ROLES, Permission, Role

if TYPE_CHECKING:
    from collections.abc import Iterable


class Organisation(models.Model):
    """An organisation of the early-years system: a provider of the service, or any other
    organisation whose practitioners use the platform (the directory adds its services)."""

    class Kind(models.TextChoices):
        """The kinds of organisation the system map groups services by (DOMAIN.md §3), in
        the order they sit round each ring."""

        NHS = "nhs", _("NHS health service")
        PRIMARY_CARE = "primary_care", _("GP practice or primary care")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        EARLY_YEARS = "early_years", _("Nursery, school or early years setting")
        VOLUNTARY = "voluntary", _("Voluntary and community organisation")
        OTHER = "other", _("Other kind of organisation")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Empty until a directory manager says which kind it is.
    kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=Kind.choices, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A provider team. Every family's personal record belongs to exactly one team."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=(username or "").strip())

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        """`littleminds createsuperuser`: the first system administrator of an instance."""
        from littleminds.accounts import services

        return services.user_create(
            by=None,
            email=email,
            full_name=fields.get("full_name") or email,
            password=password,
            roles=[(Role.SYSTEM_ADMIN, None)],
        )


class User(AbstractBaseUser):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now, editable=False)
    invited_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deactivated_at = models.DateTimeField(null=True, blank=True)
    deactivated_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    is_active=True, deactivated_at__isnull=True, deactivated_by__isnull=True
                )
                | Q(is_active=False, deactivated_at__isnull=False),
                name="user_deactivation_consistent",
            ),
            models.CheckConstraint(
                condition=Q(invited_at__isnull=False) | Q(invited_by__isnull=True),
                name="user_invitation_consistent",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    # Roles and permissions. The assignments are read once per request and kept on the
    # instance, so a page that asks many questions costs one query.
    def role_assignments(self) -> list[RoleAssignment]:
        cached: list[RoleAssignment] | None = getattr(self, "_role_assignments", None)
        if cached is None:
            cached = list(self.roles.select_related("team").all()) if self.pk else []
            self._role_assignments = cached
        return cached

    def forget_roles(self) -> None:
        self.__dict__.pop("_role_assignments", None)

    def has_role(self, role: Role, team: Team | None = None) -> bool:
        return any(
            a.role == role and (team is None or a.team_id == team.pk)
            for a in self.role_assignments()
        )

    def permissions(self) -> frozenset[Permission]:
        granted: set[Permission] = set()
        for assignment in self.role_assignments():
            granted |= ROLES[Role(assignment.role)].permissions
        return frozenset(granted)

    def teams_with(self, permission: Permission) -> list[Team]:
        """The teams in which this person holds `permission` through a team role."""
        return [
            a.team
            for a in self.role_assignments()
            if a.team is not None and permission in ROLES[Role(a.role)].permissions
        ]

    def teams(self) -> list[Team]:
        seen: dict[int, Team] = {}
        for a in self.role_assignments():
            if a.team is not None:
                seen.setdefault(a.team.pk, a.team)
        return list(seen.values())

    def second_factor_passed(self) -> bool:
        """Whether this session passed the second factor (django-otp's middleware attaches
        `is_verified` to the user of each request)."""
        is_verified = getattr(self, "is_verified", None)
        return bool(is_verified and is_verified())

    @property
    def needs_second_factor(self) -> bool:
        return any(ROLES[Role(a.role)].personal_data for a in self.role_assignments())

    def has_perm(self, perm: str, obj: object | None = None) -> bool:
        return self.is_active and rules.has_perm(perm, self, obj)

    def has_perms(self, perm_list: Iterable[str], obj: object | None = None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)


class RoleAssignment(models.Model):
    """One role held by one person: for a team (team roles) or for the whole instance."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=32, choices=Role.choices)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "team"],
                condition=Q(team__isnull=False),
                name="role_unique_per_team",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(team__isnull=True),
                name="role_unique_without_team",
            ),
            models.CheckConstraint(
                condition=Q(role__in=sorted(TEAM_ROLES), team__isnull=False)
                | (~Q(role__in=sorted(TEAM_ROLES)) & Q(team__isnull=True)),
                name="role_team_matches_scope",
            ),
        ]

    def __str__(self) -> str:
        label = Role(self.role).label
        return f"{label} ({self.team})" if self.team_id else str(label)


class ApiToken(models.Model):
    """A partner system's key to the API, on behalf of one organisation. Only a hash of the
    secret is kept: the secret is shown once, when the token is made (`api_tokens.py`)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=120)
    # SHA-256 of the secret, in hex. The secret is random (256 bits), so no salt is needed.
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
