"""Request language: Vietnamese by default, English when the person asks for it."""

from django.conf import settings
from django.http import QueryDict
from django.utils import translation


class VietnameseByDefaultMiddleware:
    """Vietnamese unless the user picked English (language cookie).

    The switch in the page header sets the cookie (Django's `set_language`). A
    browser's Accept-Language is ignored: an office computer set up in English
    would otherwise show English to a Vietnamese officer who never asked for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class ApiLanguageMiddleware:
    """`?lang=en` (or `?lang=vi`) chooses the language of one API answer.

    A program calling the API has no language cookie and its HTTP library's
    Accept-Language says nothing about its user, so the language is asked for
    explicitly; without it the answer is Vietnamese. Placed after LocaleMiddleware.
    """

    PREFIX = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        lang = request.GET.get("lang", "") if request.path_info.startswith(self.PREFIX) else ""
        if lang not in self.languages:
            return self.get_response(request)
        # For this answer only: the thread goes back to the language it had.
        request.LANGUAGE_CODE = lang
        with translation.override(lang):
            response = self.get_response(request)
        response.headers["Content-Language"] = lang
        return response


class DocumentRefusedMiddleware:
    """A document that cannot be made as it must read (nobody recorded to sign it on its
    date) is answered with the reason and the way back, status 409, never a 500 nor a
    document with a blank where the signer's name goes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from dienhinh.core.documents import MissingSigner

        if not isinstance(exception, MissingSigner):
            return None
        return render(request, "workflow_refused.html",
                      {"message": str(exception),
                       "back": request.META.get("HTTP_REFERER", "")}, status=409)


class DropNulFromQueryMiddleware:
    """A NUL character is dropped from every query parameter before a view reads it.

    PostgreSQL text cannot hold a NUL, so `?q=%00` reaching a filter was a database
    error (a 500) on every list and search; a NUL never means anything in a search or a
    filter, and the page answers as if it were not there. Form and API bodies need no
    such step: Django's and DRF's text fields already refuse a NUL with a message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
