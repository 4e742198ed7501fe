"""Each case keeps the start of the last contact the family attended (ADR 0062), worked out
here once for the cases already held, in one UPDATE of a grouped read of the attended
contacts (SQLite has had UPDATE ... FROM since 3.33), before the index on it is built."""

from django.conf import settings
from django.db import migrations, models

import littleminds.core.db

# Frozen here as it was when this migration was written (`services.LAST_CONTACT_BACKFILL`
# is the same for the bench's loader).
BACKFILL = """
    UPDATE casework_case SET last_contact_at = attended.last_at
    FROM (
        SELECT case_id, max(starts_at) AS last_at FROM casework_contact
        WHERE outcome = 'attended' GROUP BY case_id
    ) AS attended
    WHERE casework_case.id = attended.case_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_organisation_kind"),
        ("casework", "0010_administration_caseness_may_be_none"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="last_contact_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop, elidable=True),
        migrations.AddIndex(
            model_name="case",
            index=littleminds.core.db.NullsFirstIndex(
                models.F("team"),
                models.OrderBy(models.F("last_contact_at"), nulls_first=True),
                models.F("id"),
                name="case_team_last_contact",
            ),
        ),
    ]
