"""On PostgreSQL, a trigram index lets `search_text LIKE '%word%'` use an index instead of
reading every service (see docs/adr/0008). pg_trgm is a trusted extension: a database owner
may create it without being a superuser. Where it cannot be created, search still works,
only slower, and the migration says so rather than failing."""

from __future__ import annotations

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                "CREATE INDEX IF NOT EXISTS service_search_trgm ON directory_service "
                "USING gin (search_text gin_trgm_ops)"
            )
    except DatabaseError as error:
        logger.warning("No trigram index for directory search (%s); search will be slower.", error)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS service_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_service_open_everywhere")]

    operations = [migrations.RunPython(create, drop)]
