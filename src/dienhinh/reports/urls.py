from django.urls import path

from . import tt02_views

urlpatterns = [
    path("reports/tt02/", tt02_views.tt02_page, name="report_tt02"),
    path("reports/tt02/download/", tt02_views.tt02_download, name="report_tt02_download"),
]
