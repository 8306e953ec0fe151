"""Query counts of the list pages not covered by test_screens_queries: every list costs the
same number of queries for one row as for three, so a query per row (an N+1) fails here.

Each test builds the rows with the project's services (or the factories other tests use)
and opens the page as the user who normally sees it."""

import datetime as dt
import functools

import pytest
from django.test import override_settings
from django.urls import reverse

from dienhinh.exemplars import services as exemplars
from dienhinh.exemplars.models import Nomination
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role
from tests.factories.exemplars import lao_cai
from tests.test_screens_queries import assert_same_for_one_and_three

pytestmark = pytest.mark.django_db

D = dt.date


def same(client, django_assert_num_queries, url, add, data=None):
    return assert_same_for_one_and_three(client, django_assert_num_queries, url, add, data)


# -- exemplars ---------------------------------------------------------------------------
@pytest.fixture
def lc(db):
    return lao_cai()


@pytest.fixture
def lc_office(client, make_user, lc):
    user = make_user("vanphong_lc", role=Role.STANDING_OFFICE, unit=lc["so"])
    client.force_login(user)
    client.user = user
    return client


def lc_person(lc, i, prefix="LCQ"):
    return orgs.create_person(f"{prefix}{i}", f"Người thử {i}", lc["ldvl"], "staff")


def lc_register(lc, user, i, year=2024):
    reg, _checks = exemplars.register(user, lc["plan"], year, lc["ldvl"],
                                      lc_person(lc, i).subject, on=D(year, 1, 10))
    return reg


def test_exemplars_home_plans(lc_office, lc, django_assert_num_queries):
    from tests.factories.exemplars import adopt

    def add(i):
        if i:
            adopt("lao-cai-sldtbxh-qpan-2022-2025", lc["so"], f"{i}/KH-THU")
    page = same(lc_office, django_assert_num_queries, reverse("exemplars_home"), add)
    assert "1/KH-THU" in page or page.count(lc["plan"].title) >= 3


def test_registrations(lc_office, lc, django_assert_num_queries):
    url = reverse("exemplars_registrations", args=[lc["plan"].pk, 2024])
    page = same(lc_office, django_assert_num_queries, url,
                lambda i: lc_register(lc, lc_office.user, i), {"unit": "LC_LDVL"})
    assert "Người thử 2" in page


def test_quota_panel(lc_office, lc, django_assert_num_queries):
    url = reverse("exemplars_quotas", args=[lc["plan"].pk, 2024])
    same(lc_office, django_assert_num_queries, url,
         lambda i: lc_register(lc, lc_office.user, i), {"unit": "LC_LDVL"})


def test_compiled_list(lc_office, lc, django_assert_num_queries):
    def add(i):
        from dienhinh.exemplars.models import CompiledList

        lc_register(lc, lc_office.user, i)
        clist = CompiledList.objects.filter(plan=lc["plan"], year=2024).first()
        exemplars.compile_list(lc_office.user, lc["plan"], 2024,
                               version=clist.version if clist else None)
    url = reverse("exemplars_list", args=[lc["plan"].pk, 2024])
    page = same(lc_office, django_assert_num_queries, url, add)
    assert "Người thử 2" in page


def test_fostering_report(lc_office, lc, django_assert_num_queries):
    def add(i):
        reg = lc_register(lc, lc_office.user, i)
        fp = exemplars.create_fostering(lc_office.user, reg, leader=lc["dung"],
                                        goal=f"Mục tiêu {i}")
        exemplars.add_action(lc_office.user, fp, f"Việc {i}", D(2024, 6, 1))
        exemplars.add_note(lc_office.user, fp, f"Ghi chú {i}")
    url = reverse("exemplars_fostering_report", args=[lc["plan"].pk, 2024])
    page = same(lc_office, django_assert_num_queries, url, add, {"unit": "LC_LDVL"})
    assert "Người thử 2" in page


def test_nominations(lc_office, lc, django_assert_num_queries):
    def add(i):
        exemplars.create_nomination(lc_office.user, lc["plan"], 2024, lc["ldvl"],
                                    lc_person(lc, i).subject, "agency", f"Tóm tắt {i}")
    page = same(lc_office, django_assert_num_queries, reverse("exemplars_nominations"), add)
    assert "Người thử 2" in page
    # Each row as the nomination's model shows it (the list reads only these columns).
    for nom in Nomination.objects.select_related("subject", "unit__subject"):
        row = (f'<tr class="nomination-row"><td><a href="'
               f'{reverse("exemplars_nomination", args=[nom.pk])}">{nom.subject.name}</a></td>'
               f"<td>{nom.unit.name}</td><td>{nom.get_level_display()}</td>"
               f"<td>{nom.year}</td><td>{nom.get_status_display()}</td></tr>")
        assert row in page


@pytest.fixture
def period(lc, lc_office):
    user = lc_office.user
    for i in range(3):
        nom = exemplars.create_nomination(user, lc["plan"], 2024, lc["ldvl"],
                                          lc_person(lc, i, "LCP").subject, "agency", "Tốt")
        Nomination.objects.filter(pk=nom.pk).update(status=Nomination.ACCEPTED)
    return exemplars.publish_for_comment(user, lc["plan"], 2024, D(2024, 12, 1),
                                         D(2024, 12, 10))


@override_settings(EXEMPLARS_TODAY="2024-12-05")
def test_comment_moderation_list(lc_office, period, django_assert_num_queries):
    def add(i):
        exemplars.add_public_comment(period, f"Người dân {i}", f"Ý kiến {i}", "",
                                     period.nominations.order_by("pk")[i])
    page = same(lc_office, django_assert_num_queries,
                reverse("exemplars_comments", args=[period.pk]), add)
    assert "Ý kiến 2" in page


@override_settings(EXEMPLARS_TODAY="2024-12-05")
def test_public_nominee_list(client, lc_office, period, django_assert_num_queries):
    from dienhinh.exemplars.models import PublicComment

    def add(i):
        comment = exemplars.add_public_comment(period, f"Người dân {i}", f"Ý kiến {i}", "",
                                               period.nominations.order_by("pk")[i])
        exemplars.moderate(lc_office.user, comment, PublicComment.APPROVED)
    lc_office.logout()
    page = same(client, django_assert_num_queries,
                reverse("exemplars_public", args=[period.pk]), add)
    assert "Ý kiến 2" in page and "Người thử 2" in page


# -- council -----------------------------------------------------------------------------
@pytest.fixture
def cs(db):
    from tests.factories.council import council_setup

    return council_setup(members=2)


def office_client(client, user):
    client.force_login(user)
    return client


def test_council_home(client, cs, django_assert_num_queries):
    from dienhinh.council import services as council

    def add(i):
        if i:
            council.create_council(cs["office"], cs["so"], f"Hội đồng thử {i}")
    page = same(office_client(client, cs["office"]), django_assert_num_queries,
                reverse("council_home"), add)
    assert "Hội đồng thử 2" in page


def test_council_members_and_meetings(client, cs, django_assert_num_queries):
    from dienhinh.council import services as council
    from tests.factories.council import user

    def add(i):
        account = user(f"tvx{i}", Role.COUNCIL_MEMBER, cs["so"], first_name=f"Thêm {i}")
        person = orgs.create_person(f"LCMX{i}", f"Lý Văn Thêm {i}", cs["vp"], "staff")
        council.add_member(cs["office"], cs["council"], account, "member", D(2021, 1, 1),
                           person=person)
        council.create_meeting(cs["office"], cs["council"], f"Phiên họp thử {i}",
                               D(2025, 2, 1 + i), "agency", "Lào Cai", plan=cs["plan"])
    page = same(office_client(client, cs["office"]), django_assert_num_queries,
                reverse("council_detail", args=[cs["council"].pk]), add)
    assert "Lý Văn Thêm 2" in page and "Phiên họp thử 2" in page


def _council_nominations(cs, i):
    """The i-th accepted nomination, on the meeting's agenda, and one more not on it."""
    from dienhinh.council import services as council

    def accepted(prefix):
        # Through the service, as dossiers are: with the snapshot of the evaluation.
        nom = exemplars.create_nomination(cs["office"], cs["plan"], 2024, cs["ldvl"],
                                          lc_person(cs, i, prefix).subject, "agency", "Tốt")
        Nomination.objects.filter(pk=nom.pk).update(status=Nomination.ACCEPTED)
        return nom
    council.add_item(cs["office"], cs["meeting"], accepted("LCA"))
    accepted("LCB")


def test_council_meeting_items_and_candidates(client, cs, django_assert_num_queries):
    page = same(office_client(client, cs["office"]), django_assert_num_queries,
                reverse("council_meeting", args=[cs["meeting"].pk]),
                lambda i: _council_nominations(cs, i))
    assert page.count("Người thử 2") >= 2


def test_council_reading_room(client, cs, django_assert_num_queries):
    page = same(office_client(client, cs["office"]), django_assert_num_queries,
                reverse("council_reading_room", args=[cs["meeting"].pk]),
                lambda i: _council_nominations(cs, i))
    assert "Người thử 2" in page


# -- decisions ---------------------------------------------------------------------------
@pytest.fixture
def rs(db):
    from tests.factories.replication import replication_setup

    return replication_setup()


def test_decision_list(client, rs, django_assert_num_queries):
    from tests.factories.replication import issued_decision

    def add(i):
        issued_decision(rs["so"], rs["plan"], [lc_person(rs, i).subject], seq=10 + i)
    page = same(office_client(client, rs["office"]), django_assert_num_queries,
                reverse("decision_list"), add)
    assert "12/QĐ-SLĐTBXH" in page
    # Each row as the decision's model shows it (the list reads only these columns).
    from django.template.defaultfilters import date, default, escape

    from dienhinh.decisions.models import Decision
    for d in Decision.objects.select_related("agency__subject"):
        row = (f'<tr><td><a href="{reverse("decision_detail", args=[d.pk])}">'
               f'{escape(default(d.number, "Dự thảo"))}</a></td>'
               f'<td>{date(d.signed_on, "d/m/Y")}</td><td>{escape(d.title)}</td>'
               f"<td>{escape(d.agency.name)}</td><td>{d.get_status_display()}</td></tr>")
        assert row in page


def test_decision_detail_recognitions(client, rs, django_assert_num_queries):
    from dienhinh.decisions.models import Recognition

    d = rs["decision"]

    def add(i):
        Recognition.objects.create(decision=d, subject=lc_person(rs, i).subject,
                                   position=10 + i, reason=f"Lý do {i}")
    page = same(office_client(client, rs["office"]), django_assert_num_queries,
                reverse("decision_detail", args=[d.pk]), add)
    assert "Người thử 2" in page


def test_proposal_list(client, rs, django_assert_num_queries):
    from dienhinh.decisions import proposals

    def add(i):
        proposals.create_proposal(rs["office"], rs["plan"], 2022 + i, f"Nơi nhận {i}")
    page = same(office_client(client, rs["office"]), django_assert_num_queries,
                reverse("proposal_list"), add)
    assert "Nơi nhận 2" in page


def test_proposal_detail_chosen_and_candidates(client, rs, django_assert_num_queries):
    from dienhinh.decisions import proposals
    from dienhinh.decisions.models import Recognition

    d = rs["decision"]
    p = proposals.create_proposal(rs["office"], rs["plan"], d.year, "Ban Thi đua")
    chosen = []

    def add(i):
        for prefix in ("LCC", "LCD"):
            r = Recognition.objects.create(decision=d, subject=lc_person(rs, i, prefix).subject,
                                           position=10 + 2 * i + (prefix == "LCD"))
        chosen.append(r.pk)
        proposals.select(rs["office"], p, chosen)
    page = same(office_client(client, rs["office"]), django_assert_num_queries,
                reverse("proposal_detail", args=[p.pk]), add)
    assert page.count("Người thử 2") == 2


# -- plans, calendar, templates ----------------------------------------------------------
@pytest.fixture
def pw(tree, make_user):
    """A plan in force of Sở Công Thương, its standing office and an officer of QLCN."""
    from dienhinh.plans import plan_services
    from dienhinh.plans.models import PlanTemplate

    office = make_user("vanphong", Role.STANDING_OFFICE, tree["sct"])
    officer = make_user("canbo_qlcn", Role.UNIT_OFFICER, tree["qlcn"])
    template = PlanTemplate.objects.get(template_id="lao-cai-sldtbxh-qpan-2022-2025")
    plan = plan_services.adopt(office, template, tree["sct"], "12/KH-SCT", D(2022, 2, 1),
                               "Xây dựng điển hình")
    plan_services.put_in_force(office, plan, plan.version)
    return {**tree, "office": office, "officer": officer, "plan": plan, "template": template}


def add_plan(pw):
    from dienhinh.plans import plan_services

    def add(i):
        if i:
            plan = plan_services.adopt(pw["office"], pw["template"], pw["sct"], f"{20 + i}/KH-SCT",
                                       D(2022, 2, 1), f"Kế hoạch thêm {i}")
            plan_services.put_in_force(pw["office"], plan, plan.version)
    return add


def test_plan_list(client, pw, django_assert_num_queries):
    page = same(office_client(client, pw["office"]), django_assert_num_queries,
                reverse("plan_list"), add_plan(pw))
    assert "22/KH-SCT" in page


@pytest.mark.parametrize("params", [{"view": "list", "year": 2023}, {"year": 2023, "month": 1}])
def test_plan_calendar(client, pw, django_assert_num_queries, params):
    same(office_client(client, pw["office"]), django_assert_num_queries,
         reverse("plan_calendar"), add_plan(pw), params)


def test_plan_detail_responsible_units(client, pw, django_assert_num_queries):
    from dienhinh.plans import plan_services
    from dienhinh.plans.models import Plan

    units = []

    def add(i):
        units.append(orgs.create_unit(f"SCT_T{i}", f"Phòng Thử {i}", "division", pw["sct"]))
        plan = Plan.objects.get(pk=pw["plan"].pk)
        plan_services.update_plan(pw["office"], plan, plan.version,
                                  responsible={"register": units})
    page = same(office_client(client, pw["office"]), django_assert_num_queries,
                reverse("plan_detail", args=[pw["plan"].pk]), add)
    assert "Phòng Thử 2" in page


def test_plan_template_list(client, pw, django_assert_num_queries):
    c = office_client(client, pw["office"])

    def add(i):
        response = c.post(reverse("plan_editor_copy", args=["lao-cai-sldtbxh-qpan-2022-2025"]),
                          {"new_id": f"ban-sao-{i}", "name": f"Bản sao thử {i}"})
        assert response.status_code == 302
    page = same(c, django_assert_num_queries, reverse("plan_editor_list"), add)
    assert "Bản sao thử 2" in page


# -- imports, exports, feedback ----------------------------------------------------------
def test_import_jobs(officer_client, django_assert_num_queries):
    from dienhinh.ledger.models import ImportJob

    def add(i):
        ImportJob.objects.create(user=officer_client.user, table="units",
                                 original_name=f"tep-thu-{i}.csv")
    page = same(officer_client, django_assert_num_queries, reverse("import_start"), add)
    assert "tep-thu-2.csv" in page


@pytest.fixture
def officer_client(client, tree, make_user):
    user = make_user("canbo", Role.UNIT_OFFICER, tree["sct"])
    client.force_login(user)
    client.user = user
    return client


def test_export_scopes(officer_client, tree, django_assert_num_queries):
    def add(i):
        orgs.create_unit(f"SCT_E{i}", f"Phòng Xuất {i}", "division", tree["sct"])
    page = same(officer_client, django_assert_num_queries, reverse("export_index"), add)
    assert "Phòng Xuất 2" in page


def test_feedback_list(client, tree, make_user, django_assert_num_queries):
    from dienhinh.notifications import services as notifications

    officer = make_user("canbo_qlcn", Role.UNIT_OFFICER, tree["qlcn"])
    office = make_user("vanphong_sct", Role.STANDING_OFFICE, tree["sct"])

    def add(i):
        notifications.send_feedback(officer, tree["qlcn"], f"Vướng mắc {i}", "Chưa rõ mẫu.")
    page = same(office_client(client, office), django_assert_num_queries,
                reverse("feedback_list"), add)
    assert "Vướng mắc 2" in page


# -- scoring -----------------------------------------------------------------------------
@pytest.fixture
def ss(db):
    from tests.factories.scoring import scoring_setup

    return scoring_setup()


TOP = {"tasks": 40, "pact": 30, "emulation_work": 20, "solidarity": 10}


def submitted(ss, sheet):
    """The sheet scored, its evidence added and sent to the office."""
    from dienhinh.scoring import services as scoring
    from tests.factories.scoring import pdf

    sheet = scoring.save_self_scores(ss["office"], sheet, sheet.version,
                                     {k: (v, "") for k, v in TOP.items()})
    for cid in ("tasks", "pact"):
        sheet.refresh_from_db()
        scoring.add_evidence(ss["office"], sheet, sheet.version, cid, pdf())
    sheet.refresh_from_db()
    return scoring.submit_sheet(ss["office"], sheet, sheet.version)


def add_round_and_group(ss, i):
    """The i-th round (year 2020 + i) with a submitted sheet, and the i-th block."""
    from dienhinh.scoring import services as scoring

    rnd = scoring.open_round(ss["office"], agency=ss["town"], scheme_id="chung-khoi-cum-thi-dua",
                             year=2020 + i, units=[ss["p1"], ss["p2"]])
    submitted(ss, rnd.sheets.get(unit=ss["p1"]))
    scoring.create_group(ss["office"], agency=ss["town"], kind="block", name=f"Khối {i}")


def test_scoring_home_rounds_groups_and_sheets(client, ss, django_assert_num_queries):
    add = functools.partial(add_round_and_group, ss)
    page = same(office_client(client, ss["office"]), django_assert_num_queries,
                reverse("scoring_home"), add)
    assert "Khối 2" in page and "2022" in page


def test_scoring_round_sheets(client, ss, django_assert_num_queries):
    from dienhinh.scoring import services as scoring

    rnd = scoring.open_round(ss["office"], agency=ss["town"], scheme_id="chung-khoi-cum-thi-dua",
                             year=2024, units=[ss["p1"], ss["p2"], ss["p3"], ss["armed"]])

    def add(i):
        sheet = submitted(ss, rnd.sheets.get(unit=[ss["p1"], ss["p2"], ss["p3"]][i]))
        scoring.verify_sheet(ss["office"], sheet, sheet.version,
                             {k: (v, "") for k, v in TOP.items()})
    page = same(office_client(client, ss["office"]), django_assert_num_queries,
                reverse("scoring_round", args=[rnd.pk]), add)
    assert "UBND Phường 3" in page


def test_scoring_group_members(client, ss, django_assert_num_queries):
    from dienhinh.scoring import services as scoring
    from dienhinh.scoring.models import EmulationGroup

    g = scoring.create_group(ss["office"], agency=ss["town"], kind="block", name="Khối phường")
    chosen = [ss["p1"]]  # a group has two members at least: two, then four

    def add(i):
        chosen.append(ss["p2"] if i == 0 else
                      orgs.create_unit(f"NN_X{i}", f"UBND Xã {i}", "commune", ss["town"]))
        group = EmulationGroup.objects.get(pk=g.pk)
        scoring.set_members(ss["office"], group, group.version, 2024, chosen)
    page = same(office_client(client, ss["office"]), django_assert_num_queries,
                reverse("scoring_group", args=[g.pk]), add, {"year": 2024})
    assert "UBND Xã 2" in page


# -- reports -----------------------------------------------------------------------------
@pytest.fixture
def rw(tree, make_user):
    """The Hà Tĩnh Sở Công Thương plan in force over the tree, as test_reports_units has it."""
    from dienhinh.orgs.models import Leadership
    from dienhinh.plans import plan_services
    from dienhinh.plans.models import PlanTemplate

    office = make_user("vanphong", Role.STANDING_OFFICE, tree["sct"])
    Leadership.objects.create(unit=tree["sct"], role=Leadership.HEAD, full_name="Lê Văn Minh",
                              title="Giám đốc", valid_from=D(2021, 1, 1))
    template = PlanTemplate.objects.get(template_id="ha-tinh-sct-2021-2025")
    plan = plan_services.adopt(office, template, tree["sct"], "5/KH-SCT", D(2021, 1, 2),
                               "Kế hoạch xây dựng điển hình", distribution="UBND tỉnh")
    plan = plan_services.put_in_force(office, plan, plan.version)
    return {**tree, "office": office, "plan": plan}


def add_reporting_unit(rw, make_user):
    """A division under the Sở, its officer and its report of 2024, written and sent."""
    from dienhinh.reports import services as reports
    from dienhinh.reports.periods import Period

    def add(i):
        unit = orgs.create_unit(f"SCT_R{i}", f"Phòng Báo cáo {i}", "division", rw["sct"])
        officer = make_user(f"canbo_r{i}", Role.UNIT_OFFICER, unit)
        report = reports.start(officer, rw["plan"], unit, Period("year", 2024, 2024))
        report = reports.save(officer, report, report.version, situation=f"Tình hình {i}",
                              results="Kết quả", shortcomings="", proposals="",
                              signer_title="Trưởng phòng", signer_name=f"Lê Văn Ký {i}")
        reports.submit(officer, report, report.version, today=D(2024, 12, 20))
    return add


def test_reports_home(client, rw, make_user, django_assert_num_queries):
    same(office_client(client, rw["office"]), django_assert_num_queries,
         reverse("reports_home"), add_reporting_unit(rw, make_user))


def test_report_status(client, rw, make_user, django_assert_num_queries):
    page = same(office_client(client, rw["office"]), django_assert_num_queries,
                reverse("reports_status", args=[rw["plan"].pk, "2024"]),
                add_reporting_unit(rw, make_user))
    assert "Phòng Báo cáo 2" in page


def test_reports_dashboard(client, rw, make_user, django_assert_num_queries):
    same(office_client(client, rw["office"]), django_assert_num_queries,
         reverse("reports_dashboard"), add_reporting_unit(rw, make_user),
         {"plan": rw["plan"].pk, "year": 2024})


# -- replication -------------------------------------------------------------------------
def add_replication(rs):
    """The i-th of each kind: media item, pledge, study visit, conference, model, adoption."""
    from tests.test_replication_screens import add_replication_rows

    return functools.partial(add_replication_rows, rs)


@pytest.mark.parametrize("name, shown", [
    ("replication_home", "Mô hình 2"), ("media_list", "Tin 2"), ("model_list", "Mô hình 2"),
    ("pledge_list", ""), ("visit_list", ""), ("conference_list", "Hội nghị 2")])
def test_replication_lists(client, rs, django_assert_num_queries, name, shown):
    page = same(office_client(client, rs["office"]), django_assert_num_queries, reverse(name),
                add_replication(rs))
    assert shown in page


def test_model_detail_spread_and_media(client, rs, django_assert_num_queries):
    from dienhinh.replication import services as replication

    def add(i):
        unit = orgs.create_unit(f"LC_A{i}", f"Phòng Áp dụng {i}", "division", rs["so"])
        replication.register_adoption(rs["office"], model=rs["model"], unit=unit,
                                      target="Áp dụng", started_on=D(2025, 4, 1 + i))
        replication.log_media(rs["editor"], agency=rs["so"], outlet_kind="radio",
                              outlet_name=f"Đài {i}", published_on=D(2025, 1, 1 + i),
                              title=f"Tin {i}", good_models=[rs["model"]])
    page = same(office_client(client, rs["office"]), django_assert_num_queries,
                reverse("model_detail", args=[rs["model"].pk]), add)
    assert "Phòng Áp dụng 2" in page and "Tin 2" in page


def test_adoption_progress(client, rs, django_assert_num_queries):
    from dienhinh.replication import services as replication
    from dienhinh.replication.models import Adoption

    a = replication.register_adoption(rs["office"], model=rs["model"], unit=rs["btxh"],
                                      target="Áp dụng", started_on=D(2025, 4, 1))

    def add(i):
        adoption = Adoption.objects.get(pk=a.pk)
        replication.record_progress(adoption, rs["office"], adoption.version,
                                    on=D(2025, 5, 1 + i), note=f"Tiến độ {i}", percent=10 * i)
    page = same(office_client(client, rs["office"]), django_assert_num_queries,
                reverse("adoption_detail", args=[a.pk]), add)
    assert "Tiến độ 2" in page


def test_visit_units_and_follow_ups(client, rs, django_assert_num_queries):
    from dienhinh.replication import services as replication
    from dienhinh.replication.models import StudyVisit

    visit = replication.record_visit(rs["office"], agency=rs["so"], host=rs["ldvl"].subject,
                                     visiting_units=[rs["vp"]], visited_on=D(2025, 3, 1),
                                     participants=5)

    def add(i):
        unit = orgs.create_unit(f"LC_V{i}", f"Phòng Tham quan {i}", "division", rs["so"])
        v = StudyVisit.objects.get(pk=visit.pk)
        replication.add_visiting_unit(v, rs["office"], v.version, unit=unit)
        replication.register_adoption(rs["office"], model=rs["model"], unit=unit,
                                      target="Áp dụng", started_on=D(2025, 4, 1),
                                      study_visit=visit)
    page = same(office_client(client, rs["office"]), django_assert_num_queries,
                reverse("visit_detail", args=[visit.pk]), add)
    assert "Phòng Tham quan 2" in page


def test_conference_honourees_programme_invitees(client, rs, django_assert_num_queries):
    from dienhinh.decisions.models import Recognition
    from dienhinh.replication import services as replication
    from dienhinh.replication.models import Conference

    conf = replication.create_conference(rs["office"], agency=rs["so"], kind="final",
                                         title="Hội nghị điển hình", held_on=D(2025, 5, 1),
                                         venue="Hội trường")

    def add(i):
        unit = orgs.create_unit(f"LC_H{i}", f"Phòng Dự họp {i}", "division", rs["so"])
        Recognition.objects.create(decision=rs["decision"], subject=unit.subject,
                                   position=10 + i)
        c = Conference.objects.get(pk=conf.pk)
        c = replication.add_honouree(c, rs["office"], c.version, subject=unit.subject)
        c = Conference.objects.get(pk=conf.pk)
        replication.invite(c, rs["office"], c.version, unit=unit)
    page = same(office_client(client, rs["office"]), django_assert_num_queries,
                reverse("conference_detail", args=[conf.pk]), add)
    assert "Phòng Dự họp 2" in page


# -- portal ------------------------------------------------------------------------------
@pytest.fixture
def ps(rs, settings, tmp_path):
    from dienhinh.portal import services as portal

    settings.MEDIA_ROOT = tmp_path
    rs["column"] = portal.create_column(rs["office"], agency=rs["so"],
                                        title="Gương sáng ngành Lao động", slug="guong-sang")
    return rs


def add_story(ps, publish=True):
    """A division recognised by the decision and, unless `publish` is false, its story
    published in the column (a unit: no person's consent to wait for)."""
    from dienhinh.decisions.models import Recognition
    from dienhinh.portal import services as portal

    def add(i):
        unit = orgs.create_unit(f"LC_S{i}", f"Phòng Gương sáng {i}", "division", ps["so"])
        rec = Recognition.objects.create(decision=ps["decision"], subject=unit.subject,
                                         position=10 + i, reason="Có mô hình hay")
        story = portal.draft_story(ps["editor"], rec, ps["column"])
        if publish:
            story = portal.submit_story(story, ps["editor"], story.version)
            portal.publish_story(story, ps["office"], story.version)
    return add


@pytest.mark.parametrize("name, args, data", [
    ("portal_home", [], None), ("portal_search", [], None),
    ("portal_search", [], {"q": "guong sang"}), ("portal_column", ["guong-sang"], None),
    ("portal_feed", [], None), ("portal_column_feed", ["guong-sang"], None),
    ("portal_open_data_json", [], None), ("portal_open_data_csv", [], None),
    ("sitemap", [], None)])
def test_portal_public_lists(client, ps, django_assert_num_queries, name, args, data):
    page = same(client, django_assert_num_queries, reverse(name, args=args), add_story(ps),
                data)
    # the sitemap lists addresses; a search without words lists nothing
    assert "Phòng Gương sáng 2" in page or name == "sitemap" or (
        name == "portal_search" and not data)


def test_portal_editorial(client, ps, django_assert_num_queries):
    def add(i):
        add_story(ps, publish=i != 1)(i)
        from dienhinh.decisions.models import Recognition

        unit = orgs.create_unit(f"LC_W{i}", f"Phòng Chưa viết {i}", "division", ps["so"])
        Recognition.objects.create(decision=ps["decision"], subject=unit.subject,
                                   position=20 + i)
    page = same(office_client(client, ps["editor"]), django_assert_num_queries,
                reverse("portal_editorial"), add)
    assert "Phòng Gương sáng 2" in page and "Phòng Chưa viết 2" in page


# -- the API's lists ---------------------------------------------------------------------
def api_list(name):
    return reverse(f"api-{name}-list")


def api_same(client, django_assert_num_queries, name, add, data=None):
    return same(client, django_assert_num_queries, api_list(name), add, data)


def _tree_rows(tree, kind):
    from django.contrib.auth import get_user_model

    from dienhinh.catalogue.models import AchievementCode, InitiativeLevel, Issuer
    from dienhinh.ledger.models import Achievement, ImportJob

    def add(i):
        if kind == "unit":
            orgs.create_unit(f"SCT_U{i}", f"Phòng Thử {i}", "division", tree["sct"])
        elif kind == "person":
            orgs.create_person(f"PX{i}", f"Lê Văn Thử {i}", tree["qlcn"], "staff")
        elif kind == "achievement":
            Achievement.objects.create(subject=tree["hong"].subject, year=2020 + i,
                                       code_id="GIAY_KHEN", kind="commendation", issuer="SO",
                                       decision_no=f"{i}/QĐ")
        elif kind == "import":
            ImportJob.objects.create(user=get_user_model().objects.get(username="canbo"),
                                     table="units", original_name=f"tep-thu-{i}.csv")
        elif kind == "achievement-code":
            AchievementCode.objects.create(code=f"THU_{i}", kind="title", name=f"Mã thử {i}")
        elif kind == "issuer":
            Issuer.objects.create(code=f"THU_{i}", name=f"Cấp thử {i}")
        elif kind == "initiative-level":
            InitiativeLevel.objects.create(code=f"THU_{i}", name=f"Cấp sáng kiến thử {i}")
    return add


@pytest.mark.parametrize("kind", ["unit", "person", "achievement", "import",
                                  "achievement-code", "issuer", "initiative-level"])
def test_api_ledger_and_catalogue_lists(officer_client, tree, django_assert_num_queries, kind):
    page = api_same(officer_client, django_assert_num_queries, kind, _tree_rows(tree, kind))
    assert "Thử 2" in page or "thử 2" in page or "tep-thu-2" in page or "2022" in page


def _lc_rows(lc, user, kind):
    from dienhinh.exemplars.models import CompiledList

    def accepted(i, year):
        nom = exemplars.create_nomination(user, lc["plan"], year, lc["ldvl"],
                                          lc_person(lc, i, f"LCN{year}").subject, "agency",
                                          f"Tóm tắt {i}")
        Nomination.objects.filter(pk=nom.pk).update(status=Nomination.ACCEPTED)
        return nom

    def add(i):
        if kind == "registration":
            lc_register(lc, user, i)
        elif kind == "fostering":
            fp = exemplars.create_fostering(user, lc_register(lc, user, i), leader=lc["dung"])
            exemplars.add_action(user, fp, f"Việc {i}", D(2024, 6, 1))
            exemplars.add_note(user, fp, f"Ghi chú {i}")
        elif kind == "nomination":
            accepted(i, 2024)
        elif kind == "compiled-list":
            year = 2022 + i
            lc_register(lc, user, i, year)
            exemplars.compile_list(user, lc["plan"], year)
            assert CompiledList.objects.filter(plan=lc["plan"], year=year).exists()
        elif kind == "comment-period":
            year = 2022 + i
            accepted(i, year)
            exemplars.publish_for_comment(user, lc["plan"], year, D(2024, 12, 1),
                                          D(2024, 12, 10))
    return add


@pytest.mark.parametrize("kind", ["registration", "fostering", "nomination", "compiled-list",
                                  "comment-period"])
def test_api_exemplars_lists(lc_office, lc, django_assert_num_queries, kind):
    api_same(lc_office, django_assert_num_queries, kind, _lc_rows(lc, lc_office.user, kind))


@override_settings(EXEMPLARS_TODAY="2024-12-05")
def test_api_public_comments(lc_office, period, django_assert_num_queries):
    def add(i):
        exemplars.add_public_comment(period, f"Người dân {i}", f"Ý kiến {i}", "",
                                     period.nominations.order_by("pk")[i])
    page = api_same(lc_office, django_assert_num_queries, "public-comment", add)
    assert "Ý kiến 2" in page


def test_api_plans_and_deadlines(client, pw, django_assert_num_queries):
    c = office_client(client, pw["office"])
    api_same(c, django_assert_num_queries, "plan", add_plan(pw))


def test_api_deadlines(client, pw, django_assert_num_queries):
    api_same(office_client(client, pw["office"]), django_assert_num_queries, "deadline",
             add_plan(pw))


def test_api_notifications(client, pw, django_assert_num_queries):
    from dienhinh.notifications import services as notifications

    def add(i):
        notifications.notify([pw["office"]], f"Hồ sơ số {i} đã được thẩm định",
                             url=reverse("home"), email=False)
    page = api_same(office_client(client, pw["office"]), django_assert_num_queries,
                    "notification", add)
    assert "Hồ sơ số 2" in page


def test_api_feedback(client, pw, django_assert_num_queries):
    from dienhinh.notifications import services as notifications

    def add(i):
        notifications.send_feedback(pw["officer"], pw["qlcn"], f"Vướng mắc {i}", "Chưa rõ.")
    page = api_same(office_client(client, pw["office"]), django_assert_num_queries,
                    "feedback", add)
    assert "Vướng mắc 2" in page


def test_api_council_meetings(client, cs, django_assert_num_queries):
    from dienhinh.council import services as council

    def add(i):
        council.create_meeting(cs["office"], cs["council"], f"Phiên họp thử {i}",
                               D(2025, 2, 1 + i), "agency", "Lào Cai", plan=cs["plan"])
        _council_nominations(cs, i)
    page = api_same(office_client(client, cs["office"]), django_assert_num_queries,
                    "council-meeting", add)
    assert "Phiên họp thử 2" in page


def test_api_decisions(client, rs, django_assert_num_queries):
    from dienhinh.decisions.models import Recognition
    from tests.factories.replication import issued_decision

    def add(i):
        d = issued_decision(rs["so"], rs["plan"], [lc_person(rs, i).subject], seq=10 + i)
        Recognition.objects.create(decision=d, subject=lc_person(rs, i, "LCR").subject,
                                   position=2)
    page = api_same(office_client(client, rs["office"]), django_assert_num_queries,
                    "decision", add)
    assert "12/QĐ-SLĐTBXH" in page


@pytest.mark.parametrize("kind", ["media-item", "good-model", "adoption", "pledge",
                                  "study-visit", "conference"])
def test_api_replication_lists(client, rs, django_assert_num_queries, kind):
    api_same(office_client(client, rs["office"]), django_assert_num_queries, kind,
             add_replication(rs))


def test_api_stories(client, ps, django_assert_num_queries):
    page = api_same(office_client(client, ps["editor"]), django_assert_num_queries, "story",
                    add_story(ps))
    assert "Phòng Gương sáng 2" in page


def test_api_consents(client, rs, django_assert_num_queries):
    from dienhinh.portal import services as portal

    def add(i):
        portal.record_consent(rs["editor"], person=lc_person(rs, i), scope="story",
                              evidence=f"Phiếu đồng ý số {i}")
    page = api_same(office_client(client, rs["editor"]), django_assert_num_queries,
                    "consent", add)
    assert "Phiếu đồng ý số 2" in page


def test_api_scoring_rounds_sheets_groups(client, ss, django_assert_num_queries):
    add = functools.partial(add_round_and_group, ss)
    c = office_client(client, ss["office"])
    add(0)
    one = {kind: len(_captured(c, api_list(kind))) for kind in
           ("scoring-round", "scoring-sheet", "scoring-group", "scoring-scheme")}
    add(1)
    add(2)
    three = {kind: len(_captured(c, api_list(kind))) for kind in one}
    assert three == one


def _captured(client, url, data=None):
    """The queries of a page or a file, a streamed one read to its end."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data or {})
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return queries.captured_queries


def same_file(client, url, add, data=None):
    """`same` for a download (binary, perhaps streamed): the queries of the file with
    one row and with three."""
    add(0)
    one = len(_captured(client, url, data))
    add(1)
    add(2)
    assert len(_captured(client, url, data)) == one


def test_api_unit_reports(client, rw, make_user, django_assert_num_queries):
    page = api_same(office_client(client, rw["office"]), django_assert_num_queries,
                    "unit-report", add_reporting_unit(rw, make_user))
    assert "Phòng Báo cáo 2" in page


def test_api_report_review(client, rw, make_user, django_assert_num_queries):
    api_same(office_client(client, rw["office"]), django_assert_num_queries, "report-review",
             add_reporting_unit(rw, make_user),
             {"plan": rw["plan"].pk, "scope": "SCT", "year": 2024})


def test_api_council_meetings_list_shows_what_each_meeting_shows(client):
    """The list reads ballots, agendas and results with the page: each meeting in it is
    the meeting as its own address answers (a closed ballot with its results, an open
    one with its turnout, a meeting without a ballot)."""
    from dienhinh.council import services as council
    from tests.factories.decisions import passed_setup, vote_and_close

    s = passed_setup()
    second = council.create_meeting(s["office"], s["council"], "Họp bổ sung", D(2025, 1, 7),
                                    "agency", "Lào Cai", plan=s["plan"])
    vote_and_close({**s, "meeting": second, "noms": {
        key: exemplars_accepted(s, key) for key in ("hoa", "ldvl")}}, close=False)
    council.create_meeting(s["office"], s["council"], "Họp chưa bỏ phiếu", D(2025, 1, 8),
                           "agency", "Lào Cai", plan=s["plan"])
    c = office_client(client, s["office"])
    listed = c.get(api_list("council-meeting")).json()
    listed = listed.get("results", listed) if isinstance(listed, dict) else listed
    assert len(listed) == 3
    assert {m["ballot"]["status"] if m["ballot"] else None for m in listed} == {
        "closed", "open", None}
    assert any(item["result"] for m in listed for item in m["items"])
    for m in listed:
        assert m == c.get(reverse("api-council-meeting-detail", args=[m["id"]])).json()


def exemplars_accepted(s, key):
    """Another accepted nomination of the same two subjects, for a second meeting."""
    from tests.factories.council import accepted

    subject = s["hoa"].subject if key == "hoa" else s["ldvl"].subject
    return accepted(s, subject, unit=s["ldvl"] if key == "hoa" else s["so"], year=2023)


# -- pickers, leaders, feedback thread, calendar feed, sheets and exports -----------------
@pytest.mark.parametrize("name, data", [("unit_pick", {"q": "thu"}),
                                        ("subject_pick", {"q": "thu"})])
def test_pickers(officer_client, tree, django_assert_num_queries, name, data):
    def add(i):
        orgs.create_unit(f"SCT_K{i}", f"Tổ Thử {i}", "division", tree["sct"])
        orgs.create_person(f"PK{i}", f"Lê Văn Thử {i}", tree["vp"], "staff")
    page = same(officer_client, django_assert_num_queries, reverse(name), add, data)
    assert "Tổ Thử 2" in page


def test_unit_leaders(officer_client, tree, django_assert_num_queries):
    from dienhinh.orgs.models import Leadership

    def add(i):
        Leadership.objects.create(unit=tree["sct"], role="deputy", full_name=f"Đỗ Văn Phó {i}",
                                  title="Phó Giám đốc", valid_from=D(2021, 1, 1 + i))
    page = same(officer_client, django_assert_num_queries,
                reverse("unit_leaders", args=["SCT"]), add)
    assert "Đỗ Văn Phó 2" in page


def test_feedback_thread(client, tree, make_user, django_assert_num_queries):
    from dienhinh.notifications import services as notifications
    from dienhinh.notifications.models import Feedback

    officer = make_user("canbo_qlcn", Role.UNIT_OFFICER, tree["qlcn"])
    office = make_user("vanphong_sct", Role.STANDING_OFFICE, tree["sct"])
    f = notifications.send_feedback(officer, tree["qlcn"], "Vướng mắc", "Chưa rõ mẫu.")

    def add(i):
        fb = Feedback.objects.get(pk=f.pk)
        fb = notifications.answer_feedback(office, fb, f"Trả lời {i}", fb.version)
        notifications.reply_feedback(officer, fb, f"Hỏi thêm {i}", fb.version)
    page = same(office_client(client, office), django_assert_num_queries,
                reverse("feedback_detail", args=[f.pk]), add)
    assert "Hỏi thêm 2" in page


def test_calendar_ics(client, pw, django_assert_num_queries):
    from dienhinh.plans import ical

    token = ical.feed_for(pw["office"]).token
    body = same(client, django_assert_num_queries,
                reverse("plan_calendar_ics", args=[token]), add_plan(pw))
    assert "22/KH-SCT" in body


@pytest.mark.parametrize("name", ["sheet_people", "sheet_units"])
def test_people_and_unit_sheets(officer_client, tree, name):
    def add(i):
        orgs.create_unit(f"SCT_K{i}", f"Tổ Thử {i}", "division", tree["sct"])
        orgs.create_person(f"PK{i}", f"Lê Văn Thử {i}", tree["vp"], "staff")
    same_file(officer_client, reverse(name), add)


def test_record_sheet(officer_client, tree):
    from dienhinh.ledger.models import Achievement

    def add(i):
        Achievement.objects.create(subject=tree["hong"].subject, year=2020 + i,
                                   code_id="GIAY_KHEN", kind="commendation", issuer="SO",
                                   decision_no=f"{i}/QĐ")
        orgs.move_person(tree["hong"], tree["qlcn"] if i % 2 == 0 else tree["vp"], "staff",
                         D(2020 + i, 1, 1))
    same_file(officer_client, reverse("sheet_record", args=["P001"]), add)


def test_registration_and_nomination_sheets(lc_office, lc):
    def add(i):
        lc_register(lc, lc_office.user, i)
        exemplars.create_nomination(lc_office.user, lc["plan"], 2024, lc["ldvl"],
                                    lc_person(lc, i, "LCS").subject, "agency", f"Tóm tắt {i}")
    add(0)
    urls = [reverse("sheet_registrations", args=[lc["plan"].pk, 2024]),
            reverse("sheet_nominations")]
    one = [len(_captured(lc_office, url)) for url in urls]
    add(1)
    add(2)
    assert [len(_captured(lc_office, url)) for url in urls] == one


@pytest.mark.parametrize("table", ["units", "people", "achievements"])
def test_ledger_export(officer_client, tree, table):
    add = _tree_rows(tree, {"units": "unit", "people": "person",
                            "achievements": "achievement"}[table])
    same_file(officer_client, reverse("export_download", args=[table, "csv"]), add)


def test_compiled_list_files(lc_office, lc):
    from dienhinh.exemplars.models import CompiledList

    def add(i):
        lc_register(lc, lc_office.user, i)
        clist = CompiledList.objects.filter(plan=lc["plan"], year=2024).first()
        exemplars.compile_list(lc_office.user, lc["plan"], 2024,
                               version=clist.version if clist else None)
    add(0)
    urls = [reverse("exemplars_list_file", args=[lc["plan"].pk, 2024, fmt])
            for fmt in ("xlsx", "docx")]
    one = [len(_captured(lc_office, url)) for url in urls]
    add(1)
    add(2)
    assert [len(_captured(lc_office, url)) for url in urls] == one


# -- the admin's lists not in test_screens_queries ---------------------------------------
@pytest.fixture
def superuser_client(client, make_user):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize("model", [
    "audit/auditentry", "orgs/leadership", "orgs/collectivebody",
    "decisions/basesalary", "decisions/rewardrule", "decisions/authority",
    "decisions/agencyprofile", "catalogue/achievementcode", "catalogue/issuer",
    "catalogue/initiativelevel",
])
def test_admin_lists(superuser_client, tree, django_assert_num_queries, model):
    from dienhinh.audit.services import record
    from dienhinh.decisions.models import AgencyProfile, Authority, BaseSalary, RewardRule
    from dienhinh.orgs.models import CollectiveBody, Leadership

    def add(i):
        unit = orgs.create_unit(f"SCT_AD{i}", f"Phòng Quản trị {i}", "division", tree["sct"])
        record(None, "test.list", unit, None, {"i": i})
        Leadership.objects.create(unit=unit, role="head", full_name=f"Trưởng phòng {i}",
                                  title="Trưởng phòng", valid_from=D(2021, 1, 1))
        CollectiveBody.objects.create(unit=unit, name=f"Ban lãnh đạo {i}")
        BaseSalary.objects.create(valid_from=D(2000 + i, 1, 1), amount=1_000_000 + i)
        RewardRule.objects.create(rule_set=f"Nghị định thử {i}", valid_from=D(2000, 1, 1 + i),
                                  code="GIAY_KHEN", subject_type="individual", multiple=1)
        Authority.objects.create(issuer="SO", code=f"THU_{i}", valid_from=D(2000, 1, 1))
        AgencyProfile.objects.create(agency=unit, abbreviation=f"PQT{i}")
        _tree_rows(tree, {"catalogue/achievementcode": "achievement-code",
                          "catalogue/issuer": "issuer"}.get(model, "initiative-level"))(i)
    same(superuser_client, django_assert_num_queries, f"/admin/{model}/", add)


# -- ballots: a meeting of one item against a meeting of three ---------------------------
def balloted(cs, n, tag, close):
    """A meeting of `n` accepted nominations, every member present, the ballot open and
    every member voted yes; closed (results published) when `close`."""
    from dienhinh.council import services as council
    from dienhinh.council.models import Ballot, Meeting
    from tests.factories.council import PASSPHRASE

    meeting = council.create_meeting(cs["office"], cs["council"], f"Họp {tag}",
                                     D(2025, 1, 6), "agency", "Lào Cai", plan=cs["plan"])
    for i in range(n):
        nom = exemplars.create_nomination(cs["office"], cs["plan"], 2024, cs["ldvl"],
                                          lc_person(cs, i, f"LC{tag}").subject, "agency", "Tốt")
        Nomination.objects.filter(pk=nom.pk).update(status=Nomination.ACCEPTED)
        council.add_item(cs["office"], meeting, nom)
    meeting = Meeting.objects.get(pk=meeting.pk)
    meeting = council.set_attendance(cs["office"], meeting, meeting.version, cs["members"])
    ballot = council.open_ballot(cs["office"], meeting, meeting.version, Ballot.ELECTRONIC,
                                 PASSPHRASE)
    for seat in cs["members"]:
        council.cast_votes(seat.user, ballot, {item.pk: "yes" for item in
                                               council.voter_items(ballot, seat)})
    if close:
        council.close_ballot(cs["office"], ballot, passphrase=PASSPHRASE)
    return meeting, Ballot.objects.get(pk=ballot.pk)


def test_closed_meeting_reading_room_decision_draft_and_public_ballot(client, cs):
    one, one_ballot = balloted(cs, 1, "A", close=True)
    three, three_ballot = balloted(cs, 3, "B", close=True)
    c = office_client(client, cs["office"])
    for name in ("council_meeting", "council_reading_room", "decision_new"):
        assert len(_captured(c, reverse(name, args=[one.pk]))) == \
            len(_captured(c, reverse(name, args=[three.pk]))), name
    assert "Người thử 2" in c.get(reverse("decision_new", args=[three.pk])).content.decode()
    client.logout()
    public = [_captured(client, reverse("council_public_ballot", args=[b.pk]))
              for b in (one_ballot, three_ballot)]
    assert len(public[0]) == len(public[1])
    page = client.get(reverse("council_public_ballot", args=[three_ballot.pk])).content.decode()
    assert "Người thử 2" in page


def test_council_vote_page_and_open_meeting(client, cs):
    one, _ballot = balloted(cs, 1, "A", close=False)
    three, _ballot = balloted(cs, 3, "B", close=False)
    member = cs["members"][0].user
    c = office_client(client, cs["office"])
    assert len(_captured(c, reverse("council_meeting", args=[one.pk]))) == \
        len(_captured(c, reverse("council_meeting", args=[three.pk])))
    c.force_login(member)
    assert len(_captured(c, reverse("council_vote", args=[one.pk]))) == \
        len(_captured(c, reverse("council_vote", args=[three.pk])))


def test_nomination_files_and_periods(lc_office, lc, django_assert_num_queries):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = lc_office.user
    nom = exemplars.create_nomination(user, lc["plan"], 2024, lc["ldvl"], lc["hoa"].subject,
                                      "agency", "Hoàn thành xuất sắc nhiệm vụ")
    pdf = b"%PDF-1.4\n" + b"1 0 obj <<>> endobj\n" * 10 + b"%%EOF\n"

    def add(i):
        n = Nomination.objects.get(pk=nom.pk)
        exemplars.add_file(user, n, n.version, "attachment",
                           SimpleUploadedFile(f"minh-chung-{i}.pdf", pdf))
    page = same(lc_office, django_assert_num_queries,
                reverse("exemplars_nomination", args=[nom.pk]), add)
    assert "minh-chung-2.pdf" in page


def test_fostering_actions_and_notes(lc_office, lc, django_assert_num_queries):
    user = lc_office.user
    fp = exemplars.create_fostering(user, lc_register(lc, user, 0), leader=lc["dung"])

    def add(i):
        exemplars.add_action(user, fp, f"Việc {i}", D(2024, 6, 1 + i))
        exemplars.add_note(user, fp, f"Ghi chú {i}")
    page = same(lc_office, django_assert_num_queries,
                reverse("exemplars_fostering", args=[fp.pk]), add)
    assert "Việc 2" in page and "Ghi chú 2" in page


# -- discovery's other lists: the registration candidates and the export -----------------
def add_passing(tree):
    """A staff member of Văn phòng with two Bằng khen of the province: passes the Hà Tĩnh
    plan (as test_discovery_queries has it)."""
    from tests.discovery_helpers import add as add_record

    def add(i):
        person = orgs.create_person(f"Q{i:03d}", f"Lê Văn Đạt {i}", tree["vp"], "staff")
        for year in (2021, 2023):
            add_record(person, year, "BANG_KHEN", "commendation", "UBND_TINH")
    return add


def test_registration_candidates(client, rw, django_assert_num_queries):
    page = same(office_client(client, rw["office"]), django_assert_num_queries,
                reverse("exemplars_candidates", args=[rw["plan"].pk, 2024]), add_passing(rw),
                {"unit": "SCT_VP"})
    assert "Lê Văn Đạt 2" in page


def test_discovery_export(client, rw):
    same_file(office_client(client, rw["office"]), reverse("discovery_export"), add_passing(rw),
              {"plan": "ha-tinh-sct-2021-2025", "scope": "SCT", "year": 2024, "show": "all"})


# -- documents that list rows ------------------------------------------------------------
def test_decision_documents(client, rs):
    """A draft's files, made as they read now (an issued decision's are stored once)."""
    from dienhinh.decisions.models import Decision, Recognition

    d = rs["decision"]
    Decision.objects.filter(pk=d.pk).update(status=Decision.DRAFT, number="", signed_on=None)

    def add(i):
        Recognition.objects.create(decision=d, subject=lc_person(rs, i).subject,
                                   position=10 + i, reason=f"Lý do {i}")
    c = office_client(client, rs["office"])
    add(0)
    urls = [reverse(name, args=[d.pk]) for name in ("decision_docx", "decision_xlsx")]
    one = [len(_captured(c, url)) for url in urls]
    add(1)
    add(2)
    assert [len(_captured(c, url)) for url in urls] == one


def test_conference_documents(client, rs):
    from dienhinh.decisions.models import Recognition
    from dienhinh.replication import services as replication
    from dienhinh.replication.models import Conference

    conf = replication.create_conference(rs["office"], agency=rs["so"], kind="final",
                                         title="Hội nghị điển hình", held_on=D(2025, 5, 1),
                                         venue="Hội trường")

    def add(i):
        unit = orgs.create_unit(f"LC_H{i}", f"Phòng Dự họp {i}", "division", rs["so"])
        Recognition.objects.create(decision=rs["decision"], subject=unit.subject,
                                   position=10 + i)
        c = Conference.objects.get(pk=conf.pk)
        replication.add_honouree(c, rs["office"], c.version, subject=unit.subject)
        c = Conference.objects.get(pk=conf.pk)
        replication.invite(c, rs["office"], c.version, unit=unit)
        c = Conference.objects.get(pk=conf.pk)
        replication.add_programme_item(c, rs["office"], c.version, title=f"Tham luận {i}",
                                       honouree=c.honourees.order_by("-pk").first())
    c = office_client(client, rs["office"])
    add(0)
    urls = [reverse(name, args=[conf.pk]) for name in ("conference_invitation_docx",
                                                       "conference_programme_docx")]
    one = [len(_captured(c, url)) for url in urls]
    add(1)
    add(2)
    assert [len(_captured(c, url)) for url in urls] == one


def test_council_minutes(client, cs):
    one, _ballot = balloted(cs, 1, "A", close=True)
    three, _ballot = balloted(cs, 3, "B", close=True)
    c = office_client(client, cs["office"])
    assert len(_captured(c, reverse("council_minutes", args=[one.pk]))) == \
        len(_captured(c, reverse("council_minutes", args=[three.pk])))


def test_scoring_ranking_file(client, ss):
    from dienhinh.scoring import services as scoring

    rnd = scoring.open_round(ss["office"], agency=ss["town"], scheme_id="chung-khoi-cum-thi-dua",
                             year=2024, units=[ss["p1"], ss["p2"], ss["p3"], ss["armed"]])

    def add(i):
        sheet = submitted(ss, rnd.sheets.get(unit=[ss["p1"], ss["p2"], ss["p3"]][i]))
        scoring.verify_sheet(ss["office"], sheet, sheet.version,
                             {k: (v, "") for k, v in TOP.items()})
    same_file(office_client(client, ss["office"]),
              reverse("scoring_round_xlsx", args=[rnd.pk]), add)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_report_review_files(client, rw, make_user, fmt):
    same_file(office_client(client, rw["office"]),
              reverse("reports_review", args=[rw["plan"].pk, "2024", fmt]),
              add_reporting_unit(rw, make_user))


def test_reports_dashboard_export(client, rw, make_user):
    same_file(office_client(client, rw["office"]), reverse("reports_dashboard_xlsx"),
              add_reporting_unit(rw, make_user), {"plan": rw["plan"].pk, "year": 2024})


def test_fostering_report_docx(lc_office, lc):
    def add(i):
        reg = lc_register(lc, lc_office.user, i)
        fp = exemplars.create_fostering(lc_office.user, reg, leader=lc["dung"])
        exemplars.add_action(lc_office.user, fp, f"Việc {i}", D(2024, 6, 1))
        exemplars.add_note(lc_office.user, fp, f"Ghi chú {i}")
    same_file(lc_office, reverse("exemplars_fostering_report", args=[lc["plan"].pk, 2024]), add,
              {"unit": "LC_LDVL", "format": "docx"})


def test_api_council_meetings_with_open_ballots_and_votes(client, django_assert_num_queries):
    """Meetings whose ballots are open and voted on: the turnout of each is read with the
    page, not one read of the participations per meeting."""
    from dienhinh.council import services as council
    from tests.factories.council import PASSPHRASE, accepted, council_setup

    s = council_setup(members=3)
    nominations = iter([s["noms"]["hoa"], s["noms"]["ldvl"], accepted(s, s["mai"].subject)])

    def add(i):
        meeting = council.create_meeting(s["office"], s["council"], f"Phiên có phiếu {i}",
                                         s["meeting"].held_on, "agency", plan=s["plan"])
        council.add_item(s["office"], meeting, next(nominations))
        meeting.refresh_from_db()
        meeting = council.set_attendance(s["office"], meeting, meeting.version, s["members"])
        ballot = council.open_ballot(s["office"], meeting, meeting.version, "electronic",
                                     PASSPHRASE)
        council.cast_votes(s["members"][1].user, ballot, {meeting.items.get().pk: "yes"})

    client.force_login(s["office"])
    page = api_same(client, django_assert_num_queries, "council-meeting", add)
    listed = [m for m in client.get(api_list("council-meeting")).json()["results"]
              if m["title"].startswith("Phiên có phiếu")]
    assert len(listed) == 3
    for m in listed:
        assert list(m["turnout"].values()) == [1], m["turnout"]
        assert m == client.get(reverse("api-council-meeting-detail", args=[m["id"]])).json()
    assert "Phiên có phiếu 2" in page
