"""Seed the needs taxonomy with the concerns of DOMAIN.md §6 and the risk factors of §3."""

from __future__ import annotations

from django.db import migrations

from littleminds.directory.seed import seed_needs


def seed(apps, schema_editor):
    seed_needs(apps.get_model("directory", "Taxonomy"), apps.get_model("directory", "NeedTerm"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
