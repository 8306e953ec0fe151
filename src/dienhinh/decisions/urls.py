"""URL names: decision_list, decision_new (from a meeting's passed items), decision_detail,
decision_docx, decision_xlsx, decision_scan, certificate_pdf, certificate_batch, certificate_zip,
proposal_list, proposal_detail, proposal_package, certificate_verify (public, no login)."""

from django.urls import path

from . import views

urlpatterns = [
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/new/<int:meeting_pk>/", views.decision_new, name="decision_new"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/decision.docx", views.decision_docx, name="decision_docx"),
    path("decisions/<int:pk>/scan/", views.decision_scan, name="decision_scan"),
    path("decisions/<int:pk>/bonuses.xlsx", views.decision_xlsx, name="decision_xlsx"),
    path("decisions/recognitions/<int:pk>/certificate.pdf", views.certificate_pdf,
         name="certificate_pdf"),
    path("decisions/batches/<int:pk>/", views.certificate_batch, name="certificate_batch"),
    path("decisions/batches/<int:pk>/certificates.zip", views.certificate_zip,
         name="certificate_zip"),
    path("decisions/proposals/", views.proposal_list, name="proposal_list"),
    path("decisions/proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("decisions/proposals/<int:pk>/package.zip", views.proposal_package,
         name="proposal_package"),
    path("verify/<uuid:token>/", views.certificate_verify, name="certificate_verify"),
]
