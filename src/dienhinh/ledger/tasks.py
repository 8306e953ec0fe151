"""Background work of web imports: validate an uploaded file, then import it.

Both run as `django_tasks` tasks (a database worker in production, inline in
tests) and report progress on the `ImportJob` row, which the page polls.
"""

from __future__ import annotations

import logging

from django.db import connection, connections
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from dienhinh.core.i18n import dump
from dienhinh.core.i18n import text as _

from .imports import run_import
from .models import ImportJob

log = logging.getLogger(__name__)
SHOWN_ERRORS = 1000


class _Reporter:
    """Writes progress to the job row where the page can see it.

    Progress made inside the import's transaction would stay invisible until the
    commit, so on PostgreSQL it goes through a second connection. SQLite allows
    one writer at a time: there the page shows the writing phase without a count.
    """

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.side = None

    def __call__(self, processed: int, total: int) -> None:
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(processed=processed, total=total)
            return
        if connection.vendor != "postgresql":
            return
        if self.side is None:
            self.side = connections.create_connection("default")
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ImportJob._meta.db_table} SET processed = %s, total = %s WHERE id = %s",
                [processed, total, self.job_id],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _run(job_id: int, commit: bool) -> str:
    job = ImportJob.objects.get(pk=job_id)
    rows = job.total if commit else 0
    job.status = ImportJob.IMPORTING if commit else ImportJob.VALIDATING
    job.processed = 0
    job.total = rows * 2 if commit else 0
    job.save(update_fields=["status", "processed", "total"])

    report = _Reporter(job_id)

    def progress(phase: str, done: int, total: int) -> None:
        if not commit:
            report(done, 0)
        elif phase == "validate":
            report(done, rows * 2)
        else:
            report(rows + done, rows * 2)

    try:
        result = run_import(job.table, job.file.path, user=job.user, commit=commit,
                            progress=progress)
    except Exception:
        log.exception("import job %s failed", job_id)
        fail(job, _("Lỗi hệ thống khi nhập; không có dòng nào được ghi."))
        raise
    finally:
        report.close()
    job.file_error = dump(result.file_error)
    job.error_count = result.error_count
    job.errors = [e.as_dict() for e in result.errors[:SHOWN_ERRORS]]
    job.warnings = [dump(warning) for warning in result.warnings]
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
    if job.status != ImportJob.READY:
        discard_upload(job)
    job.save()
    return job.status


def fail(job: ImportJob, message: str) -> None:
    """End the job as failed with `message`, its upload removed."""
    job.status = ImportJob.FAILED
    job.file_error = dump(message)
    job.finished_at = timezone.now()
    discard_upload(job)
    job.save()


def discard_upload(job: ImportJob) -> None:
    """Remove the uploaded file once the job can no longer be confirmed: the report
    stays on the job and the rows are in the ledger, and a file of people's personal
    data is not kept longer than its use (Nghị định 13/2023/NĐ-CP)."""
    if job.file.name:
        job.file.storage.delete(job.file.name)
        job.file.name = ""


def purge_stale_uploads(days: int) -> int:
    """Uploaded files of jobs left unconfirmed for `days` days (and any a crash left
    behind on an ended job): removed, their jobs marked failed. Returns the count."""
    cutoff = timezone.now() - timezone.timedelta(days=days)
    ended = [ImportJob.DONE, ImportJob.INVALID, ImportJob.FAILED]
    count = 0
    for job in ImportJob.objects.exclude(file="").filter(
            Q(status__in=ended) | Q(created_at__lt=cutoff)):
        if job.status in ended:
            discard_upload(job)
            job.save()
        else:
            fail(job, _("Quá hạn xác nhận; tệp đã được xoá, hãy tải lên lại."))
        count += 1
    return count


@task()
def validate_import(job_id: int) -> str:
    return _run(job_id, commit=False)


@task()
def apply_import(job_id: int) -> str:
    return _run(job_id, commit=True)
