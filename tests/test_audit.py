import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from dienhinh.audit import services
from dienhinh.audit.models import AuditEntry


@pytest.fixture
def entries(make_user, tree):
    user = make_user("vanthu")
    for i in range(3):
        services.record(user, "ledger.update", tree["hong"], before={"note": i}, after={"note": i + 1})
    return user


@pytest.mark.django_db
def test_entries_are_chained_and_verify_clean(entries, capsys):
    rows = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in rows] == [1, 2, 3]
    assert rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash
    assert rows[0].actor_name == "vanthu" and rows[0].after == {"note": 1}
    assert services.verify() == []
    call_command("audit", "verify")
    assert "toàn vẹn: 3" in capsys.readouterr().out


@pytest.mark.django_db
def test_update_is_refused_by_the_database(entries):
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        AuditEntry.objects.filter(seq=2).update(action="forged")
    # the database says why, in one language
    assert "Nhật ký chỉ được ghi thêm" in str(refused.value)
    assert "append-only" not in str(refused.value)
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        AuditEntry.objects.filter(seq=2).delete()
    assert "Nhật ký chỉ được ghi thêm" in str(refused.value)


@pytest.mark.django_db
def test_tampering_behind_the_triggers_is_reported(entries):
    # Someone with database rights drops the protection and edits an entry.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_entry_append_only")
        cursor.execute("UPDATE audit_auditentry SET after = %s WHERE seq = 2", ['{"note": 99}'])
    problems = services.verify()
    assert any("#2" in p and "đã bị sửa" in p for p in problems)
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    assert exc.value.returncode == 1


@pytest.mark.django_db
def test_deleted_entry_breaks_the_chain(entries):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_delete")
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = 2")
    problems = services.verify()
    assert any("Thiếu bản ghi" in p for p in problems)


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_chain(make_user, tree):
    user = make_user("vanthu")
    errors = []

    def work():
        try:
            for _ in range(5):
                services.record(user, "x", tree["hong"])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert AuditEntry.objects.count() == 20
    assert services.verify() == []
