"""`{{ event.action|action_words }}`: an audit action in words."""

from __future__ import annotations

from django import template

from littleminds.audit.labels import action_words

register = template.Library()

register.filter("action_words", action_words)
