"""No code reaches a person: issuers, levels and titles are shown by their names."""

import pytest

from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Role

pytestmark = pytest.mark.django_db


def test_a_persons_record_shows_names_not_codes(client, make_user, tree):
    subject = tree["hong"].subject
    Achievement.objects.create(subject=subject, year=2024, kind="commendation",
                               code_id="GIAY_KHEN", issuer="SO", decision_no="5/QĐ-SCT")
    Achievement.objects.create(subject=subject, year=2023, kind="initiative",
                               code_id="SANG_KIEN", level="co_so", decision_no="7/QĐ-SCT")
    client.force_login(make_user("vp", role=Role.STANDING_OFFICE, unit=tree["sct"]))
    html = client.get("/people/P001/").content.decode()
    assert "Giám đốc Sở và tương đương" in html and "Cấp cơ sở" in html
    for code in ("co_so", ">SO<", "GIAY_KHEN", "SANG_KIEN"):
        assert code not in html, code
