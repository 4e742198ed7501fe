"""Words for the directory's stored names: `{{ revision.changed|service_parts }}` and
`{{ entry.ring|ring_name }}`."""

from __future__ import annotations

from django import template

from littleminds.directory import labels

register = template.Library()

register.filter("service_parts", labels.service_parts)
register.filter("ring_name", labels.ring_name)
