"""REST API: authentication, scope, validation, optimistic concurrency, audit, schema."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from dienhinh.audit.models import AuditEntry
from dienhinh.ledger.models import Achievement
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    # DRF throttles count in the cache; one test's requests must not slow the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(db):
    """A client that sends the user's token: `api(user).get(url)`."""

    def make(user=None):
        client = Client()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
        return client

    return make


@pytest.fixture
def record(tree):
    return Achievement.objects.create(
        subject=tree["hong"].subject, year=2024, kind="rating", code_id="HTXSNV"
    )


VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def _json_post(client, url, data, **extra):
    return client.post(url, data, content_type="application/json", **extra)


def _json_put(client, url, data, method="put"):
    return getattr(client, method)(url, data, content_type="application/json")


# --- authentication ---------------------------------------------------------------


def test_anonymous_requests_are_refused_with_401(client, tree, record):
    for url in ("/api/units/", "/api/people/P001/", f"/api/achievements/{record.pk}/",
                "/api/catalogue/codes/"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["detail"].startswith("Chưa đăng nhập")  # Vietnamese only
        assert client.get(url + "?lang=en").json()["detail"] == (
            "Authentication credentials were not provided.")
    response = _json_post(client, "/api/achievements/", {"subject": "P001"})
    assert response.status_code == 401
    assert Achievement.objects.count() == 1


def test_token_authenticates_and_a_wrong_token_is_refused(api, make_user, tree):
    user = make_user("vanphong", role=Role.STANDING_OFFICE, unit=tree["sct"])
    response = api(user).get("/api/units/")
    assert response.status_code == 200
    assert {u["code"] for u in response.json()["results"]} == {"SCT", "SCT_VP", "SCT_QLCN"}
    bad = Client(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = bad.get("/api/units/")
    assert response.status_code == 401
    assert "Khóa truy cập" in response.json()["detail"]


def test_an_inactive_users_token_stops_working(api, make_user, tree):
    user = make_user("nghi", role=Role.STANDING_OFFICE, unit=tree["sct"])
    client = api(user)
    user.is_active = False
    user.save()
    assert client.get("/api/units/").status_code == 401


def test_session_authentication_requires_csrf_for_writes(make_user, tree):
    user = make_user("canbo", role=Role.UNIT_OFFICER, unit=tree["vp"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get("/api/people/P001/").status_code == 200
    body = {"subject": "P001", "year": 2023, "code": "LDTT"}
    response = _json_post(client, "/api/achievements/", body)
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Achievement.objects.exists()
    client.get("/api/token/")  # a page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = _json_post(client, "/api/achievements/", body, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content
    assert Achievement.objects.filter(subject__code="P001", code_id="LDTT").count() == 1


def test_api_token_command_creates_prints_and_renews(make_user, capsys):
    user = make_user("tichhop")
    call_command("api_token", "tichhop")
    first = capsys.readouterr().out.strip()
    assert Token.objects.get(user=user).key == first
    call_command("api_token", "tichhop")
    assert capsys.readouterr().out.strip() == first
    call_command("api_token", "tichhop", "--renew")
    renewed = capsys.readouterr().out.strip()
    assert renewed != first and Token.objects.get(user=user).key == renewed
    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("api_token", "khong-co")


def test_token_page_shows_and_renews_the_users_token(client, make_user):
    user = make_user("nguoidung")
    assert client.get("/api/token/").status_code == 302  # to the login page
    client.force_login(user)
    page = client.get("/api/token/")
    assert page.status_code == 200
    assert "Bạn chưa có khóa truy cập" in page.content.decode()
    assert client.post("/api/token/").status_code == 302
    key = Token.objects.get(user=user).key
    page = client.get("/api/token/")
    assert key in page.content.decode()
    client.post("/api/token/")
    assert Token.objects.get(user=user).key != key


def test_anonymous_and_user_requests_are_throttled(client, api, make_user, tree, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "4/minute"},
    }
    codes = [client.get("/api/openapi.json").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    user = make_user("nhanh", role=Role.STANDING_OFFICE, unit=tree["sct"])
    user_client = api(user)
    codes = [user_client.get("/api/units/").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]
    assert "Quá nhiều yêu cầu" in user_client.get("/api/units/").json()["detail"]


# --- permissions: role x action x in/out of scope ----------------------------------

ROLE_AT = {
    "administrator": (Role.ADMINISTRATOR, "sct"),
    "standing_office": (Role.STANDING_OFFICE, "sct"),
    "unit_officer": (Role.UNIT_OFFICER, "vp"),
    "council_member": (Role.COUNCIL_MEMBER, "sct"),
    "head": (Role.HEAD, "sct"),
    "editor": (Role.EDITOR, "sct"),
    "no_role": (None, None),
}

# (action, in scope of the unit officer at SCT_VP?) -> expected status per role.
# "hong" (P001) is in SCT_VP; "an" (P002) in SCT_QLCN; "outsider" (P003) in another agency.
READ_CASES = [
    ("/api/units/SCT_VP/", {"no_role": 404}),
    ("/api/units/SCT/", {"unit_officer": 404, "no_role": 404}),
    ("/api/units/SNV/", {"*": 404}),
    ("/api/people/P001/", {"no_role": 404}),
    ("/api/people/P002/", {"unit_officer": 404, "no_role": 404}),
    ("/api/people/P003/", {"*": 404}),
    ("/api/units/?under=SNV", {"*": 404}),
    ("/api/units/?under=KHONG_CO", {"*": 404}),
]


def _expected(table: dict, role: str, default: int) -> int:
    return table.get(role, table.get("*", default))


@pytest.fixture
def role_users(make_user, tree):
    users = {}
    for name, (role, unit) in ROLE_AT.items():
        users[name] = make_user(name, role=role, unit=tree[unit] if unit else None)
    return users


@pytest.mark.parametrize("role", list(ROLE_AT))
def test_reads_follow_the_policy(api, role_users, role):
    client = api(role_users[role])
    for url, table in READ_CASES:
        expected = _expected(table, role, 200)
        assert client.get(url).status_code == expected, (role, url)


@pytest.mark.parametrize("role", list(ROLE_AT))
def test_lists_hold_only_what_is_in_scope(api, role_users, tree, role):
    Achievement.objects.create(subject=tree["outsider"].subject, year=2024, kind="rating",
                               code_id="HTXSNV")
    Achievement.objects.create(subject=tree["hong"].subject, year=2024, kind="rating",
                               code_id="HTXSNV")
    client = api(role_users[role])
    people = {p["code"] for p in client.get("/api/people/").json()["results"]}
    records = {a["subject"] for a in client.get("/api/achievements/").json()["results"]}
    expected_people = {
        "unit_officer": {"P001"}, "no_role": set(),
    }.get(role, {"P001", "P002"})
    assert people == expected_people
    assert records == ({"P001"} if role != "no_role" else set())
    assert "P003" not in people and "P003" not in records


WRITERS = {"administrator", "standing_office", "unit_officer"}


@pytest.mark.parametrize("role", list(ROLE_AT))
@pytest.mark.parametrize("subject", ["P001", "P002", "P003"])
def test_create_follows_the_policy(api, role_users, role, subject):
    client = api(role_users[role])
    response = _json_post(client, "/api/achievements/",
                          {"subject": subject, "year": 2024, "code": "LDTT"})
    visible = role != "no_role" and subject != "P003" and not (
        role == "unit_officer" and subject == "P002")
    if not visible:
        # Unknown and out-of-scope codes look the same: a field error, nothing revealed.
        assert response.status_code == 400
        assert "Không tìm thấy đối tượng" in response.json()["subject"][0]
    elif role in WRITERS:
        assert response.status_code == 201, response.content
    else:
        assert response.status_code == 403
    assert Achievement.objects.filter(subject__code=subject).exists() == (
        visible and role in WRITERS)


@pytest.mark.parametrize("role", list(ROLE_AT))
@pytest.mark.parametrize("person", ["hong", "an", "outsider"])
def test_update_and_delete_follow_the_policy(api, role_users, tree, role, person):
    target = Achievement.objects.create(subject=tree[person].subject, year=2024, kind="rating",
                                        code_id="HTTNV")
    client = api(role_users[role])
    url = f"/api/achievements/{target.pk}/"
    visible = role != "no_role" and person != "outsider" and not (
        role == "unit_officer" and person == "an")
    expected = 404 if not visible else (200 if role in WRITERS else 403)
    response = _json_put(client, url, {"version": 1, "year": 2024, "code": "HTXSNV"},
                         method="patch")
    assert response.status_code == expected, response.content
    target.refresh_from_db()
    assert (target.code_id == "HTXSNV") == (expected == 200)
    version = target.version
    response = client.delete(f"{url}?version={version}")
    assert response.status_code == (204 if expected == 200 else expected)
    assert Achievement.objects.filter(pk=target.pk).exists() == (expected != 200)


def test_a_guessed_id_of_another_agency_is_not_found_for_every_method(api, make_user, tree):
    officer = make_user("canbo", role=Role.STANDING_OFFICE, unit=tree["sct"])
    other = Achievement.objects.create(subject=tree["outsider"].subject, year=2024,
                                       kind="rating", code_id="HTXSNV")
    client = api(officer)
    url = f"/api/achievements/{other.pk}/"
    assert client.get(url).status_code == 404
    assert _json_put(client, url, {"version": 1, "year": 2020, "code": "HTNV"}).status_code == 404
    assert client.delete(f"{url}?version=1").status_code == 404
    assert client.get("/api/achievements/?subject=P003").json()["count"] == 0
    other.refresh_from_db()
    assert (other.year, other.code_id) == (2024, "HTXSNV")


# --- validation --------------------------------------------------------------------


@pytest.fixture
def officer_client(api, make_user, tree):
    return api(make_user("canbo", role=Role.UNIT_OFFICER, unit=tree["vp"]))


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"subject": "P001", "year": 1800, "code": "LDTT"}, "year", "1945"),
        ({"subject": "P001", "year": "năm", "code": "LDTT"}, "year", "integer"),
        ({"subject": "P001", "year": 2024, "code": "KHONG_CO"}, "code", "Unknown code"),
        ({"subject": "P001", "year": 2024}, "code", "required"),
        ({"subject": "P001", "year": 2024, "code": "GIAY_KHEN"}, "issuer", "needs an issuer"),
        ({"subject": "P001", "year": 2024, "code": "HUAN_CHUONG", "issuer": "UBND_TINH"},
         "issuer", "TW"),
        ({"subject": "P001", "year": 2026, "code": "GIAY_KHEN", "issuer": "UBND_HUYEN"},
         "issuer", "until 2025"),
        ({"subject": "P001", "year": 2024, "code": "SANG_KIEN"}, "level", "needs a level"),
        ({"subject": "SCT_VP", "year": 2024, "code": "DOANH_THU"}, "value", "needs a value"),
        ({"subject": "P001", "year": 2024, "code": "LDTT", "decision_date": "31/02/2024"},
         "decision_date", "does not exist"),
        ({"subject": "P001", "year": 2024, "code": "LDTT", "value": "abc"}, "value", "number"),
        ({"subject": "P001", "year": 2024, "code": "LDTT", "decision_no": "x" * 101},
         "decision_no", "100"),
        ({"subject": "P001", "year": 2024, "code": "LDTT", "note": "a\x00b"}, "note", "Null"),
        ({"year": 2024, "code": "LDTT"}, "subject", "required"),
    ],
)
def test_validation_errors_name_the_field_and_reason(officer_client, tree, body, field, reason):
    response = _json_post(officer_client, "/api/achievements/", body)
    assert response.status_code == 400, response.content
    assert response.json()[field]
    response = _json_post(officer_client, "/api/achievements/?lang=en", body)
    assert response.status_code == 400, response.content
    messages = response.json()[field]
    assert any(reason in m for m in messages), messages
    assert not any(VIETNAMESE.search(m) for m in messages), messages
    assert not Achievement.objects.exists()


def test_a_second_rating_in_the_same_year_is_refused(officer_client, record):
    response = _json_post(officer_client, "/api/achievements/?lang=en",
                          {"subject": "P001", "year": 2024, "code": "HTTNV"})
    assert response.status_code == 400
    assert "already has a rating" in response.json()["code"][0]


def test_malformed_json_and_wrong_types_answer_400(officer_client, tree):
    response = officer_client.post("/api/achievements/", "{not json",
                                   content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Nội dung JSON không đọc được."
    response = _json_post(officer_client, "/api/achievements/", [1, 2])
    assert response.status_code == 400
    response = officer_client.get("/api/achievements/?year=99999999999999999999")
    assert response.status_code == 400 and "year" in response.json()


def test_valid_records_are_stored_as_the_contract_says(officer_client, tree):
    response = _json_post(officer_client, "/api/achievements/", {
        "subject": "SCT_VP", "year": 2024, "code": "DOANH_THU", "value": "1234567.5",
        "decision_no": "12/QĐ-SCT", "decision_date": "15/01/2024",
    })
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["kind"], data["value"], data["decision_date"], data["version"]) == (
        "indicator", "1234567.50", "2024-01-15", 1)
    stored = Achievement.objects.get(pk=data["id"])
    assert stored.value == Decimal("1234567.50") and stored.issuer == "" and stored.level == ""


# --- optimistic concurrency and audit ----------------------------------------------


def test_a_stale_version_answers_409_and_changes_nothing(officer_client, record):
    url = f"/api/achievements/{record.pk}/"
    first = _json_put(officer_client, url, {"version": 1, "year": 2024, "code": "HTTNV",
                                            "note": "sửa lần 1"})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = _json_put(officer_client, url, {"version": 1, "year": 2024, "code": "HTNV"})
    assert stale.status_code == 409
    body = stale.json()
    assert "người khác sửa" in body["detail"] and "changed by someone else" not in body["detail"]
    stale = _json_put(officer_client, url + "?lang=en",
                      {"version": 1, "year": 2024, "code": "HTNV"})
    assert stale.status_code == 409 and "changed by someone else" in stale.json()["detail"]
    assert body["current"]["version"] == 2 and body["current"]["code"] == "HTTNV"
    assert officer_client.delete(f"{url}?version=1").status_code == 409
    record.refresh_from_db()
    assert (record.code_id, record.version, record.note) == ("HTTNV", 2, "sửa lần 1")


def test_updates_must_carry_a_version(officer_client, record):
    url = f"/api/achievements/{record.pk}/"
    response = _json_put(officer_client, url, {"year": 2024, "code": "HTTNV"})
    assert response.status_code == 400 and "version" in response.json()
    response = officer_client.delete(url)
    assert response.status_code == 400 and "version" in response.json()
    assert Achievement.objects.filter(pk=record.pk, code_id="HTXSNV").exists()


def test_patch_keeps_fields_not_sent_and_subject_cannot_change(officer_client, tree):
    created = _json_post(officer_client, "/api/achievements/", {
        "subject": "P001", "year": 2023, "code": "GIAY_KHEN", "issuer": "SO",
        "decision_no": "5/QĐ",
    }).json()
    url = f"/api/achievements/{created['id']}/"
    response = _json_put(officer_client, url, {"version": 1, "note": "ghi chú"}, method="patch")
    assert response.status_code == 200, response.content
    assert (response.json()["issuer"], response.json()["decision_no"]) == ("SO", "5/QĐ")
    response = _json_put(officer_client, url, {"version": 2, "subject": "P002"}, method="patch")
    assert response.status_code == 400 and "subject" in response.json()


def test_writes_leave_audit_entries_with_the_actor(officer_client, tree):
    before = AuditEntry.objects.count()
    created = _json_post(officer_client, "/api/achievements/",
                         {"subject": "P001", "year": 2024, "code": "LDTT"}).json()
    url = f"/api/achievements/{created['id']}/"
    _json_put(officer_client, url, {"version": 1, "year": 2023, "code": "LDTT"})
    officer_client.delete(f"{url}?version=2")
    entries = list(AuditEntry.objects.order_by("seq")[before:])
    assert len(entries) == 3
    assert {e.actor_name for e in entries} == {"canbo"}
    assert {e.target_id for e in entries} == {str(created["id"])}
    assert entries[1].before["year"] == 2024 and entries[1].after["year"] == 2023
    # A refused write leaves no entry.
    _json_post(officer_client, "/api/achievements/", {"subject": "P001", "year": 1, "code": "X"})
    assert AuditEntry.objects.count() == before + 3


# --- lists: search, order, filters, pagination ------------------------------------


def test_people_search_ignores_diacritics_and_sorts_the_vietnamese_way(api, make_user, tree):
    vp = tree["vp"]
    orgs.create_person("P010", "Lê Thị Ánh", vp, "staff")
    orgs.create_person("P011", "Phạm Văn Bảo", vp, "staff")
    orgs.create_person("P012", "Nguyễn Văn Ân", vp, "staff")
    client = api(make_user("vp", role=Role.STANDING_OFFICE, unit=tree["sct"]))
    names = [p["full_name"] for p in client.get("/api/people/").json()["results"]]
    # By given name: An, Ánh, Ân, Bảo, Hồng (a < ă < â; no tone < sắc).
    assert names == ["Trần Văn An", "Lê Thị Ánh", "Nguyễn Văn Ân", "Phạm Văn Bảo",
                     "Nguyễn Thị Hồng"]
    found = client.get("/api/people/", {"q": "nguyen"}).json()["results"]
    assert {p["code"] for p in found} == {"P001", "P012"}
    found = client.get("/api/people/", {"q": "HỒNG"}).json()["results"]
    assert [p["code"] for p in found] == ["P001"]
    found = client.get("/api/people/", {"unit": "SCT_QLCN"}).json()["results"]
    assert [p["code"] for p in found] == ["P002"]


def test_units_under_a_unit_and_pagination(api, make_user, tree):
    client = api(make_user("admin", role=Role.ADMINISTRATOR, unit=tree["sct"]))
    under = client.get("/api/units/", {"under": "SCT"}).json()
    assert {u["code"] for u in under["results"]} == {"SCT", "SCT_VP", "SCT_QLCN"}
    vp = next(u for u in under["results"] if u["code"] == "SCT_VP")
    assert (vp["parent"], vp["kind"], vp["active"]) == ("SCT", "division", True)
    page = client.get("/api/units/", {"page_size": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    assert client.get("/api/units/", {"page": 9}).status_code == 404


def test_achievement_filters(api, make_user, tree, record):
    Achievement.objects.create(subject=tree["hong"].subject, year=2023, kind="title",
                               code_id="LDTT")
    Achievement.objects.create(subject=tree["an"].subject, year=2023, kind="title",
                               code_id="CSTDCS")
    client = api(make_user("vp", role=Role.STANDING_OFFICE, unit=tree["sct"]))

    def codes(**params):
        return sorted(a["code"] for a in client.get("/api/achievements/", params).json()["results"])

    assert codes() == ["CSTDCS", "HTXSNV", "LDTT"]
    assert codes(subject="P001") == ["HTXSNV", "LDTT"]
    assert codes(year=2023) == ["CSTDCS", "LDTT"]
    assert codes(kind="title", subject="P002") == ["CSTDCS"]
    assert codes(code="LDTT") == ["LDTT"]
    assert client.get("/api/achievements/", {"kind": "khong"}).status_code == 400


def test_list_query_count_does_not_grow_with_rows(api, make_user, tree,
                                                  django_assert_max_num_queries):
    client = api(make_user("vp", role=Role.STANDING_OFFICE, unit=tree["sct"]))
    for year in range(2015, 2025):
        Achievement.objects.create(subject=tree["hong"].subject, year=year, kind="title",
                                   code_id="LDTT")
        Achievement.objects.create(subject=tree["an"].subject, year=year, kind="title",
                                   code_id="LDTT")
    for url in ("/api/achievements/", "/api/people/", "/api/units/"):
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_catalogue_is_read_only(api, make_user, tree):
    client = api(make_user("ai", role=Role.EDITOR, unit=tree["sct"]))
    codes = {c["code"]: c for c in client.get("/api/catalogue/codes/").json()}
    assert codes["BANG_KHEN"]["kind"] == "commendation" and codes["BANG_KHEN"]["rank"] == 2
    issuers = {i["code"] for i in client.get("/api/catalogue/issuers/").json()}
    assert {"TW", "UBND_TINH", "DON_VI"} <= issuers
    levels = [lv["code"] for lv in client.get("/api/catalogue/levels/").json()]
    assert levels == ["co_so", "tinh", "toan_quoc"]
    assert client.get("/api/catalogue/codes/LDTT/").json()["name"] == "Lao động tiên tiến"
    assert _json_post(client, "/api/catalogue/codes/", {"code": "X"}).status_code == 405
    assert client.delete("/api/catalogue/codes/LDTT/").status_code == 405


# --- schema and documentation -----------------------------------------------------


def test_openapi_schema_describes_every_endpoint(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in ("/api/units/", "/api/units/{code}/", "/api/people/", "/api/people/{code}/",
                 "/api/achievements/", "/api/achievements/{id}/", "/api/catalogue/codes/",
                 "/api/catalogue/issuers/", "/api/catalogue/levels/"):
        assert path in paths, path
    assert set(paths["/api/achievements/{id}/"]) >= {"get", "put", "patch", "delete"}
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])
    assert "sổ thành tích" in schema["info"]["description"]


def test_docs_page_has_no_inline_script_and_serves_assets_locally(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<style>" not in html
    assert "<script>" not in html  # every script has a src, as the CSP demands
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and b"/api/openapi.json" in script.content
    assert "javascript" in script["Content-Type"]
    bundle = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert bundle.status_code == 200


def test_absurdly_nested_json_answers_400(officer_client):
    body = "[" * 100_000 + "]" * 100_000
    response = officer_client.post("/api/achievements/", body, content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
