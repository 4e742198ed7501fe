"""Values as people read them: `{{ number|phone }}` and `{{ number|phone_link }}`."""

from __future__ import annotations

from django import template

from littleminds.core.phones import phone_link, phone_shown

register = template.Library()

register.filter("phone", phone_shown)
register.filter("phone_link", phone_link)
