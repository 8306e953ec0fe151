import pytest
import yaml

from dienhinh import policy
from dienhinh.audit.models import AuditEntry
from dienhinh.discovery.models import TemplateCopy
from dienhinh.orgs.models import Role
from dienhinh.plans import services
from dienhinh.plans.editor_views import apply_thresholds, dump, thresholds
from dienhinh.plans.models import PlanTemplate

from .discovery_helpers import PLAN, YEAR, build

NEW = "ha-tinh-sct-ban-sua"


@pytest.fixture
def ledger(tree):
    return build(tree)


@pytest.fixture
def office(client, make_user, ledger):
    client.force_login(make_user("vanphong", role=Role.STANDING_OFFICE, unit=ledger["sct"]))
    return client


@pytest.fixture
def copy(office):
    response = office.post(f"/plans/templates/{PLAN}/copy/",
                           {"new_id": NEW, "name": "Kế hoạch điển hình Sở Công Thương (sửa)"})
    assert response.status_code == 302
    return PlanTemplate.objects.get(template_id=NEW)


def test_copy_gets_new_id_and_vietnamese_name(office, copy):
    assert not copy.builtin
    assert copy.name == "Kế hoạch điển hình Sở Công Thương (sửa)"
    t = services.get_template(NEW)
    assert [p.id for p in t.profiles] == [p.id for p in services.get_template(PLAN).profiles]
    assert TemplateCopy.objects.get(template_id=NEW).copied_from == PLAN
    assert AuditEntry.objects.filter(action="plan_template.copy").count() == 1
    listing = office.get("/plans/templates/").content.decode()
    assert NEW in listing and "Bản sao" in listing
    # The same id twice, or a bad id, is refused.
    again = office.post(f"/plans/templates/{PLAN}/copy/", {"new_id": NEW, "name": "X"})
    assert again.status_code == 400 and "đã có" in again.content.decode()
    bad = office.post(f"/plans/templates/{PLAN}/copy/", {"new_id": "Có Dấu", "name": "X"})
    assert bad.status_code == 400
    assert PlanTemplate.objects.count() == 6


def test_seed_templates_are_read_only(office):
    before = PlanTemplate.objects.get(template_id=PLAN).text
    page = office.get(f"/plans/templates/{PLAN}/")
    assert page.status_code == 200 and "chỉ xem" in page.content.decode()
    response = office.post(f"/plans/templates/{PLAN}/", {"text": "id: x", "action": "save"})
    assert response.status_code == 403
    assert PlanTemplate.objects.get(template_id=PLAN).text == before


def test_invalid_template_is_refused_with_paths_and_nothing_saved(office, copy):
    before = PlanTemplate.objects.get(template_id=NEW).text
    doc = yaml.safe_load(before)
    doc["profiles"][0]["criteria"][0]["count"]["select"]["codes"] = ["KHONG_CO"]
    doc["period"]["start"] = 2030
    response = office.post(f"/plans/templates/{NEW}/",
                           {"text": yaml.safe_dump(doc, allow_unicode=True), "action": "save"})
    assert response.status_code == 400
    paths = [e.path for e in response.context["errors"]]
    assert "$.period" in paths
    assert "$.profiles[0].criteria[0].count.select.codes" in paths
    assert "Mã thành tích không có: KHONG_CO" in response.content.decode()
    response = office.post(f"/plans/templates/{NEW}/", {"text": "id: [", "action": "save"})
    assert response.status_code == 400 and "Không đọc được" in response.content.decode()
    # Changing the id is refused too (copy instead).
    doc = yaml.safe_load(before)
    doc["id"] = "mot-ma-khac"
    response = office.post(f"/plans/templates/{NEW}/",
                           {"text": yaml.safe_dump(doc, allow_unicode=True), "action": "save"})
    assert response.status_code == 400
    assert [e.path for e in response.context["errors"]] == ["$.id"]
    assert PlanTemplate.objects.get(template_id=NEW).text == before
    assert not PlanTemplate.objects.filter(template_id="mot-ma-khac").exists()
    assert AuditEntry.objects.filter(action="plan_template.save").count() == 0


def test_what_if_counts_passes_before_and_after(office, copy):
    doc = yaml.safe_load(copy.text)
    staff = next(p for p in doc["profiles"] if p["id"] == "staff")
    # Staff: one Bằng khen of the provincial chairman is enough now.
    staff["criteria"][0]["any"][0]["count"]["min"] = 1
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    response = office.post(f"/plans/templates/{NEW}/",
                           {"text": text, "action": "preview", "scope": "SCT", "year": YEAR})
    assert response.status_code == 200
    what_if = response.context["what_if"]
    assert what_if["before"][0] == {"P001", "SCT_VP"}
    assert what_if["after"][0] == {"P001", "SCT_VP", "P004"}
    assert what_if["gained"] == ["P004"] and what_if["lost"] == []
    assert 'id="what-if-after">3<' in response.content.decode()
    # Preview saved nothing; saving does, with an audit entry.
    assert services.get_template(NEW).profile_by_id["staff"].criteria[0].children[0].min == 2
    response = office.post(f"/plans/templates/{NEW}/", {"text": text, "action": "save"})
    assert response.status_code == 302
    assert services.get_template(NEW).profile_by_id["staff"].criteria[0].children[0].min == 1
    assert AuditEntry.objects.filter(action="plan_template.save").count() == 1
    # A year outside the period is a clear message, not a 500.
    response = office.post(f"/plans/templates/{NEW}/",
                           {"text": text, "action": "preview", "scope": "SCT", "year": 2030})
    assert response.status_code == 400
    assert "ngoài giai đoạn" in response.content.decode()


def test_structured_threshold_edit(office, copy):
    items = thresholds(yaml.safe_load(copy.text))
    target = next(t for t in items if t["profile"] == "Tập thể" and t["kind"] == "count"
                  and t["value"] == 2)
    response = office.post(f"/plans/templates/{NEW}/", {
        "text": copy.text, "action": "thresholds", f"t:{target['path']}": "3",
        "scope": "SCT", "year": YEAR,
    })
    assert response.status_code == 200
    assert response.context["what_if"]["lost"] == ["SCT_VP"]  # it has only two
    edited = yaml.safe_load(response.context["form"]["text"].value())
    assert edited["profiles"][0]["criteria"][0]["count"]["min"] == 3
    doc = yaml.safe_load(copy.text)
    assert apply_thresholds(doc, {target["path"]: "0"})[0].path.endswith("count.min")
    response = office.post(f"/plans/templates/{NEW}/", {
        "text": copy.text, "action": "thresholds", f"t:{target['path']}": "không",
    })
    assert response.status_code == 400


def test_editor_permissions(client, make_user, ledger):
    client.force_login(make_user("canbo", role=Role.UNIT_OFFICER, unit=ledger["sct"]))
    assert client.get("/plans/templates/").status_code == 403
    assert client.post(f"/plans/templates/{PLAN}/copy/",
                       {"new_id": NEW, "name": "X"}).status_code == 403
    client.force_login(make_user("giamdoc", role=Role.HEAD, unit=ledger["sct"]))
    assert client.get("/plans/templates/").status_code == 403
    client.force_login(make_user("vp", role=Role.STANDING_OFFICE, unit=ledger["sct"]))
    assert client.get("/plans/templates/khong-co/").status_code == 404
    assert not PlanTemplate.objects.filter(template_id=NEW).exists()


# -- templates owned by a unit (issue 9) ------------------------------------------------
def test_a_copy_is_owned_by_the_copying_office_and_no_other_agency_sees_it(
        client, office, copy, make_user, tree):
    assert copy.owner == tree["sct"]
    # the owner's office edits it
    page = office.get(f"/plans/templates/{NEW}/")
    assert page.status_code == 200 and "chỉ xem" not in page.content.decode()
    before = copy.text
    # the standing office of another agency: not found, nothing changed
    client.force_login(make_user("vp_snv", role=Role.STANDING_OFFICE, unit=tree["other"]))
    assert client.get(f"/plans/templates/{NEW}/").status_code == 404
    assert client.post(f"/plans/templates/{NEW}/",
                       {"text": before, "action": "save"}).status_code == 404
    assert client.post(f"/plans/templates/{NEW}/copy/",
                       {"new_id": "snv-ban-sao", "name": "Bản sao"}).status_code == 404
    assert NEW not in client.get("/plans/templates/").content.decode()
    assert not PlanTemplate.objects.filter(template_id="snv-ban-sao").exists()
    # nor an office below the owner unit
    below = make_user("vp_phong", role=Role.STANDING_OFFICE, unit=tree["vp"])
    assert not policy.can(below, "edit_template", copy)
    assert PlanTemplate.objects.get(template_id=NEW).text == before


def test_an_administrator_may_edit_a_built_in_template_an_office_may_not(
        client, office, make_user, tree):
    row = PlanTemplate.objects.get(template_id=PLAN)
    assert row.builtin and row.owner is None
    doc = yaml.safe_load(row.text)
    doc["name"] = doc["name"] + " (sửa bởi quản trị)"
    text = dump(doc)
    # the standing office may copy it but not change it
    assert office.post(f"/plans/templates/{PLAN}/",
                       {"text": text, "action": "save"}).status_code == 403
    assert PlanTemplate.objects.get(template_id=PLAN).text == row.text
    admin = make_user("quantri", role=Role.ADMINISTRATOR, unit=tree["sct"])
    assert policy.can(admin, "edit_template", row)
    assert not policy.can(make_user("vp2", role=Role.STANDING_OFFICE, unit=tree["sct"]),
                          "edit_template", row)
    client.force_login(admin)
    page = client.get(f"/plans/templates/{PLAN}/")
    assert page.status_code == 200 and "chỉ xem" not in page.content.decode()
    response = client.post(f"/plans/templates/{PLAN}/", {"text": text, "action": "save"})
    assert response.status_code == 302
    saved = PlanTemplate.objects.get(template_id=PLAN)
    assert saved.name.endswith("(sửa bởi quản trị)")
    assert saved.builtin and saved.owner is None  # still a seed template
