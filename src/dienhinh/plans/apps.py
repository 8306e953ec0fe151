from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy


def _sync_seeds(sender, apps=None, **kwargs):
    from .seeds import sync

    apps = apps or global_apps

    try:
        sync(apps.get_model("plans", "PlanTemplate"))
    except LookupError:  # migrated back below the plans' first migration
        pass


class PlansConfig(AppConfig):
    name = "dienhinh.plans"
    label = "plans"
    verbose_name = gettext_lazy("Kế hoạch")

    def ready(self):
        post_migrate.connect(_sync_seeds, sender=self, dispatch_uid="plans_seed_templates")
