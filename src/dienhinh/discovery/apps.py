from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class DiscoveryConfig(AppConfig):
    name = "dienhinh.discovery"
    label = "discovery"
    verbose_name = gettext_lazy("Phát hiện điển hình")
