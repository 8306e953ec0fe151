from django.urls import path

from . import views

urlpatterns = [
    path("units/", views.unit_tree, name="unit_tree"),
    # not under units/, where a unit coded "pick" would be shadowed
    path("pick/units/", views.unit_pick, name="unit_pick"),
    path("pick/subjects/", views.subject_pick, name="subject_pick"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("units/<str:code>/children/", views.unit_children, name="unit_children"),
    path("units/<str:code>/leaders/", views.unit_leaders, name="unit_leaders"),
    path("units/<str:code>/leaders/add/", views.leader_add, name="leader_add"),
    path("units/<str:code>/leaders/<int:pk>/edit/", views.leader_edit, name="leader_edit"),
    path("people/", views.person_list, name="person_list"),
    path("people/<str:code>/", views.person_detail, name="person_detail"),
    path("people/<str:code>/edit/", views.person_edit, name="person_edit"),
    path("search/", views.search, name="search"),
]
