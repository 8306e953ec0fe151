from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dienhinh.audit"
    label = "audit"
    verbose_name = "Nhật ký"
