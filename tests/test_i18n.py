"""One language at a time (issue 10, point 4).

Vietnamese texts are the source; English comes from the .po catalogue, complete and
compiled; no string of the code or the templates holds both languages; the header's
switch changes the language of a page and `?lang=en` the language of an API answer;
the import command alone gives a row's reason in both languages, in two columns
(CONTRACT §2).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from dienhinh.core.i18n import Text, text
from dienhinh.ledger.imports import run_import
from dienhinh.orgs.models import Role

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "dienhinh"
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
VI_LETTERS = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
                        re.IGNORECASE)


def _detector():
    spec = importlib.util.spec_from_file_location("find_bilingual",
                                                  ROOT / "scripts" / "find_bilingual.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the catalogue ------------------------------------------------------------------


def test_every_msgid_has_an_english_translation_and_none_is_fuzzy():
    po = polib.pofile(str(PO))
    entries = [e for e in po if not e.obsolete]
    assert len(entries) > 1000  # the whole interface, not a sample
    untranslated = [e.msgid for e in entries
                    if not (e.msgstr or all(e.msgstr_plural.values()) and e.msgstr_plural)]
    assert untranslated == []
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    # An English translation is English: no Vietnamese letter left in it, except
    # in names kept as they are (Vietnamese place and agency names).
    names = re.compile(r"SLĐTBXH|Việt Nam|Tiếng Việt|đồng|Đ|TN&MT|Sở")
    still_vietnamese = [e.msgstr for e in entries
                        if e.msgstr and VI_LETTERS.search(names.sub("", e.msgstr))]
    assert still_vietnamese == []


def test_the_sources_are_vietnamese():
    po = polib.pofile(str(PO))
    msgids = [e.msgid for e in po if not e.obsolete]
    with_vietnamese = [m for m in msgids if VI_LETTERS.search(m)]
    assert len(with_vietnamese) > 0.9 * len(msgids)


def test_compilemessages_builds_the_committed_catalogue(tmp_path, settings, monkeypatch):
    """`compilemessages` compiles the committed .po without an error (msgfmt checks the
    format strings) into the catalogue that is committed beside it."""
    work = tmp_path / "locale" / "en" / "LC_MESSAGES"
    work.mkdir(parents=True)
    shutil.copy(PO, work / "django.po")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("compilemessages", locale=["en"], verbosity=0)
    built = {e.msgid: e.msgstr or e.msgstr_plural for e in polib.mofile(str(work / "django.mo"))}
    committed = {e.msgid: e.msgstr or e.msgstr_plural for e in polib.mofile(str(MO))}
    assert built == committed
    subprocess.run(["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(PO)],
                   check=True, capture_output=True)


def test_the_package_ships_the_catalogue():
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = data["tool"]["setuptools"]["package-data"]["*"]
    assert "locale/**/*" in patterns
    assert MO.exists()


# --- no doubled strings -------------------------------------------------------------


def test_the_detector_finds_doubled_strings():
    detector = _detector()
    assert detector.is_bilingual("Không tìm thấy. / Not found.")
    assert detector.is_bilingual("Năm / year")
    assert detector.is_bilingual("dòng/row")
    assert detector.is_bilingual("Tệp CSV hỏng (%(err)s). / Malformed CSV file.")
    assert detector.is_bilingual("Hình thức khen thưởng phải có cấp khen. / A commendation "
                                 "needs an issuer.")
    assert not detector.is_bilingual("Không tìm thấy.")
    assert not detector.is_bilingual("Not found.")
    assert not detector.is_bilingual("Kế hoạch số 12/KH-SLĐTBXH của Sở")
    assert not detector.is_bilingual("Sáng kiến phải có cấp (co_so, tinh, toan_quoc).")
    assert not detector.is_bilingual("Không đọc được YAML/JSON: %(err)s")
    # one English word after a Vietnamese one (API docs, command output)
    assert detector.is_bilingual("Không có quyền / forbidden")
    assert detector.is_bilingual("sổ thành tích / ledger")
    assert not detector.is_bilingual("Khu dân cư / thôn / ấp")
    assert not detector.is_bilingual("json, hoặc tệp docx / xlsx")


def test_no_string_in_the_code_or_templates_holds_both_languages():
    detector = _detector()
    found = [f"{file.relative_to(ROOT)}:{line}: {value[:80]}"
             for file, line, value in detector.findings([PACKAGE, ROOT / "bench",
                                                          ROOT / "scripts"])]
    assert found == []


def test_the_makefile_speaks_one_language():
    detector = _detector()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    assert [line for line in makefile if detector.is_bilingual(line)] == []
    assert detector.is_bilingual('@echo "Phục vụ tại / Serving at http://$(HOST):$(PORT)/"')


def test_no_msgid_holds_both_languages():
    detector = _detector()
    po = polib.pofile(str(PO))
    assert [e.msgid for e in po if detector.is_bilingual(e.msgid)] == []


# --- pages in one language ----------------------------------------------------------


@pytest.fixture
def officer(client, make_user, tree):
    user = make_user("officer", Role.UNIT_OFFICER, tree["vp"])
    client.force_login(user)
    return user


def test_a_page_is_vietnamese_by_default_even_for_an_english_browser(client, officer):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "Trang chủ" in page or "Việc cần làm" in page
    assert "Đăng xuất" in page
    assert "Log out" not in page
    assert 'value="en"' in page  # the switch offers English


def test_the_switch_turns_the_page_english_and_back(client, officer):
    home = reverse("home")
    response = client.post(reverse("set_language"), {"language": "en", "next": home})
    assert response.status_code == 302 and response["Location"] == home
    page = client.get(home).content.decode()
    assert '<html lang="en">' in page
    assert "Log out" in page
    assert "Đăng xuất" not in page
    assert "Việc cần làm" not in page
    assert 'value="vi"' in page  # and back
    client.post(reverse("set_language"), {"language": "vi", "next": home})
    page = client.get(home).content.decode()
    assert "Đăng xuất" in page and "Log out" not in page


def test_the_switch_is_a_csrf_protected_post(officer, make_user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    response = strict.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 403
    page = strict.get(reverse("home")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page and 'action="/i18n/setlang/"' in page


def test_the_login_page_offers_the_switch(client, db):
    page = client.get(reverse("login")).content.decode()
    assert 'action="/i18n/setlang/"' in page
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    page = client.get(reverse("login")).content.decode()
    assert "Password" in page and "Mật khẩu" not in page


# --- the API --------------------------------------------------------------------------


def test_the_api_answers_in_vietnamese_unless_asked_for_english(client, db):
    vi = client.get("/api/units/")
    assert vi.status_code in (401, 403)
    assert vi.json()["detail"] == "Chưa đăng nhập: hãy gửi phiên đăng nhập hoặc khóa truy cập."
    en = client.get("/api/units/?lang=en")
    assert en.json()["detail"] == "Authentication credentials were not provided."
    assert en["Content-Language"] == "en"
    missing = client.get("/api/no-such-thing/?lang=en")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not found."}
    assert client.get("/api/no-such-thing/").json() == {"detail": "Không tìm thấy."}


def test_an_unknown_lang_is_ignored(client, db):
    assert client.get("/api/no-such-thing/?lang=fr").json() == {"detail": "Không tìm thấy."}


# --- import reasons -------------------------------------------------------------------


def test_a_text_renders_again_in_the_other_language():
    with translation.override("vi"):
        message = text("Cột “%(col)s” xuất hiện hai lần.") % {"col": "code"}
    assert isinstance(message, Text)
    assert message == "Cột “code” xuất hiện hai lần."
    assert message.in_language("en") == "Column “code” appears twice."
    assert message.in_language("vi") == "Cột “code” xuất hiện hai lần."


def test_import_reasons_are_kept_in_both_languages(tree, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("code,full_name,birth_date,gender,unit_code,position\n"
                    "P100,Lê Văn Tư,31/02/1990,x,SCT_VP,staff\n", encoding="utf-8")
    result = run_import("people", path)
    assert not result.ok
    rows = [e.as_dict() for e in result.errors]
    by_column = {row["column"]: row for row in rows}
    date = by_column["birth_date"]
    assert "không tồn tại" in date["reason_vi"]
    assert date["reason_en"].startswith("The date does not exist")
    gender = by_column["gender"]
    assert "nam" in gender["reason_vi"] and not VI_LETTERS.search(gender["reason_en"])
    for row in rows:
        assert not _detector().is_bilingual(row["reason_vi"])
        assert not _detector().is_bilingual(row["reason_en"])


def test_the_import_command_prints_each_reason_in_two_columns(tree, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_text("code,full_name,birth_date,gender,unit_code,position\n"
                    "P100,Lê Văn Tư,31/02/1990,nam,SCT_VP,staff\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        call_command("import", "people", str(path))
    assert exit_.value.code == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "row\tcolumn\tvalue\treason_vi\treason_en"
    row, column, value, reason_vi, reason_en = out[1].split("\t")
    assert (row, column, value) == ("2", "birth_date", "31/02/1990")
    assert "không tồn tại" in reason_vi and not VI_LETTERS.search(reason_en)
    assert "does not exist" in reason_en


def test_django_and_drf_messages_are_vietnamese_too(client, make_user, tree):
    """Their own catalogues leave some messages in English; locale/vi fills the gaps, so a
    Vietnamese answer does not switch language half-way."""
    from rest_framework.authtoken.models import Token

    token, _created = Token.objects.get_or_create(
        user=make_user("canbo", Role.UNIT_OFFICER, tree["vp"]))
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    body = {"subject": "P001", "year": "năm", "code": "LDTT", "note": "a\x00b"}
    vi = client.post("/api/achievements/", body, content_type="application/json",
                     **headers).json()
    assert vi["year"] == ["Cần một số nguyên hợp lệ."]
    assert vi["note"] == ["Không được chứa ký tự rỗng (null)."]
    en = client.post("/api/achievements/?lang=en", body, content_type="application/json",
                     **headers).json()
    assert en["year"] == ["A valid integer is required."]
    assert en["note"] == ["Null characters are not allowed."]


def test_the_vietnamese_catalogue_only_fills_gaps():
    """locale/vi holds English msgids of Django and DRF only: the system's own texts are
    Vietnamese at the source and must not be "translated" into something else."""
    po = polib.pofile(str(PACKAGE / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    assert len(po) > 50
    assert not [e.msgid for e in po if VI_LETTERS.search(e.msgid)]
    assert not [e.msgid for e in po if not (e.msgstr or e.msgstr_plural.get(0))]
    assert not [e.msgid for e in po if "fuzzy" in e.flags]


def test_notifications_are_written_in_vietnamese_whoever_acts_in_english(db):
    """A notification is stored and e-mailed: an officer who reads English must not send
    English to colleagues who never asked for it."""
    from dienhinh.council import services as council
    from dienhinh.council.models import Ballot
    from dienhinh.notifications.models import Notification
    from tests.factories.council import PASSPHRASE, council_setup

    s = council_setup()
    meeting = s["meeting"]
    council.add_item(s["office"], meeting, s["noms"]["hoa"])
    meeting.refresh_from_db()
    meeting = council.set_attendance(s["office"], meeting, meeting.version, s["members"])
    with translation.override("en"):
        council.open_ballot(s["office"], meeting, meeting.version, Ballot.ELECTRONIC, PASSPHRASE)
    note = Notification.objects.filter(user=s["members"][2].user).latest("pk")
    assert note.subject.startswith("Mời bỏ phiếu kín"), note.subject
