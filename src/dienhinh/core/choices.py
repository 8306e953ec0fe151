"""`get_FOO_display()` from a table kept per field and language.

Django's own builds a dict of the field's choices on every call, hashing each label —
a lazy translation, cast to text through gettext (or `catalogue.labels.pick`) for every
choice of every row: a list of fifty people with seven positions cast 350 labels, a
tenth of the page. The labels of a field in a language do not change while the process
runs, so each (field, language) pair's table is made once. Installed for the project's
own models by `CoreConfig.ready`; a model that writes its own `get_FOO_display` keeps it.
"""

from __future__ import annotations

from functools import partialmethod

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_tables: dict[tuple, dict] = {}


def display(instance, field):
    value = getattr(instance, field.attname)
    key = (field, get_language())
    table = _tables.get(key)
    if table is None:
        table = {make_hashable(code): force_str(label) for code, label in field.flatchoices}
        _tables[key] = table
    return force_str(table.get(make_hashable(value), value), strings_only=True)


def install(models) -> None:
    for model in models:
        for field in model._meta.get_fields():
            name = f"get_{getattr(field, 'name', '')}_display"
            # Only where Django put its own (a model's own method stays).
            if getattr(field, "choices", None) and isinstance(model.__dict__.get(name),
                                                               partialmethod):
                setattr(model, name, partialmethod(display, field=field))
