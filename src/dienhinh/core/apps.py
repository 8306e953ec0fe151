from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy


class CoreConfig(AppConfig):
    name = "dienhinh.core"
    label = "core"
    verbose_name = gettext_lazy("Hệ thống")

    def ready(self):
        from . import choices

        choices.install(m for m in apps.get_models() if m.__module__.startswith("dienhinh."))
