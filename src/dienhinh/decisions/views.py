"""Thin views over `services`: every object is scoped by the policy (out of scope → 404)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dienhinh import policy
from dienhinh.core.files import login_or_404, serve_private
from dienhinh.council import services as council
from dienhinh.council.models import Meeting

from . import certificates, documents, proposals, services
from .models import Certificate, CertificateBatch, Decision, Proposal, Recognition

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
    decisions = services.visible_decisions(request.user).select_related("agency")[:200]
    agencies = policy.units(request.user, "view_decisions")
    decided = Recognition.objects.filter(decision__status=Decision.ISSUED).values("nomination")
    meetings = (Meeting.objects.filter(council__agency__in=agencies,
                                       items__in=council.passed_items())
                .exclude(items__nomination__in=decided).distinct()
                .select_related("council__agency")[:50])
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
            if head:
                d = services.approve(request.user, chosen or [0], title,
                                     _date(request.POST.get("signed_on", "")), agency=agency)
                messages.success(request, _("Đã ký ban hành Quyết định %(no)s") % {
                    "no": d.number})
            else:
                d = services.draft_decision(request.user, agency, chosen, title)
                messages.success(request, _("Đã lập dự thảo quyết định, chờ Thủ trưởng ký"))
            return redirect("decision_detail", d.pk)
        except services.DecisionError as exc:
            messages.error(request, str(exc))
    return render(request, "decisions/new.html", {"meeting": meeting, "items": items,
                                                  "title": title, "head": head})


@login_required
@require_http_methods(["GET", "POST"])
def decision_detail(request, pk: int):
    d = _decision(request, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "issue":
                d = services.issue_decision(request.user, d,
                                            _date(request.POST.get("signed_on", "")),
                                            version=request.POST.get("version"))
                messages.success(request, _("Đã ký ban hành Quyết định %(no)s") % {
                    "no": d.number})
            elif action == "publish":
                services.publish_decision(request.user, d)
                messages.success(request, _("Đã công bố quyết định"))
            elif action == "scan":
                if "scan" not in request.FILES:
                    raise services.DecisionError(_("Chưa chọn tệp / No file"))
                services.attach_scan(request.user, d, request.FILES["scan"])
                messages.success(request, _("Đã đính kèm bản ký"))
            elif action in ("correct", "revoke"):
                fn = services.draft_correction if action == "correct" else \
                    services.draft_revocation
                new = fn(request.user, d)
                return redirect("decision_detail", new.pk)
            elif action == "certificates":
                if not policy.can(request.user, "manage_decisions", d) or \
                        d.status != Decision.ISSUED:
                    raise PermissionDenied
                batch = certificates.start_batch(d)
                return redirect("certificate_batch", batch.pk)
            else:
                raise services.DecisionError(_("Thao tác không hợp lệ / Unknown action"))
        except (services.DecisionError, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        except PermissionDenied:
            messages.error(request, _("Không có quyền / Not allowed"))
        return redirect("decision_detail", d.pk)
    recognitions = d.recognitions.select_related("subject", "certificate", "revoked_by")
    return render(request, "decisions/detail.html", {
        "d": d, "recognitions": recognitions, "totals": services.totals(d),
        "may_issue": policy.can(request.user, "approve_decision", d),
        "may_manage": policy.can(request.user, "manage_decisions", d),
        "batch": d.batches.order_by("-pk").first(),
        "later": Decision.objects.filter(supersedes=d) | Decision.objects.filter(revokes=d),
    })


@login_required
def decision_docx(request, pk: int):
    d = _decision(request, pk)
    name = (d.number or f"du-thao-{d.pk}").replace("/", "-")
    response = HttpResponse(documents.decision_docx(d), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="QD-{d.pk}.docx"; ' \
        f"filename*=UTF-8''{name}.docx"
    return response


@login_required
def decision_xlsx(request, pk: int):
    d = _decision(request, pk)
    response = HttpResponse(documents.bonus_xlsx(d), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tien-thuong-{d.pk}.xlsx"'
    return response


@login_or_404
def decision_scan(request, pk: int):
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
    return serve_private(request, cert.file, f"giay-cong-nhan-{r.subject.code}.pdf")


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
    return render(request, "decisions/verify.html", {"cert": cert, "r": r, "d": r.decision,
                                                     "replaced": replaced})


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


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request, pk: int):
    p = get_object_or_404(Proposal.objects.select_related("plan", "agency"), pk=pk)
    if not policy.can(request.user, "view_decisions", p):
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "select":
                proposals.select(request.user, p, [int(x) for x in
                                                   request.POST.getlist("recognitions")])
            elif action == "send":
                proposals.mark_sent(request.user, p, _date(request.POST.get("sent_on", "")))
            elif action == "higher":
                proposals.record_higher_decision(
                    request.user, p, request.POST.get("number", ""),
                    _date(request.POST.get("date", "")),
                    request.POST.get("code", "BANG_KHEN"),
                    request.POST.get("issuer", "UBND_TINH"))
            messages.success(request, _("Đã lưu"))
        except (proposals.ProposalError, services.DecisionError, ValueError) as exc:
            messages.error(request, str(exc))
        except PermissionDenied:
            messages.error(request, _("Không có quyền / Not allowed"))
        return redirect("proposal_detail", p.pk)
    return render(request, "decisions/proposal.html", {
        "p": p, "chosen": p.items.select_related("recognition__subject", "achievement"),
        "candidates": proposals.candidates(p), "quota": proposals.quota(p.plan),
        "may_manage": policy.can(request.user, "manage_decisions", p),
    })


@login_required
def proposal_package(request, pk: int):
    p = get_object_or_404(Proposal, pk=pk)
    if not policy.can(request.user, "view_decisions", p):
        raise Http404
    response = HttpResponse(proposals.package(p), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="de-nghi-{p.pk}.zip"'
    return response
