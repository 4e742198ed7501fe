"""Publish the default rules (DOMAIN.md §6) as rule set version 1."""

from __future__ import annotations

from django.db import migrations

from littleminds.pathway.rules import seed_default_rule_set


def seed(apps, schema_editor):
    seed_default_rule_set(apps.get_model("pathway", "RuleSetVersion"))


class Migration(migrations.Migration):
    dependencies = [("pathway", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
