"""The anchored audit log: every column hashed, checkpoints outside the database.

Tampering is done as a database administrator would: the append-only triggers are
lifted first (inside the test's transaction, so they come back afterwards).
"""

import datetime as dt
import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import F

from dienhinh.audit import services
from dienhinh.audit.models import AuditEntry, AuditHead

pytestmark = pytest.mark.django_db
migration = importlib.import_module("dienhinh.audit.migrations.0003_hash_every_column")


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.jsonl")
    return tmp_path / "audit-checkpoints.jsonl"


@pytest.fixture
def entries(make_user, tree):
    user = make_user("vanthu")
    for i in range(5):
        services.record(user, "ledger.update", tree["hong"], before={"note": i},
                        after={"note": i + 1}, target_repr="Nguyễn Thị Hồng")
    return user


def lift_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_entry_append_only")
            cursor.execute("DROP TRIGGER audit_entry_no_delete")


def verify_exit_code(capsys) -> tuple[int, str]:
    try:
        call_command("audit", "verify")
    except CommandError as exc:
        return exc.returncode, capsys.readouterr().err
    return 0, capsys.readouterr().out


def checkpoint(capsys) -> dict:
    call_command("audit", "checkpoint")
    return json.loads(capsys.readouterr().out.strip())


def test_the_hash_covers_every_column_but_the_key():
    columns = {f.column for f in AuditEntry._meta.concrete_fields} - {"id", "hash"}
    assert columns == set(services.HASHED_COLUMNS)


def test_delete_is_refused_by_the_database(entries):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=5).delete()
    assert AuditEntry.objects.count() == 5


@pytest.mark.parametrize(("column", "value"), [
    ("seq", 1000),
    ("at", F("at") + dt.timedelta(seconds=1)),
    ("actor_id", "other user"),
    ("actor_name", "ke-gian"),
    ("action", "ledger.delete"),
    ("target_type", "orgs.unit"),
    ("target_id", "999"),
    ("target_repr", "Trần Văn An"),
    ("before", {"note": 42}),
    ("after", {"note": 99}),
    ("prev_hash", "f" * 64),
    ("hash", "e" * 64),
])
def test_altering_any_column_makes_verify_exit_1(entries, make_user, capsys, column, value):
    assert verify_exit_code(capsys)[0] == 0
    if value == "other user":
        value = make_user("ke-gian").pk
    lift_triggers()
    assert AuditEntry.objects.filter(seq=3).update(**{column: value}) == 1
    code, err = verify_exit_code(capsys)
    assert code == 1
    assert "#3" in err or "#1000" in err


def test_checkpoint_is_appended_to_the_data_folder_and_printed(entries, capsys,
                                                                checkpoint_file):
    first = checkpoint(capsys)
    last = AuditEntry.objects.order_by("-seq").first()
    assert (first["seq"], first["hash"]) == (5, last.hash)
    assert first["at"].endswith("+07:00")
    services.record(entries, "ledger.update", entries, after={"x": 1})
    second = checkpoint(capsys)
    assert second["seq"] == 6
    lines = [json.loads(line) for line in checkpoint_file.read_text().splitlines()]
    assert lines == [first, second]
    code, out = verify_exit_code(capsys)
    assert code == 0 and "#6" in out


def test_entries_deleted_before_a_checkpoint_and_the_head_reset_are_found(entries, capsys):
    checkpoint(capsys)
    lift_triggers()
    AuditEntry.objects.filter(seq__gte=4).delete()
    third = AuditEntry.objects.get(seq=3)
    AuditHead.objects.filter(id=1).update(seq=3, hash=third.hash)
    # The chain alone looks whole: only the checkpoint shows what was removed.
    chain_only = [p for p in services.verify() if "neo" not in p]
    assert chain_only == []
    code, err = verify_exit_code(capsys)
    assert code == 1
    assert "Điểm neo #5" in err and "kết thúc ở #3" in err


def test_a_rewritten_and_rehashed_chain_does_not_match_the_checkpoint(entries, capsys):
    checkpoint(capsys)
    lift_triggers()
    AuditEntry.objects.filter(seq=2).update(target_repr="Trần Văn An")
    migration.rechain(django_apps, lambda e, prev: services.entry_hash(
        {**{c: getattr(e, c) for c in services.HASHED_COLUMNS}, "prev_hash": prev}))
    chain_only = [p for p in services.verify() if "neo" not in p]
    assert chain_only == []
    code, err = verify_exit_code(capsys)
    assert code == 1 and "Bản ghi #5 không khớp điểm neo" in err


def test_checkpoint_refuses_a_broken_chain_and_writes_nothing(entries, capsys,
                                                             checkpoint_file):
    lift_triggers()
    AuditEntry.objects.filter(seq=2).update(action="forged")
    with pytest.raises(CommandError) as exc:
        call_command("audit", "checkpoint")
    assert exc.value.returncode == 1
    assert not checkpoint_file.exists()


def test_a_damaged_checkpoint_file_fails_verify(entries, capsys, checkpoint_file):
    checkpoint(capsys)
    with open(checkpoint_file, "a", encoding="utf-8") as fh:
        fh.write("không phải JSON\n")
    code, err = verify_exit_code(capsys)
    assert code == 1 and "Dòng 2" in err


def test_without_a_checkpoint_verify_says_so(entries, capsys):
    code, out = verify_exit_code(capsys)
    assert code == 0 and "Chưa có điểm neo" in out


def test_the_migration_hashes_as_the_service_does(entries):
    for entry in AuditEntry.objects.order_by("seq"):
        assert migration.new_hash(entry, entry.prev_hash) == entry.hash


def test_the_migration_rechains_entries_hashed_the_old_way(entries):
    lift_triggers()
    migration.rechain(django_apps, migration.old_hash)
    assert services.verify() != []
    migration.rechain(django_apps, migration.new_hash)
    assert services.verify() == []
    head = AuditHead.objects.get(id=1)
    assert head.hash == AuditEntry.objects.get(seq=5).hash


def test_deleting_a_user_keeps_their_entries(entries):
    user_id = entries.pk
    entries.delete()
    assert AuditEntry.objects.filter(actor_id=user_id).count() == 5
    assert services.verify() == []
