"""The achievement report's "Cơ quan ban hành" column (Nghị định 98/2023/NĐ-CP, mẫu báo
cáo thành tích): what the ledger records where it records it, else — for a yearly
rating, which carries no issuer — the body that decided it, found in the organisation's
history as it stood that year; never a code, never a blank a clerk must fill."""

import datetime as dt
import io

import pytest
from docx import Document

from dienhinh.exemplars import documents, services
from dienhinh.ledger.models import Achievement
from dienhinh.orgs import history, reorganise
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role
from tests.factories.exemplars import lao_cai

pytestmark = pytest.mark.django_db

OLD_NAME = "Sở Lao động – Thương binh và Xã hội tỉnh Lào Cai"
NEW_NAME = "Sở Lao động, Thương binh và Xã hội tỉnh Lào Cai"
CENTRE = "Trung tâm Dịch vụ việc làm tỉnh Lào Cai"


@pytest.fixture
def history_of_hoa(make_user):
    """Hoa worked in a division of the Sở in 2022 and 2023 (the Sở renamed on
    01/06/2023), then in the Sở's job centre from 01/03/2024."""
    lc = lao_cai()
    centre = orgs.create_unit("LC_TTDVVL", CENTRE, "service_unit", lc["so"])
    hoa = lc["hoa"].subject
    for year, code in ((2022, "HTTNV"), (2023, "HTXSNV"), (2024, "HTXSNV")):
        Achievement.objects.create(subject=hoa, year=year, kind="rating", code_id=code,
                                   decision_no=f"{year}/QĐ-SLĐTBXH",
                                   decision_date=dt.date(year, 12, 20))
    # Recorded in the ledger: the unit that signed, and an issuing level without a unit.
    Achievement.objects.create(subject=hoa, year=2022, kind="commendation",
                               code_id="GIAY_KHEN", issuer="SO", issuer_unit=lc["so"],
                               decision_no="7/QĐ-SLĐTBXH", decision_date=dt.date(2022, 12, 28))
    Achievement.objects.create(subject=hoa, year=2023, kind="commendation",
                               code_id="BANG_KHEN", issuer="UBND_TINH",
                               decision_no="88/QĐ-UBND", decision_date=dt.date(2023, 12, 29))
    officer = make_user("cb", role=Role.UNIT_OFFICER, unit=lc["ldvl"])
    nom = services.create_nomination(officer, lc["plan"], 2024, lc["ldvl"], hoa, "agency",
                                     "Hoàn thành xuất sắc nhiệm vụ")
    reorganise.rename(lc["so"], NEW_NAME, dt.date(2023, 6, 1), "15/QĐ-UBND")
    orgs.move_person(lc["hoa"], centre, "staff", dt.date(2024, 3, 1))
    return lc, centre, nom


def _rows(nom) -> dict[tuple[str, str], str]:
    doc = Document(io.BytesIO(documents.achievement_report_docx(nom, dt.date(2024, 12, 30))))
    table = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Cơ quan ban hành")
    return {(r.cells[0].text, r.cells[1].text): r.cells[3].text for r in table.rows[1:]}


def test_a_rating_names_the_body_that_decided_it_as_it_stood_that_year(history_of_hoa):
    _lc, _centre, nom = history_of_hoa
    rows = _rows(nom)
    # 2022: her division's agency, under the name it bore before the rename.
    assert rows[("2022", "Hoàn thành tốt nhiệm vụ")] == OLD_NAME
    # 2023: the same agency, renamed in June.
    assert rows[("2023", "Hoàn thành xuất sắc nhiệm vụ")] == NEW_NAME
    # 2024: she worked in the job centre, whose director rates its staff.
    assert rows[("2024", "Hoàn thành xuất sắc nhiệm vụ")] == CENTRE


def test_what_the_ledger_records_is_shown_as_it_records_it(history_of_hoa):
    _lc, _centre, nom = history_of_hoa
    rows = _rows(nom)
    # The unit that signed, named as on the decision's date (before the rename).
    assert rows[("2022", "Giấy khen")] == OLD_NAME
    # A level without a unit: the catalogue's name of the level, not "UBND_TINH".
    assert rows[("2023", "Bằng khen cấp bộ, ban, ngành, tỉnh")] == "Chủ tịch UBND tỉnh"
    assert all(cell and "_" not in cell and cell != "SO" for cell in rows.values())


def test_a_collective_is_rated_by_the_body_above_it(history_of_hoa):
    lc, centre, _nom = history_of_hoa
    on = dt.date(2022, 12, 20)
    assert history.deciding_body(lc["ldvl"].subject, on) == (lc["so"], OLD_NAME)
    assert history.deciding_body(centre.subject, dt.date(2024, 12, 20)) == (lc["so"], NEW_NAME)
    # An agency at the top of the recorded tree: nobody above it to name.
    assert history.deciding_body(lc["so"].subject, on) is None


def test_after_a_merge_the_year_keeps_its_own_body(history_of_hoa):
    lc, _centre, _nom = history_of_hoa
    noi_vu = orgs.create_unit("LC_SNV", "Sở Nội vụ tỉnh Lào Cai", "agency")
    reorganise.merge([lc["so"]], into=noi_vu, date=dt.date(2025, 3, 1))
    mai = lc["mai"].subject  # Phòng Bảo trợ xã hội moved under the Sở Nội vụ with the merge
    assert history.deciding_body(mai, dt.date(2024, 12, 20))[1] == NEW_NAME
    assert history.deciding_body(mai, dt.date(2025, 12, 20)) == (noi_vu, "Sở Nội vụ tỉnh Lào Cai")
