# PostgreSQL only: trigram indexes for the register's search (?q=), which Django writes as
# UPPER(column::text) LIKE UPPER('%word%'). Without them each search read all of a 10,000-process
# register, SIPOC texts and all (43 ms p50 for ?q=machining in make bench); SQLite keeps its scan.
from django.db import migrations

from pdca.core.migration_ops import postgres_only

COLUMNS = ("number", "name")


class Migration(migrations.Migration):
    dependencies = [("processes", "0004_map_and_interaction_indexes")]

    operations = [
        postgres_only(
            [
                f"CREATE INDEX IF NOT EXISTS process_{c}_trgm ON processes_process USING gin "
                f"((UPPER({c}::text)) gin_trgm_ops)"
                for c in COLUMNS
            ],
            [f"DROP INDEX IF EXISTS process_{c}_trgm" for c in COLUMNS],
            extension="pg_trgm",
        )
    ]
