"""A crafted ledger for the Hà Tĩnh plan (ha-tinh-sct-2021-2025) at year 2024.

Expected at 2024 in scope SCT:
  pass       P001 (staff, 2 Bằng khen UBND tỉnh), SCT_VP (collective, all met)
  near miss  P002 (division leader, nothing: one CSTĐ tỉnh missing),
             P004 (staff, 1 Bằng khen UBND tỉnh: one missing),
             SCT_QLCN (2 Bằng khen, ratings, but one member disciplined)
  fail       P005 (staff, nothing: two missing), SCT (agency, nothing)
"""

from dienhinh.ledger.models import Achievement
from dienhinh.orgs import services as org

PLAN = "ha-tinh-sct-2021-2025"
YEAR = 2024


def add(subject, year, code, kind, issuer="", level=""):
    return Achievement.objects.create(
        subject=subject.subject, year=year, kind=kind, code_id=code, issuer=issuer, level=level,
        decision_no=f"{code}-{year}-{subject.code}-{Achievement.objects.count()}",
    )


def build(tree):
    vp, qlcn = tree["vp"], tree["qlcn"]
    hong = tree["hong"]
    cuc = org.create_person("P004", "Lê Thị Cúc", vp, "staff")
    dung = org.create_person("P005", "Phạm Văn Dũng", qlcn, "staff")
    for year in (2021, 2023):
        add(hong, year, "BANG_KHEN", "commendation", "UBND_TINH")
    add(cuc, 2022, "BANG_KHEN", "commendation", "UBND_TINH")
    for unit in (vp, qlcn):
        add(unit, 2021, "BANG_KHEN", "commendation", "UBND_TINH")
        add(unit, 2022, "BANG_KHEN", "commendation", "UBND_TINH")
        for year in range(2021, 2025):
            add(unit, year, "HTTNV", "rating")
    add(dung, 2022, "KHIEN_TRACH", "discipline")
    return {**tree, "cuc": cuc, "dung": dung}
