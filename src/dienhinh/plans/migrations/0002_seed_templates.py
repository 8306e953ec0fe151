"""Install the five seed plan templates (CONTRACT §4); running migrate again changes nothing."""

from django.db import migrations


def load(apps, schema_editor):
    from dienhinh.plans import seeds

    seeds.install(apps.get_model("plans", "PlanTemplate"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
