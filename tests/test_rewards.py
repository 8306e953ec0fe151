"""Rewards: multiple × base salary on the decision date, rounded up to the ten thousand
đồng, by the decree in force (91/2017 to 31/12/2023, 98/2023 to 30/06/2025, 152/2025
from 01/07/2025) and the base salary in force (1.490.000 from 01/07/2019, 1.800.000
from 01/07/2023, 2.340.000 from 01/07/2024); individuals and collectives; a missing
rule is a warning, never a 0; the `dienhinh bonus` command (CONTRACT §5)."""

import datetime as dt
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from dienhinh.decisions import documents, rewards, rules, services
from dienhinh.decisions.models import BaseSalary, RewardRule
from tests.factories.decisions import passed_setup

pytestmark = pytest.mark.django_db


def _table_rows(ws) -> list[tuple]:
    """The sheet's table from its first line to "Tổng cộng"; the signer follows it."""
    rows = []
    for row in ws.iter_rows(min_row=3, values_only=True):
        rows.append(row)
        if row[1] == "Tổng cộng":
            break
    return rows


D = dt.date
ND91, ND98, ND152 = "Nghị định 91/2017/NĐ-CP", "Nghị định 98/2023/NĐ-CP", \
    "Nghị định 152/2025/NĐ-CP"

# (date, code, issuer, collective, multiple, base salary, amount, decree)
TABLE = [
    # 30/06/2023: 91/2017 with 1.490.000 (Nghị định 38/2019).
    (D(2023, 6, 30), "GIAY_KHEN", "SO", False, "0.3", 1_490_000, 450_000, ND91),  # 447.000↑
    (D(2023, 6, 30), "GIAY_KHEN", "SO", True, "0.6", 1_490_000, 900_000, ND91),   # 894.000↑
    (D(2023, 6, 30), "GIAY_KHEN", "UBND_XA", False, "0.15", 1_490_000, 230_000, ND91),
    (D(2023, 6, 30), "GIAY_KHEN", "UBND_XA", True, "0.3", 1_490_000, 450_000, ND91),
    (D(2023, 6, 30), "CSTDCS", "SO", False, "1.0", 1_490_000, 1_490_000, ND91),
    # 01/07/2023: 1.800.000 (Nghị định 24/2023).
    (D(2023, 7, 1), "LDTT", "SO", False, "0.3", 1_800_000, 540_000, ND91),
    (D(2023, 7, 1), "TTLDTT", "SO", True, "0.8", 1_800_000, 1_440_000, ND91),
    (D(2023, 7, 1), "BANG_KHEN", "UBND_TINH", False, "1.0", 1_800_000, 1_800_000, ND91),
    # 31/12/2023: 98/2023 is signed that day but in force from 01/01/2024 — still 91/2017.
    (D(2023, 12, 31), "CSTD_TINH", "UBND_TINH", False, "3.0", 1_800_000, 5_400_000, ND91),
    (D(2023, 12, 31), "GIAY_KHEN", "UBND_XA", False, "0.15", 1_800_000, 270_000, ND91),
    (D(2023, 12, 31), "CO_THI_DUA_TINH", "UBND_TINH", True, "8.0", 1_800_000, 14_400_000,
     ND91),
    (D(2023, 12, 31), "KDC_VH", "UBND_HUYEN", True, "1.5", 1_800_000, 2_700_000, ND91),
    # 01/01/2024: 98/2023; one Giấy khen figure for every issuer.
    (D(2024, 1, 1), "GIAY_KHEN", "UBND_XA", False, "0.3", 1_800_000, 540_000, ND98),
    (D(2024, 1, 1), "KDC_VH", "UBND_HUYEN", True, "1.5", 1_800_000, 2_700_000, ND98),
    (D(2024, 1, 1), "BANG_KHEN_TTG", "TW", False, "3.5", 1_800_000, 6_300_000, ND98),
    # 30/06/2024 and 01/07/2024: the base salary changes to 2.340.000 (Nghị định 73/2024).
    (D(2024, 6, 30), "CSTT", "QUAN_SU_TINH", False, "0.3", 1_800_000, 540_000, ND98),
    (D(2024, 7, 1), "CSTT", "QUAN_SU_TINH", False, "0.3", 2_340_000, 710_000, ND98),
    (D(2024, 7, 1), "DVQT", "QUAN_SU_TINH", True, "1.5", 2_340_000, 3_510_000, ND98),
    (D(2024, 7, 1), "CSTD_TQ", "TW", False, "4.5", 2_340_000, 10_530_000, ND98),
    # 30/06/2025: the last day of 98/2023.
    (D(2025, 6, 30), "BANG_KHEN", "UBND_TINH", False, "1.0", 2_340_000, 2_340_000, ND98),
    (D(2025, 6, 30), "BANG_KHEN", "UBND_TINH", True, "2.0", 2_340_000, 4_680_000, ND98),
    (D(2025, 6, 30), "GIAY_KHEN", "SO", False, "0.3", 2_340_000, 710_000, ND98),  # 702.000↑
    (D(2025, 6, 30), "GIAY_KHEN", "SO", True, "0.6", 2_340_000, 1_410_000, ND98),
    # 01/07/2025: 152/2025, Bằng khen 1,5.
    (D(2025, 7, 1), "BANG_KHEN", "UBND_TINH", False, "1.5", 2_340_000, 3_510_000, ND152),
    (D(2025, 7, 1), "BANG_KHEN", "UBND_TINH", True, "3.0", 2_340_000, 7_020_000, ND152),
    (D(2025, 7, 1), "GIAY_KHEN", "UBND_XA", False, "0.3", 2_340_000, 710_000, ND152),
    (D(2025, 7, 1), "CSTDCS", "UBND_XA", False, "1.0", 2_340_000, 2_340_000, ND152),
    (D(2025, 7, 1), "TTLDTT", "UBND_XA", True, "0.8", 2_340_000, 1_880_000, ND152),  # 1.872↑
]


@pytest.mark.parametrize("on,code,issuer,collective,multiple,base,amount,decree", TABLE)
def test_bonus_table(on, code, issuer, collective, multiple, base, amount, decree):
    b = rewards.bonus_for(code, issuer, on, collective)
    assert (b.amount, b.multiple, b.base_salary) == (amount, Decimal(multiple), base)
    assert b.rule.startswith(decree + ", ") and b.warning == ""
    assert b.basis.startswith("Nghị định ") and b.basis.endswith("/NĐ-CP")
    assert isinstance(b.amount, int) and b.amount % 10_000 == 0


@pytest.mark.parametrize("on,code,collective", [
    (D(2025, 7, 1), "LDTT", True),          # a title of individuals given to a collective
    (D(2025, 7, 1), "TTLDTT", False),       # a collective title given to a person
    (D(2024, 5, 1), "HUAN_CHUONG", False),  # the figure depends on the order and class
    (D(2024, 5, 1), "GDVH", True),          # no figure confirmed
    (D(2025, 7, 1), "CO_THI_DUA_TINH", True),  # 152/2025's figure not confirmed
    (D(2017, 9, 30), "GIAY_KHEN", False),   # before 91/2017
])
def test_no_rule_is_a_warning_never_a_zero(on, code, collective):
    b = rewards.bonus_for(code, "UBND_TINH", on, collective)
    assert b.amount is None and not b.ok and "Chưa có mức thưởng" in b.warning
    assert on.strftime("%d/%m/%Y") in b.warning and code not in b.warning


def test_no_base_salary_is_a_warning():
    BaseSalary.objects.filter(valid_from__lte=D(2019, 7, 1)).delete()
    b = rewards.bonus_for("GIAY_KHEN", "SO", D(2020, 1, 1))
    assert b.amount is None and b.multiple == Decimal("0.3")
    assert "Chưa có mức lương cơ sở" in b.warning and "01/01/2020" in b.warning


def test_rounding_up_to_the_ten_thousand_uses_integers():
    assert rewards.round_up_ten_thousand(Decimal("702000")) == 710_000
    assert rewards.round_up_ten_thousand(Decimal("710000")) == 710_000
    assert rewards.round_up_ten_thousand(Decimal("710000.01")) == 720_000
    assert rewards.round_up_ten_thousand(1) == 10_000


def test_a_new_base_salary_applies_from_its_date():
    BaseSalary.objects.create(valid_from=D(2026, 7, 1), amount=2_530_001, basis="thử")
    assert rewards.bonus_for("GIAY_KHEN", "SO", D(2026, 6, 30)).amount == 710_000
    # 0.3 × 2.530.001 = 759.000,3 → 760.000
    assert rewards.bonus_for("GIAY_KHEN", "SO", D(2026, 7, 1)).amount == 760_000


def test_an_issuer_specific_rule_wins_over_the_general_one():
    RewardRule.objects.create(rule_set="Quy chế riêng", article="Điều 5", valid_from=D(2025, 7, 1),
                              code="GIAY_KHEN", issuer="DON_VI", subject_type="individual",
                              multiple=Decimal("0.15"))
    assert rewards.bonus_for("GIAY_KHEN", "DON_VI", D(2025, 7, 1)).amount == 360_000
    assert rewards.bonus_for("GIAY_KHEN", "DON_VI", D(2025, 7, 1)).rule == \
        "Quy chế riêng, Điều 5"
    assert rewards.bonus_for("GIAY_KHEN", "SO", D(2025, 7, 1)).amount == 710_000


def test_every_installed_rule_cites_its_article():
    assert RewardRule.objects.count() == len(rules.REWARD_RULES) == 55
    assert not RewardRule.objects.filter(article="").exists()
    assert not BaseSalary.objects.filter(basis="").exists()


@pytest.mark.parametrize("on,code,collective,article", [
    (D(2023, 6, 30), "CSTDCS", False, "Điều 69 khoản 1 điểm c"),
    (D(2023, 6, 30), "CSTT", False, "Điều 69 khoản 1 điểm d"),
    (D(2023, 6, 30), "KDC_VH", True, "Điều 69 khoản 2 điểm c"),
    (D(2023, 6, 30), "CO_THI_DUA_TINH", True, "Điều 69 khoản 2 điểm đ"),
])
def test_91_2017_titles_cite_article_69_clause_and_point(on, code, collective, article):
    b = rewards.bonus_for(code, "UBND_TINH", on, collective)
    assert b.rule == f"{ND91}, {article}"
    assert not RewardRule.objects.filter(rule_set=ND91, note=rules.UNCONFIRMED_ARTICLE).exists()


def test_the_migration_gives_installed_rows_the_article_read_and_keeps_edits():
    """A database installed before 91/2017's titles were read: the placeholder rows get
    their article, a row an administrator edited stays, the missing row is added."""
    from django.apps import apps

    former = {"article": rules.FORMER_ND91_TITLE_ARTICLE, "note": rules.UNCONFIRMED_ARTICLE}
    RewardRule.objects.filter(rule_set=ND91, article__startswith="Điều 69").update(**former)
    RewardRule.objects.filter(rule_set=ND91, code="LDTT").update(article="Điều 69 (sửa tay)")
    RewardRule.objects.filter(rule_set=ND91, code="KDC_VH").delete()
    rules.confirm_articles(apps)
    row = RewardRule.objects.get(rule_set=ND91, code="CSTDCS")
    assert (row.article, row.note) == ("Điều 69 khoản 1 điểm c", "")
    assert RewardRule.objects.get(rule_set=ND91, code="LDTT").article == "Điều 69 (sửa tay)"
    assert RewardRule.objects.get(rule_set=ND91, code="KDC_VH").multiple == Decimal("1.5")
    assert not RewardRule.objects.filter(rule_set=ND91,
                                         article=rules.FORMER_ND91_TITLE_ARTICLE).exists()


def test_decision_totals_and_the_finance_xlsx_have_numeric_cells():
    s = passed_setup()
    d = services.approve(s["head"], [s["item_hoa"], s["item_ldvl"]], "Khen thưởng",
                         D(2025, 6, 30))
    assert services.totals(d) == {"count": 2, "bonus": 2_120_000, "recover": 0}
    total = rewards.decision_total(d)
    assert (total.amount, total.count, total.warnings) == (2_120_000, 2, [])
    ws = load_workbook(io.BytesIO(documents.bonus_xlsx(d))).active
    rows = _table_rows(ws)
    assert rows[0][1] == "Nguyễn Thị Hoa" and rows[0][7] == 710_000
    assert rows[1][7] == 1_410_000 and rows[-1][1] == "Tổng cộng" and rows[-1][7] == 2_120_000
    assert rows[0][8].startswith(ND98)
    assert ws.cell(row=3, column=8).number_format == '#,##0 "đ"'
    assert ws.cell(row=1, column=1).value.startswith("Quyết định số 01/QĐ-SLĐTBXH")


def test_a_draft_with_an_award_without_a_rule_shows_a_warning(client):
    """The draft computes its total now; an award with no rule on the date is named in
    a warning on the screen and in the API, and issuing stores the warning, not a 0."""
    s = passed_setup()
    RewardRule.objects.filter(code="GIAY_KHEN", subject_type="collective").delete()
    d = services.draft_decision(s["office"], s["so"], [s["item_hoa"], s["item_ldvl"]],
                                "Dự thảo", on=D(2025, 7, 1))
    total = rewards.decision_total(d)
    assert total.amount == 710_000 and not total.complete
    [warning] = total.warnings
    assert "Chưa có mức thưởng cho “Giấy khen” (tập thể" in warning
    client.force_login(s["office"])
    page = client.get(f"/decisions/{d.pk}/").content.decode()
    assert 'id="bonus-warnings"' in page and "Chưa có mức thưởng cho" in page
    assert "710.000 đ" in page
    api = client.get(f"/api/decisions/{d.pk}/").json()
    assert api["bonus_total"]["amount"] == 710_000 and api["bonus_total"]["complete"] is False
    assert api["bonus_total"]["warnings"] == [warning]
    d = services.issue_decision(s["head"], d, D(2025, 7, 1))
    ldvl = d.recognitions.get(subject__code=s["noms"]["ldvl"].subject.code)
    assert ldvl.multiple is None and "Chưa có mức thưởng" in ldvl.bonus_warning
    ws = load_workbook(io.BytesIO(documents.bonus_xlsx(d))).active
    row = [r for r in _table_rows(ws) if r[1] == ldvl.subject.name][0]
    assert row[7] is None and "Chưa có mức thưởng" in row[8]
    assert rewards.decision_total(d).warnings == [ldvl.bonus_warning]


def test_a_complete_draft_shows_its_total_without_warning(client):
    s = passed_setup()
    d = services.draft_decision(s["office"], s["so"], [s["item_hoa"]], "Dự thảo")
    client.force_login(s["office"])
    page = client.get(f"/decisions/{d.pk}/").content.decode()
    assert 'id="bonus-warnings"' not in page and "710.000 đ" in page


def test_revocation_records_the_bonus_to_recover_in_the_xlsx():
    s = passed_setup()
    d = services.approve(s["head"], [s["item_hoa"]], "Khen thưởng", D(2025, 7, 1))
    services.issue_decision(s["head"], services.draft_revocation(s["office"], d), D(2025, 7, 1))
    ws = load_workbook(io.BytesIO(documents.bonus_xlsx(d))).active
    rows = _table_rows(ws)
    assert rows[0][7] == 710_000 and rows[0][9] == 710_000 and rows[-1][9] == 710_000


# -- the command (CONTRACT §5) ----------------------------------------------------------
def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("bonus", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_bonus_command_prints_the_contract_json():
    code, out, _ = run("GIAY_KHEN", "--issuer", "SO", "--date", "2025-07-01")
    assert code == 0
    assert json.loads(out) == {"amount": 710000, "multiple": "0.3", "base_salary": 2340000,
                               "rule": "Nghị định 152/2025/NĐ-CP, Điều 54 khoản 1 điểm e",
                               "basis": "Nghị định 73/2024/NĐ-CP"}
    code, out, _ = run("GIAY_KHEN", "--issuer", "UBND_XA", "--date", "2021-03-01",
                       "--collective")
    assert json.loads(out) == {"amount": 450000, "multiple": "0.3", "base_salary": 1490000,
                               "rule": "Nghị định 91/2017/NĐ-CP, Điều 73 khoản 2 điểm b",
                               "basis": "Nghị định 38/2019/NĐ-CP"}


@pytest.mark.parametrize("args,needle", [
    (["HUAN_CHUONG", "--issuer", "TW", "--date", "2024-05-01"], "Chưa có mức thưởng"),
    (["KHONG_CO", "--issuer", "SO", "--date", "2024-05-01"], "Không có danh hiệu"),
    (["GIAY_KHEN", "--issuer", "XX", "--date", "2024-05-01"], "Không có cấp khen"),
    (["GIAY_KHEN", "--issuer", "SO", "--date", "01/05/2024"], "không hợp lệ"),
    (["GIAY_KHEN", "--issuer", "SO", "--date", "2016-05-01"], "Chưa có mức thưởng"),
])
def test_bonus_command_exits_2_with_a_vietnamese_message(args, needle):
    code, out, err = run(*args)
    assert code == 2 and out == "" and needle in err


def test_the_installed_entry_point(tmp_path):
    """Once through the `dienhinh` script of the virtualenv, on a fresh SQLite file."""
    script = Path(sys.executable).with_name("dienhinh")
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["DIENHINH_DATA_DIR"] = str(tmp_path)
    migrated = subprocess.run([str(script), "migrate", "-v0"], env=env, capture_output=True,
                              text=True)
    assert migrated.returncode == 0, migrated.stderr
    done = subprocess.run([str(script), "bonus", "CSTDCS", "--issuer", "UBND_XA", "--date",
                           "2025-07-01"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["amount"] == 2_340_000
    refused = subprocess.run([str(script), "bonus", "LDTT", "--issuer", "SO", "--date",
                              "2025-07-01", "--collective"], env=env, capture_output=True,
                             text=True)
    assert refused.returncode == 2 and "Chưa có mức thưởng" in refused.stderr


def test_a_2023_decision_uses_91_2017_its_base_salary_and_cites_the_2003_law():
    from docx import Document

    s = passed_setup()
    d = services.approve(s["head"], [s["item_hoa"], s["item_ldvl"]], "Khen thưởng 2023",
                         D(2023, 12, 29))
    hoa, ldvl = d.recognitions.order_by("position")
    # Giấy khen of the Sở: 0,3 × 1.800.000 = 540.000; the collective 1.080.000.
    assert (hoa.bonus, ldvl.bonus) == (540_000, 1_080_000)
    assert hoa.rule_set == "Nghị định 91/2017/NĐ-CP, Điều 73 khoản 1"
    doc = Document(io.BytesIO(documents.decision_docx(d)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Nghị định số 91/2017/NĐ-CP" in text and "ngày 26 tháng 11 năm 2003" in text
    assert "98/2023" not in text and "15 tháng 6 năm 2022" not in text


def test_a_draft_bonus_sheet_is_computed_and_warns_instead_of_zero():
    s = passed_setup()
    RewardRule.objects.filter(code="GIAY_KHEN", subject_type="collective").delete()
    d = services.draft_decision(s["office"], s["so"], [s["item_hoa"], s["item_ldvl"]],
                                "Dự thảo")
    ws = load_workbook(io.BytesIO(documents.bonus_xlsx(d))).active
    hoa, ldvl, total = _table_rows(ws)
    assert hoa[7] == 710_000 and hoa[8].startswith(ND152)
    assert ldvl[7] is None and "Chưa có mức thưởng" in ldvl[8]
    assert total[7] == 710_000
