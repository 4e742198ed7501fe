"""`{% report_chart table %}`: a training report table's bar chart, when it has one."""

from __future__ import annotations

from typing import Any

from django import template

from littleminds.training.charts import chart_for
from littleminds.training.selectors_reports import Table

register = template.Library()


@register.inclusion_tag("training/_report_chart.svg.html")
def report_chart(table: Table) -> dict[str, Any]:
    return {"chart": chart_for(table)}
