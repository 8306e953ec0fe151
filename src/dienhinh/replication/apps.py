from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReplicationConfig(AppConfig):
    name = "dienhinh.replication"
    label = "replication"
    verbose_name = _("Nhân rộng điển hình")
    default_auto_field = "django.db.models.BigAutoField"
