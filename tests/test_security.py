"""Security settings: argon2, login throttling, CSP, check --deploy, CSRF."""

import os
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model

from dienhinh.orgs.models import Role


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "dienhinh.example.gov.vn",
        "DIENHINH_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "dienhinh.settings",
    }
    for key in ("DIENHINH_SSL_REDIRECT", "DIENHINH_SECURE_COOKIES", "DIENHINH_HSTS_SECONDS",
                "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(key, None)
    result = subprocess.run(
        [sys.executable, "-m", "dienhinh", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = get_user_model().objects.create_user("hash", password="mat-khau-an-toan-2025")
    assert user.password.startswith("argon2$")


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(client, make_user, tree, settings):
    make_user("canbo", role=Role.UNIT_OFFICER, unit=tree["vp"])
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/login/", {"username": "canbo", "password": "sai"})
        assert response.status_code == 200
    response = client.post("/login/", {"username": "canbo", "password": "sai"})
    assert response.status_code == 429
    # Now even the right password is refused until the cool-off ends.
    response = client.post("/login/", {"username": "canbo", "password": "mat-khau-an-toan-2025"})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_login_form_requires_csrf_token(make_user, tree):
    from django.test import Client

    make_user("canbo", role=Role.UNIT_OFFICER, unit=tree["vp"])
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "canbo", "password": "mat-khau-an-toan-2025"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_logout_and_password_change(client, make_user, tree):
    user = make_user("canbo", role=Role.UNIT_OFFICER, unit=tree["vp"])
    client.force_login(user)
    response = client.post(
        "/password/",
        {"old_password": "mat-khau-an-toan-2025", "new_password1": "Hoa-sen-xanh-2026!",
         "new_password2": "Hoa-sen-xanh-2026!"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Hoa-sen-xanh-2026!")
    response = client.post("/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302
