import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dienhinh.audit.models import AuditEntry
from dienhinh.discovery import services
from dienhinh.discovery.models import Attestation
from dienhinh.orgs.models import Role
from dienhinh.plans import services as engine

from .discovery_helpers import PLAN, YEAR, build

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def ledger(tree):
    return build(tree)


@pytest.fixture
def reviewer(make_user, ledger):
    return make_user("vanphong", role=Role.STANDING_OFFICE, unit=ledger["sct"])


def pending_of(subject):
    template = engine.get_template(PLAN)
    result = engine.explain_subject(template, subject.subject, YEAR)
    return services.pending_criteria(template.profile_by_id[result.profile])


def eligible_codes(client):
    response = client.get("/discovery/", {"plan": PLAN, "scope": "SCT", "year": YEAR,
                                          "show": "eligible"})
    assert response.status_code == 200
    return {row.code for row in response.context["page"].object_list}


def test_attesting_every_pending_criterion_makes_a_passing_subject_eligible(
        client, reviewer, ledger):
    client.force_login(reviewer)
    hong = ledger["hong"]
    pending = pending_of(hong)
    assert len(pending) == 4  # mục II.2.2 and III.2 of the Hà Tĩnh plan
    assert eligible_codes(client) == set()
    url = f"/discovery/{PLAN}/{YEAR}/P001/attestations/"
    response = client.post(url, {"criterion": pending[0].key, "note": "Gương mẫu, tận tụy"})
    assert response.status_code == 302
    assert eligible_codes(client) == set()  # one of four is not enough
    for criterion in pending[1:-1]:
        client.post(url, {"criterion": criterion.key, "note": "Đã xác minh"})
    assert eligible_codes(client) == set()  # three of four are not enough
    response = client.post(url, {"criterion": pending[-1].key,
                                 "file": SimpleUploadedFile("bien-ban.pdf", PDF)})
    assert response.status_code == 302
    assert eligible_codes(client) == {"P001"}
    page = client.get(url).content.decode()
    assert "Đủ điều kiện" in page and "bien-ban.pdf" in page
    # Withdrawal is a new record; the attestation itself is untouched.
    attestation = Attestation.objects.get(criterion=pending[0].key, action="attest")
    response = client.post(url, {"withdraw": "1", "attestation": attestation.pk,
                                 "note": "Có phản ánh mới"})
    assert response.status_code == 302
    assert eligible_codes(client) == set()
    assert Attestation.objects.filter(subject=hong.subject).count() == 5
    attestation.refresh_from_db()
    assert attestation.note == "Gương mẫu, tận tụy" and attestation.action == "attest"
    assert attestation.withdrawal.note == "Có phản ánh mới"
    actions = list(AuditEntry.objects.filter(action__startswith="attestation.")
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["attestation.attest"] * 4 + ["attestation.withdraw"]
    # Attesting again after the withdrawal restores eligibility.
    client.post(url, {"criterion": pending[0].key, "note": "Đã xác minh lại"})
    assert eligible_codes(client) == {"P001"}


def test_failing_subject_is_not_eligible_even_when_attested(reviewer, ledger):
    an = ledger["an"]
    for criterion in pending_of(an):
        services.attest(reviewer, an.subject, PLAN, YEAR, criterion, note="Tốt")
    attested = services.in_force(PLAN, YEAR, [an.pk])[an.pk]
    assert services.is_eligible("fail", pending_of(an), attested) is False
    assert services.is_eligible("pass", pending_of(an), attested) is True
    assert services.is_eligible("none", [], {}) is False


def test_attestation_needs_note_or_file_and_a_real_document(client, reviewer, ledger):
    client.force_login(reviewer)
    key = pending_of(ledger["hong"])[0].key
    url = f"/discovery/{PLAN}/{YEAR}/P001/attestations/"
    response = client.post(url, {"criterion": key, "note": "  "})
    assert response.status_code == 400
    assert "Cần ghi nhận xét hoặc đính kèm" in response.content.decode()
    fake = SimpleUploadedFile("bao-cao.pdf", b"<script>alert(1)</script>")
    response = client.post(url, {"criterion": key, "file": fake})
    assert response.status_code == 400
    assert "Loại tệp không được chấp nhận" in response.content.decode()
    response = client.post(url, {"criterion": "khong-co", "note": "x"})
    assert response.status_code == 400
    assert Attestation.objects.count() == 0


def test_double_attestation_and_double_withdrawal_are_refused(reviewer, ledger):
    hong = ledger["hong"]
    criterion = pending_of(hong)[0]
    first = services.attest(reviewer, hong.subject, PLAN, YEAR, criterion, note="Tốt")
    with pytest.raises(ValidationError):
        services.attest(reviewer, hong.subject, PLAN, YEAR, criterion, note="Lần hai")
    withdrawal = services.withdraw(reviewer, first)
    with pytest.raises(ValidationError):
        services.withdraw(reviewer, first)
    with pytest.raises(ValidationError):
        services.withdraw(reviewer, withdrawal)
    assert Attestation.objects.count() == 2


def test_who_may_attest(client, make_user, ledger):
    hong = ledger["hong"]
    criterion = pending_of(hong)[0]
    officer = make_user("canbo", role=Role.UNIT_OFFICER, unit=ledger["sct"])
    with pytest.raises(PermissionDenied):
        services.attest(officer, hong.subject, PLAN, YEAR, criterion, note="x")
    url = f"/discovery/{PLAN}/{YEAR}/P001/attestations/"
    client.force_login(officer)
    assert client.post(url, {"criterion": criterion.key, "note": "x"}).status_code == 403
    outsider = make_user("snv", role=Role.STANDING_OFFICE, unit=ledger["other"])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    head = make_user("giamdoc", role=Role.HEAD, unit=ledger["sct"])
    client.force_login(head)
    assert client.post(url, {"criterion": criterion.key, "note": "Đồng ý"}).status_code == 302
    assert client.get(f"/discovery/{PLAN}/2030/P001/attestations/").status_code == 404
    assert client.get(f"/discovery/khong-co/{YEAR}/P001/attestations/").status_code == 404
    assert Attestation.objects.count() == 1
