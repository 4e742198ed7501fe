"""Words for the directory's stored names: `{{ revision.changed|service_parts }}` and
`{{ entry.ring|ring_name }}`, and an area kept by its
short name, `{{ version.service_area|area_name }}`."""

from __future__ import annotations

from django import template

from littleminds.directory import labels, selectors

register = template.Library()

register.filter("service_parts", labels.service_parts)
register.filter("ring_name", labels.ring_name)
register.filter("area_name", selectors.area_name)
