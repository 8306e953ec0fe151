"""A translated text that can say itself again in the other language.

An import report must give each row's reason in Vietnamese and English (CONTRACT §2)
while the web page and the API show it in the reader's language only. `text(msgid)`
is used like `gettext` — `text("… %(code)s …") % {"code": code}` — and is a `str` in
the active language, so the rest of the code sees a plain string; `in_language("en")`
renders the same message, with the same values, from the English catalogue.

`makemessages` finds these texts because the importers bind it to `_`. `dump` turns a
text into JSON data to store and `load` renders that data in the language of whoever
reads it later, so a stored reason is not frozen in the language of the person who
caused it.
"""

from __future__ import annotations

from django.utils import translation


class Text(str):
    msgid: str
    params: object
    context: str | None

    def __new__(cls, msgid: str, params=None, context: str | None = None):
        obj = super().__new__(cls, _render(msgid, params, context))
        obj.msgid, obj.params, obj.context = msgid, params, context
        return obj

    def __mod__(self, params):
        return Text(self.msgid, params, self.context)

    def in_language(self, language: str) -> str:
        with translation.override(language):
            return _render(self.msgid, self.params, self.context)

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


def _render(msgid: str, params, context: str | None = None) -> str:
    message = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
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
    return _render(value.msgid, value.params, value.context) if isinstance(value, Text) \
        else value


def dump(message):
    """`message` as JSON data that `load` renders again in whichever language is active
    then: a Text as its msgid and values (values that are Texts themselves too), texts
    written one after the other as their parts, anything else as the string it is.
    What is stored for later readers (an import's file-level reasons) is stored so."""
    if isinstance(message, Joined):
        return {"parts": [dump(part) for part in message.parts]}
    if isinstance(message, Text):
        params = message.params
        if isinstance(params, dict):
            params = {key: _dump_value(value) for key, value in params.items()}
        elif isinstance(params, tuple):
            params = [_dump_value(value) for value in params]
        else:
            params = _dump_value(params)
        data = {"msgid": message.msgid, "params": params}
        if message.context:
            data["context"] = message.context
        return data
    return "" if message is None else str(message)


def _dump_value(value):
    if isinstance(value, Text):
        return dump(value)
    return value if isinstance(value, (int, float)) or value is None else str(value)


def load(data) -> str:
    """What `dump` stored, rendered in the active language (a Text). A plain string —
    a row stored before texts were kept this way — is given back as it is."""
    if isinstance(data, dict) and "parts" in data:
        return Joined(tuple(load(part) for part in data["parts"]))
    if isinstance(data, dict) and "msgid" in data:
        params = data.get("params")
        if isinstance(params, dict):
            params = {key: _load_value(value) for key, value in params.items()}
        elif isinstance(params, list):
            params = tuple(_load_value(value) for value in params)
        else:
            params = _load_value(params)
        return Text(data["msgid"], params, data.get("context"))
    return "" if data is None else str(data)


def _load_value(value):
    return load(value) if isinstance(value, dict) else value


def text(msgid: str) -> Text:
    return Text(msgid)


def ptext(context: str, msgid: str) -> Text:
    """`text` with a context, for a short word with more than one meaning; import it
    as `pgettext` so that `makemessages` finds it."""
    return Text(msgid, None, context)


def in_language(message, language: str) -> str:
    """`message` in `language` when it knows how, else as it is."""
    return message.in_language(language) if isinstance(message, Text) else str(message)


def system_language():
    """`with system_language():` around what is stored or sent to others (notifications,
    e-mails): written in the system's language (settings.LANGUAGE_CODE), not in the
    language the acting person reads."""
    from django.conf import settings

    return translation.override(settings.LANGUAGE_CODE)


def in_system_language(function):
    """A function whose result is written in the system's language whoever calls it: a
    document (Nghị định 30/2020/NĐ-CP: Vietnamese) built from texts that screens show in
    the reader's language."""
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with system_language():
            return function(*args, **kwargs)

    return wrapper
