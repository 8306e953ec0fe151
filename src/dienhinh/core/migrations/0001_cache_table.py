"""The shared cache's table (the default cache backend: see CACHE_URL in settings)."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    # Named, not read from CACHES: the table is there whichever CACHE_URL is set now,
    # so switching back to the default needs no command.
    call_command("createcachetable", "dienhinh_cache",
                 database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
