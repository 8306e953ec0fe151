"""URL names: scoring_home, scoring_round_new, scoring_round, scoring_round_xlsx,
scoring_round_close,
scoring_round_propose, scoring_round_vote, scoring_sheet, scoring_sheet_self,
scoring_sheet_evidence, scoring_evidence_file, scoring_sheet_submit, scoring_sheet_verify,
scoring_sheet_return, scoring_group_new, scoring_group, scoring_group_members,
scoring_group_lead, scoring_group_pact, scoring_pact_file."""

from django.urls import path

from . import views

urlpatterns = [
    path("scoring/", views.scoring_home, name="scoring_home"),
    path("scoring/rounds/new/", views.round_new, name="scoring_round_new"),
    path("scoring/rounds/<int:pk>/", views.round_detail, name="scoring_round"),
    path("scoring/rounds/<int:pk>/ranking.xlsx", views.round_ranking_xlsx,
         name="scoring_round_xlsx"),
    path("scoring/rounds/<int:pk>/close/", views.round_close, name="scoring_round_close"),
    path("scoring/rounds/<int:pk>/propose/", views.round_propose, name="scoring_round_propose"),
    path("scoring/rounds/<int:pk>/vote/", views.round_vote, name="scoring_round_vote"),
    path("scoring/sheets/<int:pk>/", views.sheet_detail, name="scoring_sheet"),
    path("scoring/sheets/<int:pk>/self/", views.sheet_self, name="scoring_sheet_self"),
    path("scoring/sheets/<int:pk>/evidence/", views.sheet_evidence,
         name="scoring_sheet_evidence"),
    path("scoring/evidence/<int:pk>/", views.evidence_file, name="scoring_evidence_file"),
    path("scoring/sheets/<int:pk>/submit/", views.sheet_submit, name="scoring_sheet_submit"),
    path("scoring/sheets/<int:pk>/verify/", views.sheet_verify, name="scoring_sheet_verify"),
    path("scoring/sheets/<int:pk>/return/", views.sheet_return, name="scoring_sheet_return"),
    path("scoring/groups/new/", views.group_new, name="scoring_group_new"),
    path("scoring/groups/<int:pk>/", views.group_detail, name="scoring_group"),
    path("scoring/groups/<int:pk>/members/", views.group_members, name="scoring_group_members"),
    path("scoring/groups/<int:pk>/lead/", views.group_lead, name="scoring_group_lead"),
    path("scoring/pacts/<int:pk>/", views.group_pact, name="scoring_group_pact"),
    path("scoring/pacts/<int:pk>/file/", views.pact_file, name="scoring_pact_file"),
]
