from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_rules(sender, apps=None, **kwargs):
    # The reward rules are data an administrator edits, so they are only installed
    # into empty tables: first install, and after a test flush emptied them.
    from .rules import install

    apps = apps or global_apps
    try:
        if not apps.get_model("decisions", "RewardRule").objects.exists():
            install(apps)
    except LookupError:  # migrated back below the decisions' first migration
        pass


class DecisionsConfig(AppConfig):
    name = "dienhinh.decisions"
    label = "decisions"
    verbose_name = _("Quyết định, Giấy công nhận, khen thưởng")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_install_rules, sender=self, dispatch_uid="decisions_rules")
        from dienhinh.council.signals import ballot_closed

        from .freeze import minutes_at_close

        # The minutes are stored as issued when the ballot closes (council sends it).
        ballot_closed.connect(minutes_at_close, dispatch_uid="decisions_minutes_at_close")
