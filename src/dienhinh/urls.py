from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dienhinh.exemplars import rollover_views
from dienhinh.home import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("dienhinh.api.urls")),
    path("", include("dienhinh.orgs.urls")),
    path("", include("dienhinh.ledger.urls")),
    path("", include("dienhinh.discovery.urls")),
    path("", include("dienhinh.plans.editor_urls")),
    # Before the plans' own "<pk>/<action>/" pattern, which would take it.
    path("plans/<int:pk>/roll-over/", rollover_views.plan_roll_over, name="plan_roll_over"),
    path("", include("dienhinh.plans.plan_urls")),
    path("", include("dienhinh.notifications.urls")),
    path("", include("dienhinh.exemplars.urls")),
    path("", include("dienhinh.council.urls")),
    path("", include("dienhinh.decisions.urls")),
    path("", include("dienhinh.replication.urls")),
    path("", include("dienhinh.scoring.urls")),
    path("", include("dienhinh.reports.urls")),
    path("", include("dienhinh.portal.urls")),
    path("", include("dienhinh.home.sheet_urls")),
]
