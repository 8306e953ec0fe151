"""Proposals to the higher level: the standing office picks, from the agency's
exemplars in force, those to send upward within the plan's quota (the template's
plan-wide quota, e.g. "04 đến 05 gương"), builds the package (decision and dossier
documents plus a JSON of the subjects and their evaluation), records when it was
sent and, later, the higher level's decision, which enters the ledger."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh import workflow
from dienhinh.audit.services import record as audit
from dienhinh.catalogue.models import AchievementCode
from dienhinh.council import services as council
from dienhinh.exemplars.documents import achievement_report_docx
from dienhinh.ledger.models import Achievement
from dienhinh.plans.services import plan_template

from . import freeze, services
from .models import PROPOSAL_TRANSITIONS, IssuedFile, Proposal, ProposalItem, Recognition


class ProposalError(services.DecisionError):
    pass


def quota(plan) -> dict:
    """{'min', 'max', 'label'} of the plan-wide quota of what is sent upward."""
    for q in plan_template(plan).quotas:
        if q.get("per") == "plan" and (q.get("min") is not None or q.get("max") is not None):
            return {"min": q.get("min"), "max": q.get("max"), "label": q.get("label", "")}
    return {"min": None, "max": None, "label": ""}


# Declared beside the model: action -> (states it may start from, state it ends in)
TRANSITIONS: workflow.Transitions = PROPOSAL_TRANSITIONS


def _require(actor, obj) -> None:
    workflow.require(actor, "manage_decisions", obj)


def candidates(p: Proposal):
    chosen = p.items.values("recognition")
    return (services.in_force(Recognition.objects.filter(
        decision__agency=p.agency, decision__plan=p.plan, decision__year=p.year))
        .exclude(pk__in=chosen).select_related("subject", "decision").order_by(
            "decision__seq", "position"))


def create_proposal(actor, plan, year: int, sent_to: str = "") -> Proposal:
    _require(actor, plan.agency)
    with transaction.atomic():
        p = Proposal.objects.create(agency=plan.agency, plan=plan, year=year, sent_to=sent_to)
        audit(actor, "proposal.create", p, None, {"plan": plan.pk, "year": year})
    return p


def _check_draft(p: Proposal) -> None:
    if p.status != Proposal.DRAFT:
        raise ProposalError(_("Đề nghị đã gửi, không thay đổi danh sách được"))


def select(actor, p: Proposal, recognition_ids: list[int],
           version=workflow.CURRENT) -> Proposal:
    """Replace the selection; more than the quota's maximum is refused."""
    _require(actor, p)
    with transaction.atomic():
        p = workflow.lock(p, version)
        _check_draft(p)
        allowed = {r.pk for r in services.in_force(Recognition.objects.filter(
            decision__agency=p.agency, decision__plan=p.plan, decision__year=p.year))}
        ids = list(dict.fromkeys(recognition_ids))
        if not set(ids) <= allowed:
            raise ProposalError(_("Chỉ chọn điển hình đã được công nhận và còn hiệu lực của cơ "
                                  "quan"))
        q = quota(p.plan)
        if q["max"] is not None and len(ids) > q["max"]:
            raise ProposalError(_("Vượt chỉ tiêu: chọn %(n)s, tối đa %(max)s — %(label)s") % {"n": len(ids), "max": q["max"],
                                                       "label": q["label"]})
        p.items.all().delete()
        ProposalItem.objects.bulk_create([ProposalItem(proposal=p, recognition_id=i)
                                          for i in ids])
        workflow.bump(p)
        audit(actor, "proposal.select", p, None, {"recognitions": ids})
    return p


def mark_sent(actor, p: Proposal, on: dt.date | None = None,
              version=workflow.CURRENT) -> Proposal:
    _require(actor, p)
    with transaction.atomic():
        p = workflow.lock(p, version)
        _check_draft(p)
        n, q = p.items.count(), quota(p.plan)
        if not n or (q["min"] is not None and n < q["min"]):
            raise ProposalError(_("Chưa đủ chỉ tiêu: mới chọn %(n)s, cần ít nhất %(min)s") % {"n": n, "min": q["min"] or 1})
        end = workflow.check(TRANSITIONS, "send", p.status, model=Proposal, label=_("gửi"))
        workflow.bump(p, status=end, sent_on=on or timezone.localdate())
        audit(actor, "proposal.send", p, None, {"sent_on": p.sent_on, "count": n})
    return p


def record_higher_decision(actor, p: Proposal, number: str, on: dt.date | None,
                           code: str = "BANG_KHEN", issuer: str = "UBND_TINH",
                           version=workflow.CURRENT) -> Proposal:
    """The higher level decided: each proposed subject gets a ledger record."""
    _require(actor, p)
    if not number or on is None:
        raise ProposalError(_("Cần số và ngày quyết định của cấp trên"))
    services.check_authority(issuer, code, on)
    with transaction.atomic():
        p = workflow.lock(p, version)
        if p.status != Proposal.SENT:
            raise ProposalError(_("Đề nghị chưa gửi hoặc đã có quyết định"))
        kind = AchievementCode.objects.get(code=code).kind
        for item in p.items.select_related("recognition__subject"):
            item.achievement, _c = Achievement.objects.get_or_create(
                subject=item.recognition.subject, year=p.year, kind=kind, code_id=code,
                issuer=issuer, level="", decision_no=number,
                defaults={"decision_date": on, "note": _("Cấp trên khen thưởng theo đề nghị")})
            item.save(update_fields=["achievement"])
        p.status, p.higher_number, p.higher_date = Proposal.DECIDED, number, on
        p.higher_code, p.higher_issuer = code, issuer
        workflow.bump(p)
        audit(actor, "proposal.higher_decision", p, None, {"number": number, "code": code})
    return p


def evaluation(p: Proposal) -> dict:
    """The machine-readable package: subjects, their recognition and the council's vote."""
    subjects = []
    for item in p.items.select_related("recognition__subject", "recognition__decision",
                                       "recognition__nomination"):
        r = item.recognition
        vote = None
        if r.nomination_id:
            agenda = council.passed_items().filter(nomination=r.nomination).first()
            res = council.item_result(agenda) if agenda else None
            if res:
                vote = {"members_total": res.members_total, "present": res.present,
                        "valid": res.valid, "yes": res.yes, "rule": res.rule}
        subjects.append({
            "subject": r.subject.code, "subject_type": r.subject.type, "name": r.subject.name,
            "decision_no": r.decision.number,
            "decision_date": r.decision.signed_on.isoformat() if r.decision.signed_on else None,
            "summary": r.reason, "ballot": vote})
    return {"agency": p.agency.code, "plan": p.plan.template.template_id
            if p.plan.template_id else None, "year": p.year, "sent_to": p.sent_to,
            "subjects": subjects}


def package(p: Proposal) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("de-nghi.json", json.dumps(evaluation(p), ensure_ascii=False, indent=2))
        seen = set()
        for item in p.items.select_related("recognition__decision", "recognition__subject",
                                           "recognition__nomination__unit"):
            r = item.recognition
            if r.decision_id not in seen:
                seen.add(r.decision_id)
                zf.writestr(f"quyet-dinh-{r.decision.number.replace('/', '-')}.docx",
                            freeze.issued_bytes(r.decision, IssuedFile.DECISION))
            if r.nomination_id:
                zf.writestr(f"bao-cao-thanh-tich-{r.subject.code}.docx",
                            achievement_report_docx(r.nomination))
    return out.getvalue()

