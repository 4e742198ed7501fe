"""The evaluation workbench (issue 17): studies, their participants across time points,
pseudonymised transcripts cut into segments, a codebook, codings by each researcher, memos.

Offsets. Every position in a transcript (a segment's, a coding's, a memo's) counts Unicode
code points of `Transcript.text`, the pseudonymised text, from 0, end exclusive: Python's
own string indices, and REFI-QDA's `startPosition`/`endPosition`. The browser counts UTF-16
units, so the coding page converts at its edge (an emoji is one code point, two units).
`Transcript.text` never changes once the transcript is ready, so positions stay true.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.directory.models import Ring


class Study(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    research_questions = models.TextField(_("research questions"), max_length=5000)
    # The service the study evaluates: its managers may see that the study exists and its
    # Table 1 (issue 17, "Access"), nothing else.
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="studies", verbose_name=_("team")
    )
    # Keep each transcript's text as uploaded, before pseudonymisation, visible to the study's
    # lead researchers only. Off by default: the original holds real names.
    keep_originals = models.BooleanField(_("keep the original transcripts"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "studies"

    def __str__(self) -> str:
        return self.title


class StudyResearcher(models.Model):
    """A researcher of a study: only they see its data. A lead also manages the study (its
    researchers, time points, names) and alone sees kept originals."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="researchers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="studies_researched"
    )
    lead = models.BooleanField(_("lead researcher"), default=False)
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-lead", "added_at"]
        constraints = [
            models.UniqueConstraint(fields=["study", "user"], name="study_researcher_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.study})"


class TimePoint(models.Model):
    """A time point of the study ("Time 1"), with the period its fieldwork covers and, where
    the study looks at the system, the directory's map at that time (`MapSnapshot`)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="time_points")
    label = models.CharField(_("label"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"))
    starts_on = models.DateField(_("fieldwork starts"))
    ends_on = models.DateField(_("fieldwork ends"))
    snapshot = models.ForeignKey(
        "directory.MapSnapshot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the directory's time point"),
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["study", "position"], name="time_point_position"),
            models.UniqueConstraint(fields=["study", "label"], name="time_point_label"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="time_point_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Participant(models.Model):
    """Someone who took part, known in the analysis by a code only ("P07")."""

    class Group(models.TextChoices):
        SERVICE_DESIGN = "service_design", _("Service design")
        SERVICE_TEAM = "service_team", _("The service's own team")
        WORKFORCE = "workforce", _("Early-years workforce")
        PARENT = "parent", _("Parent")
        OTHER = "other", _("Other")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="participants")
    label = models.CharField(_("participant code"), max_length=20)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    # The organisation's ring on the directory's map when the participant was added (blank:
    # none, or an organisation with no services in the directory).
    ring = models.CharField(_("ring"), max_length=16, choices=Ring.choices, blank=True)
    consent_on = models.DateField(_("consent given on"))
    information_sheet_version = models.CharField(_("information sheet version"), max_length=40)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["study", "label"], name="participant_label_once"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="participant_withdrawn_pair",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Participation(models.Model):
    """A participant's taking part at one time point, by one method."""

    class Method(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        FOCUS_GROUP = "focus_group", _("Focus group")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="participations"
    )
    time_point = models.ForeignKey(TimePoint, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "time_point"], name="participation_once_a_time_point"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} at {self.time_point}"


class ListedName(models.Model):
    """A name pseudonymisation looks for in the study's transcripts, and what replaces it: a
    participant's name (replaced by their code), or a person or place the study lists."""

    class Kind(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        PERSON = "person", _("Person")
        PLACE = "place", _("Place")

    # The address of the lead's page that changes the name (issue 17, participants part).
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="listed_names")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("name as written"), max_length=200)
    replacement = models.CharField(_("replaced by"), max_length=40)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="names"
    )

    class Meta:
        ordering = ["kind", "text"]
        constraints = [
            models.UniqueConstraint(fields=["study", "text"], name="listed_name_once"),
        ]

    def __str__(self) -> str:
        return f"{self.text} → {self.replacement}"


class Transcript(models.Model):
    """An interview or focus group as plain text. Uploaded, it waits in `REVIEW` while the
    researcher checks the replacements pseudonymisation proposes; once they are applied it
    is `READY`, its `text` fixed and cut into segments, and it can be coded."""

    class Status(models.TextChoices):
        REVIEW = "review", _("Names to review")
        READY = "ready", _("Ready to code")

    class Format(models.TextChoices):
        TEXT = "txt", _("Plain text")
        WORD = "docx", _("Word document")
        WEBVTT = "vtt", _("WebVTT subtitles")
        SUBRIP = "srt", _("SubRip subtitles")
        REFI_QDA = "qdpx", _("REFI-QDA project")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="transcripts")
    title = models.CharField(_("title"), max_length=200)
    time_point = models.ForeignKey(
        TimePoint, on_delete=models.PROTECT, null=True, blank=True, related_name="transcripts"
    )
    method = models.CharField(
        _("method"), max_length=20, choices=Participation.Method.choices, blank=True
    )
    participants = models.ManyToManyField(Participant, blank=True, related_name="transcripts")
    source_format = models.CharField(max_length=10, choices=Format.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REVIEW)
    # The text researchers analyse. In REVIEW it is the uploaded text; when the review is
    # applied it becomes the pseudonymised text and never changes again.
    text = models.TextField()
    # The uploaded text, kept after review only when the study keeps originals.
    original_text = models.TextField(blank=True)
    word_count = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ready_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["study", "title"], name="transcript_title_once"),
        ]

    def __str__(self) -> str:
        return self.title


class Segment(models.Model):
    """A paragraph or a speaker turn of a ready transcript: the unit agreement is counted on
    (a segment is coded with a code when any part of it is), and who said it."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="segments")
    index = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    speaker = models.CharField(max_length=100, blank=True)
    # Who spoke, where known: a focus group's turns name their speaker; an interview's
    # participant speaks every turn that is not the interviewer's.
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="segments"
    )

    class Meta:
        ordering = ["transcript", "index"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "index"], name="segment_index_once"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="segment_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.transcript} §{self.index}"


class Code(models.Model):
    """A code of the study's codebook; a code with a parent is a sub-code of a theme."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # REFI-QDA's identity for the code, kept across export and import.
    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    # "#RRGGBB"
    colour = models.CharField(_("colour"), max_length=7, default="#005EB8")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["study", "guid"], name="code_guid_once"),
            models.UniqueConstraint(
                fields=["study", "parent", "name"], name="code_name_once_under_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Coding(models.Model):
    """A passage of a transcript coded with one code by one researcher."""

    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="codings")
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="codings")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["transcript", "start", "end"]
        indexes = [models.Index(fields=["transcript", "coder"], name="coding_transcript_coder")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="coding_not_empty"),
            models.UniqueConstraint(
                fields=["transcript", "coder", "code", "start", "end"], name="coding_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.start}–{self.end}"


class Memo(models.Model):
    """A researcher's note on a transcript, on a passage of it (`start`..`end`), or on a code."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="memos")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("memo"), max_length=5000)
    transcript = models.ForeignKey(
        Transcript, on_delete=models.CASCADE, null=True, blank=True, related_name="memos"
    )
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    on_code = models.ForeignKey(
        Code, on_delete=models.CASCADE, null=True, blank=True, related_name="memos"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # On a code, or on a transcript (wholly, or a passage of it): one of the two.
            models.CheckConstraint(
                condition=Q(transcript__isnull=True, on_code__isnull=False, start__isnull=True)
                | Q(transcript__isnull=False, on_code__isnull=True),
                name="memo_one_target",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True)
                | Q(start__isnull=False, end__gt=F("start")),
                name="memo_passage_pair",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]
