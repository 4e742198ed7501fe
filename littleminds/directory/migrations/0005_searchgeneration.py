"""The directory's search generation (ADR 0046): one row, whose token every directory write
changes, so that cached searches are never served after a change."""

from __future__ import annotations

import uuid

from django.db import migrations, models


def create(apps, schema_editor):
    SearchGeneration = apps.get_model("directory", "SearchGeneration")
    SearchGeneration.objects.get_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_search_text_trigram_index")]

    operations = [
        migrations.CreateModel(
            name="SearchGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(create, migrations.RunPython.noop),
    ]
