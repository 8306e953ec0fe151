"""Issue 11, the smaller points: lock-out across addresses and user names, unknown API
paths answer JSON, long values cut in the import's report."""

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from dienhinh.core.net import client_ip
from dienhinh.ledger.imports import run_import
from dienhinh.ledger.imports.errors import clip
from dienhinh.orgs.models import Role
from tests.import_helpers import write_csv

PASSWORD = "mat-khau-an-toan-2025"


def login(client, username, password, address):
    return client.post("/login/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


@pytest.mark.django_db
def test_one_user_name_is_locked_whatever_the_address(client, make_user, tree, settings):
    make_user("canbo", role=Role.UNIT_OFFICER, unit=tree["vp"])
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, "canbo", "sai", f"10.0.0.{n + 1}")
    # From a machine that never failed, even the right password is refused.
    response = login(client, "canbo", PASSWORD, "10.9.9.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_one_address_is_locked_whatever_the_user_name(client, make_user, tree, settings):
    make_user("canbo", role=Role.UNIT_OFFICER, unit=tree["vp"])
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"thu{n}", "Matkhau2025", "10.0.0.7")
    assert login(client, "canbo", PASSWORD, "10.0.0.7").status_code == 429
    assert "_auth_user_id" not in client.session
    # The same account from another address is not locked.
    assert login(client, "canbo", PASSWORD, "10.0.0.8").status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_fewer_failures_lock_nothing(client, make_user, tree, settings):
    make_user("canbo", role=Role.UNIT_OFFICER, unit=tree["vp"])
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "canbo", "sai", f"10.0.1.{n + 1}")
    assert login(client, "canbo", PASSWORD, "10.0.1.1").status_code == 302


def test_client_address_behind_trusted_proxies(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="127.0.0.1",
                          HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.DIENHINH_TRUSTED_PROXIES = 0
    assert client_ip(request) == "127.0.0.1"
    settings.DIENHINH_TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.9"  # never the address the client wrote
    settings.DIENHINH_TRUSTED_PROXIES = 2
    assert client_ip(request) == "6.6.6.6"
    settings.DIENHINH_TRUSTED_PROXIES = 1
    assert client_ip(factory.get("/", REMOTE_ADDR="10.1.1.1")) == "10.1.1.1"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/khong-co/", "/api/units/1/khong-co/", "/api/",
                                  "/api/khong-co"])
def test_unknown_api_paths_answer_json(client, make_user, path):
    for logged_in in (False, True):
        if logged_in:
            client.force_login(make_user(f"u{len(path)}"))
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Không tìm thấy."}


@pytest.mark.django_db
def test_a_post_to_an_unknown_api_path_is_a_json_404_not_a_csrf_refusal(make_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("u"))
    response = client.post("/api/notifications/0.5/read/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


@pytest.mark.django_db
def test_known_api_paths_still_work_and_keep_the_slash_redirect(client, make_user, tree):
    client.force_login(make_user("vp", role=Role.STANDING_OFFICE, unit=tree["sct"]))
    assert client.get("/api/units/").status_code == 200
    response = client.get("/api/units?page=2")
    assert response.status_code == 301 and response["Location"] == "/api/units/?page=2"
    assert client.get("/api/units/999999/").json() == {"detail": "Không tìm thấy."}
    assert client.get("/api/openapi.json").status_code == 200


@pytest.mark.django_db
def test_unknown_html_paths_are_still_html(client):
    response = client.get("/khong-co/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_clip():
    assert clip("ngắn") == "ngắn"
    assert clip("x" * 200) == "x" * 200
    assert clip("ả" * 5000) == "ả" * 200 + "…"


@pytest.mark.django_db
def test_long_values_are_cut_in_the_import_report(tmp_path, capsys):
    long_code = "U" * 5000
    long_column = "c" * 1000
    path = tmp_path / "don-vi.csv"
    write_csv(path, [["code", "name", "parent_code", "kind", long_column],
                     [long_code, "Đơn vị", "", "agency", "x"]])
    result = run_import("units", path, commit=False)
    error = result.errors[0]
    assert error.value == "U" * 200 + "…"
    assert all(len(w) < 600 for w in result.warnings)  # the column is named twice
    assert any("c" * 200 + "…" in w for w in result.warnings)
    with pytest.raises(SystemExit) as exit_:
        call_command("import", "units", str(path))
    assert exit_.value.code == 1
    out = capsys.readouterr()
    printed = out.out + out.err
    assert "U" * 200 + "…" in printed
    assert "U" * 201 not in printed
