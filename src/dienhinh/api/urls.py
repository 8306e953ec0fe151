"""/api/: the REST API, its OpenAPI schema and its documentation page.

URL names: api-unit-list/-detail, api-person-…, api-achievement-…,
api-achievement-code-…, api-import-…, api-issuer-…, api-initiative-level-…, api-media-item-…,
api-good-model-…, api-adoption-…, api-pledge-…, api-study-visit-…, api-conference-…,
api-schema, api-docs, api_token (the page where a user gets a token).
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import (
    council_views,
    decisions_views,
    errors,
    exemplars_views,
    imports_views,
    lists_views,
    plans_views,
    portal_views,
    replication_views,
    reports_views,
    scoring_views,
    token_views,
    tt02_views,
    views,
)

router = SimpleRouter()
router.register("units", views.UnitViewSet, basename="api-unit")
router.register("people", views.PersonViewSet, basename="api-person")
router.register("achievements", views.AchievementViewSet, basename="api-achievement")
router.register("imports", imports_views.ImportJobViewSet, basename="api-import")
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
router.register("scoring/schemes", scoring_views.SchemeViewSet, basename="api-scoring-scheme")
router.register("scoring/rounds", scoring_views.RoundViewSet, basename="api-scoring-round")
router.register("scoring/sheets", scoring_views.SheetViewSet, basename="api-scoring-sheet")
router.register("scoring/groups", scoring_views.GroupViewSet, basename="api-scoring-group")
router.register("replication/media", replication_views.MediaItemViewSet,
                basename="api-media-item")
router.register("replication/models", replication_views.GoodModelViewSet,
                basename="api-good-model")
router.register("replication/adoptions", replication_views.AdoptionViewSet,
                basename="api-adoption")
router.register("replication/pledges", replication_views.PledgeViewSet, basename="api-pledge")
router.register("replication/study-visits", replication_views.StudyVisitViewSet,
                basename="api-study-visit")
router.register("replication/conferences", replication_views.ConferenceViewSet,
                basename="api-conference")
router.register("portal/stories", portal_views.StoryViewSet, basename="api-story")
router.register("portal/consents", portal_views.ConsentViewSet, basename="api-consent")
router.register("reports/review", reports_views.ReviewViewSet, basename="api-report-review")
router.register("unit-reports", reports_views.UnitReportViewSet, basename="api-unit-report")

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
    path("reports/tt02/", tt02_views.Tt02View.as_view(), name="api-report-tt02"),
    *router.urls,
    # Last: an unknown /api/ path answers JSON, like every other API error.
    re_path(r"^(?P<path>.*)$", errors.not_found),
]
