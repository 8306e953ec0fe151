"""`{% unit_picker %}` and `{% subject_picker %}`: the searchable unit and subject
pickers (see `dienhinh.orgs.picker` and `dienhinh.orgs.subject_picker`)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from dienhinh.orgs import picker
from dienhinh.orgs import subject_picker as subject_picker_module

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


@register.inclusion_tag("orgs/_subject_picker.html")
def subject_picker(name, value="", subject=None, action="view", under="", under_field="",
                   type="", id="", label="", placeholder="", required=False, size="",
                   error=""):
    """A text input named `name` (the subject code: a person's or a unit's) whose
    <datalist> htmx fills from /pick/subjects/, scoped like
    `subject_picker.pickable(user, action, under=, type=)`.

    `under_field` is the name of the form's unit picker (its input id `id_<name>`):
    its code, sent along, narrows the suggestions to that unit as it changes.
    `subject` is the resolved current subject, shown beside the field.
    """
    if action not in subject_picker_module.ACTIONS:
        raise template.TemplateSyntaxError(f"subject_picker: unknown action {action!r}")
    if type and type not in subject_picker_module.TYPES:
        raise template.TemplateSyntaxError(f"subject_picker: unknown type {type!r}")
    params = {"action": action, "field": name}
    if under:
        params["under"] = under
    if under_field:
        params["under_from"] = under_field
    if type:
        params["type"] = type
    input_id = id or f"id_{name}"
    return {
        "name": name, "value": value or "", "subject": subject, "id": input_id,
        "list_id": f"{input_id}-options", "label": label, "placeholder": placeholder,
        "required": required, "size": size, "error": error,
        "include": f"#id_{under_field}" if under_field else "",
        "url": reverse("subject_pick") + "?" + urlencode(params),
    }
