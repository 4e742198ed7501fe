"""On PostgreSQL, the database itself refuses to change or delete a signed note (ADR 0024):
not even a raw UPDATE or DELETE from a console gets past it. SQLite, the newcomer's
database, relies on the model's refusal (and its tests' flush deletes rows)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION casework_note_cannot_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'A signed note cannot be changed or deleted; add an addendum.'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER casework_note_cannot_change
    BEFORE UPDATE OR DELETE ON casework_note
    FOR EACH ROW EXECUTE FUNCTION casework_note_cannot_change();
"""

DROP = """
DROP TRIGGER IF EXISTS casework_note_cannot_change ON casework_note;
DROP FUNCTION IF EXISTS casework_note_cannot_change();
"""


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
