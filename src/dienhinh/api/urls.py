"""/api/: the REST API, its OpenAPI schema and its documentation page.

URL names: api-unit-list/-detail, api-person-…, api-achievement-…,
api-achievement-code-…, api-issuer-…, api-initiative-level-…, api-schema,
api-docs, api_token (the page where a user gets a token).
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import (
    council_views,
    decisions_views,
    errors,
    exemplars_views,
    lists_views,
    plans_views,
    reports_views,
    token_views,
    views,
)

router = SimpleRouter()
router.register("units", views.UnitViewSet, basename="api-unit")
router.register("people", views.PersonViewSet, basename="api-person")
router.register("achievements", views.AchievementViewSet, basename="api-achievement")
router.register("catalogue/codes", views.AchievementCodeViewSet, basename="api-achievement-code")
router.register("catalogue/issuers", views.IssuerViewSet, basename="api-issuer")
router.register("catalogue/levels", views.InitiativeLevelViewSet, basename="api-initiative-level")
router.register("registrations", exemplars_views.RegistrationViewSet, basename="api-registration")
router.register("fostering-plans", exemplars_views.FosteringViewSet, basename="api-fostering")
router.register("nominations", exemplars_views.NominationViewSet, basename="api-nomination")
router.register("compiled-lists", lists_views.CompiledListViewSet, basename="api-compiled-list")
router.register("comment-periods", lists_views.CommentPeriodViewSet,
                basename="api-comment-period")
router.register("public-comments", lists_views.PublicCommentViewSet,
                basename="api-public-comment")
router.register("plans", plans_views.PlanViewSet, basename="api-plan")
router.register("deadlines", plans_views.DeadlineViewSet, basename="api-deadline")
router.register("notifications", plans_views.NotificationViewSet, basename="api-notification")
router.register("feedback", plans_views.FeedbackViewSet, basename="api-feedback")
router.register("council/meetings", council_views.MeetingViewSet, basename="api-council-meeting")
router.register("decisions", decisions_views.DecisionViewSet, basename="api-decision")

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-schema"),
    # The split view serves its script as a separate file: no inline script under the CSP.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema",
                                            template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("token/", token_views.token_page, name="api_token"),
    path("reports/tt02/", reports_views.Tt02View.as_view(), name="api-report-tt02"),
    *router.urls,
    # Last: an unknown /api/ path answers JSON, like every other API error.
    re_path(r"^(?P<path>.*)$", errors.not_found),
]
