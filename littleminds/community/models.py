"""Community messaging (strand 1, DOMAIN.md §2; issue 15): the charity provider's campaigns,
the events families can come to, the materials in the district's languages, and the reach of
each activity.

Campaigns, events and materials belong to a team, whose community workers and managers run
them (`Permission.COMMUNITY_MANAGE`). Families see only published events still to come and
published materials (`selectors`). Lists of choices (a campaign's languages and channels, an
event's audience) are kept as tokens wrapped in "|" ("|ur|pl|"), as the training catalogue
keeps a course's audience, so one `contains` lookup filters by any of them on every database.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation, Team, User
from littleminds.community.languages import Language

TITLE_LIMIT = 200
MESSAGES_LIMIT = 2000
DESCRIPTION_LIMIT = 2000
SUMMARY_LIMIT = 500
VENUE_LIMIT = 200
ADDRESS_LIMIT = 300
HOW_TO_COME_LIMIT = 1000
LINK_LIMIT = 500
NOTE_LIMIT = 500
REASON_LIMIT = 500
NAME_LIMIT = 120
PLACES_MAX = 500
PEOPLE_PER_BOOKING_MAX = 10
REACH_MAX = 100_000  # people reached or materials given out by one activity
VIEWS_MAX = 10_000_000  # online views of one activity


def tokens(values: list[str]) -> str:
    """Choices as stored: each wrapped in "|", so that `contains="|ur|"` finds one."""
    return "|" + "|".join(values) + "|" if values else ""


def untokens(stored: str) -> list[str]:
    return [value for value in stored.split("|") if value]


class Channel(models.TextChoices):
    EVENTS = "events", _("Events")
    LEAFLETS = "leaflets", _("Leaflets and posters")
    SOCIAL_MEDIA = "social_media", _("Social media")
    RADIO = "radio", _("Radio")
    NEWSLETTERS = "newsletters", _("Partners' newsletters")


class Campaign(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="campaigns")
    theme = models.CharField(_("theme"), max_length=TITLE_LIMIT)
    key_messages = models.TextField(_("key messages"), max_length=MESSAGES_LIMIT)
    languages = models.CharField(_("languages"), max_length=100)  # tokens of `Language`
    channels = models.CharField(_("channels"), max_length=100)  # tokens of `Channel`
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="campaigns", verbose_name=_("partners")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts", "theme", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gte=F("starts")), name="campaign_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.theme

    @property
    def language_list(self) -> list[str]:
        return untokens(self.languages)

    @property
    def channel_list(self) -> list[str]:
        return untokens(self.channels)


class Event(models.Model):
    class Kind(models.TextChoices):
        TALK = "talk", _("Talk")
        STAY_AND_PLAY = "stay_and_play", _("Stay and play")
        GROUP = "group", _("Group")
        STALL = "stall", _("Stall")

    class Audience(models.TextChoices):
        PARENTS_TO_BE = "parents_to_be", _("Parents-to-be")
        PARENTS = "parents", _("Parents")
        GRANDPARENTS = "grandparents", _("Grandparents")
        COMMUNITY_GROUP = "community_group", _("A faith or community group")
        PROFESSIONALS = "professionals", _("Professionals")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="community_events")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(_("kind of event"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    description = models.TextField(_("what happens there"), max_length=DESCRIPTION_LIMIT)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    online = models.BooleanField(_("online"), default=False)
    venue = models.CharField(_("venue"), max_length=VENUE_LIMIT, blank=True)
    address = models.CharField(_("address"), max_length=ADDRESS_LIMIT, blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    # The postcode's district ("BD3"), kept by the services for "near a postcode" and reach.
    postcode_district = models.CharField(max_length=4, blank=True)
    link = models.URLField(_("joining link"), max_length=LINK_LIMIT, blank=True)
    how_to_come = models.TextField(_("how to come"), max_length=HOW_TO_COME_LIMIT, blank=True)
    audience = models.CharField(_("audience"), max_length=120)  # tokens of `Audience`
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    # The language an interpreter at the event speaks; empty when there is none.
    interpreter = models.CharField(
        _("interpreter"), max_length=2, choices=Language.choices, blank=True
    )
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="community_events",
        verbose_name=_("partner running it with the service"),
    )
    # Booking: an event that needs it has a number of places, and families book them.
    booking = models.BooleanField(_("booking needed"), default=False)
    places = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(max_length=REASON_LIMIT, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            # What's on: published events not yet ended, in date order.
            models.Index(
                fields=["ends_at"],
                condition=Q(published_at__isnull=False, cancelled_at__isnull=True),
                name="community_event_coming",
            ),
            models.Index(fields=["team", "starts_at"], name="community_event_team"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="community_event_times_in_order"
            ),
            models.CheckConstraint(
                condition=Q(online=True) | ~Q(postcode=""), name="community_event_has_place"
            ),
            models.CheckConstraint(
                condition=Q(booking=True, places__gte=1, places__lte=PLACES_MAX)
                | Q(booking=False, places__isnull=True),
                name="community_event_places_with_booking",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_list(self) -> list[str]:
        return untokens(self.audience)

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(self.Audience.choices)
        return [str(labels.get(token, token)) for token in self.audience_list]


class EventBooking(models.Model):
    """Places a family booked at an event. The services lock the event's row, so two
    families who book the last place at once get one booking between them."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="bookings")
    name = models.CharField(_("name"), max_length=NAME_LIMIT)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    people = models.PositiveSmallIntegerField(_("places"))
    # The language of the page the family booked in ("en", "ur", "pl" or "ro"): a message
    # about their booking (the event cancelled) is written in it.
    language = models.CharField(max_length=5, default="en")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(people__gte=1, people__lte=PEOPLE_PER_BOOKING_MAX),
                name="community_booking_people_bounded",
            ),
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="community_booking_has_contact"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event.title}: {self.people}"


class Material(models.Model):
    class Kind(models.TextChoices):
        LEAFLET = "leaflet", _("Leaflet")
        POSTER = "poster", _("Poster")
        VIDEO = "video", _("Short video")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="community_materials")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="materials"
    )
    kind = models.CharField(_("kind of material"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    summary = models.CharField(_("summary"), max_length=SUMMARY_LIMIT)
    # After this day the material is flagged for checking, on its page and in the list.
    review_by = models.DateField(_("review by"))
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            # Only an approved material is published.
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(approved_at__isnull=False),
                name="community_material_published_when_approved",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def due_for_review(self, today: object = None) -> bool:
        day = today or timezone.localdate()
        return self.review_by < day  # type: ignore[operator]


def material_file_path(version: MaterialVersion, filename: str) -> str:
    """Where a version's file is kept: named by codes, never by what was uploaded."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"community/materials/{version.material.code}/{version.code}.{extension}"


class MaterialVersion(models.Model):
    """A material in one language: its file, checked to be what it says it is."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    # The title in the version's language, for a family who reads that language.
    title = models.CharField(_("title in this language"), max_length=TITLE_LIMIT, blank=True)
    file = models.FileField(_("file"), upload_to=material_file_path, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["material", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["material", "language"], name="community_material_one_version_a_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.material.title} ({self.language})"


class Reach(models.Model):
    """Whom one event or campaign activity reached, recorded after it."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="community_reach")
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, null=True, blank=True, related_name="reach"
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="reach"
    )
    # For a campaign activity without an event: the channel it went through.
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, blank=True)
    day = models.DateField(_("day"))
    postcode_district = models.CharField(_("postcode district"), max_length=4, blank=True)
    adults = models.PositiveIntegerField(_("adults reached"), default=0)
    babies = models.PositiveIntegerField(_("babies reached"), default=0)
    online_views = models.PositiveIntegerField(_("online views"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=NOTE_LIMIT, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-day", "pk"]
        indexes = [models.Index(fields=["team", "day"], name="community_reach_team_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False) | Q(campaign__isnull=False),
                name="community_reach_of_something",
            ),
            models.CheckConstraint(
                condition=Q(adults__lte=REACH_MAX, babies__lte=REACH_MAX),
                name="community_reach_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.adults + self.babies}"


class ReachMaterial(models.Model):
    """Materials given out at one activity, in one language."""

    reach = models.ForeignKey(Reach, on_delete=models.CASCADE, related_name="materials")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    count = models.PositiveIntegerField(_("materials given out"))

    class Meta:
        ordering = ["reach", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["reach", "language"], name="community_reach_one_count_a_language"
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1, count__lte=REACH_MAX),
                name="community_reach_count_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.count}"
