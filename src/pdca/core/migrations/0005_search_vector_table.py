# PostgreSQL only: the tsvector moves from core_searchentry into a narrow table of its own (see core/search.py).
#
# A search reads the filters and the vector of every match it ranks; in the wide entry row (title, text, file
# text: ~2 KB a row) each of those reads was a page of its own, and a common word cost 25 ms per query with
# 20,000 documents. The narrow row holds only what a search filters on and the vector (~8 to a page).
# A trigger keeps its filter columns in step with the entry (every write path, raw SQL included); the entry's
# deletion cascades to it. The vector itself is still written by core.search from text it normalises.
from django.db import migrations

FORWARDS = [
    "CREATE TABLE core_searchvector ("
    " id bigint PRIMARY KEY REFERENCES core_searchentry (id) ON DELETE CASCADE,"
    " organisation_id bigint NOT NULL, is_current boolean NOT NULL, perm varchar(100) NOT NULL,"
    " user_id bigint NULL, kind varchar(40) NOT NULL, search_vector tsvector NOT NULL DEFAULT ''::tsvector)",
    "INSERT INTO core_searchvector (id, organisation_id, is_current, perm, user_id, kind, search_vector)"
    " SELECT id, organisation_id, is_current, perm, user_id, kind, search_vector FROM core_searchentry",
    "CREATE INDEX core_searchvector_vector ON core_searchvector USING GIN (search_vector)",
    "DROP INDEX IF EXISTS core_searchentry_vector",
    "ALTER TABLE core_searchentry DROP COLUMN search_vector",
    "CREATE FUNCTION core_searchvector_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " INSERT INTO core_searchvector (id, organisation_id, is_current, perm, user_id, kind)"
    " VALUES (NEW.id, NEW.organisation_id, NEW.is_current, NEW.perm, NEW.user_id, NEW.kind)"
    " ON CONFLICT (id) DO UPDATE SET organisation_id = EXCLUDED.organisation_id, is_current = EXCLUDED.is_current,"
    " perm = EXCLUDED.perm, user_id = EXCLUDED.user_id, kind = EXCLUDED.kind;"
    " RETURN NULL; END $$",
    "CREATE TRIGGER core_searchentry_sync AFTER INSERT OR UPDATE OF organisation_id, is_current, perm, user_id, kind"
    " ON core_searchentry FOR EACH ROW EXECUTE FUNCTION core_searchvector_sync()",
]
BACKWARDS = [
    "DROP TRIGGER IF EXISTS core_searchentry_sync ON core_searchentry",
    "DROP FUNCTION IF EXISTS core_searchvector_sync()",
    "ALTER TABLE core_searchentry ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector",
    "UPDATE core_searchentry e SET search_vector = v.search_vector FROM core_searchvector v WHERE v.id = e.id",
    "CREATE INDEX core_searchentry_vector ON core_searchentry USING GIN (search_vector)",
    "DROP TABLE core_searchvector",
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
    dependencies = [("core", "0004_searchentry")]

    operations = [migrations.RunPython(forwards, backwards)]
