import pytest


@pytest.mark.django_db
def test_login_page_answers_in_vietnamese(client):
    response = client.get("/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="vi"' in body
    assert "Đăng nhập" in body


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
