"""Unit reports rolled up (issue 13, Deliver 1, 3, 6): a unit writes and submits its
report through the workflow; the submitted figures and file stay as sent when new
records come; the agency sees who reported and who is late, by the plan's calendar;
reminders go to units that have not sent; every refusal says why, out of scope is the
403 page; the dashboard, its charts and export; the API."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import docx
import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from dienhinh import workflow
from dienhinh.audit.models import AuditEntry
from dienhinh.exemplars.models import Registration
from dienhinh.home import home_tasks
from dienhinh.notifications.models import Notification
from dienhinh.orgs.models import Leadership, Role, RoleAssignment, Unit
from dienhinh.plans import plan_services
from dienhinh.plans.models import PlanTemplate, Reminder
from dienhinh.reports import figures, reminders, services
from dienhinh.reports.models import UnitReport
from dienhinh.reports.periods import Period

D = dt.date
Y2024 = Period("year", 2024, 2024)
TEXT = {"situation": "Đơn vị đã phổ biến kế hoạch tới toàn thể công chức.",
        "results": "Đăng ký một điển hình; tổ chức một buổi học tập kinh nghiệm.",
        "shortcomings": "", "proposals": "Đề nghị Sở hỗ trợ kinh phí tuyên truyền."}


@pytest.fixture
def world(tree, make_user):
    office = make_user("vanphong", Role.STANDING_OFFICE, tree["sct"])
    head = make_user("giamdoc", Role.HEAD, tree["sct"])
    officer = make_user("canbo_qlcn", Role.UNIT_OFFICER, tree["qlcn"])
    vp_officer = make_user("canbo_vp", Role.UNIT_OFFICER, tree["vp"])
    outsider = make_user("canbo_snv", Role.STANDING_OFFICE, tree["other"])
    # the agency's head signs its report (orgs.leaders: never a blank signature)
    Leadership.objects.create(unit=tree["sct"], role=Leadership.HEAD, full_name="Lê Văn Minh",
                              title="Giám đốc", valid_from=D(2021, 1, 1))
    template = PlanTemplate.objects.get(template_id="ha-tinh-sct-2021-2025")
    plan = plan_services.adopt(office, template, tree["sct"], "5/KH-SCT", D(2021, 1, 2),
                               "Kế hoạch xây dựng điển hình", distribution="UBND tỉnh")
    plan = plan_services.put_in_force(office, plan, plan.version)
    return {**tree, "office": office, "head": head, "officer": officer,
            "vp_officer": vp_officer, "outsider": outsider, "plan": plan}


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _written(world, unit="qlcn", user="officer"):
    report = services.start(world[user], world["plan"], world[unit], Y2024)
    return services.save(world[user], report, report.version, **TEXT)


def test_who_must_report_and_by_when_come_from_the_plan(world):
    plan = world["plan"]
    # Hà Tĩnh's yearly review: the divisions and centres, by the end of each year
    # (sorted the Vietnamese way: "Phòng …" before "Văn phòng …")
    assert [u.pk for u in services.required_units(plan, Y2024)] == [world["qlcn"].pk,
                                                                      world["vp"].pk]
    deadline = services.deadline_for(plan, Y2024)
    assert deadline.task.step_id == "yearly_review" and deadline.last_day == D(2024, 12, 31)
    # the mid-term review is the Văn phòng's (dated 06 tháng đầu năm 2023)
    mid = services.deadline_for(plan, Period("midterm", 2021, 2023))
    assert mid.task.step_id == "midterm_review" and mid.due == D(2023, 6, 30)


def test_unit_submits_and_what_it_sent_is_frozen(world, django_capture_on_commit_callbacks):
    report = _written(world)
    assert report.status == UnitReport.DRAFT and report.due_on == D(2024, 12, 31)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit(world["officer"], report, report.version,
                                 today=D(2024, 12, 20))
    assert report.status == UnitReport.SUBMITTED and not report.late
    stored = report.document.read()
    assert hashlib.sha256(stored).hexdigest() == report.sha256
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(stored)).paragraphs)
    assert TEXT["situation"] in text and "năm 2024" in text
    assert report.figures["total"]["values"]["registered"] == 0
    assert AuditEntry.objects.filter(action="unitreport.submit").count() == 1
    assert Notification.objects.filter(user=world["office"],
                                       subject__contains="đã gửi báo cáo").exists()
    # new records: the screen shows new figures, the report keeps what it sent
    Registration.objects.create(plan=world["plan"], year=2024, unit=world["qlcn"],
                                subject=world["an"].subject, registered_on=D(2024, 3, 1),
                                quarter=1)
    live = figures.compute(world["plan"], world["qlcn"], Y2024)
    assert live.total.values["registered"] == 1
    report.refresh_from_db()
    assert report.figures["total"]["values"]["registered"] == 0
    response = _client(world["office"]).get(reverse("reports_file", args=[report.pk]))
    assert b"".join(response.streaming_content) == stored
    page = _client(world["officer"]).get(reverse("reports_unit", args=[
        world["plan"].pk, "2024", world["qlcn"].pk])).content.decode()
    assert 'id="changed"' in page and 'id="sections-form"' not in page
    annex = openpyxl.load_workbook(io.BytesIO(_client(world["office"]).get(
        reverse("reports_annex", args=[report.pk])).content))
    assert annex["Theo đơn vị"].cell(row=5, column=4).value == 0  # registered, as sent
    # a submitted report is not written again
    with pytest.raises(workflow.ForbiddenTransition):
        services.save(world["officer"], report, report.version, results="Sửa sau khi gửi")
    with pytest.raises(workflow.ForbiddenTransition):
        services.submit(world["officer"], report, report.version)


def test_refusals_name_what_is_wrong_and_change_nothing(world):
    report = services.start(world["officer"], world["plan"], world["qlcn"], Y2024)
    with pytest.raises(workflow.GuardFailed, match="Tình hình triển khai thực hiện; Kết quả"):
        services.submit(world["officer"], report, report.version)
    report.refresh_from_db()
    assert report.status == UnitReport.DRAFT and report.figures is None
    with pytest.raises(workflow.StaleVersion):
        services.save(world["officer"], report, report.version + 1, results="x")
    with pytest.raises(workflow.VersionMissing):
        services.submit(world["officer"], report, None)
    # another unit's report, another agency's plan: refused by the policy
    with pytest.raises(PermissionDenied):
        services.start(world["officer"], world["plan"], world["vp"], Y2024)
    with pytest.raises(PermissionDenied):
        services.save(world["vp_officer"], report, report.version, results="x")
    with pytest.raises(workflow.GuardFailed):
        services.start(world["outsider"], world["plan"], world["other"], Y2024)


def test_web_actions_answer_400_409_and_403(world):
    report = _written(world)
    c = _client(world["officer"])
    save = reverse("reports_unit_save", args=[report.pk])
    assert c.post(save, {"version": report.version + 3, **TEXT}).status_code == 409
    assert c.post(save, {"version": "abc", **TEXT}).status_code == 400
    assert c.post(save, {"version": report.version, **TEXT,
                         "results": "x" * 20001}).status_code == 400
    r = _client(world["vp_officer"]).get(reverse("reports_unit", args=[
        world["plan"].pk, "2024", world["qlcn"].pk]))
    assert r.status_code == 403 and "ngoài phạm vi" in r.content.decode()
    assert _client(world["outsider"]).get(reverse(
        "reports_status", args=[world["plan"].pk, "2024"])).status_code == 403
    assert _client(world["outsider"]).get(reverse(
        "reports_review", args=[world["plan"].pk, "2024", "docx"])).status_code == 403
    # a period outside the plan is not a page
    assert _client(world["office"]).get(reverse(
        "reports_status", args=[world["plan"].pk, "2026"])).status_code == 404
    ok = c.post(reverse("reports_unit_submit", args=[report.pk]),
                {"version": report.version})
    assert ok.status_code == 302
    report.refresh_from_db()
    assert report.status == UnitReport.SUBMITTED


def test_agency_sees_who_reported_and_who_is_late(world):
    report = _written(world)
    services.submit(world["officer"], report, report.version, today=D(2025, 1, 3))
    rows = {r.unit.pk: r for r in services.status_rows(world["plan"], Y2024, D(2025, 1, 5))}
    assert rows[world["qlcn"].pk].state == "submitted_late"
    assert rows[world["vp"].pk].state == "late"
    assert "quá hạn 31/12/2024" in rows[world["vp"].pk].label
    before = {r.unit.pk: r.state for r in services.status_rows(world["plan"], Y2024,
                                                               D(2024, 12, 1))}
    assert before[world["vp"].pk] == "pending"
    page = _client(world["office"]).get(reverse(
        "reports_status", args=[world["plan"].pk, "2024"])).content.decode()
    assert 'data-state="late"' in page and 'data-state="submitted_late"' in page
    # the agency's report lists its units' submissions
    agency_docx = _client(world["head"]).get(reverse(
        "reports_review", args=[world["plan"].pk, "2024", "docx"]))
    cells = [c.text for t in docx.Document(io.BytesIO(agency_docx.content)).tables
             for row in t.rows for c in row.cells]
    assert any(c.startswith("Chưa gửi — quá hạn") for c in cells)
    assert any(c.startswith("Đã gửi ngày") and "(muộn)" in c for c in cells)


def test_reminders_reach_units_that_have_not_sent_once(world,
                                                       django_capture_on_commit_callbacks):
    report = _written(world)
    services.submit(world["officer"], report, report.version, today=D(2024, 12, 20))
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders.send_report_reminders(D(2024, 12, 24), [7, 1])
    notes = Notification.objects.filter(subject__contains="đến hạn gửi báo cáo năm 2024")
    assert {n.user.username for n in notes} == {"canbo_vp"} and sent == 1
    assert reminders.send_report_reminders(D(2024, 12, 24), [7, 1]) == 0
    assert Reminder.objects.filter(kind="report:before:7").count() == 1
    reminders.send_report_reminders(D(2025, 1, 2), [7, 1])
    assert Notification.objects.filter(user=world["vp_officer"],
                                       subject__startswith="Quá hạn gửi báo cáo").exists()


def test_home_task_for_a_report_due(world):
    tasks = home_tasks.tasks(world["vp_officer"], D(2024, 12, 10))
    mine = [t for t in tasks if t.kind == "report"]
    assert len(mine) == 1 and mine[0].title == "Gửi báo cáo năm 2024: Văn phòng Sở"
    assert mine[0].url == reverse("reports_unit", args=[world["plan"].pk, "2024",
                                                        world["vp"].pk])
    assert not [t for t in home_tasks.tasks(world["vp_officer"], D(2024, 10, 1))
                if t.kind == "report"]  # more than 30 days ahead
    assert not [t for t in home_tasks.tasks(world["office"], D(2024, 12, 10))
                if t.kind == "report"]


@pytest.mark.parametrize("named", [False, True])
def test_home_report_tasks_are_the_officers_own_units_in_order(world, named):
    """The home reads only the required units at or above the officer's: the same ones,
    in the same order, as filtering every required unit; whether the review task names
    its units (then only those) or not (the units right under the agency)."""
    from dienhinh.orgs import services as orgs

    plan, on = world["plan"], D(2024, 12, 10)
    if named:  # the yearly review names the Văn phòng alone
        services.review_task(plan, Y2024).responsible_units.set([world["vp"], world["sct"]])
    team = orgs.create_unit("SCT_QLCN_T1", "Tổ công nghiệp nhẹ", "division", world["qlcn"])
    both = RoleAssignment.objects.create(user=world["officer"], role=Role.UNIT_OFFICER,
                                         unit=world["vp"]).user
    below = RoleAssignment.objects.create(
        user=world["outsider"], role=Role.UNIT_OFFICER, unit=team).user
    gone = orgs.create_unit("SCT_CU", "Phòng đã giải thể", "division", world["sct"])
    Unit.objects.filter(pk=gone.pk).update(valid_to=D(2023, 1, 1))
    for paths in ([world["qlcn"].path, world["vp"].path], [world["vp"].path], [team.path],
                  [world["sct"].path], [world["other"].path], [gone.path, world["vp"].path]):
        every = services.required_units(plan, Y2024)
        expected = [u for u in every if any(p.startswith(u.path) for p in paths)]
        assert services.required_units(plan, Y2024, above=paths) == expected
        # the units read already (all of them, or a dissolved one among them) change
        # nothing but the reading
        assert services.required_units(plan, Y2024, above=paths, known=list(
            Unit.objects.select_related("subject"))) == expected
    titles = {who: [t.title for t in home_tasks.tasks(account, on) if t.kind == "report"]
              for who, account in (("both", both), ("vp", world["vp_officer"]),
                                   ("below", below))}
    assert titles["vp"] == ["Gửi báo cáo năm 2024: Văn phòng Sở"]
    assert titles["both"] == (titles["vp"] if named else [  # "Phòng …" before "Văn phòng …"
        "Gửi báo cáo năm 2024: Phòng Quản lý công nghiệp", "Gửi báo cáo năm 2024: Văn phòng Sở"])
    assert titles["below"] == []  # a team's officer may not write its division's report
    # a report sent is no longer a task, for that unit alone
    report = _written(world, "vp", "vp_officer")
    report = services.save(world["vp_officer"], report, report.version,
                           signer_title="Chánh Văn phòng", signer_name="Hồ Văn Ký")
    services.submit(world["vp_officer"], report, report.version, today=on)
    assert [t.title for t in home_tasks.tasks(both, on) if t.kind == "report"] == (
        [] if named else ["Gửi báo cáo năm 2024: Phòng Quản lý công nghiệp"])


def test_dashboard_charts_tables_and_export(world):
    c = _client(world["office"])
    q = f"?plan={world['plan'].pk}&year=2024"
    page = c.get(reverse("reports_dashboard") + q).content.decode()
    for key in ("pipeline", "evaluation", "quotas", "fostering", "reports", "deadlines"):
        assert f'id="table-{key}"' in page
    assert "Số liệu của biểu đồ" in page and 'class="list-link"' in page
    png = c.get(reverse("reports_chart", args=["pipeline"]) + q)
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert c.get(reverse("reports_chart", args=["nope"]) + q).status_code == 404
    wb = openpyxl.load_workbook(io.BytesIO(c.get(reverse("reports_dashboard_xlsx") + q)
                                           .content))
    assert wb.sheetnames[0] == "Quy trình"
    assert _client(world["outsider"]).get(reverse("reports_dashboard") + q).status_code == 403
    assert c.get(reverse("reports_dashboard") + f"?plan={world['plan'].pk}&year=2030"
                 ).status_code == 404


def _table(page: str, key: str) -> list[list[str]]:
    """The body rows of a dashboard table, cell texts (tags stripped)."""
    import re

    body = page.split(f'id="table-{key}"', 1)[1].split("<tbody>", 1)[1].split("</tbody>")[0]
    return [[re.sub(r"<[^>]+>", "", cell).strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_unit_officer_sees_its_own_units_dashboard(world):
    from dienhinh.exemplars import services as exemplars
    from dienhinh.plans.models import PlanDeadline
    from dienhinh.scoring import services as scoring

    plan, qlcn = world["plan"], world["qlcn"]
    exemplars.register(world["officer"], plan, 2024, qlcn, world["an"].subject,
                       on=D(2024, 5, 10))
    scoring.open_round(world["office"], agency=world["sct"], scheme_id="chung-khoi-cum-thi-dua",
                       year=2024, units=[qlcn, world["vp"]], due_on=D(2024, 12, 10))
    officer = _client(world["officer"])
    q = f"?plan={plan.pk}&year=2024"
    r = officer.get(reverse("reports_dashboard") + q)
    assert r.status_code == 200
    page = r.content.decode()
    assert "Bảng theo dõi của đơn vị: Phòng Quản lý công nghiệp" in page
    # the discovery figures are the office's; the unit's own tables are there
    assert 'id="table-pipeline"' not in page and 'id="table-evaluation"' not in page
    for key in ("quotas", "fostering", "reports", "deadlines"):
        assert f'id="table-{key}"' in page
    # quotas by quarter: the unit's registrations, counted here from the ORM
    [quotas] = _table(page, "quotas")
    counts = [Registration.objects.filter(plan=plan, year=2024, unit=qlcn, quarter=n,
                                          status=Registration.REGISTERED).count()
              for n in range(1, 5)]
    assert counts == [0, 1, 0, 0]
    assert quotas[0] == "Phòng Quản lý công nghiệp"
    assert [int(v) for v in quotas[1:6]] == [*counts, sum(counts)]
    # its report only (not the Văn phòng's), due and not sent
    assert [row[0] for row in _table(page, "reports")] == ["Phòng Quản lý công nghiệp"]
    # its deadlines: the plan's steps it is responsible for, and its scoring sheet's
    steps = PlanDeadline.objects.filter(plan=plan, year=2024,
                                        task__responsible_units=qlcn).distinct()
    deadlines = _table(page, "deadlines")
    assert len(deadlines) == steps.count() + 1
    assert {row[1] for row in deadlines} >= {d.task.label for d in steps}
    [sheet_row] = [row for row in deadlines if row[1].startswith("Gửi bản tự chấm điểm")]
    from django.utils import timezone

    today = timezone.localdate()
    assert sheet_row[0] == "10/12/2024" and sheet_row[2] == (
        "Quá hạn" if today > D(2024, 12, 10) else f"Còn {(D(2024, 12, 10) - today).days} ngày")
    # its chart and its export; not the office's charts; not another unit
    assert officer.get(reverse("reports_chart", args=["quotas"]) + q).status_code == 200
    assert officer.get(reverse("reports_chart", args=["pipeline"]) + q).status_code == 404
    wb = openpyxl.load_workbook(io.BytesIO(
        officer.get(reverse("reports_dashboard_xlsx") + q).content))
    assert wb.sheetnames == ["Chỉ tiêu", "Bồi dưỡng", "Báo cáo", "Các hạn"]
    assert officer.get(reverse("reports_dashboard") + q + f"&scope={world['vp'].pk}"
                       ).status_code == 403
    assert officer.get(reverse("reports_dashboard") + q + f"&scope={qlcn.pk}"
                       ).status_code == 200
    other = _client(world["vp_officer"]).get(reverse("reports_dashboard") + q).content.decode()
    assert "Bảng theo dõi của đơn vị: Văn phòng Sở" in other
    assert [row[0] for row in _table(other, "reports")] == ["Văn phòng Sở"]
    # the reports page leads there
    assert 'id="to-dashboard"' in officer.get(reverse("reports_home")).content.decode()
    # the office's dashboard lists the round's due date among the plan's, not yet done
    office = _client(world["office"]).get(reverse("reports_dashboard") + q).content.decode()
    [due] = [row for row in _table(office, "deadlines")
             if row[1].startswith("Hạn các đơn vị nộp bản tự chấm điểm")]
    assert due[0] == "10/12/2024" and due[2] == sheet_row[2]


def test_api_figures_files_status_and_submit(world):
    api = APIClient()
    api.force_authenticate(world["office"])
    url = reverse("api-report-review-list")
    r = api.get(url, {"plan": "ha-tinh-sct-2021-2025", "scope": "SCT", "year": 2024})
    assert r.status_code == 200 and r.json()["period_label"] == "năm 2024"
    assert [row["label"] for row in r.json()["by_unit"]][1:] == [
        "Phòng Quản lý công nghiệp", "Văn phòng Sở"]
    r = api.get(url, {"plan": "ha-tinh-sct-2021-2025", "scope": "SCT", "year": 2026})
    assert r.status_code == 400 and "ngoài thời gian" in r.content.decode()
    assert api.get(url, {"plan": "x", "scope": "SCT", "year": 2024}).status_code == 400
    assert api.get(url, {"plan": "ha-tinh-sct-2021-2025", "scope": "SCT", "year": "abc"}
                   ).status_code == 400
    f = api.get(url, {"plan": "ha-tinh-sct-2021-2025", "scope": "SCT", "year": 2024,
                      "from": 2021, "output": "xlsx"})
    assert f.status_code == 200 and f["Content-Type"].startswith("application/vnd.openxml")
    out = APIClient()
    out.force_authenticate(world["outsider"])
    assert out.get(url, {"plan": "ha-tinh-sct-2021-2025", "scope": "SCT", "year": 2024}
                   ).status_code == 403
    report = services.start(world["officer"], world["plan"], world["qlcn"], Y2024)
    unit = APIClient()
    unit.force_authenticate(world["officer"])
    detail = reverse("api-unit-report-detail", args=[report.pk])
    assert unit.get(detail).status_code == 200
    assert out.get(detail).status_code == 404
    sections = reverse("api-unit-report-sections", args=[report.pk])
    assert unit.post(sections, {"version": 99, **TEXT}, format="json").status_code == 409
    r = unit.post(sections, {"version": report.version, **TEXT}, format="json")
    assert r.status_code == 200
    r = unit.post(reverse("api-unit-report-submit", args=[report.pk]),
                  {"version": r.json()["version"]}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    status = api.get(reverse("api-report-review-status"),
                     {"plan": world["plan"].pk, "year": 2024}).json()
    assert {u["unit"]: u["state"] for u in status["units"]}["SCT_QLCN"].startswith("submitted")


def test_a_unit_without_a_leader_names_who_signs(world):
    report = services.start(world["vp_officer"], world["plan"], world["vp"], Y2024)
    report = services.save(world["vp_officer"], report, report.version, **TEXT)
    # Văn phòng Sở has no leader recorded and no leader on its staff list
    with pytest.raises(workflow.GuardFailed, match="ghi chức vụ, tên người ký"):
        services.submit(world["vp_officer"], report, report.version, today=D(2024, 12, 2))
    report.refresh_from_db()
    assert report.status == UnitReport.DRAFT
    report = services.save(world["vp_officer"], report, report.version,
                           signer_title="Chánh Văn phòng", signer_name="Đỗ Thị Lan")
    report = services.submit(world["vp_officer"], report, report.version,
                             today=D(2024, 12, 2))
    cells = [c.text for t in docx.Document(report.document.open("rb")).tables
             for row in t.rows for c in row.cells]
    assert any("Đỗ Thị Lan" in c and "CHÁNH VĂN PHÒNG" in c for c in cells)


def test_the_home_reads_only_the_plans_in_force_over_or_under_the_users_units(world):
    """A plan of another agency is not read for an officer here, nor for its office;
    the tasks stay those of the plan over the officer's unit."""
    template = PlanTemplate.objects.get(template_id="ha-tinh-sct-2021-2025")
    other = plan_services.adopt(world["outsider"], template, world["other"], "7/KH-SNV",
                                D(2021, 1, 3), "Kế hoạch của Sở Nội vụ")
    other = plan_services.put_in_force(world["outsider"], other, other.version)
    on = D(2024, 12, 10)
    for account, plans in ((world["vp_officer"], [world["plan"]]),
                           (world["office"], [world["plan"]]),
                           (world["outsider"], [other])):
        assert home_tasks._PlansInForce(account, on).all() == plans
    mine = [t.title for t in home_tasks.tasks(world["vp_officer"], on) if t.kind == "report"]
    assert mine == ["Gửi báo cáo năm 2024: Văn phòng Sở"]
