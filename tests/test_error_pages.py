"""A refusal or a missing page is a Vietnamese page with the way home, never Django's
bare English 403/404."""

import pytest

from dienhinh.orgs.models import Role

pytestmark = pytest.mark.django_db


def test_forbidden_and_not_found_pages_are_vietnamese(client, make_user, tree):
    member = make_user("hoidong", role=Role.COUNCIL_MEMBER, unit=tree["sct"])
    client.force_login(member)
    response = client.get("/plans/adopt/")  # only the standing office adopts plans
    assert response.status_code == 403
    html = response.content.decode()
    assert 'id="error-403"' in html and "không có quyền" in html
    assert "403 Forbidden" not in html and 'href="/"' in html
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'id="error-404"' in html and "Không tìm thấy" in html
    assert "Resolver404" not in html and "Not Found" not in html
