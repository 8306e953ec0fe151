"""Load the contract's catalogue (CONTRACT §1) as built-in, read-only rows."""

from django.db import migrations


def load(apps, schema_editor):
    from dienhinh.catalogue.seed import install_from_apps

    install_from_apps(apps)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
