"""Migration operations for what only PostgreSQL has (GIN indexes, extensions); no-ops on SQLite."""

import logging

from django.db import DatabaseError, migrations, transaction

log = logging.getLogger(__name__)


def postgres_only(forwards: list[str], backwards: list[str], *, extension: str = "") -> migrations.RunPython:
    """Run `forwards` (SQL statements) on PostgreSQL, `backwards` when unapplied.

    With `extension` (e.g. "pg_trgm", shipped with PostgreSQL's contrib modules), it is created first; a
    server where that is not allowed keeps working without these indexes (slower searches, a warning),
    rather than refusing the whole migration."""

    def run(statements):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor != "postgresql":
                return
            if extension and statements is forwards and not _create_extension(schema_editor, extension):
                return
            for sql in statements:
                schema_editor.execute(sql)

        return operation

    return migrations.RunPython(run(forwards), run(backwards))


def _create_extension(schema_editor, name: str) -> bool:
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")
    except DatabaseError as exc:
        log.warning("PostgreSQL extension %s not available (%s): its indexes are skipped.", name, exc)
        return False
    return True
