from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.inbox, name="notification_inbox"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("feedback/", views.feedback_list, name="feedback_list"),
    path("feedback/new/", views.feedback_new, name="feedback_new"),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("feedback/<int:pk>/answer/", views.feedback_answer, name="feedback_answer"),
    path("feedback/<int:pk>/reply/", views.feedback_reply, name="feedback_reply"),
    path("feedback/<int:pk>/close/", views.feedback_close, name="feedback_close"),
]
