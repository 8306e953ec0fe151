"""Who may see and do what on the screens, table-driven.

Every case is tried with three users: one whose role covers the object (an officer
of Sở Công Thương), one of another agency (an officer of Sở Nội vụ), and one with
a read-only role over the object (a council member of Sở Công Thương). Out of
scope answers 404 ("not found"), in scope but forbidden answers 403.
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dienhinh.ledger import services as ledger
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COVERING, OTHER_AGENCY, READ_ONLY = "covering", "other_agency", "read_only"


@pytest.fixture
def world(tree, make_user):
    record = Achievement.objects.create(
        subject=tree["hong"].subject, year=2024, code_id="LDTT", kind="title"
    )
    unit_record = Achievement.objects.create(
        subject=tree["qlcn"].subject, year=2024, code_id="DOANH_THU", kind="indicator",
        value=Decimal("1000"),
    )
    evidence = ledger.add_evidence(record, SimpleUploadedFile("qd.pdf", PDF))
    users = {
        COVERING: make_user("canbo_sct", Role.UNIT_OFFICER, tree["sct"]),
        OTHER_AGENCY: make_user("canbo_snv", Role.UNIT_OFFICER, tree["other"]),
        READ_ONLY: make_user("hoidong_sct", Role.COUNCIL_MEMBER, tree["sct"]),
    }
    return {**tree, "record": record, "unit_record": unit_record, "evidence": evidence,
            "users": users}


def url(world, name, key):
    args = {
        "unit": ["SCT_QLCN"], "parent": ["SCT"], "person": ["P001"],
        "record": [world["record"].pk], "unit_record": [world["unit_record"].pk],
        "evidence": [world["evidence"].pk],
    }[key]
    return reverse(name, args=args)


# (view name, object, method, expected status for covering / other agency / read-only)
CASES = [
    ("unit_detail", "unit", "get", (200, 404, 200)),
    ("unit_children", "parent", "get", (200, 404, 200)),
    ("person_detail", "person", "get", (200, 404, 200)),
    ("person_edit", "person", "get", (200, 404, 403)),
    ("person_edit", "person", "post", (200, 404, 403)),
    ("achievement_add", "person", "get", (200, 404, 403)),
    ("achievement_add", "unit", "post", (200, 404, 403)),
    ("achievement_edit", "record", "get", (200, 404, 403)),
    ("achievement_edit", "unit_record", "post", (200, 404, 403)),
    ("achievement_delete", "record", "get", (200, 404, 403)),
    ("achievement_delete", "record", "post", (302, 404, 403)),
    ("evidence_upload", "record", "get", (200, 404, 403)),
    ("evidence_download", "evidence", "get", (200, 404, 200)),
    ("evidence_delete", "evidence", "get", (200, 404, 403)),
    ("evidence_delete", "evidence", "post", (302, 404, 403)),
]


@pytest.mark.parametrize("name, key, method, expected", CASES)
@pytest.mark.parametrize("who", [COVERING, OTHER_AGENCY, READ_ONLY])
def test_scope_and_roles(client, world, name, key, method, expected, who):
    client.force_login(world["users"][who])
    target = url(world, name, key)
    # POSTs carry an invalid (empty) form: a permitted user sees the form again (200)
    # or, for deletions, the deletion happens (302); nothing else may change.
    data = {"version": world["record"].version} if name == "achievement_delete" else {}
    response = getattr(client, method)(target, data)
    want = expected[[COVERING, OTHER_AGENCY, READ_ONLY].index(who)]
    assert response.status_code == want
    if want in (403, 404) and name.endswith("delete"):
        assert Achievement.objects.filter(pk=world["record"].pk).exists()


@pytest.mark.parametrize("role", [Role.COUNCIL_MEMBER, Role.HEAD, Role.EDITOR])
def test_read_only_roles_cannot_write_the_ledger(client, world, make_user, role):
    client.force_login(make_user("r", role, world["sct"]))
    response = client.post(
        reverse("achievement_add", args=["P001"]), {"year": 2023, "code": "LDTT"}
    )
    assert response.status_code == 403
    assert not Achievement.objects.filter(year=2023).exists()
    page = client.get(reverse("person_detail", args=["P001"])).content.decode()
    assert reverse("achievement_edit", args=[world["record"].pk]) not in page


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.STANDING_OFFICE, Role.ADMINISTRATOR])
def test_writing_roles_see_edit_links(client, world, make_user, role):
    client.force_login(make_user("w", role, world["sct"]))
    page = client.get(reverse("person_detail", args=["P001"])).content.decode()
    assert reverse("achievement_edit", args=[world["record"].pk]) in page
    assert reverse("achievement_add", args=["P001"]) in page


def test_a_role_below_does_not_reach_up_or_sideways(client, world, make_user):
    client.force_login(make_user("vp", Role.UNIT_OFFICER, world["vp"]))
    assert client.get(reverse("person_detail", args=["P001"])).status_code == 200
    assert client.get(reverse("person_detail", args=["P002"])).status_code == 404  # sibling
    assert client.get(reverse("unit_detail", args=["SCT"])).status_code == 404  # parent


def test_person_cannot_be_moved_out_of_the_users_scope(client, world):
    client.force_login(world["users"][COVERING])
    response = client.post(reverse("person_edit", args=["P001"]), {
        "full_name": "Nguyễn Thị Hồng", "unit": world["other"].pk, "position": "staff",
        "version": world["hong"].version,
    })
    assert response.status_code == 200
    assert "ngoài phạm vi" in response.content.decode()
    world["hong"].refresh_from_db()
    assert world["hong"].unit_id == world["vp"].pk


def test_anonymous_users_are_sent_to_login(client, world):
    for name, key in [("unit_detail", "unit"), ("person_detail", "person"),
                      ("achievement_edit", "record")]:
        response = client.get(url(world, name, key))
        assert response.status_code == 302 and "/login/" in response["Location"]
    # A stored file says nothing to an anonymous request, not even that it exists.
    assert client.get(url(world, "evidence_download", "evidence")).status_code == 404
    for name in ["unit_tree", "person_list", "search"]:
        assert client.get(reverse(name)).status_code == 302


def test_lists_hold_only_what_is_in_scope(client, world):
    client.force_login(world["users"][OTHER_AGENCY])
    people = client.get(reverse("person_list")).content.decode()
    assert "Đặng Văn Bình" in people and "Nguyễn Thị Hồng" not in people
    tree = client.get(reverse("unit_tree")).content.decode()
    assert "Sở Nội vụ" in tree and "Sở Công Thương" not in tree
    home = client.get(reverse("home")).content.decode()
    assert "Nguyễn Thị Hồng" not in home
