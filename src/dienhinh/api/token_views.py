"""The page where a signed-in user sees, creates or renews their API token."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from . import tokens


@login_required
@require_http_methods(["GET", "POST"])
def token_page(request):
    if request.method == "POST":
        tokens.issue(request.user, renew=True)
        messages.success(request, _("Đã tạo khóa truy cập mới; khóa cũ không còn dùng được."))
        return redirect("api_token")
    token = Token.objects.filter(user=request.user).first()
    return render(request, "api/token.html", {"token": token})
