"""Worked examples for every rule of SEED-PLANS.md, with their boundary cases.

Each example is evaluated by BOTH engines (explain and set-based): `check` asserts
they agree on the profile, the verdict and every node's distance before returning
the explained result.
"""

from decimal import Decimal

import pytest

from dienhinh.criteria.engine import evaluate_store, explain, near_misses
from dienhinh.criteria.ledger import Ledger, Record, SubjectRow
from dienhinh.criteria.setbased import Store
from dienhinh.criteria.template import load_template
from dienhinh.plans import seeds

BP, KH, NN, LC, HT = seeds.SEED_IDS


def tpl(template_id):
    return load_template(seeds.seed_text(template_id))


def r(subject, year, code, issuer="", level="", value=None):
    return (subject, year, code, issuer, level, value)


def world(units=(), people=(), records=()):
    """units: (code, kind, parent code or None); people: (code, unit code, position);
    records: r(...) tuples with subject codes."""
    ids, paths, kinds, rows = {}, {}, {}, []
    for i, (code, kind, parent) in enumerate(units, start=1):
        ids[code] = i
        paths[code] = (paths[parent] if parent else "/") + f"{i}/"
        kinds[code] = kind
        rows.append(SubjectRow(i, code, "collective", kind, "", i, paths[code]))
    for j, (code, unit, position) in enumerate(people, start=1000):
        ids[code] = j
        rows.append(SubjectRow(j, code, "individual", kinds[unit], position, ids[unit], paths[unit]))
    recs = [Record(ids[s], y, c, iss, lv, val) for s, y, c, iss, lv, val in records]
    return rows, recs


def check(template_id, w, code, year):
    t = tpl(template_id)
    rows, recs = w
    ledger = Ledger(rows, recs)
    mine = explain(t, ledger, code, year)
    others = {x.subject: x for x in evaluate_store(t, Store.from_rows(rows, recs), year)}
    if mine is None:
        assert code not in others
        return None
    theirs = others[code]
    assert (theirs.profile, theirs.quantitative, theirs.distance) == (
        mine.profile, mine.quantitative, mine.distance)
    assert theirs.outcomes == mine.outcomes
    assert theirs.unmet == mine.unmet
    return mine


def person(position="staff", kind="agency"):
    return {"units": [("U", kind, None)], "people": [("P", "U", position)]}


def one(template_id, records, year, position="staff", kind="agency", code="P"):
    w = world(**person(position, kind), records=records)
    return check(template_id, w, code, year)


# -- 000 Bình Phước ------------------------------------------------------------------
class TestBinhPhuoc:
    def test_excellent_rating_in_year_passes_with_five_pending(self):
        # mục II.1.b's three attested criteria, II.1.a's "nhân tố nổi trội, dẫn đầu" and
        # V.1's "được quần chúng, tập thể suy tôn"
        res = one(BP, [r("P", 2023, "HTXSNV")], 2023)
        assert res.profile == "individual" and res.quantitative == "pass"
        assert len(res.pending) == 5 and all(p.startswith("Chờ xác nhận") for p in res.pending)
        assert "căn cứ: 2023" in res.met[0]

    def test_rating_of_another_year_does_not_count(self):
        res = one(BP, [r("P", 2022, "HTXSNV"), r("P", 2024, "HTXSNV")], 2023)
        assert res.quantitative == "fail" and res.distance == 1
        assert "năm 2023" in res.unmet[0]

    def test_good_is_not_excellent(self):
        assert one(BP, [r("P", 2023, "HTTNV")], 2023).quantitative == "fail"

    def test_every_kind_of_collective_uses_the_collective_profile(self):
        w = world(units=[("H", "household", None)], records=[r("H", 2021, "HTXSNV")])
        assert check(BP, w, "H", 2021).profile == "collective"


# -- 001 Khánh Hòa ---------------------------------------------------------------------
def kh_staff_records(subject="P", years=(2021, 2022, 2023)):
    recs = [r(subject, 2022, "SANG_KIEN", level="co_so")]
    for y in years:
        recs += [r(subject, y, "HTXSNV"), r(subject, y, "CSTDCS")]
    return recs


class TestKhanhHoa:
    def test_collective_needs_ttldxs_every_year(self):
        ok = [r("U", y, "TTLDXS") for y in (2021, 2022, 2023)]
        w = world(units=[("U", "agency", None)], records=ok)
        assert check(KH, w, "U", 2023).quantitative == "pass"
        gap = [r("U", y, "TTLDXS") for y in (2021, 2023)]
        res = check(KH, world(units=[("U", "agency", None)], records=gap), "U", 2023)
        assert res.quantitative == "fail" and res.distance == 1
        assert "năm 2022" in res.unmet[0]

    def test_armed_equivalent_dvqt_counts_as_ttldxs(self):
        recs = [r("U", 2021, "DVQT"), r("U", 2022, "TTLDXS")]
        w = world(units=[("U", "armed_unit", None)], records=recs)
        assert check(KH, w, "U", 2022).quantitative == "pass"

    def test_lower_title_does_not_count(self):
        recs = [r("U", 2021, "TTLDTT"), r("U", 2022, "TTLDXS")]
        w = world(units=[("U", "agency", None)], records=recs)
        assert check(KH, w, "U", 2022).quantitative == "fail"

    def test_staff_passes_with_initiative_ratings_and_titles(self):
        res = one(KH, kh_staff_records(), 2023)
        assert res.profile == "staff" and res.quantitative == "pass"
        assert len(res.pending) == 4  # mục II.2 and II.2.b's attested criteria

    def test_cstd_tinh_counts_as_cstdcs_or_higher(self):
        recs = kh_staff_records(years=(2021, 2023)) + [
            r("P", 2022, "HTXSNV"), r("P", 2022, "CSTD_TINH")]
        assert one(KH, recs, 2023).quantitative == "pass"

    def test_initiative_before_the_period_is_ignored(self):
        recs = [x for x in kh_staff_records() if x[2] != "SANG_KIEN"] + [
            r("P", 2020, "SANG_KIEN", level="tinh")]
        res = one(KH, recs, 2023)
        assert res.quantitative == "fail" and res.distance == 1
        assert "còn thiếu 1 sáng kiến trong giai đoạn 2021–2023" in res.unmet[0]

    def test_worker_uses_the_staff_profile(self):
        assert one(KH, kh_staff_records(), 2023, position="worker").profile == "staff"

    def test_leader_needs_own_unit_to_pass_the_collective_profile(self):
        recs = kh_staff_records("L") + [r("U", y, "TTLDXS") for y in (2021, 2022, 2023)]
        w = world(units=[("U", "division", None)], people=[("L", "U", "division_leader")],
                  records=recs)
        assert check(KH, w, "L", 2023).quantitative == "pass"
        recs = kh_staff_records("L") + [r("U", y, "TTLDXS") for y in (2021, 2023)]
        w = world(units=[("U", "division", None)], people=[("L", "U", "division_leader")],
                  records=recs)
        res = check(KH, w, "L", 2023)
        assert res.profile == "leader" and res.quantitative == "fail" and res.distance == 1
        assert any("đơn vị của cá nhân" in line for line in res.unmet)


# -- 002 Ngã Năm -----------------------------------------------------------------------
def business(values, year):
    """values: {code: {year: value}} for an enterprise 'B'."""
    recs = [r("B", y, code, value=Decimal(v)) for code, by_year in values.items()
            for y, v in by_year.items()]
    return check(NN, world(units=[("B", "enterprise", None)], records=recs), "B", year)


GROWING = {"DOANH_THU": {2021: 10, 2022: 11, 2023: 12},
           "NOP_NGAN_SACH": {2021: 1, 2022: 2, 2023: 3},
           "LOI_NHUAN": {2021: 5, 2022: 6, 2023: 7}}


class TestNgaNam:
    def test_household_needs_gdvh_every_year(self):
        w = world(units=[("H", "household", None)],
                  records=[r("H", 2021, "GDVH"), r("H", 2022, "GDVH")])
        assert check(NN, w, "H", 2022).quantitative == "pass"
        assert check(NN, w, "H", 2023).quantitative == "fail"

    def test_residential_area_needs_kdc_vh_only_in_year(self):
        w = world(units=[("K", "residential_area", None)], records=[r("K", 2023, "KDC_VH")])
        assert check(NN, w, "K", 2023).quantitative == "pass"
        assert check(NN, w, "K", 2022).quantitative == "fail"

    def test_business_growing_every_year_passes(self):
        res = business(GROWING, 2023)
        assert res.profile == "business" and res.quantitative == "pass"
        assert len(res.pending) == 10  # mục II.2.2's two and II.2.3's eight

    def test_equal_is_not_greater(self):
        values = {**GROWING, "LOI_NHUAN": {2021: 5, 2022: 5, 2023: 7}}
        res = business(values, 2023)
        assert res.quantitative == "fail" and res.distance == 1

    def test_missing_indicator_year_fails(self):
        values = {**GROWING, "DOANH_THU": {2021: 10, 2023: 12}}
        res = business(values, 2023)
        # 2022 missing breaks both 2022>2021 and 2023>2022
        assert res.quantitative == "fail" and res.distance == 2

    def test_first_year_of_the_period_has_no_comparison(self):
        assert business({}, 2021).quantitative == "pass"

    def test_official_needs_excellent_every_year_and_a_gap_year_fails(self):
        recs = [r("P", 2021, "HTXSNV"), r("P", 2023, "HTXSNV")]
        res = one(NN, recs, 2023)
        assert res.profile == "official" and res.quantitative == "fail"
        assert "năm 2022" in res.unmet[0]

    def test_leader_needs_own_unit_excellent_in_year(self):
        recs = [r("L", y, "HTXSNV") for y in (2021, 2022)] + [r("U", 2022, "HTXSNV")]
        w = world(units=[("U", "division", None)], people=[("L", "U", "division_leader")],
                  records=recs)
        assert check(NN, w, "L", 2022).quantitative == "pass"
        w = world(units=[("U", "division", None)], people=[("L", "U", "division_leader")],
                  records=recs[:2] + [r("U", 2021, "HTXSNV")])
        res = check(NN, w, "L", 2022)
        assert res.quantitative == "fail" and res.distance == 1

    @pytest.mark.parametrize("kind, profile, pending", [
        ("school", "education", 6), ("health_facility", "health", 5),
        ("armed_unit", "defence", 6), ("association", "association", 4),
        ("commune", "model_agency", 6), ("division", "model_agency", 6),
        ("other", "movement_other", 4)])
    def test_other_collectives_have_no_ledger_criterion(self, kind, profile, pending):
        # each field of mục II.2.3 has its own attested criteria
        w = world(units=[("X", kind, None)])
        res = check(NN, w, "X", 2023)
        assert res.profile == profile and res.quantitative == "none"
        assert res.met == [] and res.unmet == [] and len(res.pending) == pending

    @pytest.mark.parametrize("position", ["worker", "soldier", "citizen", "religious_dignitary"])
    def test_other_people_have_no_ledger_criterion(self, position):
        assert one(NN, [], 2023, position=position).quantitative == "none"


# -- 003 Lào Cai -----------------------------------------------------------------------
def lc_unit(records, year, kind="service_unit"):
    return check(LC, world(units=[("U", kind, None)], records=records), "U", year)


GK_POLICE = r("U", 2023, "GIAY_KHEN", issuer="CONG_AN_TINH")


class TestLaoCai:
    def test_collective_two_consecutive_years_and_a_listed_commendation(self):
        recs = [r("U", 2023, "TTLDXS"), r("U", 2024, "TTLDXS"), GK_POLICE]
        assert lc_unit(recs, 2024).quantitative == "pass"

    def test_consecutive_run_broken_by_one_year_fails(self):
        recs = [r("U", 2022, "TTLDXS"), r("U", 2024, "TTLDXS"), GK_POLICE]
        res = lc_unit(recs, 2024)
        assert res.quantitative == "fail" and res.distance == 1

    def test_year_before_the_period_does_not_make_a_run(self):
        recs = [r("U", 2021, "TTLDXS"), r("U", 2022, "TTLDXS"), r("U", 2022, "BANG_KHEN", "SO")]
        assert lc_unit(recs, 2022).quantitative == "fail"

    def test_record_after_year_is_ignored(self):
        recs = [r("U", 2023, "TTLDXS"), r("U", 2024, "TTLDXS"), GK_POLICE]
        assert lc_unit(recs, 2023).quantitative == "fail"

    def test_armed_equivalent_in_a_run(self):
        recs = [r("U", 2022, "DVQT"), r("U", 2023, "TTLDXS"), GK_POLICE]
        assert lc_unit(recs, 2023, kind="armed_unit").quantitative == "pass"

    def test_giay_khen_from_an_unlisted_issuer_does_not_count(self):
        recs = [r("U", 2022, "TTLDXS"), r("U", 2023, "TTLDXS"),
                r("U", 2023, "GIAY_KHEN", issuer="SO")]
        res = lc_unit(recs, 2023)
        assert res.quantitative == "fail" and res.distance == 1

    def test_rank_two_from_any_issuer_counts(self):
        recs = [r("U", 2022, "TTLDXS"), r("U", 2023, "TTLDXS"),
                r("U", 2023, "BANG_KHEN", issuer="SO")]
        assert lc_unit(recs, 2023).quantitative == "pass"

    def test_individual_title_run_with_cstd_tinh(self):
        recs = [r("P", 2023, "HTXSNV"), r("P", 2022, "CSTDCS"), r("P", 2023, "CSTD_TINH")]
        assert one(LC, recs, 2023).quantitative == "pass"

    def test_individual_exactly_two_commendations_passes_one_is_a_near_miss(self):
        two = [r("P", 2023, "HTXSNV"), r("P", 2022, "GIAY_KHEN", issuer="UBND_HUYEN"),
               r("P", 2023, "HUAN_CHUONG", issuer="TW")]
        assert one(LC, two, 2023).quantitative == "pass"
        res = one(LC, two[:2], 2023)
        assert res.quantitative == "fail" and res.distance == 1 and res.near_miss
        assert near_misses([res]) == [res]

    def test_individual_border_guard_giay_khen_is_not_listed(self):
        recs = [r("P", 2023, "HTXSNV"), r("P", 2022, "GIAY_KHEN", issuer="BIEN_PHONG_TINH"),
                r("P", 2023, "GIAY_KHEN", issuer="CONG_AN_TINH")]
        assert one(LC, recs, 2023).quantitative == "fail"

    def test_individual_needs_excellent_in_year(self):
        recs = [r("P", 2022, "HTXSNV"), r("P", 2022, "CSTDCS"), r("P", 2023, "CSTDCS")]
        res = one(LC, recs, 2023)
        assert res.quantitative == "fail" and res.distance == 1


# -- 004 Hà Tĩnh ------------------------------------------------------------------------
def ht_collective_records(unit="U", years=(2021, 2022, 2023)):
    return [r(unit, 2021, "BANG_KHEN", "UBND_TINH"), r(unit, 2022, "BANG_KHEN", "UBND_TINH")] + [
        r(unit, y, "HTTNV") for y in years]


class TestHaTinh:
    def test_collective_passes_at_the_threshold(self):
        w = world(units=[("U", "agency", None)], records=ht_collective_records())
        assert check(HT, w, "U", 2023).quantitative == "pass"

    def test_one_bang_khen_short_is_worded_as_missing(self):
        recs = ht_collective_records()[1:]
        res = check(HT, world(units=[("U", "agency", None)], records=recs), "U", 2024)
        assert res.quantitative == "fail"
        assert any("còn thiếu 1 Bằng khen của Chủ tịch UBND tỉnh trong giai đoạn 2021–2024" in u
                   for u in res.unmet)

    def test_excellent_counts_as_good_or_better_but_completed_does_not(self):
        recs = ht_collective_records(years=(2021, 2023)) + [r("U", 2022, "HTXSNV")]
        assert check(HT, world(units=[("U", "agency", None)], records=recs), "U", 2023
                     ).quantitative == "pass"
        recs = ht_collective_records(years=(2021, 2023)) + [r("U", 2022, "HTNV")]
        assert check(HT, world(units=[("U", "agency", None)], records=recs), "U", 2023
                     ).quantitative == "fail"

    def test_discipline_of_a_member_of_a_child_unit_fails_the_parent(self):
        units = [("A", "agency", None), ("D", "division", "A"), ("O", "agency", None)]
        people = [("P", "D", "staff"), ("Q", "O", "staff")]
        recs = ht_collective_records("A") + ht_collective_records("D") + [
            r("P", 2022, "KHIEN_TRACH")]
        w = world(units, people, recs)
        res = check(HT, w, "A", 2023)
        assert res.quantitative == "fail" and res.distance == 1
        assert any("có 1 thành viên" in u for u in res.unmet)
        assert check(HT, w, "D", 2023).quantitative == "fail"
        # a discipline outside the unit's subtree does not count
        w = world(units, people, recs[:-1] + [r("Q", 2022, "CANH_CAO")])
        assert check(HT, w, "A", 2023).quantitative == "pass"

    def test_discipline_before_the_period_is_ignored(self):
        w = world([("A", "agency", None)], [("P", "A", "staff")],
                  ht_collective_records("A") + [r("P", 2020, "CANH_CAO")])
        assert check(HT, w, "A", 2023).quantitative == "pass"

    def test_agency_leader_two_provincial_initiatives_national_counts(self):
        recs = [r("P", 2021, "SANG_KIEN", level="tinh"), r("P", 2022, "SANG_KIEN", level="toan_quoc")]
        res = one(HT, recs, 2023, position="agency_leader")
        assert res.profile == "agency_leader" and res.quantitative == "pass"
        recs = [r("P", 2021, "SANG_KIEN", level="tinh"), r("P", 2022, "SANG_KIEN", level="co_so")]
        assert one(HT, recs, 2023, position="agency_leader").quantitative == "fail"

    def test_division_leader_one_cstd_tinh(self):
        res = one(HT, [r("P", 2022, "CSTD_TINH")], 2023, position="division_leader")
        assert res.profile == "division_leader" and res.quantitative == "pass"

    @pytest.mark.parametrize("recs,verdict", [
        ([r("P", 2021, "BANG_KHEN", "UBND_TINH"), r("P", 2022, "BANG_KHEN", "UBND_TINH")], "pass"),
        ([r("P", 2021, "BANG_KHEN", "BO"), r("P", 2022, "BANG_KHEN", "BO")], "pass"),
        ([r("P", 2021, "BANG_KHEN", "UBND_TINH"), r("P", 2022, "BANG_KHEN", "BO")], "pass"),
        ([r("P", y, "CSTDCS") for y in (2021, 2022, 2023, 2024)], "pass"),
        ([r("P", y, "CSTDCS") for y in (2021, 2022, 2023)], "fail"),
        ([r("P", 2021, "BANG_KHEN", "SO"), r("P", 2022, "BANG_KHEN", "UBND_TINH")], "fail"),
    ])
    def test_staff_alternatives(self, recs, verdict):
        res = one(HT, recs, 2024)
        assert res.profile == "staff" and res.quantitative == verdict

    def test_staff_three_cstdcs_is_a_near_miss(self):
        res = one(HT, [r("P", y, "CSTDCS") for y in (2021, 2022, 2023)], 2024)
        assert res.distance == 1 and res.near_miss


def test_subject_matching_no_profile_is_left_out():
    # Ngã Năm covers every kind; Hà Tĩnh covers every position: use a custom template.
    text = seeds.seed_text(BP).replace("match: {subject_type: individual}",
                                       "match: {subject_type: individual, positions: [staff]}")
    t = load_template(text)
    rows, recs = world(**person("worker"))
    assert explain(t, Ledger(rows, recs), "P", 2023) is None
    assert [x.subject for x in evaluate_store(t, Store.from_rows(rows, recs), 2023)] == ["U"]
