"""Install the reward multiples, base salaries and conferring authority (editable data)."""

from django.db import migrations


def install(apps, schema_editor):
    from dienhinh.decisions import rules

    rules.install(apps)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
