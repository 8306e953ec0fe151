"""Write and verify audit entries. Call `record` inside the transaction of the change."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json

from django.db import transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return str(value)


def _normalise(data):
    """JSON-safe copy, so what is hashed is exactly what is stored."""
    if data is None:
        return None
    return json.loads(json.dumps(data, default=_default, sort_keys=True, ensure_ascii=False))


def entry_hash(prev_hash: str, seq: int, at: str, actor_name: str, action: str,
               target_type: str, target_id: str, before, after) -> str:
    payload = json.dumps(
        [prev_hash, seq, at, actor_name, action, target_type, target_id, before, after],
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(actor, action: str, target, before=None, after=None, target_repr: str = "") -> AuditEntry:
    """Append one entry: who, when, what, before and after."""
    with transaction.atomic():
        head, _ = AuditHead.objects.get_or_create(id=1)
        head = AuditHead.objects.select_for_update().get(id=1)
        seq = head.seq + 1
        at = timezone.now().replace(microsecond=(timezone.now().microsecond // 1000) * 1000)
        actor_name = getattr(actor, "username", "") or ""
        target_type = target._meta.label_lower if hasattr(target, "_meta") else str(type(target).__name__)
        target_id = str(getattr(target, "pk", target))
        before, after = _normalise(before), _normalise(after)
        digest = entry_hash(head.hash, seq, at.isoformat(), actor_name, action, target_type,
                            target_id, before, after)
        entry = AuditEntry.objects.create(
            seq=seq, at=at, actor=actor if getattr(actor, "pk", None) else None,
            actor_name=actor_name, action=action, target_type=target_type, target_id=target_id,
            target_repr=(target_repr or str(target))[:300], before=before, after=after,
            prev_hash=head.hash, hash=digest,
        )
        AuditHead.objects.filter(id=1).update(seq=seq, hash=digest)
        return entry


def verify() -> list[str]:
    """Problems found in the chain, in Vietnamese and English; empty when intact."""
    problems: list[str] = []
    prev, expected_seq = GENESIS, 1
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            problems.append(
                f"Thiếu bản ghi nhật ký #{expected_seq}–#{entry.seq - 1} / "
                f"entries #{expected_seq}–#{entry.seq - 1} are missing"
            )
        if entry.prev_hash != prev:
            problems.append(
                f"Bản ghi #{entry.seq} không nối với bản ghi trước / entry #{entry.seq} "
                "does not link to the previous entry"
            )
        digest = entry_hash(entry.prev_hash, entry.seq, entry.at.isoformat(), entry.actor_name,
                            entry.action, entry.target_type, entry.target_id, entry.before,
                            entry.after)
        if digest != entry.hash:
            problems.append(
                f"Bản ghi #{entry.seq} đã bị sửa / entry #{entry.seq} was altered"
            )
        prev, expected_seq = entry.hash, entry.seq + 1
    head = AuditHead.objects.filter(id=1).first()
    if head and head.seq != expected_seq - 1:
        problems.append(
            f"Nhật ký kết thúc ở #{expected_seq - 1} nhưng đầu chuỗi ghi #{head.seq} / "
            f"the log ends at #{expected_seq - 1} but the head says #{head.seq}"
        )
    return problems
