"""Background work of web imports: validate an uploaded file, then import it.

Both run as `django_tasks` tasks (a database worker in production, inline in
tests) and report progress on the `ImportJob` row, which the page polls.
"""

from __future__ import annotations

import logging

from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .imports import run_import
from .models import ImportJob

log = logging.getLogger(__name__)
SHOWN_ERRORS = 1000


def _side_update(job_id: int, processed: int, total: int) -> None:
    """Progress made inside the import's transaction must still be seen by the page:
    on PostgreSQL write it through a second connection. (SQLite allows one writer,
    so there the page shows the writing phase without a running count.)"""
    if not connection.in_atomic_block:
        ImportJob.objects.filter(pk=job_id).update(processed=processed, total=total)
        return
    if connection.vendor != "postgresql":
        return
    side = connections.create_connection("default")
    try:
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ImportJob._meta.db_table} SET processed = %s, total = %s WHERE id = %s",
                [processed, total, job_id],
            )
    finally:
        side.close()


def _run(job_id: int, commit: bool) -> str:
    job = ImportJob.objects.get(pk=job_id)
    rows = job.total if commit else 0
    job.status = ImportJob.IMPORTING if commit else ImportJob.VALIDATING
    job.processed = 0
    job.total = rows * 2 if commit else 0
    job.save(update_fields=["status", "processed", "total"])

    def progress(phase: str, done: int, total: int) -> None:
        if not commit:
            _side_update(job_id, done, 0)
        elif phase == "validate":
            _side_update(job_id, done, rows * 2)
        else:
            _side_update(job_id, rows + done, rows * 2)

    try:
        result = run_import(job.table, job.file.path, user=job.user, commit=commit,
                            progress=progress)
    except Exception:
        log.exception("import job %s failed", job_id)
        job.status = ImportJob.FAILED
        job.file_error = _("Lỗi hệ thống khi nhập; không có dòng nào được ghi. "
                           "/ Internal error; nothing was written.")
        job.finished_at = timezone.now()
        job.save()
        raise
    job.file_error = result.file_error
    job.error_count = result.error_count
    job.errors = [e.as_dict() for e in result.errors[:SHOWN_ERRORS]]
    job.warnings = result.warnings
    job.header = result.header
    job.preview = result.preview
    if not result.ok:
        job.status = ImportJob.INVALID
    elif commit:
        job.status = ImportJob.DONE
        job.created, job.updated, job.unchanged = result.created, result.updated, result.unchanged
    else:
        job.status = ImportJob.READY
    job.total = result.total
    job.processed = result.total
    job.finished_at = timezone.now() if job.status != ImportJob.READY else None
    job.save()
    return job.status


@task()
def validate_import(job_id: int) -> str:
    return _run(job_id, commit=False)


@task()
def apply_import(job_id: int) -> str:
    return _run(job_id, commit=True)
