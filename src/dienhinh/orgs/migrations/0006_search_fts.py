"""Search that scales on SQLite: an FTS5 index with the trigram tokenizer over the
subjects' folded names and codes, so that a search for a part of a name ('nguyen van')
looks up trigrams instead of scanning every subject (orgs.search). PostgreSQL has its
pg_trgm GIN indexes since 0002.

The index is an external-content FTS5 table kept by triggers on orgs_subject, so every
write path (ORM, bulk_create, update(), raw SQL, imports) keeps it. Beware: Django's
SQLite schema editor rebuilds a table for many field changes (create a copy, copy the
rows, drop the old table, rename); dropping orgs_subject drops these triggers with it
(and the scope triggers of 0003 on orgs_unit and orgs_person likewise). A later
migration that alters orgs_subject on SQLite must create them again — FORWARD below —
and 'rebuild' the index; tests/test_search_index.py checks that they exist after all
migrations."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS orgs_subject_fts USING fts5("
    "search_name, code, content='orgs_subject', content_rowid='id', tokenize='trigram')",
    """CREATE TRIGGER IF NOT EXISTS orgs_subject_fts_insert AFTER INSERT ON orgs_subject BEGIN
         INSERT INTO orgs_subject_fts (rowid, search_name, code)
         VALUES (NEW.id, NEW.search_name, NEW.code);
       END""",
    """CREATE TRIGGER IF NOT EXISTS orgs_subject_fts_delete AFTER DELETE ON orgs_subject BEGIN
         INSERT INTO orgs_subject_fts (orgs_subject_fts, rowid, search_name, code)
         VALUES ('delete', OLD.id, OLD.search_name, OLD.code);
       END""",
    """CREATE TRIGGER IF NOT EXISTS orgs_subject_fts_update
       AFTER UPDATE OF search_name, code ON orgs_subject BEGIN
         INSERT INTO orgs_subject_fts (orgs_subject_fts, rowid, search_name, code)
         VALUES ('delete', OLD.id, OLD.search_name, OLD.code);
         INSERT INTO orgs_subject_fts (rowid, search_name, code)
         VALUES (NEW.id, NEW.search_name, NEW.code);
       END""",
    # Index the subjects already there.
    "INSERT INTO orgs_subject_fts (orgs_subject_fts) VALUES ('rebuild')",
]
FORWARD = SQLITE
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS orgs_subject_fts_update",
    "DROP TRIGGER IF EXISTS orgs_subject_fts_delete",
    "DROP TRIGGER IF EXISTS orgs_subject_fts_insert",
    "DROP TABLE IF EXISTS orgs_subject_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for sql in statements:
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("orgs", "0005_leadership_roles_collective_body")]
    operations = [migrations.RunPython(_run(SQLITE), _run(SQLITE_DROP))]
