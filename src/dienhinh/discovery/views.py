from django.http import HttpResponse


def discovery(request):
    return HttpResponse("")
