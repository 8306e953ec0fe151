from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "dienhinh.catalogue"
    label = "catalogue"
    verbose_name = "Danh mục"
