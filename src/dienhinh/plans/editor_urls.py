from django.urls import path

from . import editor_views

urlpatterns = [
    path("plans/templates/", editor_views.editor_list, name="plan_editor_list"),
    path("plans/templates/<str:template_id>/", editor_views.editor_edit, name="plan_editor_edit"),
    path("plans/templates/<str:template_id>/copy/", editor_views.editor_copy,
         name="plan_editor_copy"),
]
