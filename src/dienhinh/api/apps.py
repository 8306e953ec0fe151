from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dienhinh.api"
    label = "api"
    verbose_name = "API"
