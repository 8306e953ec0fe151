from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "dienhinh.council"
    label = "council"
    verbose_name = _("Hội đồng Thi đua – Khen thưởng")
    default_auto_field = "django.db.models.BigAutoField"
