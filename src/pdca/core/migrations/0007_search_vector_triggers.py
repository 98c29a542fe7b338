# PostgreSQL only: core_searchvector follows its entries by triggers instead of a foreign key.
#
# The foreign key (migration 0005) made TRUNCATE core_searchentry fail: Django's flush (between browser
# tests, and any tool that empties the tables) truncates the tables it knows without CASCADE, and it does
# not know this one. Deleting an entry now deletes its vector row, and truncating the entries empties the
# vectors, so every path that removes entries leaves no vector behind.
from django.db import migrations

FORWARDS = [
    "ALTER TABLE core_searchvector DROP CONSTRAINT IF EXISTS core_searchvector_id_fkey",
    "CREATE FUNCTION core_searchvector_forget() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " DELETE FROM core_searchvector WHERE id = OLD.id; RETURN NULL; END $$",
    "CREATE TRIGGER core_searchentry_forget AFTER DELETE ON core_searchentry"
    " FOR EACH ROW EXECUTE FUNCTION core_searchvector_forget()",
    "CREATE FUNCTION core_searchvector_clear() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " TRUNCATE core_searchvector; RETURN NULL; END $$",
    "CREATE TRIGGER core_searchentry_clear AFTER TRUNCATE ON core_searchentry"
    " FOR EACH STATEMENT EXECUTE FUNCTION core_searchvector_clear()",
]
BACKWARDS = [
    "DROP TRIGGER IF EXISTS core_searchentry_clear ON core_searchentry",
    "DROP FUNCTION IF EXISTS core_searchvector_clear()",
    "DROP TRIGGER IF EXISTS core_searchentry_forget ON core_searchentry",
    "DROP FUNCTION IF EXISTS core_searchvector_forget()",
    "DELETE FROM core_searchvector v WHERE NOT EXISTS (SELECT 1 FROM core_searchentry e WHERE e.id = v.id)",
    "ALTER TABLE core_searchvector ADD CONSTRAINT core_searchvector_id_fkey"
    " FOREIGN KEY (id) REFERENCES core_searchentry (id) ON DELETE CASCADE",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARDS:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARDS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_search_current_kind_index")]

    operations = [migrations.RunPython(forwards, backwards)]
