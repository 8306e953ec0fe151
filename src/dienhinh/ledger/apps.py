from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class LedgerConfig(AppConfig):
    name = "dienhinh.ledger"
    label = "ledger"
    verbose_name = gettext_lazy("Sổ thành tích")
