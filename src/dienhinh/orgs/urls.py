from django.urls import path

from . import views

urlpatterns = [
    path("units/", views.unit_tree, name="unit_tree"),
    path("people/", views.person_list, name="person_list"),
    path("search/", views.search, name="search"),
]
