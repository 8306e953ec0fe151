from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "dienhinh.ledger"
    label = "ledger"
    verbose_name = "Sổ thành tích"
