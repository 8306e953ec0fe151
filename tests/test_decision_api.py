"""The decisions API: read only, scoped by the policy (out of scope → 404)."""

import datetime as dt

import pytest

from dienhinh.decisions import services
from tests.factories.decisions import passed_setup

pytestmark = pytest.mark.django_db


def test_decisions_api_lists_in_scope_with_bonuses_and_hides_the_rest(client, make_user):
    s = passed_setup()
    d = services.approve(s["head"], [s["item_hoa"]], "Công nhận", dt.date(2025, 1, 8))
    client.force_login(s["office"])
    data = client.get("/api/decisions/?year=2024").json()
    [row] = data["results"] if isinstance(data, dict) else data
    assert (row["number"], row["agency"], row["status"]) == ("01/QĐ-SLĐTBXH", "LC_SLD", "issued")
    assert row["recognitions"][0]["subject"] == "LC001"
    assert row["recognitions"][0]["bonus"] == 710_000
    empty = client.get("/api/decisions/?year=2023").json()
    assert (empty["results"] if isinstance(empty, dict) else empty) == []
    client.force_login(make_user("ngoai"))
    assert client.get(f"/api/decisions/{d.pk}/").status_code == 404
    listed = client.get("/api/decisions/").json()
    assert (listed["results"] if isinstance(listed, dict) else listed) == []
