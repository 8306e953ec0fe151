from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "dienhinh.scoring"
    label = "scoring"
    verbose_name = _("Chấm điểm thi đua, khối và cụm")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dienhinh.plans import calendar_sources

        from . import (
            calendar,
            checks,  # noqa: F401  (registers the check of the shipped schemes)
        )

        # a round's due date in the plans' calendar and feed
        calendar_sources.register(calendar.events)
