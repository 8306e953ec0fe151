from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "dienhinh.reports"
    label = "reports"
    verbose_name = _("Sơ kết, tổng kết và báo cáo")
    default_auto_field = "django.db.models.BigAutoField"
