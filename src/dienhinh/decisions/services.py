"""The rules of decisions, rewards, certificates and proposals upward.

One function per transition; each checks permission, writes the audit log and queues
notifications inside one transaction. A refusal raises `DecisionError` with a
Vietnamese / English message and changes nothing.

    draft_decision(actor, agency, items, title, year=None, plan=None, level="agency",
                   reward_code=None, reward_issuer=None) -> Decision     (only passed items)
    update_draft(actor, decision, version, **fields) -> Decision       (drafts only)
    issue_decision(actor, decision, signed_on=None) -> Decision        draft → issued, numbered
    approve(actor, items, title, signed_on=None, **draft_args) -> Decision   draft + issue
    publish_decision(actor, decision) -> Decision                      (a separate act)
    attach_scan(actor, decision, uploaded) -> Decision
    draft_correction(actor, old, title=None) -> Decision               supersedes old on issue
    draft_revocation(actor, old, title=None) -> Decision               cancels old on issue

Numbering: `15/QĐ-SLĐTBXH`, `01/QĐ-SLĐTBXH` below 10 (Nghị định 30/2020, Phụ lục I,
Phần II, mục 3.a), a sequence per agency and year with no gap and no
duplicate: the agency's counter row for the year is locked (`select_for_update` on
PostgreSQL; SQLite serialises writers with IMMEDIATE transactions) in the same
transaction that sets the decision's number.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh import policy, workflow
from dienhinh.audit.services import record as audit
from dienhinh.catalogue.models import AchievementCode
from dienhinh.core import documents as layout
from dienhinh.core.i18n import system_language
from dienhinh.council import services as council
from dienhinh.council.models import AgendaItem
from dienhinh.ledger.models import Achievement
from dienhinh.orgs import places
from dienhinh.orgs.models import Role, RoleAssignment
from dienhinh.orgs.places import derived_place

from . import rewards
from .models import (
    DECISION_TRANSITIONS,
    AgencyProfile,
    Authority,
    Decision,
    NumberCounter,
    Recognition,
    RewardRule,
)


class DecisionError(workflow.WorkflowError):
    """A refused change; the message is for the user and nothing was changed."""


class NotPassed(DecisionError):
    pass


class AlreadyIssued(DecisionError):
    status = 409


class NotAuthorised(DecisionError):
    pass


# The workflow core's (see `dienhinh.workflow`), under the name callers import.
StaleVersion = workflow.StaleVersion

# Declared beside the model: action -> (states it may start from, state it ends in)
TRANSITIONS: workflow.Transitions = DECISION_TRANSITIONS


# -- agency profile and numbers ---------------------------------------------------------
# Kept under its old name for callers: the rule lives beside the place, in orgs.
abbreviate = places.abbreviate


def profile_of(agency) -> AgencyProfile:
    """The stored profile, or one derived from the unit: a commune signs as its People's
    Committee chairman (UBND_XA), other agencies as their head (SO)."""
    profile = AgencyProfile.objects.filter(agency=agency).first()
    if profile is None:
        place = derived_place(agency.name)
        if agency.kind == "commune":
            profile = AgencyProfile(agency=agency, abbreviation="UBND", place=place,
                                    issuer="UBND_XA", signer_title="CHỦ TỊCH")
        else:
            profile = AgencyProfile(agency=agency, abbreviation=abbreviate(agency.name),
                                    place=place)
    return profile


def format_number(seq: int, abbreviation: str) -> str:
    return layout.doc_number(seq, f"QĐ-{abbreviation}")


def next_number(agency, year: int) -> int:
    """The next number of the agency's yearly sequence; call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside transaction.atomic()")
    try:
        with transaction.atomic():
            NumberCounter.objects.get_or_create(agency=agency, year=year)
    except IntegrityError:
        pass  # a concurrent issuer created the row first: it exists now
    counter = NumberCounter.objects.select_for_update().get(agency=agency, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


# -- rewards ----------------------------------------------------------------------------
# The bonus itself lives in `rewards` (bonus_for, decision_total); these names stay for
# the callers written before it.
base_salary_on = rewards.base_salary_on


def reward_rule_on(code: str, issuer: str, subject_type: str, on: dt.date) -> RewardRule | None:
    return rewards.rule_on(code, issuer, subject_type, on)


def compute_bonus(code: str, issuer: str, subject_type: str, on: dt.date) -> dict:
    """{'multiple', 'base_salary', 'bonus', 'rule_set', 'warning'}: when no rule or base
    salary applies, `bonus` is None and `warning` says why — never a silent 0."""
    b = rewards.bonus_for(code, issuer, on, subject_type == "collective")
    return {"multiple": b.multiple, "base_salary": b.base_salary, "bonus": b.amount,
            "rule_set": b.rule, "warning": b.warning}


def authority_on(issuer: str, code: str, on: dt.date) -> Authority | None:
    """The row that lets the issuer confer the award on that date, with its basis."""
    return Authority.objects.filter(issuer=issuer, code=code, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("-valid_from").first()


def may_confer(issuer: str, code: str, on: dt.date) -> bool:
    return authority_on(issuer, code, on) is not None


def check_authority(issuer: str, code: str, on: dt.date) -> None:
    if code and not may_confer(issuer, code, on):
        raise NotAuthorised(
            _("%(issuer)s không có thẩm quyền tặng “%(award)s” vào ngày %(on)s.")
            % {"issuer": rewards.issuer_name(issuer) or _("Cấp khen chưa xác định"),
               "award": rewards.code_name(code), "on": on.strftime("%d/%m/%Y")})


# -- helpers ----------------------------------------------------------------------------
def _require(actor, action: str, obj) -> None:
    workflow.require(actor, action, obj)


def _lock(decision: Decision, version) -> Decision:
    return workflow.lock(decision, version)


def _snapshot(d: Decision) -> dict:
    return {"status": d.status, "number": d.number, "title": d.title, "kind": d.kind,
            "signed_on": d.signed_on, "recognitions": list(
                d.recognitions.values_list("subject__code", flat=True))}


def _notify(users, subject: str, url: str = "") -> None:
    from dienhinh.notifications.services import notify

    notify(users, subject, "", url)


def _refuse_unless_draft(d: Decision) -> None:
    if d.status != Decision.DRAFT:
        raise AlreadyIssued(
            _("Quyết định %(no)s đã ban hành, không được sửa; hãy ban hành quyết định đính chính "
              "thay thế") % {"no": d.number})


def _check_passed(items) -> None:
    for item in items:
        result = council.item_result(item)
        if result is None or not result.passed:
            raise NotPassed(
                _("%(name)s chưa được Hội đồng bỏ phiếu thông qua") % {"name": item.nomination.subject.name})


# -- transitions ------------------------------------------------------------------------
def draft_decision(actor, agency, items, title: str, year: int | None = None, plan=None,
                   level: str = "agency", reward_code: str | None = None,
                   reward_issuer: str | None = None, on: dt.date | None = None) -> Decision:
    """A draft recognising the nominations of `items` (agenda items) — only those whose
    ballot passed — with the reward the agency may confer."""
    if not (policy.can(actor, "manage_decisions", agency)
            or policy.can(actor, "approve_decision", agency)):
        raise PermissionDenied(_("Không có quyền"))
    items = list(AgendaItem.objects.filter(pk__in=[getattr(i, "pk", i) for i in items])
                 .select_related("nomination__subject", "nomination__plan", "meeting")
                 .order_by("meeting_id", "position"))
    if not items:
        raise DecisionError(_("Chưa chọn đối tượng nào"))
    _check_passed(items)
    for item in items:
        if item.meeting.council.agency_id != agency.pk:
            raise NotPassed(_("%(name)s không thuộc Hội đồng của cơ quan") % {"name": item.nomination.subject.name})
    profile = profile_of(agency)
    on = on or timezone.localdate()
    if reward_code is None:
        reward_code = "GIAY_KHEN" if level == "agency" else ""
    if reward_issuer is None:
        reward_issuer = profile.issuer if reward_code else ""
    check_authority(reward_issuer, reward_code, on)
    first = items[0].nomination
    with transaction.atomic():
        d = Decision.objects.create(
            agency=agency, plan=plan or first.plan, level=level, year=year or first.year,
            title=title, signer_title=profile.signer_title, signer_name=profile.signer_name,
            reward_code=reward_code, reward_issuer=reward_issuer, created_by=actor)
        for n, item in enumerate(items, 1):
            Recognition.objects.create(decision=d, nomination=item.nomination,
                                       subject=item.nomination.subject, position=n,
                                       reason=item.nomination.summary)
        audit(actor, "decision.draft", d, None, _snapshot(d))
        # The head is told a draft waits for the signature, with a link to it.
        heads = [a.user for a in RoleAssignment.objects.filter(
            role=Role.HEAD, unit__in=_ancestors_and_self(agency)).select_related("user")]
        with system_language():
            _notify(heads, _("Dự thảo quyết định chờ ký: %(t)s") % {"t": d.title},
                    reverse("decision_detail", args=[d.pk]))
    return d


def _ancestors_and_self(agency):
    pks = [int(pk) for pk in agency.path.strip("/").split("/") if pk]
    return pks or [agency.pk]


def update_draft(actor, decision: Decision, version, **fields) -> Decision:
    allowed = {"title", "signer_title", "signer_name", "year"}
    with transaction.atomic():
        d = _lock(decision, version)
        _refuse_unless_draft(d)
        _require(actor, "manage_decisions", d)
        before = _snapshot(d)
        for key, value in fields.items():
            if key not in allowed:
                raise DecisionError(f"{key}?")
            setattr(d, key, value)
        workflow.bump(d)
        audit(actor, "decision.update", d, before, _snapshot(d))
    return d


def _ledger_note(d: Decision) -> str:
    return _("Điển hình tiên tiến — Quyết định %(no)s") % {"no": d.number}


def _record_reward(d: Decision, r: Recognition) -> None:
    """The reward form is a contract code: it enters the ledger automatically."""
    if d.reward_code:
        # Stored at issue, so later changes of the rules never alter an issued amount.
        b = rewards.bonus_for(d.reward_code, d.reward_issuer, d.signed_on,
                              r.subject.type == "collective")
        r.multiple, r.base_salary, r.rule_set = b.multiple, b.base_salary, b.rule[:100]
        r.bonus, r.bonus_warning = b.amount or 0, b.warning[:300]
    if d.reward_code:
        code = AchievementCode.objects.get(code=d.reward_code)
        r.achievement = Achievement.objects.create(
            subject=r.subject, year=d.year, kind=code.kind, code=code,
            issuer=d.reward_issuer, decision_no=d.number, decision_date=d.signed_on,
            issuer_unit=d.agency, note=_ledger_note(d))
    r.save()


def _mark_ledger(recognitions, text: str) -> None:
    """A revoked or replaced reward stays in the ledger (history is kept), marked."""
    for r in recognitions:
        if r.achievement_id:
            Achievement.objects.filter(pk=r.achievement_id).update(
                note=(r.achievement.note + "\n" + text).strip())


def issue_decision(actor, decision: Decision, signed_on: dt.date | None = None,
                   version=workflow.CURRENT) -> Decision:
    """The head signs: the decision gets the next number of the agency's year, and its
    recognitions and rewards enter the ledger. Refused for items without a passed ballot."""
    with transaction.atomic():
        d = _lock(decision, version)
        _refuse_unless_draft(d)
        _require(actor, "approve_decision", d)
        workflow.check(TRANSITIONS, "issue", d.status, model=Decision, label=_("ban hành"))
        before = _snapshot(d)
        d.signed_on = signed_on or timezone.localdate()
        recognitions = list(d.recognitions.select_related("nomination__subject", "subject"))
        if d.kind != Decision.REVOCATION:
            for r in recognitions:
                if r.nomination_id and not council.nomination_passed(r.nomination):
                    raise NotPassed(_("%(name)s chưa được Hội đồng bỏ phiếu thông qua") % {"name": r.subject.name})
            check_authority(d.reward_issuer, d.reward_code, d.signed_on)
        from .documents import missing_signer

        if message := missing_signer(d, d.signed_on):
            raise DecisionError(message)
        profile = profile_of(d.agency)
        d.number_year = d.signed_on.year
        d.seq = next_number(d.agency, d.number_year)
        d.number = format_number(d.seq, profile.abbreviation)
        d.status, d.issued_by, d.issued_at = Decision.ISSUED, actor, timezone.now()
        d.version += 1
        d.save()
        if d.kind == Decision.REVOCATION:
            old = list(d.revokes.recognitions.select_related("achievement")
                       .filter(revoked_by__isnull=True))
            for r in old:
                r.revoked_by, r.recover_amount = d, r.bonus
                r.save(update_fields=["revoked_by", "recover_amount"])
            _mark_ledger(old, _("Đã bị hủy bỏ bởi Quyết định %(no)s") % {"no": d.number})
            if old:
                from .signals import recognitions_revoked

                recognitions_revoked.send(sender=Decision, decision=d, recognitions=old,
                                          actor=actor)
        else:
            for r in recognitions:
                _record_reward(d, r)
            if d.supersedes_id:
                replaced = list(d.supersedes.recognitions.select_related("achievement"))
                _mark_ledger(replaced,
                             _("Được thay thế bởi Quyết định %(no)s") % {"no": d.number})
                from .signals import recognitions_replaced

                by_subject = {r.subject_id: r for r in recognitions}
                recognitions_replaced.send(
                    sender=Decision, decision=d, actor=actor,
                    replaced={r.pk: by_subject.get(r.subject_id) for r in replaced})
        from .freeze import freeze_decision  # issued means frozen (issue 11)

        freeze_decision(d)
        audit(actor, "decision.issue", d, before, _snapshot(d))
        if d.kind != Decision.REVOCATION and recognitions:
            from .signals import recognitions_issued

            recognitions_issued.send(sender=Decision, decision=d, actor=actor)
        office = [d.created_by] if d.created_by_id else []
        if office:
            with system_language():
                _notify(office, _("Quyết định %(no)s đã được ký ban hành") % {"no": d.number},
                        reverse("decision_detail", args=[d.pk]))
    return d


def approve(actor, items, title: str, signed_on: dt.date | None = None, **draft_args) -> Decision:
    """The head approves the list in the system: draft and issue in one transaction."""
    with transaction.atomic():
        agency = draft_args.pop("agency", None)
        if agency is None:
            first = AgendaItem.objects.select_related("meeting__council__agency").get(
                pk=getattr(items[0], "pk", items[0]))
            agency = first.meeting.council.agency
        d = draft_decision(actor, agency, items, title, on=signed_on, **draft_args)
        return issue_decision(actor, d, signed_on)


def publish_decision(actor, decision: Decision, version=workflow.CURRENT) -> Decision:
    with transaction.atomic():
        d = _lock(decision, version)
        _require(actor, "manage_decisions", d)
        if d.status != Decision.ISSUED:
            raise DecisionError(_("Chỉ công bố quyết định đã ban hành"))
        if d.published_at is None:
            workflow.bump(d, published_at=timezone.now())
            audit(actor, "decision.publish", d, None, {"published_at": d.published_at})
    return d


def attach_scan(actor, decision: Decision, uploaded, version=workflow.CURRENT) -> Decision:
    """The signed scan (PDF, JPG or PNG, checked by content) of an issued decision."""
    from dienhinh.core.uploads import check_upload

    kind = check_upload(uploaded, allowed={"pdf", "jpg", "png"})
    with transaction.atomic():
        d = _lock(decision, version)
        _require(actor, "manage_decisions", d)
        if d.status != Decision.ISSUED:
            raise DecisionError(_("Chỉ đính kèm bản ký của quyết định đã ban hành"))
        from dienhinh.core.files import stored_name

        d.scan.save(stored_name(kind.extension), uploaded, save=False)
        d.save(update_fields=["scan"])
        audit(actor, "decision.scan", d, None, {"scan": d.scan.name})
    return d


def _follow_up(actor, old: Decision, kind: str, title: str) -> Decision:
    _require(actor, "manage_decisions", old)
    if old.status != Decision.ISSUED:
        raise DecisionError(_("Quyết định chưa ban hành thì sửa trực tiếp bản dự thảo"))
    if old.superseded_by.exists() or old.revoked_by.exists():
        raise DecisionError(_("Quyết định %(no)s đã được thay thế hoặc hủy bỏ") % {"no": old.number})
    with transaction.atomic():
        d = Decision.objects.create(
            agency=old.agency, plan=old.plan, level=old.level, year=old.year, kind=kind,
            title=title, signer_title=old.signer_title, signer_name=old.signer_name,
            reward_code=old.reward_code if kind == Decision.CORRECTION else "",
            reward_issuer=old.reward_issuer if kind == Decision.CORRECTION else "",
            supersedes=old if kind == Decision.CORRECTION else None,
            revokes=old if kind == Decision.REVOCATION else None, created_by=actor)
        for r in old.recognitions.all():
            Recognition.objects.create(decision=d, nomination=r.nomination, subject=r.subject,
                                       position=r.position, reason=r.reason)
        audit(actor, f"decision.draft_{kind}", d, None, _snapshot(d))
    return d


def draft_correction(actor, old: Decision, title: str | None = None) -> Decision:
    """A new decision that, once issued, replaces `old` (which is never edited)."""
    return _follow_up(actor, old, Decision.CORRECTION, title or _(
        "Về việc đính chính, thay thế Quyết định số %(no)s") % {"no": old.number})


def draft_revocation(actor, old: Decision, title: str | None = None) -> Decision:
    """A new decision that, once issued, cancels `old` and records the bonus to recover."""
    return _follow_up(actor, old, Decision.REVOCATION, title or _(
        "Về việc hủy bỏ Quyết định số %(no)s") % {"no": old.number})


def in_force(qs=None):
    """Recognitions neither revoked nor replaced by a later decision."""
    qs = qs if qs is not None else Recognition.objects.all()
    return qs.filter(decision__status=Decision.ISSUED, revoked_by__isnull=True).exclude(
        decision__kind=Decision.REVOCATION).exclude(
        decision__superseded_by__status=Decision.ISSUED)


def bonuses(decision: Decision, on: dt.date | None = None) -> dict[int, int]:
    """Recognition id → bonus in đồng: as stored once issued; for a draft, computed now
    with the rules in force on `on` (the date it would be signed; default today), so a
    draft never shows 0 đ for a reward that carries money."""
    rows = list(decision.recognitions.select_related("subject"))
    if decision.status != Decision.DRAFT or decision.kind == Decision.REVOCATION:
        return {r.pk: r.bonus for r in rows}
    on = on or timezone.localdate()
    return {r.pk: compute_bonus(decision.reward_code, decision.reward_issuer, r.subject.type,
                                on)["bonus"] for r in rows}


def expected_number(decision: Decision, on: dt.date) -> str:
    """The number a draft would take if issued on `on` now (the counter is not moved:
    the real number is taken under a lock when it is issued)."""
    counter = NumberCounter.objects.filter(agency=decision.agency, year=on.year).first()
    return format_number((counter.last if counter else 0) + 1,
                         profile_of(decision.agency).abbreviation)


def totals(decision: Decision) -> dict:
    rows = list(decision.recognitions.all())
    amounts = bonuses(decision) if decision.status == Decision.DRAFT else {}
    # A line without a rule counts 0 here; `rewards.decision_total` carries its warning.
    return {"count": len(rows), "bonus": sum(amounts.get(r.pk, r.bonus) or 0 for r in rows),
            # what this decision's cancellation (or this cancelling decision) recovers
            "recover": sum(r.recover_amount for r in rows) + sum(
                r.recover_amount for r in decision.revoked_recognitions.all())}


def visible_decisions(user):
    return Decision.objects.filter(agency__in=policy.units(user, "view_decisions"))
