"""A unit's yearly report to the agency's report, in the browser (issue 13, "Shown by"):
the officer of Phòng Quản lý công nghiệp writes and sends the 2024 report; the standing
office's dashboard shows that unit as done and Văn phòng Sở as late; the office
generates the agency's report (DOCX, with its charts) and opens a chart."""

import datetime as dt
import io

import docx
import pytest

from dienhinh.orgs.models import Leadership, Role
from dienhinh.plans import plan_services
from dienhinh.plans.models import PlanTemplate
from dienhinh.reports.models import UnitReport

from .conftest import login

D = dt.date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def seeds(db):
    # A transactional test flushes the tables the data migrations filled.
    from dienhinh.plans import seeds
    from dienhinh.plans.models import PlanTemplate as Model

    seeds.install(Model)


@pytest.fixture
def world(tree, make_user):
    office = make_user("vanphong", Role.STANDING_OFFICE, tree["sct"])
    make_user("canbo_qlcn", Role.UNIT_OFFICER, tree["qlcn"])
    # the agency's head signs its report (orgs.leaders: never a blank signature)
    Leadership.objects.create(unit=tree["sct"], role=Leadership.HEAD, full_name="Lê Văn Minh",
                              title="Giám đốc", valid_from=D(2021, 1, 1))
    template = PlanTemplate.objects.get(template_id="ha-tinh-sct-2021-2025")
    plan = plan_services.adopt(office, template, tree["sct"], "5/KH-SCT", dt.date(2021, 1, 2),
                               "Kế hoạch xây dựng điển hình tiên tiến")
    plan = plan_services.put_in_force(office, plan, plan.version)
    return {**tree, "plan": plan}


def switch_user(page, username):
    page.context.clear_cookies()
    login(page, username)
    page.wait_for_url(page.base_url + "/")


def test_unit_submits_and_agency_sees_done_late_report_and_chart(page, world):
    plan = world["plan"]
    # 1. The unit officer writes and sends the 2024 report.
    switch_user(page, "canbo_qlcn")
    page.click("#nav-reports")
    page.click('tr[data-period="2024"] a.own-report')
    page.click("#start-report")
    page.fill("#id_situation", "Phòng đã phổ biến kế hoạch tới toàn thể công chức.")
    page.fill("#id_results", "Đăng ký một điển hình, tổ chức một buổi học tập kinh nghiệm.")
    page.click("#save-report")
    page.wait_for_selector(".alert-success, .alert")
    page.click("#submit-report")
    page.wait_for_selector("#frozen-figures")
    assert "Đã gửi" in page.inner_text("#report-status")
    report = UnitReport.objects.get(plan=plan, unit=world["qlcn"], end_year=2024)
    assert report.status == UnitReport.SUBMITTED and report.late  # the year is over

    # 2. The standing office: the dashboard shows the unit done and the other late.
    switch_user(page, "vanphong")
    page.goto(page.base_url + f"/reports/dashboard/?plan={plan.pk}&year=2024")
    rows = {r.split("\t")[0]: r for r in page.inner_text("#table-reports tbody").splitlines()}
    assert "Đã gửi ngày" in rows["Phòng Quản lý công nghiệp"]
    assert "quá hạn" in rows["Văn phòng Sở"]
    assert "Văn phòng Sở" in page.inner_text("#late-units")

    # 3. It opens a chart: a PNG drawn by the server, its numbers in the table below it.
    img = page.locator("#section-pipeline img")
    assert page.evaluate("(el) => el.complete && el.naturalWidth > 200", img.element_handle())
    with page.context.expect_page() as opened:
        page.click("#section-pipeline a.chart-link")
    chart = opened.value
    chart.wait_for_load_state()
    response = chart.context.request.get(chart.url)
    assert response.headers["content-type"] == "image/png"
    assert "Số liệu của biểu đồ" in page.inner_text("#table-pipeline caption")

    # 4. It generates the agency's report: DOCX with its charts and who reported.
    page.goto(page.base_url + f"/reports/plans/{plan.pk}/2024/")
    assert "1/2 đơn vị đã gửi; 1 đơn vị quá hạn." in page.inner_text("#summary")
    with page.expect_download() as download:
        page.click("#agency-docx")
    document = docx.Document(io.BytesIO(open(download.value.path(), "rb").read()))
    assert len(document.inline_shapes) >= 1
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Văn phòng Sở" in cells and any(c.startswith("Chưa gửi — quá hạn") for c in cells)
    assert not page.console_errors
