from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "dienhinh.plans"
    label = "plans"
    verbose_name = "Kế hoạch"
