from django.urls import path

from . import views

urlpatterns = [
    path("discovery/", views.discovery, name="discovery"),
    path("discovery/overview/", views.overview, name="discovery_overview"),
    path("discovery/export.xlsx", views.discovery_export, name="discovery_export"),
    path("discovery/<str:plan>/<int:year>/<str:code>/explain/", views.explain_row,
         name="discovery_explain"),
    path("discovery/<str:plan>/<int:year>/<str:code>/attestations/", views.attestations,
         name="discovery_attestations"),
    path("discovery/attestations/<int:pk>/file/", views.attestation_file,
         name="attestation_file"),
    path("discovery/standing/<str:code>/", views.standing, name="subject_standing"),
]
