"""Web import: upload → preview with errors → confirm → rows in the database; the
50 MB refusal; scope; export downloads."""

import csv
import io

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dienhinh.ledger.models import Achievement, ImportJob

from .import_helpers import ACH_HEADER, ach, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(tree, make_user):
    return make_user("officer", role="unit_officer", unit=tree["sct"])


def upload(client, path, table="achievements"):
    with open(path, "rb") as fh:
        return client.post(reverse("import_start"), {"table": table, "file": fh})


def test_upload_preview_confirm(client, tmp_path, officer):
    client.force_login(officer)
    assert client.get(reverse("import_start")).status_code == 200
    path = write_csv(tmp_path / "a.csv", [
        ACH_HEADER, ach("P001", 2024, "title", "LDTT"), ach("P002", 2024, "rating", "HTXSNV")])
    response = upload(client, path)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("import_job", args=[job.pk])
    assert job.status == ImportJob.READY and job.total == 2
    assert not Achievement.objects.exists()  # nothing written before confirmation

    page = client.get(response.url).content.decode()
    assert "Tệp hợp lệ" in page and "import-preview" in page and "HTXSNV" in page
    assert reverse("import_confirm", args=[job.pk]) in page

    response = client.post(reverse("import_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.DONE and (job.created, job.updated, job.unchanged) == (2, 0, 0)
    assert set(Achievement.objects.values_list("code", flat=True)) == {"LDTT", "HTXSNV"}
    page = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert "2 thêm mới" in page
    assert "hx-trigger" not in page  # finished: the page stops polling


def test_errors_are_previewed_and_confirm_does_nothing(client, tmp_path, officer):
    client.force_login(officer)
    path = write_csv(tmp_path / "a.csv", [
        ACH_HEADER, ach("P001", 2024, "title", "LDTT"), ach("P001", 2024, "title", "NOPE"),
        ach("P003", 2024, "title", "LDTT")])
    upload(client, path)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.INVALID and job.error_count == 2
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "import-errors" in page
    assert "Mã thành tích không có trong danh mục" in page
    assert "Ngoài phạm vi quản lý của bạn" in page  # P003 is in another agency
    assert "Unknown achievement code" not in page  # one language at a time
    # The reasons were stored in both languages: a reader who chose English sees English.
    client.post(reverse("set_language"), {"language": "en"})
    english = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "Unknown achievement code" in english and "Outside your scope" in english
    assert "Mã thành tích không có trong danh mục" not in english
    client.post(reverse("set_language"), {"language": "vi"})
    assert "Xác nhận nhập" not in page
    client.post(reverse("import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.INVALID
    assert not Achievement.objects.exists()


def test_running_job_page_polls_with_a_progress_bar(client, officer):
    client.force_login(officer)
    job = ImportJob.objects.create(user=officer, table="achievements", original_name="a.csv",
                                   status=ImportJob.IMPORTING, processed=500, total=2000)
    page = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert '<progress class="w-100" value="500" max="2000">' in page
    assert "Đang kiểm tra lại tệp" in page
    ImportJob.objects.filter(pk=job.pk).update(processed=1500)
    page = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert "Đang ghi vào cơ sở dữ liệu" in page


def test_upload_over_the_limit_is_refused_before_reading(client, officer, settings):
    client.force_login(officer)
    # A declared length over 50 MB: refused from the header alone.
    response = client.post(reverse("import_start"), data=b"x" * 10,
                           content_type="application/octet-stream",
                           CONTENT_LENGTH=str(settings.MAX_UPLOAD_BYTES + 1))
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.content.decode()

    # A real multipart upload bigger than a (lowered) limit: the handler stops it.
    settings.MAX_UPLOAD_BYTES = 2000
    big = SimpleUploadedFile("a.csv", b"subject_code,year,kind,code\n" + b"P001,2024,title,LDTT\n" * 200)
    response = client.post(reverse("import_start"), {"table": "achievements", "file": big})
    assert response.status_code == 413
    assert not ImportJob.objects.exists()


def test_upload_type_is_checked_by_content(client, officer):
    client.force_login(officer)
    fake = SimpleUploadedFile("a.xlsx", b"%PDF-1.7\n\x00\x01binary", content_type="text/csv")
    response = client.post(reverse("import_start"), {"table": "achievements", "file": fake})
    assert response.status_code == 200
    assert "Tệp không phải CSV hay XLSX" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_only_importers_and_only_their_own_jobs(client, tree, make_user, officer):
    head = make_user("head", role="head", unit=tree["sct"])
    client.force_login(head)
    assert client.get(reverse("import_start")).status_code == 403
    job = ImportJob.objects.create(user=officer, table="units", original_name="u.csv",
                                   status=ImportJob.READY)
    other = make_user("other", role="unit_officer", unit=tree["other"])
    client.force_login(other)
    assert client.get(reverse("import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("import_confirm", args=[job.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("import_start")).status_code == 302


def test_export_page_and_downloads_respect_scope(client, tree, officer):
    Achievement.objects.create(subject=tree["hong"].subject, year=2024, kind="title",
                               code_id="LDTT", note="=cmd")
    Achievement.objects.create(subject=tree["outsider"].subject, year=2024, kind="title",
                               code_id="LDTT")
    client.force_login(officer)
    page = client.get(reverse("export_index")).content.decode()
    assert reverse("export_download", args=["achievements", "xlsx"]) in page

    response = client.get(reverse("export_download", args=["achievements", "csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["subject_code"] for r in rows] == ["P001"]
    assert rows[0]["note"] == "'=cmd"

    response = client.get(reverse("export_download", args=["people", "xlsx"]))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert sorted(r[0] for r in ws.iter_rows(min_row=2, values_only=True)) == ["P001", "P002"]

    url = reverse("export_download", args=["units", "csv"])
    assert client.get(url, {"scope": "SNV"}).status_code == 404  # out of scope: not found
    body = b"".join(client.get(url, {"scope": "SCT_VP"}).streaming_content).decode("utf-8-sig")
    assert [r["code"] for r in csv.DictReader(io.StringIO(body))] == ["SCT_VP"]


def test_upload_handler_stops_a_body_without_honest_length(settings, rf):
    from django.core.files.uploadhandler import StopUpload

    from dienhinh.ledger.views import LimitedUploadHandler

    settings.MAX_UPLOAD_BYTES = 100
    request = rf.post("/import/")
    handler = LimitedUploadHandler(request)
    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * 60, 60)
    assert request.upload_too_large is True


def test_task_reports_progress_on_the_job(tmp_path, officer, monkeypatch):
    from dienhinh.ledger import tasks
    from dienhinh.ledger.imports import achievements

    monkeypatch.setattr(achievements, "PROGRESS_EVERY", 2)
    seen = []
    monkeypatch.setattr(tasks._Reporter, "__call__",
                        lambda self, processed, total: seen.append((processed, total)))
    rows = [ACH_HEADER] + [ach("P001", year, "title", "LDTT") for year in range(2010, 2016)]
    path = write_csv(tmp_path / "a.csv", rows)
    job = ImportJob(user=officer, table="achievements", original_name="a.csv")
    with open(path, "rb") as fh:
        job.file.save("a.csv", File(fh))
    tasks.validate_import.enqueue(job.pk)
    assert seen == [(2, 0), (4, 0), (6, 0)]
    job.refresh_from_db()
    assert job.status == ImportJob.READY and job.total == 6

    seen.clear()
    tasks.apply_import.enqueue(job.pk)
    # Validation again (0..6 of 12), then writing (6..12 of 12).
    assert seen[:3] == [(2, 12), (4, 12), (6, 12)] and seen[-1] == (12, 12)
    job.refresh_from_db()
    assert job.status == ImportJob.DONE and job.created == 6 and job.total == 6


def test_uploaded_file_is_removed_once_the_job_ends(client, tmp_path, officer):
    """A file of personal data is kept only while the import may still be confirmed."""
    import os

    client.force_login(officer)
    upload(client, write_csv(tmp_path / "a.csv", [ACH_HEADER, ach("P001", 2024, "title", "LDTT")]))
    job = ImportJob.objects.get()
    path = job.file.path
    assert job.status == ImportJob.READY and os.path.exists(path)
    client.post(reverse("import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.DONE and job.file.name == "" and not os.path.exists(path)
    assert "1 thêm mới" in client.get(reverse("import_job_status", args=[job.pk])).content.decode()

    upload(client, write_csv(tmp_path / "b.csv", [ACH_HEADER, ach("P001", 2024, "title", "NOPE")]))
    bad = ImportJob.objects.exclude(pk=job.pk).get()
    assert bad.status == ImportJob.INVALID and bad.file.name == ""
    assert "Mã thành tích không có trong danh mục" in client.get(
        reverse("import_job", args=[bad.pk])).content.decode()


def test_purge_imports_removes_unconfirmed_uploads_past_the_limit(client, tmp_path, officer):
    import datetime as dt
    import os

    from django.core.management import call_command
    from django.utils import timezone

    client.force_login(officer)
    for name in ("old.csv", "new.csv"):
        upload(client, write_csv(tmp_path / name, [ACH_HEADER, ach("P001", 2024, "title", "LDTT")]))
    old, new = ImportJob.objects.order_by("pk")
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    out = io.StringIO()
    call_command("purge_imports", "--days", "7", stdout=out)
    assert "Đã xoá 1 tệp" in out.getvalue()
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == ImportJob.FAILED and old.file.name == ""
    assert new.status == ImportJob.READY and os.path.exists(new.file.path)
    # the expired job can no longer be confirmed, and says why
    client.post(reverse("import_confirm", args=[old.pk]))
    old.refresh_from_db()
    assert old.status == ImportJob.FAILED and not Achievement.objects.exists()
    assert "Quá hạn xác nhận" in client.get(reverse("import_job", args=[old.pk])).content.decode()
    with pytest.raises(Exception, match="--days"):
        call_command("purge_imports", "--days", "0")
