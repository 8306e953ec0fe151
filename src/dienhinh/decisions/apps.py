from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "dienhinh.decisions"
    label = "decisions"
    verbose_name = _("Quyết định, Giấy công nhận, khen thưởng")
    default_auto_field = "django.db.models.BigAutoField"
