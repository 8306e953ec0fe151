"""Invalid templates are refused with the path and reason of each error."""

import copy

import pytest
import yaml
from django.utils import translation

from dienhinh.criteria import schedule
from dienhinh.criteria.template import TemplateError, load_template, validate_template
from dienhinh.plans import seeds

BASE = {
    "id": "test-plan",
    "name": "Kế hoạch thử",
    "agency": "Sở Thử",
    "period": {"start": 2021, "end": 2025},
    "profiles": [
        {"id": "collective", "name": "Tập thể", "match": {"subject_type": "collective"},
         "criteria": [{"count": {"select": {"codes": ["BANG_KHEN"], "issuers": ["UBND_TINH"]},
                                 "min": 2}}]},
        {"id": "leader", "name": "Lãnh đạo",
         "match": {"subject_type": "individual", "positions": ["agency_leader"]},
         "criteria": [{"own_unit": {"profile": "collective"}}]},
    ],
}


def errors_of(mutate):
    doc = copy.deepcopy(BASE)
    mutate(doc)
    return validate_template(yaml.safe_dump(doc, allow_unicode=True))


def english(error) -> str:
    """The error as the template editor shows it to a reader who chose English."""
    with translation.override("en"):
        return error.translated(translation.gettext)


def crit(doc):
    return doc["profiles"][0]["criteria"][0]


def test_base_and_every_seed_template_are_valid():
    assert validate_template(yaml.safe_dump(BASE, allow_unicode=True)) == []
    for template_id in seeds.SEED_IDS:
        assert validate_template(seeds.seed_text(template_id)) == [], template_id


@pytest.mark.parametrize("mutate,path,word", [
    (lambda d: crit(d)["count"]["select"].update(codes=["BANG_VANG"]),
     "$.profiles[0].criteria[0].count.select.codes", "unknown code"),
    (lambda d: crit(d)["count"]["select"].update(issuers=["UBND_HUYEN_X"]),
     "$.profiles[0].criteria[0].count.select.issuers", "unknown issuer"),
    (lambda d: d["profiles"][0]["criteria"].append(
        {"count": {"select": {"codes": ["SANG_KIEN"], "level_min": "quoc_te"}, "min": 1}}),
     "$.profiles[0].criteria[1].count.select.level_min", "unknown level"),
    (lambda d: crit(d)["count"].update(min=0),
     "$.profiles[0].criteria[0].count.min", "Invalid shape"),
    (lambda d: crit(d)["count"].update(window={"start": 2019, "end": 2022}),
     "$.profiles[0].criteria[0].count.window", "window outside the period"),
    (lambda d: d["profiles"][0]["criteria"].append(
        {"in_year": {"select": {"codes": ["HTXSNV"]}, "year": 2026}}),
     "$.profiles[0].criteria[1].in_year.year", "year outside the period"),
    (lambda d: d["profiles"][1]["criteria"][0]["own_unit"].update(profile="tap_the"),
     "$.profiles[1].criteria[0].own_unit.profile", "unknown profile reference"),
    (lambda d: d["profiles"][0]["criteria"].append({"own_unit": {"profile": "collective"}}),
     "$.profiles[0].criteria[1].own_unit.profile", "profile loop"),
    (lambda d: d["profiles"][0]["criteria"].append(
        {"all": [{"pending": "Đoàn kết"}]}),
     "$.profiles[0].criteria[1].all[0]", "pending criteria only at a profile's top level"),
    (lambda d: d["profiles"][0]["criteria"].append({"growth": {"codes": ["HTXSNV"]}}),
     "$.profiles[0].criteria[1].growth.codes", "unknown indicator code"),
    (lambda d: d["profiles"][0]["match"].update(unit_kinds=["castle"]),
     "$.profiles[0].match.unit_kinds", "unknown unit kind"),
    (lambda d: d["profiles"][1]["match"].update(positions=["king"]),
     "$.profiles[1].match.positions", "unknown position"),
    (lambda d: crit(d).update(every_year={"select": {"codes": ["LDTT"]}}),
     "$.profiles[0].criteria[0]", "Invalid shape"),
    (lambda d: d.update(period={"start": 2025, "end": 2021}), "$.period", "start after end"),
    (lambda d: d.update(quotas=[{"id": "q", "label": "Hạn mức", "section": "mục I", "per": "unit",
                                 "every": "year", "min": 3, "max": 2}]),
     "$.quotas[0]", "min above max"),
])
def test_each_error_class_is_reported_with_its_path(mutate, path, word):
    errors = errors_of(mutate)
    assert any(e.path == path and word.lower() in english(e).lower() for e in errors), errors


def test_two_profile_loop_is_found():
    def mutate(d):
        d["profiles"][0]["criteria"].append({"own_unit": {"profile": "leader"}})
    errors = errors_of(mutate)
    assert any("profile loop" in english(e).lower() for e in errors)


def test_every_error_is_listed_and_load_raises():
    def mutate(d):
        crit(d)["count"]["select"].update(codes=["X1"], issuers=["Y1"])
    doc = copy.deepcopy(BASE)
    mutate(doc)
    with pytest.raises(TemplateError) as exc:
        load_template(yaml.safe_dump(doc))
    reasons = " ".join(e.reason for e in exc.value.errors)
    assert "Mã thành tích không có: X1" in reasons and "Cấp khen không có: Y1" in reasons
    assert not any(word in reasons for word in ("unknown", "Unknown"))  # Vietnamese only
    in_english = " ".join(english(e) for e in exc.value.errors)
    assert "Unknown code: X1" in in_english and "Unknown issuer: Y1" in in_english


def test_unparseable_text_is_an_error_not_a_crash():
    errors = validate_template("id: [unclosed")
    assert errors and errors[0].path == "$"


def test_json_text_is_accepted():
    import json
    assert validate_template(json.dumps(BASE)) == []


def test_selector_resolution():
    t = load_template(seeds.seed_text("lao-cai-sldtbxh-qpan-2022-2025"))
    title = t.profile_by_id["collective"].criteria[0]
    assert title.select[0].codes == {"TTLDXS", "DVQT"}
    commendation = t.profile_by_id["collective"].criteria[1]
    assert commendation.select[1].codes == {"BANG_KHEN", "BANG_KHEN_TTG", "HUAN_CHUONG"}
    ind = t.profile_by_id["individual"].criteria[1].children[0]
    assert ind.select[0].codes == {"CSTDCS", "CSTD_TINH", "CSTD_TQ"}
    ht = load_template(seeds.seed_text("ha-tinh-sct-2021-2025"))
    rating = ht.profile_by_id["collective"].criteria[1]
    assert rating.select[0].codes == {"HTTNV", "HTXSNV"}
    initiative = ht.profile_by_id["agency_leader"].criteria[0].children[1]
    assert initiative.select[0].levels == {"tinh", "toan_quoc"}


def test_schedule_rules_give_dates():
    lc = load_template(seeds.seed_text("lao-cai-sldtbxh-qpan-2022-2025"))
    d2022 = {d.step: d.date.isoformat() for d in schedule.deadlines(lc, 2022)}
    d2023 = {d.step: d.date.isoformat() for d in schedule.deadlines(lc, 2023)}
    assert d2022["register"] == "2022-03-05"  # the one-off exception
    assert d2023["register"] == "2023-01-20"
    assert d2023["send_police"] == "2023-01-25" and d2023["fostering_report"] == "2023-11-20"
    assert d2023["midterm_review"] == "2023-06-11" and "midterm_review" not in d2022
    assert {d.step: d.date.isoformat() for d in schedule.deadlines(lc, 2025)}[
        "final_review"] == "2025-12-31"
    ht = load_template(seeds.seed_text("ha-tinh-sct-2021-2025"))
    assert {d.step: d.date.isoformat() for d in schedule.deadlines(ht, 2021)} == {
        "register": "2021-03-25", "select_for_province": "2021-03-30",
        "yearly_review": "2021-12-31"}
    assert [d.step for d in schedule.deadlines(ht, 2022)] == ["yearly_review"]
    bp = load_template(seeds.seed_text("binh-phuoc-sldtbxh-2021-2025"))
    bp2024 = {d.step: d.date.isoformat() for d in schedule.deadlines(bp, 2024)}
    # the results of 2024 are recognised before 10/01/2025 (mục II.2.b)
    assert bp2024["recognise"] == "2025-01-10" and bp2024["province_dossier"] == "2025-02-28"
    assert bp2024["council_review"] == "2025-01-10"
    nn = load_template(seeds.seed_text("nga-nam-ubnd-2021-2025"))
    quarters = [d.date.isoformat() for d in schedule.deadlines(nn, 2023)
                if d.step == "quarterly_introduction"]
    assert quarters == ["2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31"]


def test_quotas_are_machine_usable():
    nn = load_template(seeds.seed_text("nga-nam-ubnd-2021-2025"))
    quotas = {q["id"]: q for q in nn.quotas}
    assert quotas["quarterly_two"]["min"] == 2 and quotas["quarterly_two"]["every"] == "quarter"
    assert quotas["quarterly_armed"] == {**quotas["quarterly_armed"], "min": 1,
                                         "units": [{"unit_kinds": ["armed_unit"], "depth": 1}]}
    assert nn.quota_units(quotas["quarterly_two"], "division", 1, "Phòng Kinh tế")
    assert not nn.quota_units(quotas["quarterly_two"], "division", 1, "Phòng Nội vụ")
    assert nn.quota_units(quotas["quarterly_two"], "association", 2, "Hội Nông dân thị xã",
                          "Ủy ban MTTQ Việt Nam thị xã")
    assert not nn.quota_units(quotas["quarterly_two"], "health_facility", 2,
                              "Trạm Y tế Phường 1", "Trung tâm Y tế thị xã")
    ht = load_template(seeds.seed_text("ha-tinh-sct-2021-2025"))
    q = {q["id"]: q for q in ht.quotas}
    assert (q["per_division"]["min"], q["per_division"]["max"]) == (1, 2)
    assert (q["sent_to_province"]["min"], q["sent_to_province"]["max"]) == (4, 5)
    lc = load_template(seeds.seed_text("lao-cai-sldtbxh-qpan-2022-2025"))
    assert lc.quotas[0]["subject_types"] == ["collective", "individual"]


def test_the_criteria_package_imports_no_django():
    import subprocess
    import sys

    code = ("import sys, dienhinh.criteria.engine, dienhinh.criteria.schedule; "
            "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
