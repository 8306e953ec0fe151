"""A translated text that can say itself again in the other language.

An import report must give each row's reason in Vietnamese and English (CONTRACT §2)
while the web page and the API show it in the reader's language only. `text(msgid)`
is used like `gettext` — `text("… %(code)s …") % {"code": code}` — and is a `str` in
the active language, so the rest of the code sees a plain string; `in_language("en")`
renders the same message, with the same values, from the English catalogue.

`makemessages` finds these texts because the importers bind it to `_`.
"""

from __future__ import annotations

from django.utils import translation


class Text(str):
    msgid: str
    params: object

    def __new__(cls, msgid: str, params=None):
        obj = super().__new__(cls, _render(msgid, params))
        obj.msgid, obj.params = msgid, params
        return obj

    def __mod__(self, params):
        return Text(self.msgid, params)

    def in_language(self, language: str) -> str:
        with translation.override(language):
            return _render(self.msgid, self.params)

    # A reason with a suggestion appended ("… " + "Có phải ý bạn là …?") stays a Text.
    def __add__(self, other):
        return Joined((self, other))

    def __radd__(self, other):
        return Joined((other, self))


class Joined(Text):
    """Texts (and plain strings) written one after the other."""

    def __new__(cls, parts):
        obj = str.__new__(cls, "".join(str(part) for part in parts))
        obj.parts = tuple(parts)
        return obj

    def in_language(self, language: str) -> str:
        return "".join(in_language(part, language) for part in self.parts)


def _render(msgid: str, params) -> str:
    message = translation.gettext(msgid)
    if params is None:
        return message
    if isinstance(params, dict):
        params = {key: _again(value) for key, value in params.items()}
    elif isinstance(params, tuple):
        params = tuple(_again(value) for value in params)
    else:
        params = _again(params)
    return message % params


def _again(value):
    """A value that is itself a Text follows the language being rendered."""
    return _render(value.msgid, value.params) if isinstance(value, Text) else value


def text(msgid: str) -> Text:
    return Text(msgid)


def in_language(message, language: str) -> str:
    """`message` in `language` when it knows how, else as it is."""
    return message.in_language(language) if isinstance(message, Text) else str(message)


def system_language():
    """`with system_language():` around what is stored or sent to others (notifications,
    e-mails): written in the system's language (settings.LANGUAGE_CODE), not in the
    language the acting person reads."""
    from django.conf import settings

    return translation.override(settings.LANGUAGE_CODE)
