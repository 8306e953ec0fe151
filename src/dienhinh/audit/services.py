"""Write and verify audit entries. Call `record` inside the transaction of the change."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import checkpoints
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


# Every column of an entry but its surrogate key `id` and the hash itself, in one
# canonical JSON object: changing any stored value changes the hash.
HASHED_COLUMNS = ("seq", "at", "actor_id", "actor_name", "action", "target_type",
                  "target_id", "target_repr", "before", "after", "prev_hash")


def canonical(values: dict) -> bytes:
    """The bytes that are hashed: sorted keys, no spaces, UTF-8, the time in ISO 8601."""
    payload = {name: values[name] for name in HASHED_COLUMNS}
    if isinstance(payload["at"], dt.datetime):
        payload["at"] = payload["at"].isoformat()
    return json.dumps(payload, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def entry_hash(values: dict) -> str:
    """SHA-256 of an entry's columns (a dict, or the AuditEntry itself)."""
    if not isinstance(values, dict):
        values = {name: getattr(values, name) for name in HASHED_COLUMNS}
    return hashlib.sha256(canonical(values)).hexdigest()


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
        values = {
            "seq": seq, "at": at, "actor_id": getattr(actor, "pk", None) or None,
            "actor_name": actor_name, "action": action, "target_type": target_type,
            "target_id": target_id, "target_repr": (target_repr or str(target))[:300],
            "before": _normalise(before), "after": _normalise(after), "prev_hash": head.hash,
        }
        digest = entry_hash(values)
        entry = AuditEntry.objects.create(**values, hash=digest)
        AuditHead.objects.filter(id=1).update(seq=seq, hash=digest)
        return entry


def verify() -> list[str]:
    """Problems found in the chain and against the checkpoints; empty when intact."""
    problems: list[str] = []
    marks = checkpoints.read()
    wanted = {mark["seq"]: mark["hash"] for mark in marks.marks}
    found: dict[int, str] = {}
    prev, expected_seq = GENESIS, 1
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            problems.append(
                _("Thiếu bản ghi nhật ký #%(first)s–#%(last)s.")
                % {"first": expected_seq, "last": entry.seq - 1}
            )
        if entry.prev_hash != prev:
            problems.append(
                _("Bản ghi #%(seq)s không nối với bản ghi trước.") % {"seq": entry.seq}
            )
        if entry_hash(entry) != entry.hash:
            problems.append(
                _("Bản ghi #%(seq)s đã bị sửa.") % {"seq": entry.seq}
            )
        if entry.seq in wanted:
            found[entry.seq] = entry.hash
        prev, expected_seq = entry.hash, entry.seq + 1
    last = expected_seq - 1
    head = AuditHead.objects.filter(id=1).first()
    if head and head.seq != last:
        problems.append(
            _("Nhật ký kết thúc ở #%(last)s nhưng đầu chuỗi ghi #%(head)s.")
            % {"last": last, "head": head.seq}
        )
    if head and head.seq == last and last and head.hash != prev:
        problems.append(_("Mã băm ở đầu chuỗi không khớp bản ghi cuối #%(seq)s.") % {"seq": last})
    problems.extend(marks.problems)
    for seq, digest in sorted(wanted.items()):
        if seq not in found:
            problems.append(_(
                "Điểm neo #%(seq)s (%(file)s) không còn trong nhật ký: nhật ký hiện kết thúc ở "
                "#%(last)s; các bản ghi đến #%(seq)s đã bị xóa."
            ) % {"seq": seq, "file": marks.path.name, "last": last})
        elif found[seq] != digest:
            problems.append(_(
                "Bản ghi #%(seq)s không khớp điểm neo (%(file)s): mã băm trong nhật ký "
                "%(found)s…, điểm neo ghi %(wanted)s…; nhật ký đã bị viết lại."
            ) % {"seq": seq, "file": marks.path.name, "found": found[seq][:12],
                 "wanted": digest[:12]})
    return problems


def checkpoint() -> dict:
    """Append the chain's head (sequence, hash, time) to the checkpoint file and return it.

    Refuses (CheckpointError) when the chain does not verify: anchoring a tampered
    log would make the tampering look legitimate.
    """
    problems = verify()
    if problems:
        raise checkpoints.CheckpointError(problems)
    last = AuditEntry.objects.order_by("-seq").values("seq", "hash").first() or {
        "seq": 0, "hash": GENESIS}
    mark = {"seq": last["seq"], "hash": last["hash"],
            "at": timezone.localtime().isoformat(timespec="seconds")}
    checkpoints.append(mark)
    return mark
