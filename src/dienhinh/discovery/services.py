"""Attestations of pending criteria and the eligibility they complete.

A subject is *eligible* for a plan in a year when the criteria the ledger decides
pass (`quantitative == "pass"`) and every pending criterion of its profile is
attested. A profile with no ledger criterion (`none`) is eligible only when it has
pending criteria and all of them are attested: "nothing to check" is not a merit.

Every write checks the policy, writes the audit log and happens in one transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh import policy
from dienhinh.audit.services import record as audit
from dienhinh.core import uploads, vietnamese
from dienhinh.core.files import stored_name
from dienhinh.orgs.models import Subject

from .models import Attestation

ATTESTATION_FILE_TYPES = {"pdf", "docx", "jpg", "png"}
ATTESTATION_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class PendingCriterion:
    key: str
    text: str
    section: str = ""


def criterion_key(node) -> str:
    """A pending criterion's stable key: its template id if it has one, else a hash of
    its words, so that a copy of the template keeps the attestations' meaning."""
    if getattr(node, "id", ""):
        return node.id[:64]
    words = vietnamese.fold(node.text)
    return "h" + hashlib.sha256(words.encode("utf-8")).hexdigest()[:20]


def pending_criteria(profile) -> list[PendingCriterion]:
    if profile is None:
        return []
    return [
        PendingCriterion(criterion_key(n), n.text, n.section)
        for n in profile.criteria
        if n.pending
    ]


def in_force(plan: str, year: int, subject_ids=None) -> dict[int, dict[str, Attestation]]:
    """Attestations in force (not withdrawn), by subject then criterion key.

    `subject_ids=None` reads the whole plan and year: attestations are few beside a
    province's subjects, so one query beats a huge IN list."""
    found: dict[int, dict[str, Attestation]] = {}
    queryset = Attestation.objects.filter(
        plan=plan, year=year, action=Attestation.ATTEST, withdrawal__isnull=True,
    ).select_related("by").order_by("at", "id")
    if subject_ids is not None:
        queryset = queryset.filter(subject_id__in=list(subject_ids))
    for attestation in queryset:
        found.setdefault(attestation.subject_id, {})[attestation.criterion] = attestation
    return found


def history(plan: str, year: int, subject: Subject):
    return (
        Attestation.objects.filter(plan=plan, year=year, subject=subject)
        .select_related("by", "withdraws")
        .order_by("-at", "-id")
    )


def is_eligible(quantitative: str, pending: list[PendingCriterion], attested: dict) -> bool:
    if quantitative == "pass":
        return all(c.key in attested for c in pending)
    if quantitative == "none":
        return bool(pending) and all(c.key in attested for c in pending)
    return False


def _require(user, subject: Subject) -> None:
    # Reviewers are the standing office and heads (and administrators) in scope.
    if not policy.can(user, "discover", subject):
        raise PermissionDenied(_("Bạn không có quyền xác nhận tiêu chí này."))


def check_file(uploaded) -> uploads.FileKind:
    return uploads.check_upload(
        uploaded, allowed=ATTESTATION_FILE_TYPES, max_bytes=ATTESTATION_MAX_BYTES
    )


@transaction.atomic
def attest(user, subject: Subject, plan: str, year: int, criterion: PendingCriterion,
           note: str = "", file=None) -> Attestation:
    """Attest one pending criterion with a note or a file (checked by its content)."""
    _require(user, subject)
    note = vietnamese.clean_text(note or "")
    if not note and file is None:
        raise ValidationError(_("Cần ghi nhận xét hoặc đính kèm tệp minh chứng."))
    # Lock the subject row so two reviewers cannot both attest the same criterion.
    Subject.objects.select_for_update().filter(pk=subject.pk).first()
    if Attestation.objects.filter(
        plan=plan, year=year, subject=subject, criterion=criterion.key,
        action=Attestation.ATTEST, withdrawal__isnull=True,
    ).exists():
        raise ValidationError(_("Tiêu chí này đã được xác nhận."))
    attestation = Attestation(
        subject=subject, plan=plan, year=year, criterion=criterion.key,
        criterion_text=criterion.text, action=Attestation.ATTEST, note=note, by=user,
    )
    if file is not None:
        kind = check_file(file)
        attestation.file_name = vietnamese.clean_text(getattr(file, "name", ""))[:255]
        attestation.content_type = kind.mime
        attestation.size = kind.size
        attestation.file.save(stored_name(kind.extension), file, save=False)
    attestation.save()
    audit(user, "attestation.attest", attestation, after={
        "subject": subject.code, "plan": plan, "year": year, "criterion": criterion.key,
        "text": criterion.text, "note": note, "file": attestation.file_name,
    }, target_repr=f"{subject.code} · {plan} · {year}")
    return attestation


@transaction.atomic
def withdraw(user, attestation: Attestation, note: str = "") -> Attestation:
    """Withdraw an attestation: a new record pointing at it; nothing is edited."""
    subject = attestation.subject
    _require(user, subject)
    locked = Attestation.objects.select_for_update().get(pk=attestation.pk)
    if locked.action != Attestation.ATTEST or Attestation.objects.filter(withdraws=locked).exists():
        raise ValidationError(_("Xác nhận này đã được rút."))
    withdrawal = Attestation.objects.create(
        subject=subject, plan=locked.plan, year=locked.year, criterion=locked.criterion,
        criterion_text=locked.criterion_text, action=Attestation.WITHDRAW,
        note=vietnamese.clean_text(note or ""), withdraws=locked, by=user,
    )
    audit(user, "attestation.withdraw", withdrawal,
          before={"attestation": locked.pk, "note": locked.note},
          after={"subject": subject.code, "plan": locked.plan, "year": locked.year,
                 "criterion": locked.criterion, "note": withdrawal.note},
          target_repr=f"{subject.code} · {locked.plan} · {locked.year}")
    return withdrawal
