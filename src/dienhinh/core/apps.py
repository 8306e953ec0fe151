from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dienhinh.core"
    label = "core"
    verbose_name = "Hệ thống"
