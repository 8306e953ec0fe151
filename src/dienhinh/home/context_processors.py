from dienhinh import policy


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_roles": sorted(policy.roles(user)),
        "nav_can_import": policy.can(user, "import"),
        "nav_can_export": policy.can(user, "export"),
        "nav_can_report_tt02": policy.can(user, "report_tt02"),
        "nav_is_admin": user.is_staff,
    }
