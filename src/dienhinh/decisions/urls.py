"""URL names: decision_list, decision_new (from a meeting's passed items), decision_detail,
decision_docx, decision_xlsx, decision_scan (POST: attach the signed scan),
decision_scan_file (download it), certificate_pdf, certificate_batch, certificate_zip,
proposal_list, proposal_detail, proposal_package, certificate_verify (public, no login)."""

from django.urls import path

from . import views

urlpatterns = [
    path("decisions/", views.decision_list, name="decision_list"),
    # The council's minutes, as stored at the close (freeze.py); under the council's URL.
    path("council/meetings/<int:pk>/minutes.docx", views.council_minutes,
         name="council_minutes"),
    path("decisions/new/<int:meeting_pk>/", views.decision_new, name="decision_new"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/issue/", views.decision_issue, name="decision_issue"),
    path("decisions/<int:pk>/publish/", views.decision_publish, name="decision_publish"),
    path("decisions/<int:pk>/scan/", views.decision_scan, name="decision_scan"),
    path("decisions/<int:pk>/correct/", views.decision_correct, name="decision_correct"),
    path("decisions/<int:pk>/revoke/", views.decision_revoke, name="decision_revoke"),
    path("decisions/<int:pk>/certificates/", views.decision_certificates,
         name="decision_certificates"),
    path("decisions/<int:pk>/decision.docx", views.decision_docx, name="decision_docx"),
    path("decisions/<int:pk>/scan/file/", views.decision_scan_file, name="decision_scan_file"),
    path("decisions/<int:pk>/bonuses.xlsx", views.decision_xlsx, name="decision_xlsx"),
    path("decisions/recognitions/<int:pk>/certificate.pdf", views.certificate_pdf,
         name="certificate_pdf"),
    path("decisions/batches/<int:pk>/", views.certificate_batch, name="certificate_batch"),
    path("decisions/batches/<int:pk>/certificates.zip", views.certificate_zip,
         name="certificate_zip"),
    path("decisions/proposals/", views.proposal_list, name="proposal_list"),
    path("decisions/proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("decisions/proposals/<int:pk>/select/", views.proposal_select,
         name="proposal_select"),
    path("decisions/proposals/<int:pk>/send/", views.proposal_send, name="proposal_send"),
    path("decisions/proposals/<int:pk>/higher/", views.proposal_higher,
         name="proposal_higher"),
    path("decisions/proposals/<int:pk>/package.zip", views.proposal_package,
         name="proposal_package"),
    path("verify/<uuid:token>/", views.certificate_verify, name="certificate_verify"),
]
