from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "dienhinh.portal"
    label = "portal"
    verbose_name = _("Cổng thông tin điển hình")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dienhinh.decisions.signals import (
            recognitions_issued,
            recognitions_replaced,
            recognitions_revoked,
        )

        from . import services

        recognitions_issued.connect(services.on_recognitions_issued,
                                    dispatch_uid="portal.recognitions_issued")
        recognitions_revoked.connect(services.on_recognitions_revoked,
                                     dispatch_uid="portal.recognitions_revoked")
        recognitions_replaced.connect(services.on_recognitions_replaced,
                                      dispatch_uid="portal.recognitions_replaced")
