"""`dienhinh demo --stage …`: the cycle advanced for each of the five seed plans, every
stage building on the one before, deterministic and idempotent."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from dienhinh.council.models import Ballot, Meeting
from dienhinh.decisions.models import Certificate, Decision, Recognition
from dienhinh.demo import build
from dienhinh.demo import stages as demo_stages
from dienhinh.demo.structure import PLAN_SCOPES
from dienhinh.exemplars.models import FosteringPlan, Nomination, Registration
from dienhinh.ledger.models import Achievement
from dienhinh.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build.DemoBuilder().build()
        yield
        build.reset()
        get_user_model().objects.filter(username__startswith="demo_").delete()


# The 2021–2025 plans (history); the 2026–2030 ones are checked in test_demo_today.
OLD = {"plan__template__template_id__in": list(PLAN_SCOPES)}


def test_registered_stage_adopts_plans_and_registers_only():
    demo_stages.build("registered", log=lambda _: None)
    assert Plan.objects.filter(status=Plan.CLOSED, **{k[6:]: v for k, v in OLD.items()}
                               ).count() == 5
    assert Plan.objects.filter(status=Plan.IN_FORCE, start_year=2026).count() == 5
    assert Registration.objects.filter(**OLD).count() == 20
    assert Registration.objects.exclude(**OLD).count() == 10  # two per plan in force
    assert not FosteringPlan.objects.exists() and not Nomination.objects.exists()


def test_voting_then_decided_with_rewards_certificates_and_ledger():
    demo_stages.build("voting", log=lambda _: None)
    # the old plans' candidates still being fostered were carried over to 2026–2030
    assert FosteringPlan.objects.filter(**{f"registration__{k}": v for k, v in OLD.items()},
                                        status=FosteringPlan.CLOSED).count() == 20
    assert Nomination.objects.filter(status=Nomination.ACCEPTED, **OLD).count() == 20
    assert Ballot.objects.filter(status=Ballot.OPEN, meeting__plan__end_year=2025
                                 ).count() == 5
    assert Meeting.objects.filter(status=Meeting.VOTING, plan__end_year=2025).count() == 5
    assert not Decision.objects.exists()
    chosen = sorted(Registration.objects.filter(**OLD).values_list("subject__code",
                                                                    flat=True))

    out = StringIO()
    call_command("demo", "--stage", "decided", stdout=out)
    assert "ha-tinh-sct-2021-2025: decided" in out.getvalue()
    assert Ballot.objects.filter(status=Ballot.CLOSED, meeting__plan__end_year=2025
                                 ).count() == 5
    numbers = sorted(Decision.objects.filter(status=Decision.ISSUED).values_list(
        "number", flat=True))
    # two Sở Nội vụ (Lào Cai, Đồng Nai): each agency has its own sequence
    assert numbers == ["01/QĐ-SCT", "01/QĐ-SNNMT", "01/QĐ-SNV", "01/QĐ-SNV", "01/QĐ-UBND"]
    assert Recognition.objects.filter(decision__status=Decision.ISSUED).count() == 20
    assert Achievement.objects.filter(code_id="GIAY_KHEN", decision_no="01/QĐ-SCT",
                                      issuer="SO").count() == 4
    commune = Decision.objects.get(number="01/QĐ-UBND")
    assert commune.reward_issuer == "UBND_XA"
    assert Certificate.objects.count() == 20  # drafts have none
    assert Certificate.objects.exclude(file="").filter(
        recognition__decision__number="01/QĐ-SCT").count() == 4
    # Running it again changes nothing; the same subjects were chosen.
    demo_stages.build("decided", log=lambda _: None)
    assert Decision.objects.filter(status=Decision.ISSUED).count() == 5
    assert Recognition.objects.filter(decision__status=Decision.ISSUED).count() == 20
    assert sorted(Registration.objects.filter(**OLD).values_list("subject__code", flat=True)
                  ) == chosen
    assert set(PLAN_SCOPES) == set(Plan.objects.filter(end_year=2025).values_list(
        "template__template_id", flat=True))


def test_propagated_adds_media_adoptions_pledges_a_visit_and_a_conference():
    from dienhinh.replication import services as replication
    from dienhinh.replication.models import (
        Adoption,
        Conference,
        GoodModel,
        MediaItem,
        Pledge,
        StudyVisit,
    )

    out = StringIO()
    call_command("demo", "--stage", "propagated", stdout=out)
    assert "ha-tinh-sct-2021-2025: propagated" in out.getvalue()

    def counts():
        return (GoodModel.objects.count(), MediaItem.objects.count(),
                Adoption.objects.filter(status=Adoption.DONE).count(),
                Adoption.objects.filter(status=Adoption.IN_PROGRESS).count(),
                Pledge.objects.filter(status=Pledge.REVIEWED).count(),
                Pledge.objects.filter(status=Pledge.OPEN).count(),
                StudyVisit.objects.count(), Conference.objects.filter(status="held").count())

    assert counts() == (5, 15, 5, 5, 5, 5, 5, 5)
    ht = GoodModel.objects.get(plan__template__template_id="ha-tinh-sct-2021-2025")
    # the model belongs to an exemplar of the issued decision; it spread to two units
    assert ht.recognition.decision.number == "01/QĐ-SCT"
    assert [(r.status, r.rating_label, r.last_percent) for r in replication.spread(ht)] == [
        ("done", "Hiệu quả", 60), ("in_progress", "", 75)]
    assert replication.adoption_counts(ht.agency) == {ht.pk: {2025: 2}}
    follow_up = ht.adoptions.get(status=Adoption.IN_PROGRESS)
    assert follow_up.study_visit.host == ht.owner
    # one pledge per agency is due for review (open since 31/12/2025)
    assert replication.pledges_due(ht.agency, dt.date(2026, 1, 2)).count() == 1
    conf = Conference.objects.get(agency=ht.agency)
    assert conf.kind == "mid_term" and conf.number.endswith("/GM-SCT")
    assert conf.honourees.count() == 4 and conf.honourees.filter(speaks=True).count() == 2
    assert {r.decision.number for r in Recognition.objects.filter(
        pk__in=conf.honourees.values("recognition"))} == {"01/QĐ-SCT"}
    assert conf.programme.count() == 7
    assert [i.attended for i in conf.invitees.order_by("pk")] == [True, True, True, False]
    # Running it again changes nothing.
    demo_stages.build("propagated", log=lambda _: None)
    assert counts() == (5, 15, 5, 5, 5, 5, 5, 5)

    # Ngã Năm's scored year, its block with the flag, and this year's open round
    # (demo.scoring), built once.
    from dienhinh.scoring import services as scoring
    from dienhinh.scoring.models import Round, ScoreLine

    assert sorted((r.year, r.status, r.group_id is None) for r in Round.objects.all()) == [
        (2024, "closed", False), (2024, "closed", True), (2025, "open", True)]
    block = Round.objects.get(group__isnull=False)
    assert [r.votes for r in scoring.group_result(block)][0] == 3
    assert sum("Cờ thi đua cấp bộ, ban, ngành, tỉnh" in r.proposed
               for r in scoring.group_result(block)) == 1
    # The scored year means something: the quarterly introductions differ from unit to
    # unit, each line's auto score is 10 × the quarters whose quota the registrations met
    # (counted here from the registrations), the office adjusted one line with its
    # reason, and the ranking has different totals, a tie ordered by the scheme's rule
    # and a tie sharing a place.
    scored = Round.objects.get(year=2024, group__isnull=True)
    for sheet in scored.sheets.select_related("unit"):
        need = 1 if sheet.unit.kind == "armed_unit" else 2
        met = sum(Registration.objects.filter(plan=scored.plan, year=2024, unit=sheet.unit,
                                              quarter=q, status=Registration.REGISTERED
                                              ).count() >= need for q in range(1, 5))
        line = sheet.lines.get(criterion="quarterly_introductions")
        assert line.verified_score == line.self_score == 10 * met
    assert sorted({int(ln.self_score) for ln in ScoreLine.objects.filter(
        sheet__round=scored, criterion="quarterly_introductions")}) == [30, 40]
    adjusted = [ln for ln in ScoreLine.objects.filter(sheet__round=scored) if ln.adjusted]
    assert len(adjusted) == 1 and adjusted[0].adjustment_reason
    rows = scoring.result(scored)
    assert len({r.total for r in rows}) == 2
    assert [r.rank for r in rows] == [1, 2, 3, 3]
    assert rows[1].tie_note.startswith("bằng điểm") and rows[2].tie_note == "đồng hạng"
    assert rows[0].proposed == ["Giấy khen"]
    # built once: running the stage again adds no registration and fosters none of them
    before = Registration.objects.count(), FosteringPlan.objects.count()
    demo_stages.build("propagated", log=lambda _: None)
    assert (Registration.objects.count(), FosteringPlan.objects.count()) == before


def _docx_text(data: bytes) -> str:
    import io

    from docx import Document

    doc = Document(io.BytesIO(data))
    return "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for row in t.rows for c in row.cells])


def test_every_document_the_demo_generates_at_propagated_names_its_signer():
    """Issue 16: every unit that can issue a document has a dated head, so that every
    document of the demo names the person who signs on its date — for each plan (the
    2021–2025 and the 2026–2030 ones) its compiled lists, fostering reports, review
    reports of the agency and of each unit that reports, achievement reports, decisions
    with their bonus sheets and certificates, vote-count minutes, invitations and
    programmes. A unit without one raises MissingSigner here."""
    from django.db import transaction

    from dienhinh.council import documents as minutes
    from dienhinh.decisions import certificates, freeze
    from dienhinh.decisions import documents as decision_docs
    from dienhinh.exemplars import documents as exemplar_docs
    from dienhinh.exemplars.models import CompiledList
    from dienhinh.orgs.models import Leadership, Unit
    from dienhinh.replication import documents as conference_docs
    from dienhinh.replication.models import Conference
    from dienhinh.reports import generate, periods
    from dienhinh.reports import services as report_services

    demo_stages.build("propagated", log=lambda _: None)
    # Every unit but the households (and the country) has a head and a deputy.
    unled = (Unit.objects.exclude(kind="household").exclude(parent__isnull=True)
             .exclude(pk__in=Leadership.objects.filter(role="head").values("unit")))
    assert not unled.exists(), list(unled.values_list("subject__code", flat=True)[:10])
    assert Leadership.objects.filter(role="deputy").count() >= Unit.objects.exclude(
        kind="household").count() - 1

    def signs(data: bytes, name: str, what) -> None:
        assert name and name in _docx_text(data), (what, name)

    checked = 0
    for plan in Plan.objects.select_related("agency").order_by("pk"):
        years = sorted(set(Registration.objects.filter(plan=plan).values_list("year",
                                                                             flat=True)))
        for year in years:
            on = dt.date(year, 1, 25)
            with transaction.atomic():
                clist = CompiledList.objects.create(plan=plan, year=year)
                signs(exemplar_docs.compiled_list_docx(clist, on),
                      exemplar_docs._signer(plan.agency, on).name, ("list", plan.pk, year))
                transaction.set_rollback(True)
            for unit in Unit.objects.filter(registrations__plan=plan,
                                            registrations__year=year).distinct():
                on = dt.date(year, 11, 15)
                signs(exemplar_docs.fostering_report_docx(plan, year, unit, [], on=on),
                      exemplar_docs._signer(unit, on).name, ("fostering", unit.code))
            checked += 1
        for period in periods.choices(plan):
            on = dt.date(period.end + 1, 1, 15)
            for unit in report_services.required_units(plan, period):
                assert exemplar_docs._signer(unit, on).name, ("review", unit.code, period)
        latest = periods.choices(plan)[-1]
        on = dt.date(latest.end + 1, 1, 15)
        signs(generate.render(plan, plan.agency, latest, "docx", on=on).content,
              exemplar_docs._signer(plan.agency, on).name, ("review", plan.pk))
    for nomination in Nomination.objects.select_related("unit", "subject", "plan"):
        on = dt.date(nomination.year, 12, 1)
        signs(exemplar_docs.achievement_report_docx(nomination, on),
              exemplar_docs._signer(nomination.unit, on).name, ("report", nomination.pk))
    for d in Decision.objects.order_by("pk"):
        on = d.signed_on or dt.date(2025, 12, 20)
        signer, _missing = decision_docs.signer_of(d, on)
        signs(decision_docs.decision_docx(d, on=on), signer.name, ("decision", d.pk))
        if d.status == Decision.ISSUED:
            signs(freeze.issued_bytes(d, "decision"), signer.name, ("issued", d.pk))
            assert signer.name.encode() in b"".join(
                str(c.value).encode() for row in _sheet(decision_docs.bonus_xlsx(d))
                for c in row if c.value is not None), ("bonus", d.pk)
    for cert in Certificate.objects.select_related("recognition__decision"):
        assert certificates.certificate_facts(cert)["signer"]["name"], ("certificate", cert.pk)
    for ballot in Ballot.objects.filter(status=Ballot.CLOSED):
        c = minutes.minutes_context(ballot)
        text = _docx_text(minutes.render_minutes(c))
        assert c["chair"] and c["secretary"] and c["chair"] in text and c["secretary"] in text
        assert "Hội đồng 1" not in text  # a person's name, not a placeholder
    for conf in Conference.objects.select_related("agency"):
        on = conference_docs.issued_on(conf)
        name = conference_docs._signer(conf, on).name
        signs(conference_docs.invitation_docx(conf, on), name, ("invitation", conf.pk))
        signs(conference_docs.programme_docx(conf, on), name, ("programme", conf.pk))
    assert checked >= 10


def _sheet(data: bytes):
    import io

    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data)).active.iter_rows()
