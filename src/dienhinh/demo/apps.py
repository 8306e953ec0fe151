from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Holds the demo's commands (`demo`, `demo_logins`, `load_admin_units`); no models."""

    name = "dienhinh.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
