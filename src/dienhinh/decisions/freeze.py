"""Issued means frozen: the decision, its bonus sheet and the vote-count minutes are
stored as issued, with the data they were made from and their SHA-256.

    freeze_decision(decision)   at issue, inside its transaction
    issued_bytes(decision, kind) the stored DOCX or XLSX of an issued decision
    minutes_file(ballot)        the stored minutes of a closed ballot (stored on first use)
    stored_bytes(issued_file)   the stored file, checked against its SHA-256
    rebuild(issued_file)        the file made again from the stored snapshot (same bytes)

Generation is deterministic (`core.documents.to_bytes`), so `rebuild` equals the stored
file; a correction is a new decision, never a new rendering of an old one.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from .models import Decision, IssuedFile

NAMES = {IssuedFile.DECISION: "quyet-dinh.docx", IssuedFile.BONUS: "tien-thuong.xlsx",
         IssuedFile.MINUTES: "bien-ban-kiem-phieu.docx"}


class AlteredFile(Exception):
    """The stored file no longer matches the SHA-256 recorded at issue."""


def _render(kind: str, snapshot: dict) -> bytes:
    from dienhinh.council import documents as council_documents

    from . import documents

    if kind == IssuedFile.DECISION:
        return documents.render_docx(snapshot)
    if kind == IssuedFile.BONUS:
        return documents.render_xlsx(snapshot)
    return council_documents.render_minutes(snapshot)


def _store(kind: str, snapshot: dict, **owner) -> IssuedFile:
    data = _render(kind, snapshot)
    row = IssuedFile(kind=kind, snapshot=snapshot, sha256=hashlib.sha256(data).hexdigest(),
                     **owner)
    row.file.save(NAMES[kind], ContentFile(data), save=False)
    row.save()
    return row


def freeze_decision(d: Decision) -> None:
    """Store the issued decision's snapshot and files, and freeze the minutes of the
    ballots it rests on."""
    from . import documents

    snapshot = documents.context(d)
    d.snapshot = snapshot
    Decision.objects.filter(pk=d.pk).update(snapshot=snapshot)
    _store(IssuedFile.DECISION, snapshot, decision=d)
    _store(IssuedFile.BONUS, snapshot, decision=d)
    from dienhinh.council.models import Ballot

    ballots = Ballot.objects.filter(
        meeting__items__nomination__recognitions__decision=d, closed_at__isnull=False
    ).distinct()
    for ballot in ballots:
        minutes_file(ballot)


def minutes_file(ballot) -> IssuedFile:
    """The minutes as first made after the close (the count does not change after it)."""
    found = IssuedFile.objects.filter(ballot=ballot).first()
    if found is not None:
        return found
    from dienhinh.council import documents as council_documents

    try:
        with transaction.atomic():
            return _store(IssuedFile.MINUTES, council_documents.minutes_context(ballot),
                          ballot=ballot)
    except IntegrityError:  # made at the same moment by another request
        return IssuedFile.objects.get(ballot=ballot)


def minutes_at_close(sender, ballot, **kwargs) -> None:
    """Receiver of `council.signals.ballot_closed` (inside the closing transaction)."""
    minutes_file(ballot)


def decision_file(d: Decision, kind: str) -> IssuedFile | None:
    return IssuedFile.objects.filter(decision=d, kind=kind).first()


def issued_bytes(d: Decision, kind: str) -> bytes:
    """The issued decision's stored file; one issued before files were stored is frozen
    on this first use (the nearest to its moment of issue still known)."""
    row = decision_file(d, kind)
    if row is None:
        with transaction.atomic():
            freeze_decision(d)
        row = decision_file(d, kind)
    return stored_bytes(row)


def stored_bytes(row: IssuedFile) -> bytes:
    with row.file.open("rb") as fh:
        data = fh.read()
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise AlteredFile(row.file.name)
    return data


def rebuild(row: IssuedFile) -> bytes:
    return _render(row.kind, row.snapshot)
