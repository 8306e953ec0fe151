"""The criteria engine's explanations in the reader's language (issue 10, point 4).

The engine words its explanations in Vietnamese at the source; a page read in English
shows them from the .po catalogue, while the command line, CONTRACT §3's object (what
a nomination stores and the API's `evaluation` carries) stay Vietnamese whoever asks.
What a plan template says (its `what`, labels, sections, pending texts, profile names)
is data and stays as written; everything else in an English line must be English.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dienhinh.criteria import engine, text
from dienhinh.criteria.ledger import Ledger, Record, SubjectRow
from dienhinh.criteria.template import load_template
from dienhinh.orgs.models import Role
from dienhinh.plans import services as evaluation
from dienhinh.plans.services import get_template

from .discovery_helpers import PLAN, YEAR, build
from .test_criteria_properties import TEMPLATES, ledgers

VI_LETTERS = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
                        re.IGNORECASE)
# The engine's own Vietnamese words, as a line in Vietnamese starts or joins them.
ENGINE_WORDS = ("Đạt", "Chưa đạt", "Chờ xác nhận", "căn cứ", "còn thiếu", "giai đoạn",
                "hoặc", "xếp loại", "thành viên", "QĐ ")


def without_data(line: str, template, extra=()) -> str:
    """The line without what the template itself says and the ledger's decision numbers
    (data, kept as written)."""
    data = {profile.name for profile in template.profiles} | set(extra)
    for node in template.nodes():
        data |= {node.what, node.label, node.section, node.text}
    for piece in sorted((d for d in data if d), key=len, reverse=True):
        line = line.replace(piece, "")
    return line


def assert_english(lines, template, extra=()):
    assert lines
    for line in lines:
        rest = without_data(line, template, extra)
        assert not VI_LETTERS.search(rest), line
        assert not any(word in rest for word in ENGINE_WORDS), line


def as_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def as_vietnamese(client):
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})


@pytest.fixture
def ledger(tree):
    cache.clear()
    return build(tree)


@pytest.fixture
def office(client, make_user, ledger):
    client.force_login(make_user("vanphong", role=Role.STANDING_OFFICE, unit=ledger["sct"]))
    return client


# --- the engine alone -------------------------------------------------------------------


class Upper(text.Words):
    """A stand-in catalogue: proves every phrase goes through the words in force."""

    def gettext(self, message):
        return "<" + message + ">"

    def ngettext(self, singular, plural, n):
        return "<" + (singular if n == 1 else plural) + ">"

    def pgettext(self, context, message):
        return "<" + message + ">"

    def name(self, vietnamese, english):
        return english


MIXED = """
id: mixed
name: Thử
agency: Thử
period: {start: 2021, end: 2025}
profiles:
  - id: unit
    name: Đơn vị
    match: {subject_type: collective}
    criteria:
      - members: {quantifier: none, criterion: {count: {select: {codes: [CANH_CAO]}, min: 1}}}
  - id: person
    name: Cá nhân
    match: {subject_type: individual}
    criteria:
      - count: {select: [{codes: [BANG_KHEN], issuers: [SO]}, {codes: [SANG_KIEN], levels: [tinh]}], min: 2}
      - consecutive: {select: {codes: [CSTDCS]}, years: 2}
      - every_year: {select: {codes: [HTXSNV]}}
"""


def test_the_default_words_are_the_vietnamese_source_and_another_replaces_each_phrase():
    t = load_template(MIXED)
    rows = [SubjectRow(1, "U1", "collective", "agency", "", 1, "/1/"),
            SubjectRow(2, "P1", "individual", "agency", "staff", 1, "/1/")]
    records = [Record(2, 2022, "BANG_KHEN", "SO", "", None, "12/QĐ-SNV"),
               Record(2, 2023, "SANG_KIEN", "", "tinh", None, "4/QĐ-UBND"),
               Record(2, 2023, "CSTDCS", "", "", None, ""),
               Record(2, 2024, "CANH_CAO", "", "", None, "")]
    ledger = Ledger(rows, records)
    vi = engine.explain(t, ledger, "P1", 2025)
    assert vi.met[0] == (
        "Đạt: có ít nhất 2 Bằng khen của Giám đốc Sở và tương đương; hoặc sáng kiến cấp tỉnh "
        "trong giai đoạn 2021–2025 — căn cứ: 2022 Bằng khen Giám đốc Sở và tương đương "
        "QĐ 12/QĐ-SNV; 2023 sáng kiến cấp tỉnh QĐ 4/QĐ-UBND")  # names, never SO or tinh
    assert "Chưa đạt: chưa có 2 năm liên tục đạt Chiến sĩ thi đua cơ sở" in vi.unmet[0]
    unit = engine.explain(t, ledger, "U1", 2025)
    assert unit.unmet == ["Chưa đạt: có 1 thành viên có ít nhất 1 Cảnh cáo trong giai đoạn "
                          "2021–2025"]
    with text.speaking(Upper()):
        marked = engine.explain(t, ledger, "P1", 2025)
        unit_marked = engine.explain(t, ledger, "U1", 2025)
    # Every phrase passed through the words in force; codes were named by them.
    assert marked.met[0].startswith("<<Đạt") and "> — căn cứ: " in marked.met[0]
    assert "Director of a department or equivalent" in marked.met[0]
    assert "<sáng kiến>" in marked.met[0] and "Provincial".lower() in marked.met[0]
    assert unit_marked.unmet[0].startswith("<Chưa đạt") and "Warning" in unit_marked.unmet[0]
    # Outside the block, the source again.
    assert engine.explain(t, ledger, "P1", 2025).met == vi.met


# --- pages in English ---------------------------------------------------------------------


def test_a_persons_standing_reads_in_english_and_stays_vietnamese_in_vietnamese(office):
    as_english(office)
    response = office.get(reverse("subject_standing", kwargs={"code": "P001"}), {"year": YEAR})
    assert response.status_code == 200
    entries = {e["plan"].id: e for e in response.context["entries"]}
    standing = entries[PLAN]["s"]
    result = standing["result"]
    assert result.met and all(line.startswith("Met") for line in result.met)
    assert "evidence:" in result.met[0]
    for entry in entries.values():
        if entry["s"]:
            r = entry["s"]["result"]
            assert_english(r.met + r.unmet, entry["s"]["template"])
    body = response.content.decode()
    for line in result.met:
        assert line.replace("'", "&#x27;") in body
    assert "Đạt (" not in body and "căn cứ" not in body

    as_vietnamese(office)
    response = office.get(reverse("subject_standing", kwargs={"code": "P001"}), {"year": YEAR})
    vi = {e["plan"].id: e for e in response.context["entries"]}[PLAN]["s"]["result"]
    # The Vietnamese page says exactly what the command line says (CONTRACT §3).
    assert vi.met == evaluation.explain_subject(PLAN, "P001", YEAR).met
    assert vi.met[0].startswith("Đạt") and "căn cứ:" in vi.met[0]


def test_a_near_miss_explained_in_english(office):
    as_english(office)
    response = office.get(f"/discovery/{PLAN}/{YEAR}/SCT_QLCN/explain/")
    result = response.context["s"]["result"]
    assert result.unmet and all(line.startswith("Not met") for line in result.unmet)
    assert_english(result.unmet + result.met, get_template(PLAN))


@pytest.mark.django_db(transaction=True)
def test_discovery_in_english_then_vietnamese_from_one_cache(office):
    """Discovery's results are cached; each language has its own words, so neither reader
    gets the other's."""
    params = {"plan": PLAN, "scope": "SCT", "year": YEAR}
    as_english(office)
    rows = {r.code: r for r in office.get("/discovery/", params).context["page"].object_list}
    assert any("missing" in line for line in rows["P004"].unmet)
    template = get_template(PLAN)
    assert_english([line for r in rows.values() for line in r.met + r.unmet], template)
    body = office.get("/discovery/", params).content.decode()
    assert "Not met" in body and "Chưa đạt" not in body

    as_vietnamese(office)
    rows = {r.code: r for r in office.get("/discovery/", params).context["page"].object_list}
    assert any("còn thiếu 1" in line for line in rows["P004"].unmet)
    assert all(line.startswith("Chưa đạt") for r in rows.values() for line in r.unmet)

    as_english(office)  # the English entry is still there, still English
    rows = {r.code: r for r in office.get("/discovery/", params).context["page"].object_list}
    assert all(line.startswith("Not met") for r in rows.values() for line in r.unmet)


def test_the_export_is_one_vietnamese_workbook_whoever_exports_it(office):
    """Its headers are Vietnamese, so its explanations and labels are too."""
    from openpyxl import load_workbook

    as_english(office)
    response = office.get("/discovery/export.xlsx", {"plan": PLAN, "scope": "SCT",
                                                     "year": YEAR, "show": "all"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    explained = [c for c in cells if c.startswith(("Đạt", "Chưa đạt", "Met", "Not met"))]
    assert explained and all(c.startswith(("Đạt", "Chưa đạt")) for c in explained)
    assert "Cá nhân" in cells and "Individual" not in cells


def test_registration_candidates_in_english(client, make_user):
    from dienhinh.exemplars import services
    from dienhinh.ledger.models import Achievement
    from tests.factories.exemplars import lao_cai

    lc = lao_cai()
    for year, code, kind in [(2024, "HTXSNV", "rating"), (2024, "CSTDCS", "title")]:
        Achievement.objects.create(subject=lc["dung"].subject, year=year, kind=kind,
                                   code_id=code, decision_no=f"d{code}{year}")
    client.force_login(make_user("canbo_ldvl", role=Role.UNIT_OFFICER, unit=lc["ldvl"]))
    as_english(client)
    panel = client.get(f"/exemplars/plans/{lc['plan'].pk}/2024/candidates/?unit=LC_LDVL")
    assert panel.status_code == 200
    [near] = [c for c in panel.context["candidates"] if c.near_miss]
    assert near.unmet and all(line.startswith("Not met") for line in near.unmet)
    assert_english(near.unmet, evaluation.plan_template(lc["plan"]))
    with translation.override("vi"):
        [near_vi] = [c for c in services.discovery_candidates(lc["plan"], 2024, lc["ldvl"])
                     if c.near_miss]
    assert near_vi.unmet[0].startswith("Chưa đạt")


def test_a_dossier_and_a_fostering_plan_show_their_stored_evaluation_in_english(
        client, make_user):
    """What is stored stays the contract's Vietnamese; the screen words it again, from the
    data stored beside it, in the reader's language — the same frozen verdict."""
    import datetime as dt

    from dienhinh.exemplars import services
    from dienhinh.ledger.models import Achievement
    from tests.factories.exemplars import lao_cai

    lc = lao_cai()
    Achievement.objects.create(subject=lc["hoa"].subject, year=2024, kind="rating",
                               code_id="HTXSNV", decision_no="12/QĐ")
    Achievement.objects.create(subject=lc["hoa"].subject, year=2023, kind="title",
                               code_id="CSTDCS", decision_no="2023/QĐ-SLĐ")
    officer = make_user("cb", role=Role.UNIT_OFFICER, unit=lc["ldvl"])
    with translation.override("en"):  # whoever acts, the stored words are Vietnamese
        nom = services.create_nomination(officer, lc["plan"], 2024, lc["ldvl"],
                                         lc["hoa"].subject, "agency", "Tóm tắt")
        reg, _ = services.register(officer, lc["plan"], 2024, lc["ldvl"], lc["hoa"].subject,
                                   on=dt.date(2024, 1, 10))
        fp = services.create_fostering(officer, reg)
    stored = nom.snapshot["result"]
    assert stored["met"][0].startswith("Đạt") and stored["unmet"][0].startswith("Chưa đạt")
    assert fp.gaps["unmet"][0].startswith("Chưa đạt")
    # Frozen: a record added later changes neither the stored nor the shown verdict.
    Achievement.objects.create(subject=lc["hoa"].subject, year=2024, kind="title",
                               code_id="CSTDCS", decision_no="2024/QĐ-SLĐ")
    template = evaluation.plan_template(lc["plan"])

    client.force_login(officer)
    as_english(client)
    page = client.get(reverse("exemplars_nomination", args=[nom.pk]))
    shown = page.context["result"]
    assert shown["quantitative"] == stored["quantitative"] == "fail"
    assert len(shown["met"]) == len(stored["met"]) and len(shown["unmet"]) == len(stored["unmet"])
    assert shown["met"][0].startswith("Met") and shown["unmet"][0].startswith("Not met")
    numbers = ["12/QĐ", "2023/QĐ-SLĐ"]
    assert_english(shown["met"] + shown["unmet"], template, numbers)
    body = page.content.decode()
    assert "Chưa đạt" not in body and "căn cứ" not in body
    gaps = client.get(reverse("exemplars_fostering", args=[fp.pk])).context["gaps"]
    assert gaps["unmet"] and gaps["unmet"][0].startswith("Not met")
    assert_english(gaps["unmet"], template, numbers)

    as_vietnamese(client)
    page = client.get(reverse("exemplars_nomination", args=[nom.pk]))
    assert page.context["result"]["met"] == stored["met"]
    assert page.context["result"]["unmet"] == stored["unmet"]


# --- what stays Vietnamese ------------------------------------------------------------------


def test_the_command_line_and_the_contract_object_do_not_follow_the_active_language(ledger):
    def json_out():
        out = io.StringIO()
        call_command("evaluate", PLAN, "--scope", "SCT", "--year", str(YEAR),
                     "--format", "json", stdout=out)
        return json.loads(out.getvalue())

    vietnamese = json_out()
    lines = [line for r in vietnamese["results"] for line in r["met"] + r["unmet"]]
    assert any(line.startswith("Đạt") for line in lines)
    assert any(line.startswith("Chưa đạt") for line in lines)
    with translation.override("en"):
        assert json_out() == vietnamese
        # What a nomination stores and the API's `evaluation` carries (CONTRACT §5).
        stored = evaluation.evaluate_subject(PLAN, "P001", YEAR)
    assert stored["met"][0].startswith("Đạt") and "căn cứ:" in stored["met"][0]


def _outside_brackets(line: str) -> str:
    """What `Upper` did not wrap: the line without its <…> phrases (nested too)."""
    previous = None
    while previous != line:
        previous, line = line, re.sub(r"<[^<>]*>", "", line)
    return line


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(ledgers(), st.sampled_from(TEMPLATES + [load_template(MIXED)]), st.integers(0, 4))
def test_no_vietnamese_word_of_the_engine_escapes_the_catalogue(data, template, offset):
    """Every construct, met or not, with evidence or without: under words that wrap each
    phrase, nothing Vietnamese is left outside a wrapped phrase, so the catalogue gets
    every word the engine builds."""
    subjects, records = data
    ledger = Ledger(subjects, records)
    year = min(template.start + offset, template.end)
    with text.speaking(Upper()):
        results = engine.evaluate_python(template, ledger, year)
        results += [r for s in subjects
                    if (r := engine.explain(template, ledger, s.code, year)) is not None]
    for r in results:
        for line in r.met + r.unmet + r.pending:
            assert not VI_LETTERS.search(_outside_brackets(line)), line
