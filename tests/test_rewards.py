"""Rewards: multiples of the base salary by the rule set in force on the decision date
(98/2023 until 30/06/2025, 152/2025 from 01/07/2025), base salary changes added by an
administrator, collectives double, rounding up to the thousand, totals and the XLSX."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dienhinh.decisions import documents, services
from dienhinh.decisions.models import BaseSalary, RewardRule
from dienhinh.decisions.testing import passed_setup

pytestmark = pytest.mark.django_db
LAST_OLD, FIRST_NEW = dt.date(2025, 6, 30), dt.date(2025, 7, 1)


def bonus(code, kind, on, issuer="SO"):
    return services.compute_bonus(code, issuer, kind, on)


def test_the_rule_set_changes_on_1_july_2025():
    assert bonus("BANG_KHEN", "individual", LAST_OLD, "UBND_TINH") == {
        "multiple": Decimal("1.00"), "base_salary": 2_340_000, "bonus": 2_340_000,
        "rule_set": "Nghị định 98/2023/NĐ-CP"}
    new = bonus("BANG_KHEN", "individual", FIRST_NEW, "UBND_TINH")
    assert (new["multiple"], new["bonus"], new["rule_set"]) == (
        Decimal("1.50"), 3_510_000, "Nghị định 152/2025/NĐ-CP")
    assert bonus("CSTDCS", "individual", FIRST_NEW)["bonus"] == 2_340_000


def test_collectives_get_double():
    assert bonus("GIAY_KHEN", "individual", LAST_OLD)["bonus"] == 702_000
    assert bonus("GIAY_KHEN", "collective", LAST_OLD)["bonus"] == 1_404_000
    assert bonus("BANG_KHEN", "collective", FIRST_NEW, "UBND_TINH")["bonus"] == 7_020_000


def test_a_new_base_salary_applies_from_its_date_and_rounds_up_to_the_thousand():
    before = bonus("GIAY_KHEN", "individual", dt.date(2026, 6, 30))["bonus"]
    BaseSalary.objects.create(valid_from=dt.date(2026, 7, 1), amount=2_530_001,
                              basis="giá trị thử")
    assert before == 702_000
    # 0.3 × 2,530,001 = 759,000.3 → 760,000 (rounded up to the thousand đồng)
    assert bonus("GIAY_KHEN", "individual", dt.date(2026, 7, 1))["bonus"] == 760_000
    assert services.round_up_thousand(Decimal(759000)) == 759_000


def test_no_rule_no_bonus_and_an_issuer_specific_rule_wins():
    assert bonus("LDTT", "individual", FIRST_NEW)["bonus"] == 0
    RewardRule.objects.create(rule_set="Quy chế riêng", valid_from=FIRST_NEW, code="GIAY_KHEN",
                              issuer="DON_VI", subject_type="individual",
                              multiple=Decimal("0.15"))
    assert bonus("GIAY_KHEN", "individual", FIRST_NEW, "DON_VI")["bonus"] == 351_000
    assert bonus("GIAY_KHEN", "individual", FIRST_NEW, "SO")["bonus"] == 702_000


def test_decision_totals_and_the_finance_xlsx_have_numeric_cells():
    s = passed_setup()
    d = services.approve(s["head"], [s["item_hoa"], s["item_ldvl"]], "Khen thưởng", LAST_OLD)
    assert services.totals(d) == {"count": 2, "bonus": 2_106_000, "recover": 0}
    ws = load_workbook(io.BytesIO(documents.bonus_xlsx(d))).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert rows[0][1] == "Nguyễn Thị Hoa" and rows[0][7] == 702_000
    assert rows[1][7] == 1_404_000 and rows[-1][1] == "Tổng cộng" and rows[-1][7] == 2_106_000
    assert ws.cell(row=3, column=8).number_format == '#,##0 "đ"'
    assert ws.cell(row=1, column=1).value.startswith("Quyết định số 1/QĐ-SLĐTBXH")


def test_revocation_records_the_bonus_to_recover_in_the_xlsx():
    s = passed_setup()
    d = services.approve(s["head"], [s["item_hoa"]], "Khen thưởng", FIRST_NEW)
    services.issue_decision(s["head"], services.draft_revocation(s["office"], d), FIRST_NEW)
    ws = load_workbook(io.BytesIO(documents.bonus_xlsx(d))).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert rows[0][7] == 702_000 and rows[0][9] == 702_000 and rows[-1][9] == 702_000
