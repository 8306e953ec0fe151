"""`{% url %}` (core.templatetags.links) answers as Django's tag, remembers plain
arguments only, and follows the script prefix it is served under."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from dienhinh.core.templatetags import links


def render(text, **values):
    return Template(text).render(Context(values))


def test_the_same_links_as_reverse_and_remembered():
    links._reverse.cache_clear()
    for code in ("HT-SCT", "CN-0001", "mã có dấu"):
        assert render("{% url 'person_detail' c %}", c=code) == reverse("person_detail",
                                                                        args=[code])
        assert render("{% url 'person_detail' code=c %}", c=code) == reverse(
            "person_detail", kwargs={"code": code})
    assert render("{% url 'home' %}") == reverse("home")
    first = links._reverse.cache_info()
    render("{% url 'person_detail' c %}", c="HT-SCT")
    again = links._reverse.cache_info()
    assert again.hits == first.hits + 1 and again.misses == first.misses


def test_escaping_as_variable_and_errors_as_django():
    assert render("{% url 'person_detail' c as link %}[{{ link }}]", c="a") == (
        "[" + reverse("person_detail", args=["a"]) + "]")
    assert render("{% url 'no-such-view' as link %}[{{ link }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-view' %}")
    with pytest.raises(TemplateSyntaxError):
        Template("{% url %}")


def test_a_model_instance_is_reversed_every_time():
    class Code:
        def __init__(self, text):
            self.text = text

        def __str__(self):
            return self.text

    links._reverse.cache_clear()
    code = Code("A1")
    assert render("{% url 'person_detail' c %}", c=code).endswith("/A1/")
    code.text = "B2"
    assert render("{% url 'person_detail' c %}", c=code).endswith("/B2/")
    assert links._reverse.cache_info().currsize == 0


def test_the_script_prefix_is_part_of_the_answer():
    try:
        set_script_prefix("/dienhinh/")
        assert render("{% url 'home' %}") == "/dienhinh/"
        set_script_prefix("/")
        assert render("{% url 'home' %}") == "/"
    finally:
        clear_script_prefix()
