"""Search that scales on PostgreSQL: trigram indexes serve `LIKE '%word%'` on the folded
name and `UPPER(code) LIKE` (Django's icontains) instead of a scan of every subject.
SQLite keeps its plain indexes (a scan of a department-size table is fast there)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS orgs_subject_search_trgm "
    "ON orgs_subject USING gin (search_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS orgs_subject_code_upper_trgm "
    "ON orgs_subject USING gin (UPPER(code) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS orgs_subject_code_upper_trgm",
    "DROP INDEX IF EXISTS orgs_subject_search_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
