"""URL names: exemplars_home, exemplars_registrations, exemplars_quotas, exemplars_candidates, exemplars_withdraw,
exemplars_list, exemplars_list_file, exemplars_fostering_create, exemplars_fostering,
exemplars_fostering_note_file, exemplars_fostering_report, exemplars_nominations,
exemplars_nomination, exemplars_nomination_report, exemplars_dossier_file,
exemplars_publish, exemplars_comments, exemplars_public (no login)."""

from django.urls import path

from . import views

urlpatterns = [
    path("exemplars/", views.home, name="exemplars_home"),
    path("exemplars/plans/<int:plan_pk>/<int:year>/registrations/", views.registrations,
         name="exemplars_registrations"),
    path("exemplars/plans/<int:plan_pk>/<int:year>/quotas/", views.quota_panel,
         name="exemplars_quotas"),
    path("exemplars/plans/<int:plan_pk>/<int:year>/candidates/", views.candidates,
         name="exemplars_candidates"),
    path("exemplars/registrations/<int:pk>/withdraw/", views.withdraw, name="exemplars_withdraw"),
    path("exemplars/plans/<int:plan_pk>/<int:year>/list/", views.compiled_list,
         name="exemplars_list"),
    path("exemplars/plans/<int:plan_pk>/<int:year>/list.<str:fmt>", views.compiled_list_file,
         name="exemplars_list_file"),
    path("exemplars/registrations/<int:pk>/fostering/", views.fostering_create,
         name="exemplars_fostering_create"),
    path("exemplars/fostering/<int:pk>/", views.fostering, name="exemplars_fostering"),
    path("exemplars/fostering/<int:pk>/notes/<int:note_pk>/file/", views.fostering_note_file,
         name="exemplars_fostering_note_file"),
    path("exemplars/plans/<int:plan_pk>/<int:year>/fostering-report/", views.fostering_report,
         name="exemplars_fostering_report"),
    path("exemplars/nominations/", views.nominations, name="exemplars_nominations"),
    path("exemplars/nominations/<int:pk>/", views.nomination, name="exemplars_nomination"),
    path("exemplars/nominations/<int:pk>/report.docx", views.nomination_report,
         name="exemplars_nomination_report"),
    path("exemplars/nominations/<int:pk>/files/<int:file_pk>/", views.dossier_file,
         name="exemplars_dossier_file"),
    path("exemplars/publish/", views.publish,
         name="exemplars_publish"),
    path("exemplars/comment-periods/<int:pk>/", views.comments, name="exemplars_comments"),
    path("public/nominees/<int:pk>/", views.public_list, name="exemplars_public"),
]
