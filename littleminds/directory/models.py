"""The early-years system: its services, their remit and boundaries, who they are for, and
the links between them (DOMAIN.md §3, §5, §10). Every service is also an Open Referral UK
service, and its `code` is its Open Referral id."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The languages a service can say it works in (ISO 639-1 codes; BSL has none).
LANGUAGES = [
    ("en", _("English")),
    ("ur", _("Urdu")),
    ("pa", _("Punjabi")),
    ("bn", _("Bengali")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("ar", _("Arabic")),
    ("sk", _("Slovak")),
    ("cs", _("Czech")),
    ("ku", _("Kurdish")),
    ("fa", _("Persian")),
    ("ti", _("Tigrinya")),
    ("ps", _("Pashto")),
    ("so", _("Somali")),
    ("cy", _("Welsh")),
    ("bsl", _("British Sign Language")),
]
LANGUAGE_NAMES = dict(LANGUAGES)


class Ring(models.TextChoices):
    """Where a service sits on the evaluation's system map."""

    CORE = "core", _("Core")
    UNIVERSAL = "universal", _("Universal")
    RISK_FACTORS = "risk_factors", _("Risk factors")


class Taxonomy(models.Model):
    """A vocabulary of terms, such as the needs a service addresses."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"))
    uri = models.URLField(_("web address"), blank=True)
    version = models.CharField(_("version"), max_length=50, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NeedTerm(models.Model):
    """One need a service can address: a relationship concern or another concern."""

    class Group(models.TextChoices):
        RELATIONSHIP = "relationship", _("Relationship concern")
        OTHER = "other", _("Other concern")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    term = models.SlugField(
        _("code"), max_length=64, help_text=_("A short code, like bonding or housing")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["group", "name"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "term"], name="need_term_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The need's name in the page's language. The seeded taxonomy's names (`seed.py`)
        are in the catalogues; a name a manager wrote has no translation and stays as
        written, so pages mark it `lang="en"`."""
        return gettext(self.name)


class Area(models.Model):
    """An area a service covers: a set of postcode districts and sectors that can change
    over time (LMM took the whole district from 1 April 2020)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.SlugField(_("short name"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AreaCoverage(models.Model):
    """One postcode district ("BD7") or sector ("BD3 9") in an area, from a date and,
    if it has ended, until a date (both inclusive)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="coverage")
    prefix = models.CharField(_("postcode district or sector"), max_length=8, db_index=True)
    ons_code = models.CharField(_("ONS code"), max_length=9, blank=True)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["prefix", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="coverage_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.valid_from}–{self.valid_to or ''})"


class Location(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="location_coordinates_paired",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        TEMPORARILY_CLOSED = "temporarily_closed", _("Temporarily closed")
        DECOMMISSIONED = "decommissioned", _("Decommissioned")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    remit = models.TextField(_("remit"), help_text=_("What the service does, and for whom"))
    boundaries = models.TextField(
        _("boundaries"), help_text=_("What the service does not do, and who it does not take")
    )
    ring = models.CharField(_("ring on the system map"), max_length=16, choices=Ring.choices)
    # Ages in whole months: from `min_age_months` and under `max_age_months` (24 means
    # "until the day before the second birthday"). Empty means no limit.
    min_age_months = models.PositiveSmallIntegerField(
        _("youngest age (months)"), null=True, blank=True
    )
    max_age_months = models.PositiveSmallIntegerField(
        _("age limit (months)"), null=True, blank=True
    )
    pregnancy = models.BooleanField(_("works with families in pregnancy"), default=False)
    areas = models.ManyToManyField(Area, blank=True, related_name="services")
    # True when the service has no area limit (no areas): kept by the services beside
    # `areas`, so that a search by postcode needs no subquery for these.
    open_everywhere = models.BooleanField(default=True, editable=False)
    needs = models.ManyToManyField(NeedTerm, blank=True, related_name="services")
    in_person = models.BooleanField(_("in person"), default=True)
    online = models.BooleanField(_("online"), default=False)
    telephone = models.BooleanField(_("by telephone"), default=False)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    wait_weeks = models.PositiveSmallIntegerField(_("typical wait (weeks)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    email = models.EmailField(_("email"), blank=True)
    url = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    locations = models.ManyToManyField(Location, through="ServiceAtLocation", blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    # Lower-case words of the name, summary, description, remit and organisation, kept by
    # the services so that a search reads one column.
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["min_age_months", "max_age_months"], name="service_ages"),
            models.Index(fields=["confirmed_at"], name="service_confirmed"),
            models.Index(fields=["open_everywhere"], name="service_open_everywhere"),
            # The system map counts active services by ring and organisation (ADR 0047):
            # read from this index alone rather than the whole table. With each service's id
            # in it too (on PostgreSQL; SQLite ignores `include`), a count for one need reads
            # the index rather than every service (ADR 0047's addendum).
            models.Index(
                fields=["status", "ring", "organisation"],
                include=["id"],
                name="service_map_groups",
            ),
            # The navigator's services for a worry, and a search, are active services in the
            # order of the rings and names: walked in this index's order, a query for the
            # first five stops at the fifth that fits instead of sorting every match (ADR 0048).
            models.Index(fields=["status", "ring", "name", "id"], name="service_in_ring_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age_months__isnull=True)
                | Q(max_age_months__isnull=True)
                | Q(min_age_months__lt=F("max_age_months")),
                name="service_ages_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AccessMethod(models.TextChoices):
    SELF_REFERRAL = "self_referral", _("Families can refer themselves")
    PRACTITIONER_REFERRAL = "practitioner_referral", _("Practitioners can refer")
    CONSULTATION = "consultation", _("Practitioners can ask for a consultation")
    DROP_IN = "drop_in", _("Drop in")


class ServiceAccess(models.Model):
    """One way into a service, with the contact details for it."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="access")
    method = models.CharField(_("how"), max_length=24, choices=AccessMethod.choices)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    url = models.URLField(_("web address"), blank=True)
    instructions = models.TextField(_("what to do"), blank=True)

    class Meta:
        ordering = ["method"]
        constraints = [
            models.UniqueConstraint(fields=["service", "method"], name="access_one_per_method"),
        ]

    def __str__(self) -> str:
        return self.get_method_display()


class ServiceAtLocation(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="at_services")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="service_location_once"),
        ]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class LinkKind(models.TextChoices):
    REFERS_TO = "refers_to", _("refers to")
    RECEIVES_FROM = "receives_from", _("receives from")
    OVERLAPS_WITH = "overlaps_with", _("overlaps with")
    CONFLICTS_WITH = "conflicts_with", _("conflicts with")
    DELIVERS_JOINTLY_WITH = "delivers_jointly_with", _("delivers jointly with")


class ServiceLink(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("kind"), max_length=24, choices=LinkKind.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="link_once"),
            models.CheckConstraint(condition=~Q(source=F("target")), name="link_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"


class ServiceRevision(models.Model):
    """The service as it was after each change: who changed what, and when."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed = models.JSONField(default=list)
    data = models.JSONField()

    class Meta:
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="revision_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.service} #{self.number}"


class OverlapReview(models.Model):
    """A manager's judgement of a pair of services whose age range, area and needs overlap.
    The pair is stored in a fixed order (lower id first), so it is recorded once."""

    class Verdict(models.TextChoices):
        COMPLEMENTARY = "complementary", _("Complementary")
        CONFLICT = "conflict", _("Conflict")

    first = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True)
    reviewed_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="overlap_review_once"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="overlap_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.first} and {self.second}: {self.verdict}"


class MapSnapshot(models.Model):
    """The whole map at a time point ("Time 1, summer 2022"), kept to compare with another."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    label = models.CharField(_("label"), max_length=200)
    taken_on = models.DateField(_("taken on"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField()

    class Meta:
        ordering = ["-taken_on", "-created_at"]

    def __str__(self) -> str:
        return self.label


class ImportedDocument(models.Model):
    """An Open Referral document as it was received, kept for reference."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    received_at = models.DateTimeField(default=timezone.now, editable=False)
    source = models.CharField(max_length=500)
    shape = models.CharField(max_length=40)
    document = models.JSONField()
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.source} ({self.received_at:%Y-%m-%d})"
