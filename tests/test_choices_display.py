"""`get_FOO_display()` read from a table per field and language (`core.choices`) says
exactly what Django's own says, in both languages, for every choice field of the
project, and leaves a model's own method alone."""

from django.apps import apps
from django.db.models import Model
from django.utils import translation

from dienhinh.core import choices
from dienhinh.orgs.models import Person


def choice_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("dienhinh."):
            continue
        for field in model._meta.get_fields():
            if getattr(field, "choices", None) and getattr(field, "attname", None):
                yield model, field


def test_every_choice_reads_as_django_says_in_both_languages():
    checked = 0
    for model, field in choice_fields():
        name = f"get_{field.name}_display"
        own = next(k.__dict__[name] for k in model.__mro__ if name in k.__dict__)
        if getattr(own, "func", None) is not choices.display:
            continue  # the model's own
        for language in ("vi", "en"):
            with translation.override(language):
                for code, _label in list(field.flatchoices) + [("không-có-mã", None)]:
                    instance = model()
                    setattr(instance, field.attname, code)
                    assert getattr(instance, name)() == Model._get_FIELD_display(instance, field), (
                        model, field.name, code, language)
                    checked += 1
    assert checked > 100


def test_the_label_follows_the_language():
    person = Person(position="staff")
    with translation.override("vi"):
        vietnamese = person.get_position_display()
    with translation.override("en"):
        english = person.get_position_display()
    assert vietnamese != english and vietnamese != "staff"
