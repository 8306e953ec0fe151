import pytest

from dienhinh.orgs.models import Role

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_logs_in_and_sees_vietnamese_home_without_csp_errors(page, make_user, tree):
    make_user("canbo", role=Role.UNIT_OFFICER, unit=tree["vp"], first_name="Hoa")
    page.goto(page.base_url + "/login/")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    login(page, "canbo")
    page.wait_for_url(page.base_url + "/")
    assert "Xin chào" in page.locator("h1").inner_text()
    # Every asset is served locally and nothing breaks the Content-Security-Policy.
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_wrong_password_is_refused_in_vietnamese(page, make_user, tree):
    make_user("canbo", role=Role.UNIT_OFFICER, unit=tree["vp"])
    login(page, "canbo", password="sai-mat-khau")
    assert "/login/" in page.url
    assert page.locator(".alert-danger").count() == 1
