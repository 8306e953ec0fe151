from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExemplarsConfig(AppConfig):
    name = "dienhinh.exemplars"
    label = "exemplars"
    verbose_name = _("Xây dựng điển hình")
    default_auto_field = "django.db.models.BigAutoField"
