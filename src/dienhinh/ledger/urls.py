from django.urls import path

from . import record_views, template_views, views

urlpatterns = [
    path("import/", views.import_start, name="import_start"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/template/<str:table>.xlsx", template_views.import_template,
         name="import_template"),
    path("import/<int:pk>/status/", views.import_job_status, name="import_job_status"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("ledger/export/", views.export_index, name="export_index"),
    path("ledger/export/<str:table>.<str:fmt>", views.export_download, name="export_download"),
    path("subjects/<str:code>/achievements/add/", record_views.achievement_add, name="achievement_add"),
    path("achievements/<int:pk>/edit/", record_views.achievement_edit, name="achievement_edit"),
    path("achievements/<int:pk>/delete/", record_views.achievement_delete, name="achievement_delete"),
    path("achievements/<int:pk>/evidence/", record_views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", record_views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", record_views.evidence_delete, name="evidence_delete"),
]
