"""The deadline calendar in headless Chromium: month grid in Vietnamese, the Lào Cai
2022 exception on 05/03/2022, the unread badge, no CSP error; a screenshot is kept
in the data folder for a person to look at."""

import datetime as dt
import os

import pytest

from dienhinh.notifications.services import notify
from dienhinh.orgs.models import Role
from dienhinh.plans import plan_services, seeds
from dienhinh.plans.models import PlanTemplate

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_sees_the_month_of_march_2022(page, make_user, tree):
    seeds.install(PlanTemplate)  # a transactional test may find the table flushed
    office = make_user("vanphong", Role.STANDING_OFFICE, tree["sct"])
    officer = make_user("canbo", Role.UNIT_OFFICER, tree["qlcn"])
    template = PlanTemplate.objects.get(template_id="lao-cai-sldtbxh-qpan-2022-2025")
    plan = plan_services.adopt(office, template, tree["sct"], "12/KH-SCT",
                               dt.date(2022, 2, 1), "Xây dựng điển hình tiên tiến")
    plan_services.put_in_force(office, plan, plan.version)
    notify([officer], "Còn 7 ngày đến hạn đăng ký", email=False)

    login(page, "canbo")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/calendar/?year=2022&month=3")
    assert page.locator("#calendar-title").inner_text() == "Tháng Ba năm 2022"
    headers = page.locator("#calendar-month thead th").all_inner_texts()
    assert headers == ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy",
                       "Chủ Nhật"]
    cell = page.locator('#calendar-month td[data-date="05/03/2022"]')
    assert "Trước ngày 05/03" in cell.inner_text()
    # The reminder, and the notice that the plan the unit carries tasks of is in force.
    assert page.locator("#unread-badge").inner_text() == "2"
    assert "Trước ngày 05/03/2022" in page.locator("#calendar-list").inner_text()
    page.screenshot(path=os.path.join(os.environ["DIENHINH_DATA_DIR"], "calendar-2022-03.png"),
                    full_page=True)
    print("screenshot:", os.path.join(os.environ["DIENHINH_DATA_DIR"], "calendar-2022-03.png"))

    page.click("text=Danh sách")
    page.wait_for_url("**view=list**")
    assert "Năm 2022" in page.locator("#calendar-title").inner_text()
    listed = page.locator("#calendar-list").inner_text()
    assert "Trước ngày 20/11/2022" in listed
    assert "Trước ngày 25/01/2022" not in listed  # the office's own task, not the unit's
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
