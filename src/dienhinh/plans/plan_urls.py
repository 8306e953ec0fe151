from django.urls import path

from . import plan_views

urlpatterns = [
    path("plans/", plan_views.plan_list, name="plan_list"),
    path("plans/adopt/", plan_views.plan_adopt, name="plan_adopt"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plan_views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/regenerate/", plan_views.plan_regenerate, name="plan_regenerate"),
    path("plans/<int:pk>/<str:action>/", plan_views.plan_transition, name="plan_transition"),
    path("deadlines/<int:pk>/done/", plan_views.deadline_done, name="deadline_done"),
    path("calendar/", plan_views.plan_calendar, name="plan_calendar"),
    path("calendar/feed/", plan_views.calendar_feed, name="plan_calendar_feed"),
    path("calendar/feed/new/", plan_views.calendar_feed_new, name="plan_calendar_feed_new"),
    path("calendar/feed/<str:token>.ics", plan_views.calendar_ics, name="plan_calendar_ics"),
]
