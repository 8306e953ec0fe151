"""The ranking as XLSX, from the ranking screen and the API: every row and every
criterion cell equals the ranking and the verified lines; the scored units get it only
once the result is published."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from dienhinh.scoring import services
from dienhinh.scoring.models import ScoreLine
from tests.factories.scoring import YEAR, pdf, scoring_setup

pytestmark = pytest.mark.django_db
GENERAL = "chung-khoi-cum-thi-dua"
TABLE = {
    "p1": {"tasks": 40, "pact": 30, "emulation_work": 10, "solidarity": 10},   # 90
    "p2": {"tasks": 30, "pact": 20, "emulation_work": 20, "solidarity": 10},   # 80
    "p3": {"tasks": 30, "pact": 30, "emulation_work": 20, "solidarity": 10},   # 90
}


@pytest.fixture
def s():
    s = scoring_setup()
    rnd = services.open_round(s["office"], agency=s["town"], scheme_id=GENERAL, year=YEAR,
                              units=[s["p1"], s["p2"], s["p3"]])
    for key, scores in TABLE.items():
        sheet = rnd.sheets.get(unit=s[key])
        sheet = services.save_self_scores(s["office"], sheet, sheet.version,
                                          {c: (v, "") for c, v in scores.items()})
        for c in rnd.scheme.criteria:
            if c.evidence_required:
                sheet.refresh_from_db()
                services.add_evidence(s["office"], sheet, sheet.version, c.id, pdf())
        sheet.refresh_from_db()
        sheet = services.submit_sheet(s["office"], sheet, sheet.version)
        verified = {c: (v, "") for c, v in scores.items()}
        if key == "p2":
            verified["emulation_work"] = (15, "Chưa tổ chức sơ kết giữa năm")
        services.verify_sheet(s["office"], sheet, sheet.version, verified)
    rnd.refresh_from_db()
    s["round"] = rnd
    return s


def _book(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def _ranking_rows(ws):
    """The data rows of the ranking sheet: those after the header row ("Hạng")."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Hạng") + 1
    out = []
    for r in rows[start:]:
        if r[0] is None and r[1] is None:
            break
        out.append(r)
    return out


def _check_workbook(content: bytes, rnd):
    book = _book(content)
    assert book.sheetnames == ["Xếp hạng", "Điểm theo tiêu chí"]
    expected = services.result(rnd)
    got = _ranking_rows(book["Xếp hạng"])
    assert len(got) == len(expected) == 3
    for row, r in zip(got, expected, strict=True):
        rank, name, own, total, percent, proposed, note, state = row
        assert (rank, name, state) == (r.rank, r.unit_name, r.status_label)
        assert Decimal(str(own)) == r.self_total and Decimal(str(total)) == r.total
        assert Decimal(str(percent)) == r.percent
        assert (proposed or "") == "; ".join(r.proposed) and (note or "") == r.tie_note
    # every criterion × unit cell is the verified score of that line
    detail = list(book["Điểm theo tiêu chí"].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(detail) if r[0] == "Tiêu chí")
    names = detail[head][3:3 + len(expected)]
    assert list(names) == [r.unit_name for r in expected]
    scheme = rnd.scheme
    for n, c in enumerate(scheme.criteria, start=head + 1):
        row = detail[n]
        assert row[0] == c.label and Decimal(str(row[1])) == c.max
        for col, r in enumerate(expected, start=3):
            line = ScoreLine.objects.get(sheet_id=r.sheet_id, criterion=c.id)
            assert Decimal(str(row[col])) == line.verified_score
    total_row = detail[head + 1 + len(scheme.criteria)]
    assert [Decimal(str(v)) for v in total_row[3:3 + len(expected)]] == \
        [r.total for r in expected]
    # the adjustment is listed with its reason
    flat = [v for r in detail for v in r if v is not None]
    assert "Chưa tổ chức sơ kết giữa năm" in flat
    return got


def test_ranking_xlsx_from_the_screen_equals_the_ranking(client, s):
    rnd = s["round"]
    client.force_login(s["office"])
    page = client.get(reverse("scoring_round", args=[rnd.pk])).content.decode()
    assert reverse("scoring_round_xlsx", args=[rnd.pk]) in page
    r = client.get(reverse("scoring_round_xlsx", args=[rnd.pk]))
    assert r.status_code == 200 and r["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    rows = _check_workbook(r.content, rnd)
    # p1 and p3 both 90 under the shared rule: place 1 twice, then place 3
    assert [(row[1], row[0]) for row in rows] == [
        ("UBND Phường 1", 1), ("UBND Phường 3", 1), ("UBND Phường 2", 3)]


def test_ranking_xlsx_through_the_api_and_who_may_have_it(client, s):
    rnd = s["round"]
    url = f"/api/scoring/rounds/{rnd.pk}/ranking/"
    client.force_login(s["office"])
    r = client.get(url)
    assert r.status_code == 200
    _check_workbook(r.content, rnd)
    # a scored unit: not before the result is published (as on the screen) …
    client.force_login(s["officer_p1"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("scoring_round_xlsx", args=[rnd.pk])).status_code == 404
    rnd = services.close_round(s["office"], rnd, rnd.version)
    # … and afterwards the same table
    r = client.get(url)
    assert r.status_code == 200
    _check_workbook(r.content, rnd)
    assert _book(r.content)["Xếp hạng"]["A1"].value == "KẾT QUẢ XẾP HẠNG THI ĐUA"
    # another agency's office never
    client.force_login(s["outsider"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("scoring_round_xlsx", args=[rnd.pk])).status_code == 404
