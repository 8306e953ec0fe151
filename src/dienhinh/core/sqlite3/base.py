"""Django's SQLite backend, with a flush that passes the audit log's DELETE trigger.

The audit log refuses DELETE by a trigger (migration audit.0003). `flush` (used by
tests between transactional cases, and by an administrator wiping a database) deletes
every row of every table; on PostgreSQL it is a TRUNCATE, which fires no row trigger.
On SQLite it is a DELETE per table, so the flush lifts the trigger first and puts
it back after — nothing else in the application can delete an entry.
"""

from django.db.backends.sqlite3 import base, operations

AUDIT_TABLE = "audit_auditentry"
LIFT = "DROP TRIGGER IF EXISTS audit_entry_no_delete;"
PUT_BACK = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_auditentry BEGIN "
    "SELECT RAISE(ABORT, 'Nhật ký chỉ được ghi thêm'); END;"
)


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        sql = super().sql_flush(style, tables, reset_sequences=reset_sequences,
                                allow_cascade=allow_cascade)
        if AUDIT_TABLE in tables and sql:
            sql = [LIFT, *sql, PUT_BACK]
        return sql


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
