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
