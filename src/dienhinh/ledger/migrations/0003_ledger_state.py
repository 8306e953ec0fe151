"""LedgerState and the triggers that raise its version on any change to the tables an
evaluation reads. Statement-level on PostgreSQL (one bump per import statement);
SQLite has row triggers only."""

from django.db import migrations, models

WATCHED = ["ledger_achievement", "orgs_person", "orgs_unit", "orgs_subject"]
BUMP = "UPDATE ledger_ledgerstate SET version = version + 1 WHERE id = 1"


def forward(apps, schema_editor):
    execute = schema_editor.execute
    execute("INSERT INTO ledger_ledgerstate (id, version) VALUES (1, 1)")
    if schema_editor.connection.vendor == "postgresql":
        execute(
            "CREATE OR REPLACE FUNCTION dienhinh_bump_ledger_version() RETURNS trigger "
            f"AS $$ BEGIN {BUMP}; RETURN NULL; END; $$ LANGUAGE plpgsql"
        )
        for table in WATCHED:
            execute(
                f"CREATE TRIGGER {table}_bumps_ledger_version AFTER INSERT OR UPDATE OR "
                f"DELETE OR TRUNCATE ON {table} FOR EACH STATEMENT "
                "EXECUTE FUNCTION dienhinh_bump_ledger_version()"
            )
    else:
        for table in WATCHED:
            for event in ("INSERT", "UPDATE", "DELETE"):
                execute(
                    f"CREATE TRIGGER {table}_{event.lower()}_bumps_ledger_version "
                    f"AFTER {event} ON {table} BEGIN {BUMP}; END"
                )


def backward(apps, schema_editor):
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        for table in WATCHED:
            execute(f"DROP TRIGGER IF EXISTS {table}_bumps_ledger_version ON {table}")
        execute("DROP FUNCTION IF EXISTS dienhinh_bump_ledger_version()")
    else:
        for table in WATCHED:
            for event in ("insert", "update", "delete"):
                execute(f"DROP TRIGGER IF EXISTS {table}_{event}_bumps_ledger_version")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_import_job"), ("orgs", "0001_initial")]
    operations = [
        migrations.CreateModel(
            name="LedgerState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("version", models.BigIntegerField(default=1)),
            ],
            options={"verbose_name": "phiên bản sổ thành tích"},
        ),
        migrations.RunPython(forward, backward),
        migrations.AddIndex(
            model_name="achievement",
            index=models.Index(fields=["-updated_at", "-id"], name="achievement_recent"),
        ),
    ]
