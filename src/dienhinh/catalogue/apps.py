from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy


def _install_builtin(sender, apps=None, **kwargs):
    # After every migrate, and after the flush of a transactional test, which
    # empties the tables the data migration filled.
    from .seed import install_from_apps

    apps = apps or global_apps

    try:
        install_from_apps(apps)
    except LookupError:  # migrated back below the catalogue's first migration
        pass


class CatalogueConfig(AppConfig):
    name = "dienhinh.catalogue"
    label = "catalogue"
    verbose_name = gettext_lazy("Danh mục")

    def ready(self):
        post_migrate.connect(_install_builtin, sender=self, dispatch_uid="catalogue_builtin")
