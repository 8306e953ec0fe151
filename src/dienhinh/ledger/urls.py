from django.urls import path

from . import record_views, views

urlpatterns = [
    path("import/", views.import_start, name="import_start"),
    path("subjects/<str:code>/achievements/add/", record_views.achievement_add, name="achievement_add"),
    path("achievements/<int:pk>/edit/", record_views.achievement_edit, name="achievement_edit"),
    path("achievements/<int:pk>/delete/", record_views.achievement_delete, name="achievement_delete"),
    path("achievements/<int:pk>/evidence/", record_views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", record_views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", record_views.evidence_delete, name="evidence_delete"),
]
