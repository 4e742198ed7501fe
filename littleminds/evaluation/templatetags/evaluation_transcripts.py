"""Template tags of the transcripts part: what its section of a study's page shows."""

from __future__ import annotations

from django import template

from littleminds.evaluation.models import Study
from littleminds.evaluation.selectors_transcripts import StatusCounts, status_counts

register = template.Library()


@register.simple_tag
def transcript_counts(study: Study) -> StatusCounts:
    """The study's transcripts by status, for `_part_transcripts.html`."""
    return status_counts(study)
