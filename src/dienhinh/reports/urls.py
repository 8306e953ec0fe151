"""URL names: reports_home, reports_status (who reported, the agency's report),
reports_review (generate the review report of a scope: .docx or .xlsx), reports_unit (a
unit's report), reports_unit_start, reports_unit_save, reports_unit_submit (POST),
reports_file (a unit report's DOCX: frozen when submitted), reports_annex (its XLSX),
reports_dashboard, reports_chart (PNG), reports_dashboard_xlsx, report_tt02 (the statistics
forms of Thông tư 02/2023/TT-BNV), report_tt02_download (their XLSX)."""

from django.urls import path

from . import dashboard_views, tt02_views, views

urlpatterns = [
    path("reports/", views.reports_home, name="reports_home"),
    path("reports/plans/<int:plan>/<str:period>/", views.report_status, name="reports_status"),
    path("reports/plans/<int:plan>/<str:period>/review.<str:fmt>", views.review_file,
         name="reports_review"),
    path("reports/plans/<int:plan>/<str:period>/units/<int:unit>/", views.unit_report,
         name="reports_unit"),
    path("reports/plans/<int:plan>/<str:period>/units/<int:unit>/start/",
         views.unit_report_start, name="reports_unit_start"),
    path("reports/<int:pk>/save/", views.unit_report_save, name="reports_unit_save"),
    path("reports/<int:pk>/submit/", views.unit_report_submit, name="reports_unit_submit"),
    path("reports/<int:pk>/report.docx", views.report_file, name="reports_file"),
    path("reports/<int:pk>/annex.xlsx", views.report_annex, name="reports_annex"),
    path("reports/dashboard/", dashboard_views.dashboard, name="reports_dashboard"),
    path("reports/dashboard/<str:chart>.png", dashboard_views.chart, name="reports_chart"),
    path("reports/dashboard/export.xlsx", dashboard_views.export, name="reports_dashboard_xlsx"),
    path("reports/tt02/", tt02_views.tt02_page, name="report_tt02"),
    path("reports/tt02/download/", tt02_views.tt02_download, name="report_tt02_download"),
]
