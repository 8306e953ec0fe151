"""The rules that change with the law, installed as rows an administrator can edit.

Every row carries its source (decree or law and article). The figures were checked
against public copies of the texts and official summaries; where an article number or
a figure could not be confirmed, the row says so in a comment and in its `note`, and
where a figure could not be found at all there is no row: the decision then shows a
warning ("chưa có mức thưởng") instead of a silent 0.

Bonuses (tiền thưởng) — multiple × base salary in force on the decision date, rounded
up to the ten thousand đồng:
  * Nghị định 91/2017/NĐ-CP, in force 01/10/2017 – 31/12/2023 (Điều 68 khoản 2: "làm
    tròn số lên hàng chục nghìn đồng"; Điều 69: titles — khoản 1 individuals, khoản 2
    collectives, "Thôn, Tổ dân phố văn hóa" included; Điều 73: Bằng khen, Giấy khen —
    khoản 1 điểm d the commune chairman's Giấy khen 0,15; khoản 2 collectives twice the
    individual).
  * Nghị định 98/2023/NĐ-CP, signed 31/12/2023, in force 01/01/2024 – 30/06/2025
    (Điều 54: titles). So a decision dated 31/12/2023 still follows 91/2017.
  * Nghị định 152/2025/NĐ-CP, in force 01/07/2025 (Điều 54 khoản 1: Bằng khen 1,5;
    Giấy khen 0,3).

Where each article was read: 91/2017 Điều 69 quoted clause by clause by
thuvienphapluat.vn ("Theo điểm đ khoản 2 Điều 69 Nghị định 91/2017/NĐ-CP") and named
by hoatieu.vn, Điều 66 khoản 2 of the same decree listing Điều 69–74 as the bonus
articles; Điều 73 khoản 1 điểm d, khoản 2 điểm b quoted by thuvienphapluat.vn; 98/2023
Điều 54 quoted by several summaries (Sở Nội vụ Thừa Thiên Huế's site, lsvn.vn,
thuvienphapluat.vn); 152/2025 Điều 54 khoản 1 quoted by suckhoedoisong.vn and
laodong.vn. Not confirmed, and so noted on their rows: the article of 98/2023 for
Bằng khen and Giấy khen (the Ministry of Home Affairs' answer on baochinhphu.vn,
27/09/2024, cites "Điểm d Khoản 1 Điều 58" of 98/2023 for the Kỷ niệm chương bonus,
worded as 152/2025 Điều 54 khoản 1 điểm d, whose điểm a, b, e are the Bằng khen and
Giấy khen — so Điều 58 khoản 1 is likely, but no copy of its text was found); the
article of 152/2025 for titles; and 152/2025 Điều 54 khoản 2 (collectives), of which
no copy was found.
Base salary (mức lương cơ sở): Nghị định 38/2019 (1.490.000 đ, 01/07/2019), 24/2023
(1.800.000 đ, 01/07/2023), 73/2024 (2.340.000 đ, 01/07/2024). No later value was
confirmed from a public source, so none is installed; an administrator adds it with
its decree when it is published.

Who may confer what (thẩm quyền):
  * Luật Thi đua, khen thưởng 2003 (Luật số 15/2003/QH11, amended 2005 and 2013) with
    Nghị định 91/2017/NĐ-CP until 31/12/2023;
  * Luật Thi đua, khen thưởng 2022 (Luật số 06/2022/QH15), Điều 80, in force
    01/01/2024 (the Sở: khoản 1; the district chairman: khoản 2, incl. "thôn, tổ dân
    phố văn hóa"; the commune chairman: khoản 3, only LĐTT, Giấy khen and Gia đình văn
    hóa; armed forces: khoản 5);
  * from 01/07/2025 (two-level local government, no district level): the commune
    chairman exercises Điều 80 khoản 2 and 3 — the source found is Nghị định
    129/2025/NĐ-CP (the Ministry of Home Affairs' field under two-level local
    government), not 152/2025, which the issue named; 152/2025 is kept for bonuses.
"""

import datetime as dt
from decimal import Decimal

IND, COL = "individual", "collective"

ND91 = "Nghị định 91/2017/NĐ-CP"
ND98 = "Nghị định 98/2023/NĐ-CP"
ND152 = "Nghị định 152/2025/NĐ-CP"
ND91_FROM, ND91_TO = dt.date(2017, 10, 1), dt.date(2023, 12, 31)
ND98_FROM, ND98_TO = dt.date(2024, 1, 1), dt.date(2025, 6, 30)
ND152_FROM = dt.date(2025, 7, 1)
# Kept for callers of the former module: the day the rule sets change in 2025.
OLD_UNTIL, NEW_FROM = ND98_TO, ND152_FROM

UNCONFIRMED_ARTICLE = "số điều chưa đối chiếu được với bản gốc"

# Titles: (code, subject type, multiple). The same figures in 91/2017, 98/2023 (Điều 54)
# and 152/2025 — checked in official summaries of each decree (Sở Nội vụ Nam Định's
# table for 2023, i.e. under 91/2017; Điều 54 of 98/2023; Dân trí 12/2025 for 152/2025).
_TITLES = [
    ("CSTD_TQ", IND, "4.5"), ("CSTD_TINH", IND, "3.0"), ("CSTDCS", IND, "1.0"),
    ("LDTT", IND, "0.3"), ("CSTT", IND, "0.3"),
    ("TTLDXS", COL, "1.5"), ("DVQT", COL, "1.5"), ("TTLDTT", COL, "0.8"), ("DVTT", COL, "0.8"),
    ("CO_THI_DUA_CP", COL, "12.0"),
]
# "Cờ thi đua cấp bộ, ban, ngành, tỉnh" 8,0 under 91/2017 and 98/2023; the summary of
# 152/2025 found breaks off before its figure, so 152/2025 has no row for it (warning).
_FLAG_TINH = ("CO_THI_DUA_TINH", COL, "8.0")
# "Thôn, tổ dân phố văn hóa" 1,5 under 91/2017 (Điều 69 khoản 2 điểm c: "Thôn văn
# hóa", "Làng văn hóa", "Ấp văn hóa", "Bản văn hóa", "Tổ dân phố văn hóa"), 98/2023
# (Điều 54) and 152/2025.
_KDC_VH = ("KDC_VH", COL, "1.5")
# Not installed, on purpose: HUAN_CHUONG (the multiple depends on the order and its
# class, which the catalogue code does not carry: 4,5 to 46,0 — Nghị định 152/2025
# Điều 51) and GDVH (no bonus figure confirmed) — both show the "no rule" warning.

# (rule set, article, from, to, code, issuer, subject type, multiple, note)
REWARD_RULES = []


def _add(rule_set, article, start, end, code, issuer, kind, multiple, note=""):
    REWARD_RULES.append((rule_set, article, start, end, code, issuer, kind,
                         Decimal(multiple), note))


# 91/2017 Điều 69: (code → clause and point), as the decree lists them.
_ND91_TITLE_POINTS = {
    "CSTD_TQ": "khoản 1 điểm a", "CSTD_TINH": "khoản 1 điểm b", "CSTDCS": "khoản 1 điểm c",
    "LDTT": "khoản 1 điểm d", "CSTT": "khoản 1 điểm d",
    "TTLDXS": "khoản 2 điểm a", "DVQT": "khoản 2 điểm a",
    "TTLDTT": "khoản 2 điểm b", "DVTT": "khoản 2 điểm b",
    "KDC_VH": "khoản 2 điểm c", "CO_THI_DUA_CP": "khoản 2 điểm d",
    "CO_THI_DUA_TINH": "khoản 2 điểm đ",
}
# The article the rows of 91/2017's titles cited before it was read; a migration
# replaces it where an administrator has not edited the row.
FORMER_ND91_TITLE_ARTICLE = "Điều về mức tiền thưởng danh hiệu thi đua"

for _code, _kind, _m in _TITLES + [_FLAG_TINH, _KDC_VH]:
    _add(ND91, f"Điều 69 {_ND91_TITLE_POINTS[_code]}", ND91_FROM, ND91_TO, _code, "",
         _kind, _m)
for _code, _kind, _m in _TITLES + [_FLAG_TINH, _KDC_VH]:
    _add(ND98, "Điều 54", ND98_FROM, ND98_TO, _code, "", _kind, _m)
for _code, _kind, _m in _TITLES + [_KDC_VH]:
    # 152/2025: figures confirmed from a summary of the decree, article not.
    _add(ND152, "Điều về mức tiền thưởng danh hiệu thi đua", ND152_FROM, None, _code, "",
         _kind, _m, UNCONFIRMED_ARTICLE)

# Commendations: individuals, collectives twice the individual's figure.
for _code, _m in (("BANG_KHEN_TTG", "3.5"), ("BANG_KHEN", "1.0"), ("GIAY_KHEN", "0.3")):
    _add(ND91, "Điều 73 khoản 1", ND91_FROM, ND91_TO, _code, "", IND, _m)
    _add(ND91, "Điều 73 khoản 2", ND91_FROM, ND91_TO, _code, "", COL, Decimal(_m) * 2)
# 91/2017 Điều 73 khoản 1 điểm d: the commune chairman's Giấy khen is 0,15 (collective
# 0,3 by khoản 2 điểm b) — the only commendation whose figure depends on the issuer.
_add(ND91, "Điều 73 khoản 1 điểm d", ND91_FROM, ND91_TO, "GIAY_KHEN", "UBND_XA", IND, "0.15")
_add(ND91, "Điều 73 khoản 2 điểm b", ND91_FROM, ND91_TO, "GIAY_KHEN", "UBND_XA", COL, "0.3")
for _code, _m in (("BANG_KHEN_TTG", "3.5"), ("BANG_KHEN", "1.0"), ("GIAY_KHEN", "0.3")):
    # 98/2023: the figures (3,5 / 1,0 / 0,3, one Giấy khen figure for every issuer) are
    # those of official summaries of the decree; the article number is not confirmed
    # (Điều 58 khoản 1 is likely: see the module's docstring).
    _add(ND98, "Điều về mức tiền thưởng Bằng khen, Giấy khen", ND98_FROM, ND98_TO, _code, "",
         IND, _m, UNCONFIRMED_ARTICLE)
    _add(ND98, "Điều về mức tiền thưởng Bằng khen, Giấy khen", ND98_FROM, ND98_TO, _code, "",
         COL, Decimal(_m) * 2, UNCONFIRMED_ARTICLE)
for _code, _m, _point in (("BANG_KHEN_TTG", "3.5", "a"), ("BANG_KHEN", "1.5", "b"),
                          ("GIAY_KHEN", "0.3", "e")):
    _add(ND152, f"Điều 54 khoản 1 điểm {_point}", ND152_FROM, None, _code, "", IND, _m)
    # Collectives twice the individual (as for orders, Điều 51 khoản 2); no copy of the
    # clause of Điều 54 that says so for commendations was found.
    _add(ND152, "Điều 54 khoản 2", ND152_FROM, None, _code, "", COL, Decimal(_m) * 2,
         UNCONFIRMED_ARTICLE)

# (from, amount, basis)
BASE_SALARIES = [
    (dt.date(2019, 7, 1), 1_490_000, "Nghị định 38/2019/NĐ-CP"),
    (dt.date(2023, 7, 1), 1_800_000, "Nghị định 24/2023/NĐ-CP"),
    (dt.date(2024, 7, 1), 2_340_000, "Nghị định 73/2024/NĐ-CP"),
]

# -- who may confer what -------------------------------------------------------------
LAW_2003 = "Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013)"
LAW_2022 = "Luật Thi đua, khen thưởng 2022 (Luật số 06/2022/QH15)"
ND129 = "Nghị định 129/2025/NĐ-CP"
LAW_FROM = dt.date(2024, 1, 1)
# The earliest date the rows cover: every seed plan starts in 2021 or 2022.
OLD_FROM = dt.date(2017, 10, 1)
_OLD_TO = dt.date(2023, 12, 31)
_ARMED = ["CSTT", "DVTT", "LDTT", "TTLDTT", "CSTDCS", "GIAY_KHEN"]

# (issuer, codes, from, to, basis)
AUTHORITY = [
    # -- before 01/01/2024 --------------------------------------------------------------
    # The Government, the Prime Minister (and the President for orders).
    ("TW", ["CO_THI_DUA_CP", "CSTD_TQ", "BANG_KHEN_TTG", "HUAN_CHUONG"], OLD_FROM, _OLD_TO,
     f"{LAW_2003}, Chương IV"),
    # Ministers and provincial chairmen. The powers are those of chapter IV of the 2003
    # law (text confirmed); its article numbers were not read, so rows cite the chapter.
    ("UBND_TINH", ["BANG_KHEN", "CO_THI_DUA_TINH", "CSTD_TINH", "TTLDXS", "DVQT"], OLD_FROM,
     _OLD_TO, f"{LAW_2003}, Chương IV"),
    ("BO", ["BANG_KHEN", "CO_THI_DUA_TINH", "CSTD_TINH", "TTLDXS", "DVQT"], OLD_FROM, _OLD_TO,
     f"{LAW_2003}, Chương IV"),
    # Heads of provincial departments and district chairmen: CSTĐCS, LĐTT, TTLĐTT and
    # Giấy khen; the district chairman also the cultural hamlet (Nghị định 91/2017 Điều
    # 43 khoản 2 puts CSTĐCS of commune staff with the district chairman).
    ("SO", ["GIAY_KHEN", "CSTDCS", "LDTT", "TTLDTT"], OLD_FROM, _OLD_TO,
     f"{LAW_2003}, Chương IV; {ND91}, Điều 43"),
    ("DON_VI", ["GIAY_KHEN", "CSTDCS", "LDTT", "TTLDTT"], OLD_FROM, _OLD_TO,
     f"{LAW_2003}, Chương IV; {ND91}, Điều 43 khoản 2 điểm b"),
    # "Thôn, tổ dân phố văn hóa" by the district chairman before 2024: Nghị định
    # 122/2018/NĐ-CP — not read in a stored source (kept: the 2022 law keeps the power
    # at this level).
    ("UBND_HUYEN", ["GIAY_KHEN", "CSTDCS", "LDTT", "TTLDTT", "KDC_VH"], OLD_FROM, _OLD_TO,
     f"{LAW_2003}, Chương IV; {ND91}, Điều 43"),
    # The commune chairman: LĐTT (Nghị định 91/2017 Điều 43 khoản 2 điểm a), Giấy khen
    # and Gia đình văn hóa; never CSTĐCS or TTLĐTT.
    ("UBND_XA", ["GIAY_KHEN", "LDTT", "GDVH"], OLD_FROM, _OLD_TO,
     f"{LAW_2003}, Chương IV; {ND91}, Điều 43 khoản 2 điểm a"),
    # Armed forces' commands: the titles of their own units and people and Giấy khen,
    # within what the Ministers of Defence and of Public Security set (the split among
    # command levels is in their circulars, not read here).
    ("QUAN_SU_TINH", _ARMED, OLD_FROM, _OLD_TO, f"{LAW_2003}, Chương IV; {ND91}, Điều 43"),
    ("BIEN_PHONG_TINH", _ARMED, OLD_FROM, _OLD_TO, f"{LAW_2003}, Chương IV; {ND91}, Điều 43"),
    ("CONG_AN_TINH", _ARMED, OLD_FROM, _OLD_TO, f"{LAW_2003}, Chương IV; {ND91}, Điều 43"),
    # -- from 01/01/2024: Luật 2022 ----------------------------------------------------
    # Điều 80 is read in the Official Gazette (Công báo 571+572/2022); Điều 77–79 (the
    # President, Government and Prime Minister; ministers and provincial chairmen) are
    # the articles before it, their numbers not read in the original.
    ("TW", ["CO_THI_DUA_CP", "CSTD_TQ", "BANG_KHEN_TTG", "HUAN_CHUONG"], LAW_FROM, None,
     f"{LAW_2022}, Điều 77, 78"),
    ("UBND_TINH", ["BANG_KHEN", "CO_THI_DUA_TINH", "CSTD_TINH", "TTLDXS", "DVQT"], LAW_FROM,
     None, f"{LAW_2022}, Điều 79"),
    ("BO", ["BANG_KHEN", "CO_THI_DUA_TINH", "CSTD_TINH", "TTLDXS", "DVQT"], LAW_FROM, None,
     f"{LAW_2022}, Điều 79"),
    ("SO", ["GIAY_KHEN", "CSTDCS", "LDTT", "TTLDTT"], LAW_FROM, None,
     f"{LAW_2022}, Điều 80 khoản 1"),
    ("DON_VI", ["GIAY_KHEN", "CSTDCS", "LDTT", "TTLDTT"], LAW_FROM, None,
     f"{LAW_2022}, Điều 80 khoản 1, 4"),
    ("UBND_HUYEN", ["KDC_VH", "TTLDTT", "CSTDCS", "LDTT", "GIAY_KHEN"], LAW_FROM, ND98_TO,
     f"{LAW_2022}, Điều 80 khoản 2"),
    ("UBND_XA", ["LDTT", "GIAY_KHEN", "GDVH"], LAW_FROM, ND98_TO,
     f"{LAW_2022}, Điều 80 khoản 3"),
    # From 01/07/2025 the district level is gone; the commune chairman decides what
    # Điều 80 khoản 2 and 3 list.
    ("UBND_XA", ["KDC_VH", "GDVH", "TTLDTT", "CSTDCS", "LDTT", "GIAY_KHEN"], ND152_FROM, None,
     f"{LAW_2022}, Điều 80 khoản 2, 3; {ND129}"),
    ("QUAN_SU_TINH", _ARMED, LAW_FROM, None, f"{LAW_2022}, Điều 80 khoản 5"),
    ("BIEN_PHONG_TINH", _ARMED, LAW_FROM, None, f"{LAW_2022}, Điều 80 khoản 5"),
    ("CONG_AN_TINH", _ARMED, LAW_FROM, None, f"{LAW_2022}, Điều 80 khoản 5"),
]


def authority_rows():
    for issuer, codes, start, end, basis in AUTHORITY:
        for code in codes:
            yield issuer, code, start, end, basis


# Labels of the rows installed before these were checked against the texts; a
# migration replaces them.
FORMER_AUTHORITY_BASES = [
    "Luật Thi đua, khen thưởng 2022, Điều 80",
    "Luật Thi đua, khen thưởng 2022 (sửa đổi 2025), tổ chức chính quyền hai cấp",
]
FORMER_RULE_SETS = [ND98, ND152]


def install(apps=None) -> None:
    """Insert the rows that are missing; running it again changes nothing (an
    administrator's edit of an installed row is kept)."""
    if apps is None:
        from . import models as m
        Rule, Salary, Auth = m.RewardRule, m.BaseSalary, m.Authority
    else:
        Rule = apps.get_model("decisions", "RewardRule")
        Salary = apps.get_model("decisions", "BaseSalary")
        Auth = apps.get_model("decisions", "Authority")
    for rule_set, article, start, end, code, issuer, kind, multiple, note in REWARD_RULES:
        Rule.objects.get_or_create(
            valid_from=start, code=code, issuer=issuer, subject_type=kind,
            defaults={"rule_set": rule_set, "article": article, "valid_to": end,
                      "multiple": multiple, "note": note})
    for start, amount, basis in BASE_SALARIES:
        Salary.objects.get_or_create(valid_from=start, defaults={"amount": amount,
                                                                 "basis": basis})
    for issuer, code, start, end, basis in authority_rows():
        Auth.objects.get_or_create(issuer=issuer, code=code, valid_from=start,
                                   defaults={"valid_to": end, "basis": basis})


def confirm_articles(apps) -> None:
    """Give the installed rows of 91/2017's titles the article now read (Điều 69, its
    clause and point) where they still cite the former placeholder — an administrator's
    edit is kept — and install the rows that are missing (91/2017's "Thôn, tổ dân phố
    văn hóa")."""
    Rule = apps.get_model("decisions", "RewardRule")
    for rule_set, article, start, _end, code, issuer, kind, _m, note in REWARD_RULES:
        if rule_set != ND91 or not article.startswith("Điều 69"):
            continue
        Rule.objects.filter(rule_set=ND91, valid_from=start, code=code, issuer=issuer,
                            subject_type=kind, article=FORMER_ND91_TITLE_ARTICLE,
                            note=UNCONFIRMED_ARTICLE).update(article=article, note=note)
    install(apps)


def replace_former(apps) -> None:
    """Drop the rows of the former, unchecked reading and install these."""
    Rule = apps.get_model("decisions", "RewardRule")
    Auth = apps.get_model("decisions", "Authority")
    Rule.objects.filter(rule_set__in=FORMER_RULE_SETS).delete()
    Auth.objects.filter(basis__in=FORMER_AUTHORITY_BASES).delete()
    install(apps)
