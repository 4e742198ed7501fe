"""The directory's search generation becomes a row of `core.CacheGeneration`, beside What's
on's (ADR 0046, ADR 0050): one store for every generation. The token is carried across, so
searches cached before the move are still found, and carried back if it is undone."""

from __future__ import annotations

import uuid

from django.db import migrations

NAME = "directory.search"


def into_core(apps, schema_editor):
    SearchGeneration = apps.get_model("directory", "SearchGeneration")
    CacheGeneration = apps.get_model("core", "CacheGeneration")
    token = SearchGeneration.objects.filter(pk=1).values_list("token", flat=True).first()
    CacheGeneration.objects.update_or_create(
        name=NAME, defaults={"token": token or uuid.uuid4().hex}
    )


def back_from_core(apps, schema_editor):
    SearchGeneration = apps.get_model("directory", "SearchGeneration")
    CacheGeneration = apps.get_model("core", "CacheGeneration")
    token = CacheGeneration.objects.filter(name=NAME).values_list("token", flat=True).first()
    SearchGeneration.objects.update_or_create(pk=1, defaults={"token": token or uuid.uuid4().hex})
    CacheGeneration.objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_service_in_ring_order_index"),
        ("core", "0002_cache_generation"),
    ]

    operations = [
        migrations.RunPython(into_core, back_from_core),
        migrations.DeleteModel(name="SearchGeneration"),
    ]
