"""Hash every column of the audit entries; refuse DELETE on SQLite as on PostgreSQL.

The append-only trigger is lifted, every entry's hash is recomputed in sequence order
over all its columns, the head is moved to the new last hash, and the triggers are
put back — all in this migration's transaction. The canonical form is copied here
from `audit.services` on purpose: a migration must keep its meaning when the
service changes later.

On SQLite the test flush deletes rows table by table; the project's SQLite backend
(`dienhinh.core.sqlite3`) lifts the DELETE trigger around a flush only, as
PostgreSQL's TRUNCATE does not fire row triggers either.
"""

import hashlib
import json

from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64
COLUMNS = ("seq", "at", "actor_id", "actor_name", "action", "target_type", "target_id",
           "target_repr", "before", "after", "prev_hash")

PG_LIFT = "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;"
PG_PUT_BACK = """
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
"""
SQLITE_LIFT = ["DROP TRIGGER IF EXISTS audit_entry_append_only;",
               "DROP TRIGGER IF EXISTS audit_entry_no_delete;"]
SQLITE_UPDATE = """
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE ON audit_auditentry
BEGIN
  SELECT RAISE(ABORT, 'Nhật ký chỉ được ghi thêm / the audit log is append-only');
END;
"""
SQLITE_DELETE = """
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry
BEGIN
  SELECT RAISE(ABORT, 'Nhật ký chỉ được ghi thêm / the audit log is append-only');
END;
"""


def new_hash(entry, prev_hash: str) -> str:
    values = {name: getattr(entry, name) for name in COLUMNS}
    values["prev_hash"] = prev_hash
    values["at"] = values["at"].isoformat()
    payload = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def old_hash(entry, prev_hash: str) -> str:
    payload = json.dumps(
        [prev_hash, entry.seq, entry.at.isoformat(), entry.actor_name, entry.action,
         entry.target_type, entry.target_id, entry.before, entry.after],
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def rechain(apps, digest) -> None:
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditHead = apps.get_model("audit", "AuditHead")
    prev = GENESIS
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        value = digest(entry, prev)
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=prev, hash=value)
        prev = value
    AuditHead.objects.filter(id=1).update(hash=prev)


def _lift(schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_LIFT)
    elif vendor == "sqlite":
        for statement in SQLITE_LIFT:
            schema_editor.execute(statement)


def forward(apps, schema_editor):
    _lift(schema_editor)
    rechain(apps, new_hash)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_PUT_BACK)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UPDATE)
        schema_editor.execute(SQLITE_DELETE)


def backward(apps, schema_editor):
    _lift(schema_editor)
    rechain(apps, old_hash)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_PUT_BACK)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UPDATE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only"),
                    migrations.swappable_dependency(settings.AUTH_USER_MODEL)]
    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="actor",
            field=models.ForeignKey(db_constraint=False, null=True,
                                    on_delete=models.deletion.DO_NOTHING, related_name="+",
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(forward, backward),
    ]
