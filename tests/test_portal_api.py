"""The portal's editorial API: stories and their transitions, consents; scope (404),
validation (400), permissions (403), versions (409); the OpenAPI schema."""

import json

import pytest
from django.urls import reverse

from dienhinh.portal import services
from dienhinh.portal.models import Consent, Story
from tests.factories.replication import replication_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    data = replication_setup()
    data["column"] = services.create_column(data["office"], agency=data["so"],
                                            title="Gương sáng", slug="guong-sang")
    data["rec_hoa"] = data["decision"].recognitions.get(subject=data["hoa"].subject)
    return data


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_story_lifecycle_through_the_api(client, s):
    client.force_login(s["editor"])
    r = post(client, "/api/portal/stories/", {"recognition": s["rec_hoa"].pk,
                                              "column": "guong-sang"})
    assert r.status_code == 201, r.content
    story = r.json()
    assert story["status"] == "draft" and story["decision_no"] == "1/QĐ-SLĐTBXH"
    assert set(story["missing_consent"]) == {"Đăng bài viết về người này",
                                             "Công bố họ tên trên cổng thông tin và dữ liệu mở"}
    url = f"/api/portal/stories/{story['id']}/"
    r = post(client, url + "edit/", {"version": story["version"], "title": "Chị Hoa",
                                     "body": "<p>Tốt</p><script>x()</script>"})
    assert r.status_code == 200 and r.json()["body"] == "<p>Tốt</p>"
    assert r.json()["column"] == "guong-sang"  # left out: kept
    version = r.json()["version"]
    assert post(client, url + "edit/", {"version": story["version"], "title": "Cũ"}
                ).status_code == 409
    assert post(client, url + "submit/", {}).status_code == 400  # no version
    assert post(client, url + "submit/", {"version": "x"}).status_code == 400
    r = post(client, url + "submit/", {"version": version})
    assert r.json()["status"] == "in_review"
    version = r.json()["version"]
    assert post(client, url + "publish/", {"version": version}).status_code == 403
    # consents, through the API
    for scope in ("story", "name"):
        r = post(client, "/api/portal/consents/", {"person": "LC001", "scope": scope,
                                                   "evidence": "Phiếu đồng ý"})
        assert r.status_code == 201, r.content
    assert post(client, "/api/portal/consents/", {"person": "LC001", "scope": "story",
                                                  "evidence": "Lần hai"}).status_code == 400
    assert post(client, "/api/portal/consents/", {"person": "LC001", "scope": "x",
                                                  "evidence": "e"}).status_code == 400
    client.force_login(s["office"])
    r = post(client, url + "publish/", {"version": version})
    assert r.status_code == 200 and r.json()["status"] == "published"
    assert services.public_stories().filter(pk=story["id"]).exists()
    # withdrawing the consent takes it down
    client.force_login(s["editor"])
    consent = Consent.objects.get(person=s["hoa"], scope="name")
    r = post(client, f"/api/portal/consents/{consent.pk}/withdraw/",
             {"version": consent.version, "evidence": "Đơn rút lại"})
    assert r.status_code == 200 and r.json()["withdrawn_at"]
    assert not services.public_stories().exists()
    assert post(client, f"/api/portal/consents/{consent.pk}/withdraw/",
                {"version": consent.version + 1, "evidence": "Lại"}).status_code == 409


def test_scope_of_the_api(client, s):
    story = services.draft_story(s["editor"], s["rec_hoa"])
    client.force_login(s["outsider"])
    assert client.get(f"/api/portal/stories/{story.pk}/").status_code == 404
    assert client.get("/api/portal/stories/").json()["results"] == []
    assert post(client, "/api/portal/stories/", {"recognition": s["rec_hoa"].pk}
                ).status_code == 400
    assert post(client, "/api/portal/consents/", {"person": "LC001", "scope": "name",
                                                  "evidence": "x"}).status_code == 400
    client.logout()
    assert client.get("/api/portal/stories/").status_code in (401, 403)
    assert Story.objects.count() == 1 and not Consent.objects.exists()


def test_schema_describes_the_portal_endpoints(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/portal/stories/", "/api/portal/stories/{id}/publish/",
                 "/api/portal/stories/{id}/unpublish/", "/api/portal/consents/",
                 "/api/portal/consents/{id}/withdraw/"):
        assert path in paths, path
    assert reverse("api-story-publish", args=[1]) == "/api/portal/stories/1/publish/"
