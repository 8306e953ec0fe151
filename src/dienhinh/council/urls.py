"""URL names: council_home, council_detail, council_meeting, council_reading_room,
council_dossier_file, council_vote, council_minutes, council_verify (no login),
council_public_ballot (no login)."""

from django.urls import path

from . import views

urlpatterns = [
    path("council/", views.home, name="council_home"),
    path("council/<int:pk>/", views.council_detail, name="council_detail"),
    path("council/meetings/<int:pk>/", views.meeting, name="council_meeting"),
    path("council/meetings/<int:pk>/reading-room/", views.reading_room,
         name="council_reading_room"),
    path("council/meetings/<int:pk>/items/<int:item_pk>/files/<int:file_pk>/",
         views.dossier_file, name="council_dossier_file"),
    path("council/meetings/<int:pk>/vote/", views.vote, name="council_vote"),
    path("council/meetings/<int:pk>/minutes.docx", views.minutes, name="council_minutes"),
    path("public/ballots/verify/", views.verify, name="council_verify"),
    path("public/ballots/<int:pk>/", views.public_ballot, name="council_public_ballot"),
]
