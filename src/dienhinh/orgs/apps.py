from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class OrgsConfig(AppConfig):
    name = "dienhinh.orgs"
    label = "orgs"
    verbose_name = gettext_lazy("Tổ chức và con người")
