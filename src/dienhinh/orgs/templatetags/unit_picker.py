"""`{% unit_picker %}`: the searchable unit picker (see `dienhinh.orgs.picker`)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from dienhinh.orgs import picker

register = template.Library()


@register.inclusion_tag("orgs/_unit_picker.html")
def unit_picker(name, value="", unit=None, action="view", under="", kinds="", current=False,
                id="", label="", placeholder="", required=False, size="", error=""):
    """A text input named `name` (the unit code) whose <datalist> htmx fills from
    /pick/units/, scoped like `picker.pickable(user, action, under=, kinds=, current=)`.

    `unit` is the resolved current unit (its name is shown beside the field); `error`
    a message to show under it (e.g. `picker.not_found(code)`); `size` "sm" for the
    small Bootstrap controls.
    """
    if action not in picker.ACTIONS:
        raise template.TemplateSyntaxError(f"unit_picker: unknown action {action!r}")
    kind_list = picker.parse_kinds(kinds)
    params = {"action": action, "field": name}
    if under:
        params["under"] = under
    if kind_list:
        params["kind"] = ",".join(kind_list)
    if current:
        params["current"] = "1"
    input_id = id or f"id_{name}"
    return {
        "name": name, "value": value or "", "unit": unit, "id": input_id,
        "list_id": f"{input_id}-options", "label": label, "placeholder": placeholder,
        "required": required, "size": size, "error": error,
        "url": reverse("unit_pick") + "?" + urlencode(params),
    }
