"""The database's refusal to change or delete an audit entry says so in Vietnamese only
(it used to pair Vietnamese with English in one message). The triggers refuse exactly
what they refused before; only their message changes.
"""

from django.db import migrations

MESSAGE = "Nhật ký chỉ được ghi thêm"
OLD = "Nhật ký chỉ được ghi thêm / the audit log is append-only"

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '{message}';
END;
$$ LANGUAGE plpgsql;
"""
SQLITE_TRIGGERS = {
    "audit_entry_append_only": "UPDATE",
    "audit_entry_no_delete": "DELETE",
}
SQLITE_TRIGGER = """
CREATE TRIGGER {name} BEFORE {event} ON audit_auditentry
BEGIN
  SELECT RAISE(ABORT, '{message}');
END;
"""


def _set(schema_editor, message: str) -> None:
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        # The trigger calls the function by name: replacing the function is enough.
        schema_editor.execute(PG_FUNCTION.format(message=message))
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                           "AND tbl_name = 'audit_auditentry'")
            present = {row[0] for row in cursor.fetchall()}
        for name, event in SQLITE_TRIGGERS.items():
            if name in present:  # put back only what was there
                schema_editor.execute(f"DROP TRIGGER {name};")
                schema_editor.execute(SQLITE_TRIGGER.format(name=name, event=event,
                                                            message=message))


def forward(apps, schema_editor):
    _set(schema_editor, MESSAGE)


def backward(apps, schema_editor):
    _set(schema_editor, OLD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_every_column")]
    operations = [migrations.RunPython(forward, backward)]
