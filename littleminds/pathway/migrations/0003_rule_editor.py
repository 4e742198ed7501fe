"""The rule editor: a code for each rule set version (for its pages and the audit trail),
the version a draft or a republished version came from, one draft at a time, and the test
bench's scenarios, seeded with every default rule and its edges (rules.DEFAULT_SCENARIOS)."""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from littleminds.pathway.rules import seed_default_scenarios


def give_codes(apps, schema_editor):
    RuleSetVersion = apps.get_model("pathway", "RuleSetVersion")
    for version in RuleSetVersion.objects.all():
        # A queryset update: the historical model has no save() guard, and none is needed
        # for a new column.
        RuleSetVersion.objects.filter(pk=version.pk).update(code=uuid.uuid4())


def seed(apps, schema_editor):
    seed_default_scenarios(apps.get_model("pathway", "Scenario"))


class Migration(migrations.Migration):
    dependencies = [
        ("pathway", "0002_default_rule_set"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Scenario",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("name", models.CharField(max_length=200, verbose_name="Name")),
                ("note", models.TextField(blank=True, verbose_name="Why it is on the bench")),
                (
                    "asker",
                    models.CharField(
                        choices=[("practitioner", "practitioner"), ("parent", "parent")],
                        max_length=16,
                    ),
                ),
                ("pregnant", models.BooleanField(default=False)),
                ("expected_delivery_date", models.DateField(blank=True, null=True)),
                ("child_date_of_birth", models.DateField(blank=True, null=True)),
                ("postcode", models.CharField(max_length=8)),
                ("concerns", models.JSONField(blank=True, default=list)),
                (
                    "impact",
                    models.CharField(
                        blank=True,
                        choices=[("mild", "mild"), ("moderate", "moderate"), ("severe", "severe")],
                        max_length=16,
                    ),
                ),
                ("immediate_risk", models.BooleanField(default=False)),
                ("practitioner_involved", models.BooleanField(default=False)),
                ("on_date", models.DateField()),
                (
                    "expected_route",
                    models.CharField(
                        choices=[
                            ("urgent", "urgent"),
                            ("lmm_referral", "lmm_referral"),
                            ("lmm_consultation", "lmm_consultation"),
                            ("signpost", "signpost"),
                            ("universal", "universal"),
                        ],
                        max_length=24,
                    ),
                ),
                ("expected_also", models.JSONField(blank=True, null=True)),
                ("active", models.BooleanField(default=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.AddField(
            model_name="rulesetversion",
            name="republished_from",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="pathway.rulesetversion",
            ),
        ),
        migrations.AddField(
            model_name="rulesetversion",
            name="based_on",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="pathway.rulesetversion",
            ),
        ),
        # Added empty, filled one by one, then made unique (a callable default would give
        # every existing row the same value).
        migrations.AddField(
            model_name="rulesetversion",
            name="code",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="rulesetversion",
            name="code",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddConstraint(
            model_name="rulesetversion",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "draft")),
                fields=("status",),
                name="rule_set_one_draft",
            ),
        ),
        migrations.AddField(
            model_name="scenario",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
