"""A nomination carries its subject's evaluation under its plan and year — the object
`dienhinh evaluate --subject` prints — and discovery places the nominee in the same
profile (one adapter, plans.services). Documents quote only what the ledger holds."""

import io
import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from docx import Document
from rest_framework.authtoken.models import Token

from dienhinh.demo import build
from dienhinh.demo import stages as demo_stages
from dienhinh.demo.structure import PLAN_SCOPES
from dienhinh.exemplars import documents, services
from dienhinh.exemplars.models import Nomination
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Role, RoleAssignment, Unit
from dienhinh.plans import services as evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build.DemoBuilder().build()
        yield
        build.reset()


@pytest.fixture
def nominated(demo):
    # Built inside the test's transaction: the stage's audit entries are rolled back with it.
    demo_stages.build("nominated", log=lambda _: None)


def _reader() -> Client:
    user = get_user_model().objects.create_user("xem_hoso", password="mat-khau-an-toan-2025")
    for scope in PLAN_SCOPES.values():
        RoleAssignment.objects.create(user=user, role=Role.STANDING_OFFICE,
                                      unit=Unit.objects.get(subject__code=scope))
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=user).key}"
    return client


def _cli(plan_id: str, scope: str, year: int, code: str) -> list[dict]:
    out = StringIO()
    call_command("evaluate", plan_id, scope=scope, year=year, subject=code, format="json",
                 stdout=out)
    return json.loads(out.getvalue())["results"]


def _scope(nom) -> str:
    """The unit to evaluate in: the seed plans' scope after the 2025 reform, or the
    agency of a plan rolled over to the current period."""
    return PLAN_SCOPES.get(nom.plan.template.template_id, nom.plan.agency.subject.code)


def test_the_api_evaluation_is_what_the_command_line_prints(nominated):
    cache.clear()
    client = _reader()
    noms = list(Nomination.objects.select_related("plan__template", "plan__agency__subject",
                                                  "subject"))
    # the 2021–2025 history (20) and the current period's live dossiers
    assert len(noms) > 20 and {n.plan.end_year for n in noms} == {2025, 2030}
    for nom in noms:
        plan_id = nom.plan.template.template_id
        body = client.get(f"/api/nominations/{nom.pk}/").json()
        printed = _cli(plan_id, _scope(nom), nom.year, nom.subject.code)
        assert printed, nom.subject.code  # every demo nominee falls in a profile
        assert body["evaluation"] == printed[0], nom.subject.code
        # CONTRACT §5: the same object the command line prints, so Vietnamese even when
        # the answer is asked in English (the screens word it in the reader's language).
        english = client.get(f"/api/nominations/{nom.pk}/?lang=en").json()
        assert english["evaluation"] == printed[0], nom.subject.code
        for key in ("profile", "quantitative", "met", "unmet", "pending"):
            assert key in body["evaluation"]


def test_discovery_places_each_nominee_in_the_profile_of_its_evaluation(nominated):
    for nom in Nomination.objects.select_related("plan__template", "subject"):
        plan_id = nom.plan.template.template_id
        scope = Unit.objects.get(subject__code=_scope(nom))
        found = {r.subject: r for r in evaluation.evaluate_scope(plan_id, scope, nom.year)}
        stored = services.evaluation(nom)
        assert found[nom.subject.code].profile == stored["profile"]
        assert found[nom.subject.code].quantitative == stored["quantitative"]


def test_the_nomination_page_shows_the_evaluation_and_the_override(nominated, client):
    nom = Nomination.objects.select_related("plan").order_by("pk").first()
    user = get_user_model().objects.create_user("xem_trang", password="mat-khau-an-toan-2025")
    RoleAssignment.objects.create(user=user, role=Role.STANDING_OFFICE, unit=nom.plan.agency)
    client.force_login(user)
    page = client.get(f"/exemplars/nominations/{nom.pk}/").content.decode()
    assert "không thuộc nhóm nào" not in page
    assert "Kết quả đánh giá tiêu chí ()" not in page and 'id="evaluation-profile"' in page
    profile = services.plan_template(nom.plan).profile_by_id[nom.snapshot["result"]["profile"]]
    assert profile.name in page
    # The demo attaches no files: its acceptance carries the override and its reason.
    assert nom.override_reason and 'id="nomination-override"' in page


def test_demo_summaries_state_the_rating_the_ledger_holds(nominated):
    for nom in Nomination.objects.select_related("subject"):
        rating = Achievement.objects.filter(subject=nom.subject, year=nom.year,
                                            kind="rating").select_related("code").first()
        if rating is not None:
            assert f"năm {nom.year}: {rating.code.name}" in nom.summary
        if rating is None or rating.code_id != "HTXSNV":
            assert "Hoàn thành xuất sắc nhiệm vụ" not in nom.summary


# -- documents quote the ledger -------------------------------------------------------
def test_an_htnv_rating_is_written_as_such_with_the_issuers_full_name(make_user):
    from tests.factories.exemplars import lao_cai

    lc = lao_cai()
    hoa = lc["hoa"].subject
    Achievement.objects.create(subject=hoa, year=2024, kind="rating", code_id="HTNV")
    Achievement.objects.create(subject=hoa, year=2024, kind="commendation",
                               code_id="GIAY_KHEN", issuer="SO", decision_no="5/QĐ-SLĐ")
    summary = services.ledger_summary(hoa, 2024)
    assert "Xếp loại chất lượng năm 2024: Hoàn thành nhiệm vụ" in summary
    assert "xuất sắc" not in summary and "SO" not in summary.split()
    officer = make_user("cb", role=Role.UNIT_OFFICER, unit=lc["ldvl"])
    nom = services.create_nomination(officer, lc["plan"], 2024, lc["ldvl"], hoa, "agency",
                                     summary)
    doc = Document(io.BytesIO(documents.achievement_report_docx(nom)))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert not [line for line in text.splitlines()
                if line.startswith("- Đạt") and "xuất sắc" in line]
    assert "Hoàn thành nhiệm vụ" in cells and "Hoàn thành xuất sắc nhiệm vụ" not in cells
    assert "Mã:" not in text and hoa.code not in text
    assert "SO" not in cells and "Giám đốc Sở và tương đương" in " ".join(cells)


# -- an override is shown to the council and written in the minutes ------------------
def test_the_council_sees_the_override_in_the_agenda_reading_room_and_minutes(client):
    from dienhinh.council import documents as council_documents
    from tests.factories.decisions import passed_setup

    s = passed_setup()
    hoa = s["noms"]["hoa"]
    Nomination.objects.filter(pk=hoa.pk).update(
        override_issues=["Hồ sơ còn thiếu: Biên bản họp xét."],
        override_reason="Biên bản bản giấy đã nộp tại Văn phòng")
    meeting = s["meeting"]
    client.force_login(s["members"][0].user)
    for url in (f"/council/meetings/{meeting.pk}/",
                f"/council/meetings/{meeting.pk}/reading-room/"):
        page = client.get(url).content.decode()
        assert "Biên bản bản giấy đã nộp tại Văn phòng" in page, url
        assert "Hồ sơ còn thiếu: Biên bản họp xét." in page, url
        assert page.count("Biên bản bản giấy đã nộp") == 1  # only Hoa's item
    meeting.refresh_from_db()
    doc = Document(io.BytesIO(council_documents.minutes_docx(meeting.ballot)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "chấp nhận dù chưa qua đủ các bước trước" in text
    assert (f"{s['item_hoa'].position}. {hoa.subject.name}: Hồ sơ còn thiếu: Biên bản họp xét. "
            "Lý do: Biên bản bản giấy đã nộp tại Văn phòng") in text
