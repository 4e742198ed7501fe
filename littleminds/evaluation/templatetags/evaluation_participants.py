"""Template tags of the participants part: Table 1 for the study's page, which includes the
part's section without its view computing anything for it."""

from __future__ import annotations

from django import template

from littleminds.evaluation.models import Study
from littleminds.evaluation.selectors_participants import Table1, table1

register = template.Library()


@register.simple_tag
def table1_of(study: Study) -> Table1:
    """Table 1 of a study the page's view has already let the viewer see."""
    return table1(study)
