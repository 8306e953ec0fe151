"""An import's file-level reason and warnings are stored as message and values, so that
each reader sees them in their own language whoever uploaded the file — on the page and
from rows stored before, which the migration reads back into that form."""

import importlib

import pytest
from django.urls import reverse
from django.utils import translation

from dienhinh.core.i18n import dump, load, ptext, text
from dienhinh.ledger.models import ImportJob

from .import_helpers import write_csv

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "dienhinh.ledger.migrations.0004_import_messages_in_readers_language")


@pytest.fixture
def officer(tree, make_user):
    return make_user("officer", role="unit_officer", unit=tree["sct"])


def upload(client, path, table="achievements"):
    with open(path, "rb") as fh:
        return client.post(reverse("import_start"), {"table": table, "file": fh})


def page_in(client, language, job):
    client.post(reverse("set_language"), {"language": language})
    return client.get(reverse("import_job", args=[job.pk])).content.decode()


def test_a_stored_text_renders_in_the_language_of_the_moment():
    with translation.override("en"):
        message = (text("Cột “%(col)s” không thuộc bảng %(table)s, được bỏ qua.")
                   % {"col": "nam", "table": ptext("import table", "Thành tích")}
                   + " " + text("Có phải ý bạn là “%(code)s”?") % {"code": "year"})
        data = dump(message)
    assert "Column “nam” is not part of the Achievements table" in message
    with translation.override("vi"):
        assert load(data) == ("Cột “nam” không thuộc bảng Thành tích, được bỏ qua. "
                              "Có phải ý bạn là “year”?")
    with translation.override("en"):
        assert load(data) == ("Column “nam” is not part of the Achievements table and is "
                              "ignored. Did you mean “year”?")
    assert load("chữ cũ") == "chữ cũ" and load("") == ""


def test_a_file_refused_in_english_reads_in_vietnamese_for_the_next_reader(
        client, tmp_path, officer):
    client.force_login(officer)
    client.post(reverse("set_language"), {"language": "en"})  # the uploader reads English
    path = write_csv(tmp_path / "a.csv", [["subject_code;year;kind;code"], ["P001;2024;title;LDTT"]])
    upload(client, path)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.INVALID
    assert isinstance(job.file_error, dict)  # the message, not its English wording

    vietnamese = page_in(client, "vi", job)
    assert "Thiếu cột bắt buộc" in vietnamese and "Tệp dùng dấu chấm phẩy" in vietnamese
    assert "Missing required columns" not in vietnamese
    english = page_in(client, "en", job)
    assert "Missing required columns" in english and " The file uses semicolons" in english
    assert "Thiếu cột bắt buộc" not in english


def test_warnings_follow_the_reader_and_name_the_table_not_its_code(client, tmp_path, officer):
    client.force_login(officer)
    path = write_csv(tmp_path / "a.csv", [
        ["subject_code", "year", "kind", "code", "yaer"], ["P001", "2024", "title", "LDTT", ""]])
    upload(client, path)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.READY and len(job.warnings) == 1

    vietnamese = page_in(client, "vi", job)
    assert "Cột “yaer” không thuộc bảng Thành tích, được bỏ qua." in vietnamese
    assert "Có phải ý bạn là “year”?" in vietnamese
    english = page_in(client, "en", job)
    assert "Column “yaer” is not part of the Achievements table and is ignored." in english
    assert "Did you mean “year”?" in english
    assert "achievements table" not in english and "Có phải" not in english


def test_the_api_gives_an_import_in_the_readers_language(client, tmp_path, officer,
                                                        make_user, tree):
    client.force_login(officer)
    client.post(reverse("set_language"), {"language": "en"})
    path = write_csv(tmp_path / "a.csv", [
        ["subject_code", "year", "kind", "code", "yaer"], ["P001", "2024", "title", "LDTX", ""]])
    upload(client, path)
    job = ImportJob.objects.get()
    url = reverse("api-import-detail", args=[job.pk])
    client.post(reverse("set_language"), {"language": "vi"})
    vietnamese = client.get(url).json()
    assert vietnamese["status"] == "invalid" and vietnamese["status_label"] == "Có lỗi"
    assert vietnamese["warnings"] == ["Cột “yaer” không thuộc bảng Thành tích, được bỏ qua. "
                                      "Có phải ý bạn là “year”?"]
    assert "Có phải ý bạn là “LDTT”?" in vietnamese["errors"][0]["reason"]
    english = client.get(url, {"lang": "en"}).json()
    assert english["status_label"] == "Has errors"
    assert english["warnings"] == ["Column “yaer” is not part of the Achievements table and is "
                                   "ignored. Did you mean “year”?"]
    assert "Did you mean “LDTT”?" in english["errors"][0]["reason"]
    assert [j["id"] for j in client.get(reverse("api-import-list")).json()["results"]] == [
        job.pk]
    client.force_login(make_user("other", role="unit_officer", unit=tree["other"]))
    assert client.get(url).status_code == 404  # another user's import is not there


def test_a_row_error_names_the_column_as_the_template_heads_it(client, tmp_path, officer):
    client.force_login(officer)
    path = write_csv(tmp_path / "a.csv", [
        ["subject_code", "year", "kind", "code"], ["P001", "2024", "title", "LDTX"]])
    upload(client, path)
    job = ImportJob.objects.get()
    vietnamese = page_in(client, "vi", job)
    assert '<span title="code">Mã thành tích</span>' in vietnamese
    english = page_in(client, "en", job)
    assert "<code>code</code>" in english and "Mã thành tích" not in english


def test_a_failed_job_says_why_in_the_readers_language(client, officer):
    from dienhinh.ledger import tasks

    job = ImportJob.objects.create(user=officer, table="units", original_name="a.csv")
    with translation.override("en"):
        tasks.fail(job, text("Lỗi hệ thống khi nhập; không có dòng nào được ghi."))
    client.force_login(officer)
    assert "Lỗi hệ thống khi nhập" in page_in(client, "vi", job)
    assert "Internal error; nothing was written." in page_in(client, "en", job)


@pytest.mark.parametrize("stored, vietnamese, english", [
    ("Tệp rỗng.", "Tệp rỗng.", "The file is empty."),
    ("The file is neither CSV nor XLSX (it looks like PDF).",
     "Tệp không phải CSV hay XLSX (có vẻ là PDF).",
     "The file is neither CSV nor XLSX (it looks like PDF)."),
    ("Thiếu cột bắt buộc: code, kind. Cần các cột: code, name, parent_code, kind. "
     "Tệp dùng dấu chấm phẩy; hãy dùng dấu phẩy.",
     "Thiếu cột bắt buộc: code, kind. Cần các cột: code, name, parent_code, kind. "
     "Tệp dùng dấu chấm phẩy; hãy dùng dấu phẩy.",
     "Missing required columns: code, kind. The columns needed are: code, name, "
     "parent_code, kind. The file uses semicolons; use commas."),
    ("Column “yaer” is not part of the achievements table and is ignored. "
     "Did you mean “year”?",
     "Cột “yaer” không thuộc bảng achievements, được bỏ qua. Có phải ý bạn là “year”?",
     "Column “yaer” is not part of the achievements table and is ignored. "
     "Did you mean “year”?"),
    ("Một câu không phải của lượt nhập.", "Một câu không phải của lượt nhập.",
     "Một câu không phải của lượt nhập."),
])
def test_the_migration_reads_rows_stored_before_back_into_messages(stored, vietnamese,
                                                                    english):
    data = migration.recover(stored)
    with translation.override("vi"):
        assert load(data) == vietnamese
    with translation.override("en"):
        assert load(data) == english


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_stored_rows_into_messages_and_back(make_user, tree):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(target):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(target)
        return executor.loader.project_state(target).apps

    user = make_user("officer", role="unit_officer", unit=tree["sct"])
    before, after = [("ledger", "0003_ledger_state")], [("ledger", migration.__name__.rsplit(".", 1)[1])]
    try:
        apps = migrate(before)
        Job = apps.get_model("ledger", "ImportJob")
        job = Job.objects.create(
            user_id=user.pk, table="units", original_name="a.csv", status="invalid",
            file_error="The file has no header row.",
            warnings=["Cột “ma_xa” không thuộc bảng units, được bỏ qua.", "chữ khác"])
    finally:
        migrate(after)
    job = ImportJob.objects.get(pk=job.pk)
    assert job.file_error == {"msgid": "Tệp không có dòng tiêu đề.", "params": None}
    with translation.override("vi"):
        assert job.file_error_text == "Tệp không có dòng tiêu đề."
        assert job.warning_texts == ["Cột “ma_xa” không thuộc bảng units, được bỏ qua.",
                                     "chữ khác"]
    with translation.override("en"):
        assert job.warning_texts[0] == "Column “ma_xa” is not part of the units table and is " \
                                       "ignored."
    try:
        apps = migrate(before)  # and back: the text in the system's language
        old = apps.get_model("ledger", "ImportJob").objects.get(pk=job.pk)
        assert old.file_error == "Tệp không có dòng tiêu đề."
    finally:
        migrate(after)
