"""On SQLite, keep who-voted and what-was-voted in WITHOUT ROWID tables.

An ordinary SQLite table has a hidden, increasing `rowid`: the n-th participation and
the n-th vote would line up by it. A WITHOUT ROWID table stores its rows in the order
of their primary key, here a random UUID, so the physical order says nothing about
when a row was written. (PostgreSQL's heap order is discussed in docs/architecture.md.)
"""

from django.db import migrations

TABLES = ("council_vote", "council_ballotparticipation")


def without_rowid(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s",
                           [table])
            (create,) = cursor.fetchone()
            if "WITHOUT ROWID" in create.upper():
                continue
            # Indexes and triggers go with the table: keep their definitions to restore.
            cursor.execute("SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
                           "AND tbl_name = %s AND sql IS NOT NULL ORDER BY type", [table])
            extras = [row[0] for row in cursor.fetchall()]
            new = f"{table}__norowid"
            cursor.execute(create.replace(f'"{table}"', f'"{new}"', 1) + " WITHOUT ROWID")
            cursor.execute(f'INSERT INTO "{new}" SELECT * FROM "{table}"')
            cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute(f'ALTER TABLE "{new}" RENAME TO "{table}"')
            for sql in extras:
                cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("council", "0002_closed_ballot_guards")]

    operations = [migrations.RunPython(without_rowid, migrations.RunPython.noop)]
