"""Thin views over `services`: every object is scoped by the policy (out of scope → 404)."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dienhinh import policy, workflow
from dienhinh.core.files import login_or_404, serve_private
from dienhinh.council import services as council
from dienhinh.council.models import Ballot, Meeting

from . import certificates, documents, forms, freeze, proposals, rewards, services
from .models import Certificate, CertificateBatch, Decision, IssuedFile, Proposal, Recognition

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _decision(request, pk) -> Decision:
    d = get_object_or_404(Decision.objects.select_related("agency", "plan"), pk=pk)
    if not policy.can(request.user, "view_decisions", d):
        raise Http404
    return d


def _date(value: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except (ValueError, AttributeError):
            continue
    return None


@login_required
def decision_list(request):
    # The agency's name lives on its subject row: joined, not fetched row by row. Only
    # the columns the list shows (decisions/list.html): building and filling every
    # column of the decisions, agencies, subjects, meetings and councils cost more CPU
    # than the rest of the page.
    decisions = services.visible_decisions(request.user).select_related(
        "agency__subject").only("number", "signed_on", "title", "status",
                                "agency__subject__name")[:200]
    agencies = policy.units(request.user, "view_decisions")
    decided = Recognition.objects.filter(decision__status=Decision.ISSUED).values("nomination")
    # Meetings with a passed item as a semi-join (`pk IN`), not a join made DISTINCT
    # again: the same meetings, a third less to plan and to build.
    meetings = (Meeting.objects.filter(
        council__agency__in=agencies, pk__in=council.passed_items().values("meeting_id"))
                .exclude(items__nomination__in=decided)
                .select_related("council__agency__subject")
                .only("title", "held_on", "council__agency__subject__name")[:50])
    return render(request, "decisions/list.html", {
        "decisions": decisions, "meetings": meetings,
        "may_approve": policy.can(request.user, "approve_decision"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def decision_new(request, meeting_pk: int):
    meeting = get_object_or_404(Meeting.objects.select_related("council__agency"),
                                pk=meeting_pk)
    agency = meeting.council.agency
    head = policy.can(request.user, "approve_decision", agency)
    if not (head or policy.can(request.user, "manage_decisions", agency)):
        raise Http404
    items = list(council.passed_items(meeting).order_by("position"))
    title = _("Về việc công nhận điển hình tiên tiến năm %(y)s") % {
        "y": items[0].nomination.year if items else meeting.held_on.year}
    if request.method == "POST":
        chosen = [i for i in items if str(i.pk) in request.POST.getlist("items")]
        title = request.POST.get("title", "").strip() or title
        try:
            d = services.draft_decision(request.user, agency, chosen, title)
        except (workflow.WorkflowError, PermissionDenied) as exc:
            return workflow.respond(request, exc, request.path)
        if head:
            # The head signs only after reading the preview: number, date, text, total.
            preview = reverse("decision_issue", args=[d.pk])
            signed_on = request.POST.get("signed_on", "").strip()
            return redirect(f"{preview}?{urlencode({'signed_on': signed_on})}"
                            if signed_on else preview)
        messages.success(request, _("Đã lập dự thảo quyết định, chờ Thủ trưởng ký"))
        return redirect("decision_detail", d.pk)
    return render(request, "decisions/new.html", {"meeting": meeting, "items": items,
                                                  "title": title, "head": head})


def _draft_text(d: Decision, on, number: str) -> list[str]:
    """The draft's document as it will read, paragraph by paragraph (tables row by row)."""
    from docx import Document

    doc = Document(io.BytesIO(documents.decision_docx(d, on=on, number=number)))
    lines = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in block.iter() if t.tag.endswith("}t"))
            if text.strip():
                lines.append(text)
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            cells.append(" ".join(
                                "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                                for p in cell.iter() if p.tag.endswith("}p")).strip())
                    lines.append(" | ".join(c for c in cells if c))
    return lines


@login_required
@require_http_methods(["GET", "POST"])
def decision_issue(request, pk: int):
    """GET: the preview — the text as it will read, the number it will take, the total
    bonus, the signing date (required). POST (with `confirm`): the head signs."""
    d = _decision(request, pk)
    if not policy.can(request.user, "approve_decision", d):
        raise Http404
    back = reverse("decision_detail", args=[d.pk])
    if request.method == "POST":
        form = forms.IssueForm(request.POST)
        if form.is_valid() and not form.cleaned_data["confirm"]:
            form.add_error("confirm", _("Hãy xác nhận đã đọc bản xem trước trước khi ký."))

        def run(data):
            issued = services.issue_decision(request.user, d, data["signed_on"],
                                             version=data["version"])
            messages.success(request, _("Đã ký ban hành Quyết định %(no)s") % {
                "no": issued.number})

        return workflow.act(request, form, run, back=back)
    if d.status != Decision.DRAFT:
        return redirect(back)
    form = forms.PreviewForm(request.GET or None)
    on = form.cleaned_data["signed_on"] if form.is_valid() else None
    context = {"d": d, "form": form, "on": on}
    if on is not None:
        amounts = {pk: amount or 0 for pk, amount in services.bonuses(d, on).items()}
        context.update({
            "number": services.expected_number(d, on),
            "total": sum(amounts.values()),
            "rows": [(r, amounts.get(r.pk, 0)) for r in
                     d.recognitions.select_related("subject").order_by("position")],
            "text": _draft_text(d, on, services.expected_number(d, on)),
            "missing_signer": documents.missing_signer(d, on),
            # an award with no rule or a date with no base salary: said, never a silent 0
            "warnings": sorted({
                w for r in d.recognitions.select_related("subject")
                if d.reward_code and d.kind != Decision.REVOCATION
                and (w := services.compute_bonus(d.reward_code, d.reward_issuer,
                                                 r.subject.type, on)["warning"])}),
        })
    return render(request, "decisions/issue_preview.html", context,
                  status=400 if request.GET and on is None else 200)


def _decision_action(form_class, permission, run_with, *, success="", files=False):
    """One POST view per action on an issued decision: the form, the service, the answer."""
    @login_required
    @require_POST
    def view(request, pk: int):
        d = _decision(request, pk)
        if not policy.can(request.user, permission, d):
            raise Http404
        form = form_class(request.POST, request.FILES) if files else form_class(request.POST)
        return workflow.act(request, form, lambda data: run_with(request, d, data),
                            back=reverse("decision_detail", args=[d.pk]), success=success)
    return view


def _scan(request, d, data):
    try:
        services.attach_scan(request.user, d, data["scan"], version=data["version"])
    except ValidationError as exc:
        raise workflow.GuardFailed(" ".join(exc.messages)) from exc


def _follow_up(fn):
    def run(request, d, data):
        return redirect("decision_detail", fn(request.user, d).pk)
    return run


def _certificates(request, d, data):
    if d.status != Decision.ISSUED:
        raise workflow.ForbiddenTransition(_("Chỉ tạo Giấy công nhận cho quyết định đã ban "
                                             "hành."))
    return redirect("certificate_batch", certificates.start_batch(d).pk)


decision_publish = _decision_action(
    forms.VersionForm, "manage_decisions",
    lambda r, d, data: services.publish_decision(r.user, d, data["version"]),
    success=gettext_lazy("Đã công bố quyết định"))
decision_scan = _decision_action(forms.ScanForm, "manage_decisions", _scan,
                                 success=gettext_lazy("Đã đính kèm bản ký"), files=True)
# These three leave the decision itself unchanged (they create new records): no version.
decision_correct = _decision_action(forms.forms.Form, "manage_decisions",
                                    _follow_up(services.draft_correction))
decision_revoke = _decision_action(forms.forms.Form, "manage_decisions",
                                   _follow_up(services.draft_revocation))
decision_certificates = _decision_action(forms.forms.Form, "manage_decisions",
                                         _certificates)


@login_required
@require_GET
def decision_detail(request, pk: int):
    d = _decision(request, pk)
    recognitions = list(d.recognitions.select_related("subject", "certificate", "revoked_by"))
    bonus = rewards.decision_total(d)  # a draft's amounts computed now, with warnings
    lines = {r.pk: b for r, b in bonus.lines}
    for r in recognitions:
        r.shown_bonus = lines.get(r.pk)
    return render(request, "decisions/detail.html", {
        "d": d, "recognitions": recognitions, "totals": services.totals(d), "bonus": bonus,
        "may_issue": policy.can(request.user, "approve_decision", d),
        "may_manage": policy.can(request.user, "manage_decisions", d),
        "batch": d.batches.order_by("-pk").first(),
        "later": Decision.objects.filter(supersedes=d) | Decision.objects.filter(revokes=d),
    })


def _issued_or_draft(d: Decision, kind: str) -> bytes:
    """An issued decision's file as stored at issue (checked against its SHA-256); a
    draft's as it reads now. A decision issued before files were stored is frozen on
    its first download."""
    if d.status != Decision.ISSUED:
        return (documents.decision_docx(d) if kind == IssuedFile.DECISION
                else documents.bonus_xlsx(d))
    return freeze.issued_bytes(d, kind)


@login_or_404
def decision_docx(request, pk: int):
    d = _decision(request, pk)
    name = (d.number or f"du-thao-{d.pk}").replace("/", "-")
    response = HttpResponse(_issued_or_draft(d, IssuedFile.DECISION), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="QD-{d.pk}.docx"; ' \
        f"filename*=UTF-8''{name}.docx"
    return response


@login_or_404
def decision_xlsx(request, pk: int):
    d = _decision(request, pk)
    response = HttpResponse(_issued_or_draft(d, IssuedFile.BONUS), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tien-thuong-{d.pk}.xlsx"'
    return response


@login_or_404
def decision_scan_file(request, pk: int):
    d = _decision(request, pk)
    name = (d.number or f"QD-{d.pk}").replace("/", "-")
    return serve_private(request, d.scan, f"{name}-ban-ky")


@login_or_404
def certificate_pdf(request, pk: int):
    r = get_object_or_404(Recognition.objects.select_related("decision__agency"), pk=pk)
    if not policy.can(request.user, "view_decisions", r.decision):
        raise Http404
    if r.decision.status != Decision.ISSUED:
        raise Http404
    cert = getattr(r, "certificate", None)
    if cert is None or not cert.file:
        cert = certificates.generate(r)
    return serve_private(request, cert.file, f"giay-cong-nhan-{r.decision_id}-{r.position}.pdf")


@login_or_404
def council_minutes(request, pk: int):
    """The vote-count minutes of a meeting's closed ballot, as stored at the close."""
    meeting = get_object_or_404(Meeting.objects.select_related("council__agency__subject"),
                                pk=pk)
    if not council.may_view(request.user, meeting.council, meeting.held_on):
        raise Http404
    ballot = get_object_or_404(Ballot, meeting=meeting, status=Ballot.CLOSED)
    data = freeze.stored_bytes(freeze.minutes_file(ballot))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-kiem-phieu-{pk}.docx"'
    return response


def _batch(request, pk) -> CertificateBatch:
    batch = get_object_or_404(CertificateBatch.objects.select_related("decision__agency"),
                              pk=pk)
    if not policy.can(request.user, "view_decisions", batch.decision):
        raise Http404
    return batch


@login_required
def certificate_batch(request, pk: int):
    """The progress bar; htmx polls the `#progress` part until the batch is done."""
    batch = _batch(request, pk)
    template = "decisions/batch.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"batch": batch, "d": batch.decision})


@login_or_404
def certificate_zip(request, pk: int):
    batch = _batch(request, pk)
    if batch.status != CertificateBatch.DONE:
        raise Http404
    return serve_private(request, batch.archive, f"giay-cong-nhan-{batch.decision_id}.zip")


def certificate_verify(request, token):
    """Public (no login): the certificate's essential facts and whether it still holds."""
    cert = get_object_or_404(Certificate.objects.select_related(
        "recognition__decision__agency", "recognition__subject", "recognition__revoked_by"),
        token=token)
    r = cert.recognition
    replaced = r.decision.superseded_by.filter(status=Decision.ISSUED).first()
    # The words of the certificate itself (the decision's snapshot at issue), so the page
    # reads as the paper does even after a rename.
    facts = certificates.certificate_facts(cert)
    return render(request, "decisions/verify.html", {"cert": cert, "r": r, "d": r.decision,
                                                     "replaced": replaced, "facts": facts})


# -- proposals ---------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def proposal_list(request):
    agencies = policy.units(request.user, "manage_decisions")
    if request.method == "POST":
        try:
            plan_id = int(request.POST.get("plan", 0))
            from dienhinh.plans.models import Plan

            plan = get_object_or_404(Plan, pk=plan_id, agency__in=agencies)
            p = proposals.create_proposal(request.user, plan, int(request.POST["year"]),
                                          request.POST.get("sent_to", ""))
            return redirect("proposal_detail", p.pk)
        except (ValueError, KeyError, proposals.ProposalError) as exc:
            messages.error(request, str(exc))
    items = Proposal.objects.filter(agency__in=policy.units(request.user, "view_decisions"))
    from dienhinh.plans.models import Plan

    plans = Plan.objects.filter(agency__in=agencies, status=Plan.IN_FORCE)
    return render(request, "decisions/proposals.html", {"proposals": items.select_related(
        "plan", "agency"), "plans": plans})


def _proposal(request, pk: int) -> Proposal:
    p = get_object_or_404(Proposal.objects.select_related("plan", "agency"), pk=pk)
    if not policy.can(request.user, "view_decisions", p):
        raise Http404
    return p


def _proposal_action(form_class, run_with, **form_kwargs):
    """One POST view per action on a proposal: the form, the service, the answer."""
    @login_required
    @require_POST
    def view(request, pk: int):
        p = _proposal(request, pk)
        form = form_class(request.POST, **{k: f(p) for k, f in form_kwargs.items()})
        return workflow.act(request, form, lambda data: run_with(request, p, data),
                            back=reverse("proposal_detail", args=[p.pk]),
                            success=gettext_lazy("Đã lưu"))
    return view


proposal_select = _proposal_action(
    forms.SelectForm,
    lambda r, p, data: proposals.select(r.user, p, data["recognitions"], data["version"]),
    choices=lambda p: list(p.items.values_list("recognition_id", flat=True))
    + [c.pk for c in proposals.candidates(p)])
proposal_send = _proposal_action(
    forms.SendForm,
    lambda r, p, data: proposals.mark_sent(r.user, p, data["sent_on"], data["version"]))
proposal_higher = _proposal_action(
    forms.HigherForm,
    lambda r, p, data: proposals.record_higher_decision(
        r.user, p, data["number"], data["date"], data["code"] or "BANG_KHEN",
        data["issuer"] or "UBND_TINH", version=data["version"]))


@login_required
@require_GET
def proposal_detail(request, pk: int):
    p = _proposal(request, pk)
    return render(request, "decisions/proposal.html", {
        "p": p, "chosen": p.items.select_related("recognition__subject", "achievement"),
        "candidates": proposals.candidates(p), "quota": proposals.quota(p.plan),
        "may_manage": policy.can(request.user, "manage_decisions", p),
    })


@login_or_404
def proposal_package(request, pk: int):
    p = get_object_or_404(Proposal, pk=pk)
    if not policy.can(request.user, "view_decisions", p):
        raise Http404
    response = HttpResponse(proposals.package(p), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="de-nghi-{p.pk}.zip"'
    return response
