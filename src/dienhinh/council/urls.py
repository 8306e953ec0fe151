"""URL names: council_home, council_detail, council_meeting, council_reading_room,
council_dossier_file, council_vote, council_verify (no login),
council_public_ballot (no login). The minutes' download, `council_minutes`, is served
by the decisions app, which stores them (decisions/freeze.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("council/", views.home, name="council_home"),
    path("council/<int:pk>/", views.council_detail, name="council_detail"),
    path("council/<int:pk>/members/add/", views.member_add, name="council_member_add"),
    path("council/<int:pk>/members/end-term/", views.member_end_term,
         name="council_member_end_term"),
    path("council/<int:pk>/pass-rule/", views.council_pass_rule, name="council_pass_rule"),
    path("council/<int:pk>/meetings/new/", views.meeting_create, name="council_meeting_create"),
    path("council/meetings/<int:pk>/", views.meeting, name="council_meeting"),
    path("council/meetings/<int:pk>/items/add/", views.item_add, name="council_item_add"),
    path("council/meetings/<int:pk>/items/remove/", views.item_remove,
         name="council_item_remove"),
    path("council/meetings/<int:pk>/attendance/", views.attendance, name="council_attendance"),
    path("council/meetings/<int:pk>/recusal/", views.recusal, name="council_recusal"),
    path("council/meetings/<int:pk>/rule/", views.rule, name="council_rule"),
    path("council/meetings/<int:pk>/open/", views.ballot_open, name="council_ballot_open"),
    path("council/meetings/<int:pk>/paper-count/", views.paper_count,
         name="council_paper_count"),
    path("council/meetings/<int:pk>/close/", views.ballot_close, name="council_ballot_close"),
    path("council/meetings/<int:pk>/recuse/", views.recuse, name="council_recuse"),
    path("council/meetings/<int:pk>/reading-room/", views.reading_room,
         name="council_reading_room"),
    path("council/meetings/<int:pk>/items/<int:item_pk>/files/<int:file_pk>/",
         views.dossier_file, name="council_dossier_file"),
    path("council/meetings/<int:pk>/vote/", views.vote, name="council_vote"),
    path("public/ballots/verify/", views.verify, name="council_verify"),
    path("public/ballots/<int:pk>/", views.public_ballot, name="council_public_ballot"),
]
