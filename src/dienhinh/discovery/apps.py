from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "dienhinh.discovery"
    label = "discovery"
    verbose_name = "Phát hiện điển hình"
