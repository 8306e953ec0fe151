"""Writes to the ledger from the screens: add, correct, delete a record, attach evidence.

Two people may open the same record and both press "save". Every correction and
deletion names the version it was based on and touches the row only while that
version is still the stored one (`filter(pk=…, version=v).update(…)`), so the
second save is refused with `StaleRecord` instead of silently overwriting the first.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.audit import services as audit
from dienhinh.core.files import stored_name
from dienhinh.core.uploads import check_upload

from .models import Achievement, Evidence

# Fields a correction may change; the subject of a record never changes.
EDITABLE_FIELDS = (
    "year", "kind", "code", "issuer", "level", "value", "decision_no", "decision_date",
    "note", "issuer_unit",
)


class StaleRecord(Exception):
    """The record was changed or deleted by someone else since it was loaded."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or _(
                "Bản ghi đã được người khác sửa hoặc xóa sau khi bạn mở trang; thay đổi của bạn "
                "chưa được lưu. Hãy tải lại bản ghi, đối chiếu rồi lưu lại."
            )
        )


class DuplicateRecord(Exception):
    """A database uniqueness rule refused the record (a concurrent duplicate)."""


def _snapshot(achievement_id) -> dict | None:
    """The stored values of a record, for the audit log's before/after."""
    names = [Achievement._meta.get_field(n).attname for n in EDITABLE_FIELDS]
    stored = Achievement.objects.filter(pk=achievement_id)
    return stored.values(*names, "subject_id", "version").first()


def _integrity_message() -> str:
    return _(
        "Bản ghi trùng với một bản ghi đã có (cùng đối tượng, năm, mã …)."
    )


@transaction.atomic
def add_achievement(achievement: Achievement, actor=None) -> Achievement:
    """Store a new record (already validated by the form)."""
    achievement.kind = achievement.code.kind
    achievement.version = 1
    try:
        with transaction.atomic():
            achievement.save()
    except IntegrityError as exc:
        raise DuplicateRecord(_integrity_message()) from exc
    audit.record(actor, "ledger.add", achievement, after=_snapshot(achievement.pk))
    return achievement


@transaction.atomic
def correct_achievement(achievement: Achievement, expected_version: int, actor=None) -> Achievement:
    """Write the corrected fields of `achievement` if nobody saved it meanwhile."""
    achievement.kind = achievement.code.kind
    values = {}
    for name in EDITABLE_FIELDS:
        field = Achievement._meta.get_field(name)
        values[field.attname] = getattr(achievement, field.attname)
    before = _snapshot(achievement.pk)
    try:
        with transaction.atomic():
            updated = Achievement.objects.filter(
                pk=achievement.pk, version=expected_version
            ).update(**values, version=F("version") + 1, updated_at=timezone.now())
    except IntegrityError as exc:
        raise DuplicateRecord(_integrity_message()) from exc
    if not updated:
        raise StaleRecord()
    achievement.version = expected_version + 1
    audit.record(
        actor, "ledger.correct", achievement, before=before, after=_snapshot(achievement.pk)
    )
    return achievement


@transaction.atomic
def delete_achievement(achievement: Achievement, expected_version: int, actor=None) -> None:
    """Delete the record (and its evidence rows) unless it changed since it was shown."""
    stored = (
        Achievement.objects.select_for_update()
        .filter(pk=achievement.pk, version=expected_version)
        .first()
    )
    if stored is None:
        raise StaleRecord()
    files = [e.file for e in stored.evidence.all()]
    before = _snapshot(stored.pk)
    audit.record(actor, "ledger.delete", stored, before=before, target_repr=str(stored))
    stored.delete()
    # Files go only once the rows are surely gone.
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])


@transaction.atomic
def add_evidence(achievement: Achievement, uploaded, user=None) -> Evidence:
    """Check the file by content and size, then keep it beside the record."""
    kind = check_upload(uploaded)
    evidence = Evidence(
        achievement=achievement,
        name=(uploaded.name or "tep")[:255],
        content_type=kind.mime,
        size=kind.size,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    evidence.file.save(stored_name(kind.extension), uploaded, save=False)
    evidence.save()
    audit.record(user, "ledger.evidence_add", evidence, after={
        "achievement_id": achievement.pk, "name": evidence.name, "size": evidence.size,
        "content_type": evidence.content_type,
    }, target_repr=evidence.name)
    return evidence


@transaction.atomic
def delete_evidence(evidence: Evidence, actor=None) -> None:
    file = evidence.file
    audit.record(actor, "ledger.evidence_delete", evidence, before={
        "achievement_id": evidence.achievement_id, "name": evidence.name,
    }, target_repr=evidence.name)
    evidence.delete()
    transaction.on_commit(lambda: file.delete(save=False))
