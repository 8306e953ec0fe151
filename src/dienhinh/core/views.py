from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dienhinh import policy


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    """Home page per role: what each role comes for, within its scope."""
    user = request.user
    user_roles = policy.roles(user)
    context = {
        "roles": sorted(user_roles),
        "units_count": policy.units(user).filter(valid_to__isnull=True).count(),
        "people_count": policy.people(user).count(),
        "can_import": policy.can(user, "import"),
        "can_edit": policy.can(user, "edit_ledger"),
    }
    return render(request, "core/home.html", context)
