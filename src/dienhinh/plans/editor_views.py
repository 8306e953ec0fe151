"""The plan template editor: copy a template, change its criteria, validate, and see
"what if" before saving.

The five seed templates are read-only: an agency copies one (new id, Vietnamese
name) and edits the copy. Edits are made in the YAML/JSON text, or as small
structured edits of thresholds (the `min` of a count, the `years` of a run), which
rewrite the same text. Nothing is saved while the text is invalid; the errors list
the path and the reason. "What if" evaluates the edited and the saved version on
today's ledger, in a scope and year the user picks, with the set-based engine.

Who may edit (`policy`, "edit_template"): a template copied here is owned by the unit
of the standing office that copied it (a roll-over copy by the plan's agency), and only
the standing office at or above that unit edits it; the seed templates have no owner
and only administrators edit them. Any editor may open and copy a template without an
owner; a template owned by another agency is answered as "not found".
"""

from __future__ import annotations

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from dienhinh import policy
from dienhinh.audit.services import record as audit
from dienhinh.criteria import schedule
from dienhinh.criteria.template import Error, TemplateError, load_template, parse_text
from dienhinh.orgs import picker
from dienhinh.orgs.models import Role, RoleAssignment, Unit

from . import services
from .editor_forms import CopyForm, EditForm
from .models import PlanTemplate

THRESHOLD_KEYS = {"count": "min", "consecutive": "years"}


def _require_editor(user, template: PlanTemplate | None = None) -> None:
    if not policy.can(user, "edit_template", template):
        raise PermissionDenied(_("Chỉ quản trị và thường trực Hội đồng TĐKT được sửa mẫu kế hoạch."))


def _visible(user):
    """Templates the user may open: those without an owner, and those it may edit."""
    return PlanTemplate.objects.filter(
        Q(owner__isnull=True) | Q(owner__in=policy.units(user, "edit_template")))


def _row(template_id: str, user) -> PlanTemplate:
    row = _visible(user).filter(template_id=template_id).first()
    if row is None:
        raise Http404(_("Không có mẫu kế hoạch này."))
    return row


def _office_unit(user) -> Unit | None:
    """The unit of the user's standing office (the highest, if several): the owner of
    the templates it copies. None for an administrator without one."""
    grant = (RoleAssignment.objects.filter(user=user, role=Role.STANDING_OFFICE)
             .select_related("unit").order_by("unit__path").first())
    return grant.unit if grant else None


def _copies() -> dict[str, str]:
    """Each copy's id -> the name of the template it was copied from (names, not ids, are
    what a person reads)."""
    from dienhinh.discovery.models import TemplateCopy

    names = dict(PlanTemplate.objects.values_list("template_id", "name"))
    return {copy: names.get(source, source)
            for copy, source in TemplateCopy.objects.values_list("template_id", "copied_from")}


def dump(doc: dict) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)


def copy_text(source_text: str, new_id: str, name: str) -> str:
    """The source document with a new id and name, as YAML."""
    doc = parse_text(source_text)
    doc = {"id": new_id, "name": name, **{k: v for k, v in doc.items() if k not in ("id", "name")}}
    return dump(doc)


# -- structured edits: thresholds -------------------------------------------------------
def thresholds(doc: dict) -> list[dict]:
    """Every number a user may want to tune: `count.min` and `consecutive.years`,
    with where it stands and what it counts."""
    found: list[dict] = []

    def walk(node, path: list, profile_name: str):
        if not isinstance(node, dict):
            return
        for key, field in THRESHOLD_KEYS.items():
            body = node.get(key)
            if isinstance(body, dict) and isinstance(body.get(field), int):
                found.append({
                    "path": ".".join(map(str, path + [key, field])),
                    "profile": profile_name, "what": node.get("what", ""),
                    "kind": key, "value": body[field],
                })
        for key in ("all", "any"):
            for i, child in enumerate(node.get(key) or []):
                walk(child, path + [key, i], profile_name)
        if isinstance(node.get("not"), dict):
            walk(node["not"], path + ["not"], profile_name)
        for key in ("members", "own_unit"):
            body = node.get(key)
            if isinstance(body, dict) and isinstance(body.get("criterion"), dict):
                walk(body["criterion"], path + [key, "criterion"], profile_name)

    for i, profile in enumerate(doc.get("profiles") or []):
        for j, criterion in enumerate(profile.get("criteria") or []):
            walk(criterion, ["profiles", i, "criteria", j], profile.get("name", ""))
    return found


def apply_thresholds(doc: dict, values: dict[str, str]) -> list[Error]:
    """Set the posted thresholds in `doc`; errors for values that are not numbers ≥ 1."""
    errors = []
    for item in thresholds(doc):
        raw = values.get(item["path"])
        if raw is None:
            continue
        try:
            value = int(raw)
        except ValueError:
            errors.append(Error(_pretty(item["path"]), gettext_noop("Phải là số nguyên")))
            continue
        if value < 1:
            errors.append(Error(_pretty(item["path"]), gettext_noop("Phải từ 1 trở lên")))
            continue
        target = doc
        parts = [int(p) if p.isdigit() else p for p in item["path"].split(".")]
        for part in parts[:-1]:
            target = target[part]
        target[parts[-1]] = value
    return errors


def _pretty(dotted: str) -> str:
    out = "$"
    for part in dotted.split("."):
        out += f"[{part}]" if part.isdigit() else f".{part}"
    return out


# -- "what if" -----------------------------------------------------------------------------
def what_if(new, current, scope, year: int) -> dict:
    """Passes and near misses of the edited version versus the saved one."""
    def run(t):
        if t is None or not t.start <= year <= t.end:
            return None
        results = services.evaluate_scope(t, scope, year)
        return ({r.subject for r in results if r.quantitative == "pass"},
                sum(1 for r in results if r.near_miss), len(results))

    after, before = run(new), run(current)
    out = {"scope": scope, "year": year, "after": after, "before": before}
    if after is not None and before is not None:
        out["gained"] = sorted(after[0] - before[0])
        out["lost"] = sorted(before[0] - after[0])
    return out


# -- views ---------------------------------------------------------------------------------
@login_required
def editor_list(request):
    _require_editor(request.user)
    rows = _visible(request.user).order_by("-builtin", "template_id")
    return render(request, "plans/editor_list.html", {"rows": rows, "copies": _copies()})


@login_required
@require_http_methods(["GET", "POST"])
def editor_copy(request, template_id: str):
    user = request.user
    _require_editor(user)
    source = _row(template_id, user)
    form = CopyForm(request.POST or None, initial={
        "new_id": f"{source.template_id}-ban-sao", "name": f"{source.name} (bản sao)",
    })
    if request.method == "POST" and form.is_valid():
        from dienhinh.discovery.models import TemplateCopy

        text = copy_text(source.text, form.cleaned_data["new_id"], form.cleaned_data["name"])
        try:
            with transaction.atomic():
                row = services.save_template(text)
                row.owner = _office_unit(user)
                row.save(update_fields=["owner"])
                TemplateCopy.objects.create(template_id=row.template_id,
                                            copied_from=source.template_id, by=user)
                audit(user, "plan_template.copy", row,
                      before={"from": source.template_id},
                      after={"id": row.template_id, "name": row.name})
        except TemplateError as exc:  # a stored template that no longer validates
            for error in exc.errors:
                form.add_error(None, f"{error.path}: {error.translated(_)}")
        else:
            messages.success(request, _("Đã sao chép mẫu kế hoạch; bạn có thể sửa bản sao."))
            return redirect("plan_editor_edit", template_id=row.template_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/editor_copy.html", {"form": form, "source": source},
                  status=status)


@login_required
@require_http_methods(["GET", "POST"])
def editor_edit(request, template_id: str):
    """View (seeds) or edit (copies) one template: validate, "what if", save."""
    user = request.user
    _require_editor(user)
    row = _row(template_id, user)
    readonly = not policy.can(user, "edit_template", row)
    if request.method == "POST" and readonly:
        raise PermissionDenied(_("Mẫu có sẵn chỉ được xem; hãy sao chép để thay đổi."))
    action = request.POST.get("action", "")
    data = request.POST.copy() if request.method == "POST" else None
    errors: list[Error] = []
    if data is not None and action == "thresholds":
        # Structured edit: rewrite the posted text with the new numbers.
        try:
            doc = yaml.safe_load(data.get("text", ""))
        except yaml.YAMLError:
            doc = None
        if isinstance(doc, dict):
            values = {k[2:]: v for k, v in data.items() if k.startswith("t:")}
            errors = apply_thresholds(doc, values)
            if not errors:
                data["text"] = dump(doc)
        else:
            errors = [Error("$", gettext_noop("Không đọc được YAML/JSON."))]
    form = EditForm(data, initial={"text": row.text})
    from dienhinh.discovery.models import TemplateCopy

    # The source's id finds the template to compare with; its name is what a person reads.
    source_id = (TemplateCopy.objects.filter(template_id=row.template_id)
                 .values_list("copied_from", flat=True).first())
    copied_from = _copies().get(row.template_id)
    context = {"row": row, "form": form, "readonly": readonly, "copied_from": copied_from,
               "scope_kinds": ",".join(SCOPE_KINDS),
               "changes": _changes_from(source_id, row)}
    status = 200
    checked = services.get_template(row) if data is None else None  # for the warnings
    if data is not None and form.is_valid():
        text = form.cleaned_data["text"]
        errors = errors or services.validate_template(text)
        new = None
        if not errors:
            new = load_template(text)
            if new.id != row.template_id:
                errors = [Error("$.id", _("Không được đổi mã mẫu (%(id)s); hãy sao chép để tạo "
                                          "mẫu mới.") % {"id": row.template_id})]
        if errors:
            status = 400
        elif action == "save":
            with transaction.atomic():
                before = row.text
                saved = services.save_template(text, builtin=row.builtin)
                audit(user, "plan_template.save", saved, before={"text": before},
                      after={"text": text})
            messages.success(request, _("Đã lưu mẫu kế hoạch."))
            return redirect("plan_editor_edit", template_id=row.template_id)
        else:
            context["valid"] = True
            checked = new
            context["what_if"] = _what_if_from_form(user, form, new, row, context)
            if context.get("what_if_error"):
                status = 400
    elif data is not None:
        status = 400
    # The engine's errors are Vietnamese templates; the reader sees them in their language.
    context["errors"] = [Error(e.path, e.translated(_)) for e in errors]
    # A valid template may still contradict itself: its dates clash (schedule.clashes).
    context["warnings"] = [c.message for c in schedule.clashes(checked)] if checked else []
    try:
        doc = yaml.safe_load(form["text"].value() or "")
    except yaml.YAMLError:
        doc = None
    context["thresholds"] = thresholds(doc) if isinstance(doc, dict) else []
    return render(request, "plans/editor_edit.html", context, status=status)


def _changes_from(source_id: str | None, row: PlanTemplate) -> list[dict] | None:
    """What differs from the template this one was copied (or rolled over) from."""
    from .template_diff import template_changes

    source = PlanTemplate.objects.filter(template_id=source_id).first() if source_id else None
    if source is None:
        return None
    try:
        return template_changes(source.text, row.text)
    except (TemplateError, yaml.YAMLError, AttributeError):
        return None


# The "what if" scope: today's units the user may discover in, households and
# residential areas left out (the unit picker offers and accepts the same).
SCOPE_KINDS = tuple(sorted(picker.KINDS - {"household", "residential_area"}))


def _scope_unit(user, code):
    return picker.resolve(user, code, "discover", kinds=SCOPE_KINDS, current=True)


def _what_if_from_form(user, form, new, row, context):
    code, year = form.cleaned_data.get("scope"), form.cleaned_data.get("year")
    if not code or not year:
        return None
    scope = _scope_unit(user, code)
    if scope is None:
        context["what_if_error"] = picker.not_found(code.strip())
        return None
    context["scope_unit"] = scope
    if not new.start <= year <= new.end:
        context["what_if_error"] = _("Năm %(year)s ngoài giai đoạn %(start)s–%(end)s.") % {
            "year": year, "start": new.start, "end": new.end}
        return None
    return what_if(new, services.get_template(row), scope, year)
