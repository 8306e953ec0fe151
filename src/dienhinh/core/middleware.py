class VietnameseByDefaultMiddleware:
    """Vietnamese unless the user picked English (language cookie).

    A browser's Accept-Language would otherwise switch Django's own messages to
    English while the system's texts stay Vietnamese: a mixed page helps no one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


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
