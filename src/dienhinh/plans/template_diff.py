"""What changed between two plan templates: the template editor shows it for a copy
(a roll-over to the next period, or a template copied to be adapted)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dienhinh.criteria.template import parse_text

from .editor_views import dump


def _criteria(doc: dict) -> dict[str, str]:
    """{"profile › criterion": text} of every criterion, with its thresholds."""
    out = {}
    for profile in doc.get("profiles") or []:
        for n, c in enumerate(profile.get("criteria") or [], 1):
            key = f"{profile.get('name') or profile.get('id')} › {c.get('id') or n}"
            out[key] = dump(c).strip()
    return out


def template_changes(old_text: str, new_text: str) -> list[dict]:
    """What a reader must check in the new template: criteria added, removed or changed
    (texts and thresholds), the period and the schedule's steps."""
    old, new = parse_text(old_text), parse_text(new_text)
    changes = []
    if old.get("period") != new.get("period"):
        p, q = old.get("period") or {}, new.get("period") or {}
        changes.append({"what": pgettext("plan period", "Giai đoạn"), "before": f"{p.get('start')}–{p.get('end')}",
                        "after": f"{q.get('start')}–{q.get('end')}"})
    a, b = _criteria(old), _criteria(new)
    for key in list(a) + [k for k in b if k not in a]:
        if a.get(key) != b.get(key):
            changes.append({"what": _("Tiêu chí %(key)s") % {"key": key}, "before": a.get(key, ""),
                            "after": b.get(key, "")})
    steps_a = {s.get("id"): dump(s).strip() for s in old.get("steps") or []}
    steps_b = {s.get("id"): dump(s).strip() for s in new.get("steps") or []}
    for key in list(steps_a) + [k for k in steps_b if k not in steps_a]:
        if steps_a.get(key) != steps_b.get(key):
            changes.append({"what": _("Bước %(key)s") % {"key": key}, "before": steps_a.get(key, ""),
                            "after": steps_b.get(key, "")})
    for key in ("quotas", "name", "agency"):
        if old.get(key) != new.get(key):
            changes.append({"what": {"quotas": _("Chỉ tiêu"), "name": _("Tên"),
                                     "agency": _("Cơ quan")}[key],
                            "before": dump(old.get(key)).strip() if old.get(key) else "",
                            "after": dump(new.get(key)).strip() if new.get(key) else ""})
    return changes
