from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class DemoConfig(AppConfig):
    """Holds the demo's commands (`demo`, `demo_logins`, `load_admin_units`); no models."""

    name = "dienhinh.demo"
    label = "demo"
    verbose_name = gettext_lazy("Dữ liệu mẫu")
