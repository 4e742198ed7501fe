"""Each listed name gets an opaque code, for the address of the lead's page that changes it:
added empty, filled one by one (a default would give every row the same code), then unique."""

from __future__ import annotations

import uuid

from django.db import migrations, models


def fill_codes(apps, schema_editor):
    ListedName = apps.get_model("evaluation", "ListedName")
    for name in ListedName.objects.filter(code__isnull=True):
        name.code = uuid.uuid4()
        name.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="listedname",
            name="code",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="listedname",
            name="code",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
    ]
