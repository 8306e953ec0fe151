"""`dienhinh plans` and `dienhinh evaluate` (CONTRACT §3) on the Django database,
and the plans services other apps use."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.utils import translation

from dienhinh.ledger.models import Achievement
from dienhinh.orgs import services as orgs
from dienhinh.plans import seeds, services
from dienhinh.plans.models import PlanTemplate

HT = "ha-tinh-sct-2021-2025"


def add(subject, year, code, issuer="", level="", value=None, decision_no=""):
    from dienhinh.catalogue.codes import ACHIEVEMENT_CODES

    return Achievement.objects.create(
        subject=subject.subject, year=year, kind=ACHIEVEMENT_CODES[code][0], code_id=code,
        issuer=issuer, level=level, value=value, decision_no=decision_no)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("evaluate", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def ledger(tree):
    """SCT passes Hà Tĩnh's collective criteria; P001 (staff) passes with two Bằng khen;
    P002 (division leader) has nothing; SNV and P003 are outside the SCT scope."""
    sct, vp = tree["sct"], tree["vp"]
    add(sct, 2021, "BANG_KHEN", "UBND_TINH", decision_no="12/QĐ-UBND")
    add(sct, 2023, "BANG_KHEN", "UBND_TINH", decision_no="88/QĐ-UBND")
    for y in (2021, 2022, 2023, 2024):
        add(sct, y, "HTTNV")
    add(tree["hong"], 2022, "BANG_KHEN", "UBND_TINH", decision_no="5/QĐ-UBND")
    add(tree["hong"], 2023, "BANG_KHEN", "BO", decision_no="7/QĐ-BCT")
    add(vp, 2024, "HTXSNV")
    add(tree["outsider"], 2022, "BANG_KHEN", "UBND_TINH")
    return tree


@pytest.mark.django_db
def test_migrate_installs_the_five_templates_and_plans_lists_them():
    out = io.StringIO()
    call_command("plans", stdout=out)
    assert out.getvalue().split() == sorted(seeds.SEED_IDS)
    assert PlanTemplate.objects.filter(builtin=True).count() == 5
    # running the seed install again changes nothing
    seeds.install(PlanTemplate)
    assert PlanTemplate.objects.count() == 5


@pytest.mark.django_db
def test_json_is_the_contract_object(ledger):
    code, out, err = run(HT, "--scope", "SCT", "--year", "2024", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"plan", "scope", "year", "results"}
    assert (data["plan"], data["scope"], data["year"]) == (HT, "SCT", 2024)
    by = {r["subject"]: r for r in data["results"]}
    assert set(by) == {"SCT", "SCT_VP", "SCT_QLCN", "P001", "P002"}
    for r in data["results"]:
        assert set(r) == {"subject", "subject_type", "profile", "quantitative", "met",
                          "unmet", "pending"}
    assert by["SCT"]["quantitative"] == "pass" and by["SCT"]["profile"] == "collective"
    assert by["P001"] == {**by["P001"], "subject_type": "individual", "profile": "staff",
                          "quantitative": "pass"}
    assert by["P002"]["profile"] == "division_leader" and by["P002"]["quantitative"] == "fail"
    assert len(by["P001"]["pending"]) == 4
    assert any("còn thiếu 2 Bằng khen của Chủ tịch UBND tỉnh trong giai đoạn 2021–2024" in u
               for u in by["SCT_QLCN"]["unmet"])


@pytest.mark.django_db
def test_discipline_in_a_child_unit_fails_the_agency(ledger):
    add(ledger["an"], 2022, "KHIEN_TRACH")
    _, out, _ = run(HT, "--scope", "SCT", "--year", "2024", "--format", "json")
    by = {r["subject"]: r for r in json.loads(out)["results"]}
    assert by["SCT"]["quantitative"] == "fail"
    assert any("có 1 thành viên" in u for u in by["SCT"]["unmet"])


@pytest.mark.django_db
def test_scope_below_the_root(ledger):
    _, out, _ = run(HT, "--scope", "SCT_VP", "--year", "2024", "--format", "json")
    assert sorted(r["subject"] for r in json.loads(out)["results"]) == ["P001", "SCT_VP"]


@pytest.mark.django_db
def test_csv_and_table(ledger):
    code, out, _ = run(HT, "--scope", "SCT", "--year", "2024", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["subject"] for r in rows} == {"SCT", "SCT_VP", "SCT_QLCN", "P001", "P002"}
    assert next(r for r in rows if r["subject"] == "P001")["quantitative"] == "pass"
    code, out, _ = run(HT, "--scope", "SCT", "--year", "2024")
    assert code == 0
    assert "P001" in out and "ĐẠT" in out and "Tổng: 5 đối tượng" in out


@pytest.mark.django_db
def test_subject_is_explained_with_its_records(ledger):
    code, out, _ = run(HT, "--scope", "SCT", "--year", "2024", "--format", "json",
                       "--subject", "P001")
    assert code == 0
    (result,) = json.loads(out)["results"]
    assert result["subject"] == "P001" and result["quantitative"] == "pass"
    assert "5/QĐ-UBND" in result["met"][0] and "7/QĐ-BCT" in result["met"][0]


@pytest.mark.django_db
def test_explain_subject_agrees_with_the_scope(ledger):
    add(ledger["an"], 2022, "KHIEN_TRACH")
    scope = {r.subject: r for r in services.evaluate_scope(HT, ledger["sct"], 2024)}
    for code in ("SCT", "SCT_VP", "SCT_QLCN", "P001", "P002"):
        one = services.explain_subject(HT, code, 2024)
        assert (one.quantitative, one.distance, one.outcomes) == (
            scope[code].quantitative, scope[code].distance, scope[code].outcomes), code
    near = services.near_misses(HT, ledger["sct"], 2024)
    assert [r.subject for r in near] == ["P002", "SCT"]  # one CSTD_TINH; one discipline


@pytest.mark.django_db
def test_leader_own_unit_through_the_database(tree):
    kh = "khanh-hoa-stnmt-2021-2025"
    an, qlcn = tree["an"], tree["qlcn"]
    add(an, 2021, "SANG_KIEN", level="co_so")
    for y in (2021, 2022):
        add(an, y, "HTXSNV")
        add(an, y, "CSTD_TINH")
        add(qlcn, y, "TTLDXS")
    assert services.explain_subject(kh, an.subject, 2022).quantitative == "pass"
    assert services.explain_subject(kh, "P002", 2023).quantitative == "fail"


@pytest.mark.django_db
def test_ledger_with_gaps_never_crashes(tree):
    # no rating at all in some years, an indicator with a missing year
    ent = orgs.create_unit("DN1", "Công ty TNHH Một", "enterprise", tree["sct"])
    add(ent, 2021, "DOANH_THU", value=100)
    add(ent, 2023, "DOANH_THU", value=300)
    add(tree["hong"], 2022, "HTXSNV")
    code, out, err = run("nga-nam-ubnd-2021-2025", "--scope", "SCT", "--year", "2023",
                         "--format", "json")
    assert code == 0, err
    by = {r["subject"]: r for r in json.loads(out)["results"]}
    assert by["DN1"]["quantitative"] == "fail" and by["P001"]["quantitative"] == "fail"
    assert by["SCT"]["quantitative"] == "none"


@pytest.mark.django_db
@pytest.mark.parametrize("args,words", [
    (["khong-co-ke-hoach", "--scope", "SCT", "--year", "2024"], ("Không có kế hoạch", "no plan")),
    ([HT, "--scope", "KHONG_CO", "--year", "2024"], ("Không có đơn vị", "no unit")),
    ([HT, "--scope", "SCT", "--year", "2020"], ("ngoài giai đoạn 2021–2025", "outside the plan's period")),
    (["lao-cai-sldtbxh-qpan-2022-2025", "--scope", "SCT", "--year", "2021"], ("ngoài giai đoạn", "outside")),
    ([HT, "--scope", "SCT", "--year", "2026"], ("ngoài giai đoạn", "outside")),
    ([HT, "--scope", "SCT", "--year", "2024", "--subject", "P003"], ("không thuộc phạm vi", "is not in the scope")),
])
def test_exit_2_with_a_message_in_one_language(tree, args, words):
    vietnamese, english = words
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert vietnamese in err and english not in err  # Vietnamese by default
    with translation.override("en"):
        code, out, err = run(*args)
    assert code == 2 and english in err and vietnamese not in err


@pytest.mark.django_db
def test_save_template_refuses_an_invalid_one_and_saves_nothing():
    text = seeds.seed_text(HT).replace("id: ha-tinh-sct-2021-2025", "id: ban-sao").replace(
        "issuers: [UBND_TINH]", "issuers: [UBND_TINH_X]", 1)
    with pytest.raises(services.TemplateError) as exc:
        services.save_template(text)
    assert exc.value.errors[0].path.startswith("$.profiles[0].criteria[0]")
    assert not PlanTemplate.objects.filter(template_id="ban-sao").exists()
    good = seeds.seed_text(HT).replace("id: ha-tinh-sct-2021-2025", "id: ban-sao")
    services.save_template(good)
    assert services.get_template("ban-sao").name == services.get_template(HT).name
    with pytest.raises(services.UnknownPlan):
        services.get_template("khong-co")


@pytest.mark.django_db
def test_templates_and_deadlines_api():
    ids = [t.id for t in services.templates()]
    assert ids == sorted(seeds.SEED_IDS)
    dates = {d.step: d.date.isoformat() for d in services.deadlines(
        "lao-cai-sldtbxh-qpan-2022-2025", 2022)}
    assert dates["register"] == "2022-03-05"


@pytest.mark.django_db
def test_many_plans_read_once_agree_with_each_plan_alone():
    """evaluate_many reads the ledger once for all five plans (the whole tree, so the
    SQLite path scans the table; COPY on PostgreSQL) and agrees with each plan
    evaluated alone and with the explain engine, indicator values included."""
    from decimal import Decimal

    root = orgs.create_unit("T", "Tỉnh", "agency")
    dep = orgs.create_unit("T_S", "Sở", "agency", root)
    div = orgs.create_unit("T_S_P", "Phòng", "division", dep)
    firm = orgs.create_unit("T_DN", "Công ty", "enterprise", root)
    people = [orgs.create_person(f"TP{i}", f"Người {i}", unit, pos)
              for i, (unit, pos) in enumerate([(div, "staff"), (div, "division_leader"),
                                               (dep, "agency_leader"), (firm, "worker")])]
    for y in range(2021, 2025):
        for i, p in enumerate(people):
            add(p, y, "HTXSNV" if (y + i) % 3 else "HTTNV")
            if (y + i) % 2:
                add(p, y, "CSTDCS")
        add(dep, y, "TTLDXS")
        for code in ("DOANH_THU", "NOP_NGAN_SACH", "LOI_NHUAN"):
            add(firm, y, code, value=Decimal(1000 + 10 * y) + Decimal("0.25"))
    add(people[0], 2022, "BANG_KHEN", "UBND_TINH", decision_no="3/QĐ-UBND")
    add(people[1], 2023, "KHIEN_TRACH")
    pairs = [(plan_id, 2024) for plan_id in seeds.SEED_IDS]
    for scope in (root, dep):
        together = services.evaluate_many(pairs, scope)
        assert set(together) == set(seeds.SEED_IDS)
        for plan_id, year in pairs:
            alone = services.evaluate_scope(plan_id, scope, year)
            assert [r.as_dict() for r in together[plan_id]] == [r.as_dict() for r in alone]
            for r in alone:
                one = services.explain_subject(plan_id, r.subject, year)
                assert (one.quantitative, one.outcomes) == (r.quantitative, r.outcomes), (
                    plan_id, r.subject)
    by = {r.subject: r for r in services.evaluate_many(pairs, root)["nga-nam-ubnd-2021-2025"]}
    assert "T_DN" in by  # the enterprise is judged on its indicators


@pytest.mark.django_db
def test_evaluate_many_refuses_a_year_outside_a_plan():
    root = orgs.create_unit("T", "Tỉnh", "agency")
    with pytest.raises(services.YearOutsidePeriod):
        services.evaluate_many([(HT, 2024), ("lao-cai-sldtbxh-qpan-2022-2025", 2021)], root)
