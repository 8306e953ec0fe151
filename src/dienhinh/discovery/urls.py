from django.urls import path

from . import views

urlpatterns = [
    path("discovery/", views.discovery, name="discovery"),
]
