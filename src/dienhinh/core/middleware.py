"""Request language: Vietnamese by default, English when the person asks for it."""

from django.conf import settings
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
