from django.urls import path

from . import views

urlpatterns = [
    path("import/", views.import_start, name="import_start"),
]
