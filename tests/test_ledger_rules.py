"""The ledger's year and date rules (ledger.rules) refuse the same records with the same
reason in the form, the import (naming the row, writing nothing) and the API."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from dienhinh.ledger import rules
from dienhinh.ledger.forms import AchievementForm
from dienhinh.ledger.imports import run_import
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Role

from .import_helpers import ACH_HEADER, ach, write_csv

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NEXT_YEAR = TODAY.year + 1
TOMORROW = TODAY + dt.timedelta(days=1)

# (year, decision date as typed, field, words of the Vietnamese reason, English reason)
REFUSED = [
    pytest.param(NEXT_YEAR, "", "year", "chưa đến", "has not come", id="future-year"),
    pytest.param(2023, "20/12/2019", "decision_date", "có trước năm 2023", "before the year",
                 id="decided-before-the-year"),
    pytest.param(2019, "15/01/2023", "decision_date", "quá 2 năm", "more than 2 years",
                 id="decided-long-after"),
    pytest.param(2024, "31/02/2024", "decision_date", "không tồn tại", "does not exist",
                 id="impossible-date"),
    pytest.param(2024, "2024-02-30", "decision_date", "không tồn tại", "does not exist",
                 id="impossible-iso-date"),
    pytest.param(2024, "20.12.2024", "decision_date", "dd/mm/yyyy", "YYYY-MM-DD",
                 id="wrong-format"),
    pytest.param(TODAY.year, TOMORROW.strftime("%d/%m/%Y"), "decision_date", "ở tương lai",
                 "in the future", id="future-decision-date"),
]
ACCEPTED = [
    pytest.param(2024, "20/12/2024", id="during-the-year"),
    pytest.param(2024, "15/01/2025", id="early-next-year"),
    pytest.param(2019, "31/12/2021", id="two-years-after"),
    pytest.param(TODAY.year, TODAY.strftime("%d/%m/%Y"), id="this-year-today"),
    pytest.param(2024, "", id="no-date"),
]


@pytest.mark.parametrize("year, date, field, words, english", REFUSED)
def test_the_rules_module_refuses(year, date, field, words, english):
    try:
        found = rules.year_errors(year, rules.parse_date(date))
    except rules.Invalid as exc:
        found = [exc]
    assert [(e.field, bool(e.code)) for e in found] == [(field, True)]
    # The message is Vietnamese, and can say itself in English (the import report).
    assert words in found[0].message and english in found[0].message.in_language("en")


@pytest.mark.parametrize("year, date", ACCEPTED)
def test_the_rules_module_accepts(year, date):
    assert rules.year_errors(year, rules.parse_date(date)) == []


@pytest.mark.parametrize("year, date, field, words, english", REFUSED)
def test_the_form_refuses_with_the_reason(tree, year, date, field, words, english):
    form = AchievementForm({"year": year, "code": "LDTT", "decision_date": date},
                           subject=tree["hong"].subject)
    assert not form.is_valid()
    assert any(words in m for m in form.errors[field]), form.errors


@pytest.mark.parametrize("year, date", ACCEPTED)
def test_the_form_accepts(tree, year, date):
    form = AchievementForm({"year": year, "code": "LDTT", "decision_date": date},
                           subject=tree["hong"].subject)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("year, date, field, words, english", REFUSED)
def test_the_import_names_the_row_and_writes_nothing(tmp_path, tree, year, date, field, words,
                                                     english):
    path = write_csv(tmp_path / "a.csv", [
        ACH_HEADER,
        ach("P002", 2024, "title", "LDTT", decision_date="20/12/2024"),  # valid
        ach("P001", year, "title", "LDTT", decision_date=date),
    ])
    result = run_import("achievements", path)
    assert not result.ok and result.written is False
    assert [(e.row, e.column) for e in result.errors] == [(3, field)]
    error = result.errors[0].as_dict()
    assert words in error["reason_vi"] and english in error["reason_en"]
    assert not Achievement.objects.exists()  # all or nothing


def test_the_import_accepts_the_same_good_rows(tmp_path, tree):
    rows = [ACH_HEADER] + [ach("P001", year, "title", "LDTT", decision_no=str(n),
                               decision_date=date)
                           for n, (year, date) in enumerate(p.values for p in ACCEPTED)]
    result = run_import("achievements", write_csv(tmp_path / "a.csv", rows))
    assert result.ok, result.errors
    assert Achievement.objects.count() == len(ACCEPTED)


@pytest.fixture
def officer_api(make_user, tree):
    cache.clear()  # DRF throttles count in the cache
    client = Client()
    token, _ = Token.objects.get_or_create(
        user=make_user("canbo", role=Role.UNIT_OFFICER, unit=tree["vp"]))
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


@pytest.mark.parametrize("year, date, field, words, english", REFUSED)
def test_the_api_refuses_with_the_reason(officer_api, year, date, field, words, english):
    body = {"subject": "P001", "year": year, "code": "LDTT"}
    if date:
        body["decision_date"] = date
    response = officer_api.post("/api/achievements/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    messages = response.json()[field]
    assert any(words in m for m in messages), messages
    # In one language at a time: English only when asked for.
    assert not any(english in m for m in messages), messages
    response = officer_api.post("/api/achievements/?lang=en", body,
                                content_type="application/json")
    messages = response.json()[field]
    assert any(english in m and words not in m for m in messages), messages
    assert not Achievement.objects.exists()


def test_the_api_accepts_a_good_record(officer_api):
    response = officer_api.post("/api/achievements/", {
        "subject": "P001", "year": 2024, "code": "LDTT", "decision_date": "15/01/2025"},
        content_type="application/json")
    assert response.status_code == 201, response.content
    assert Achievement.objects.get().decision_date == dt.date(2025, 1, 15)
