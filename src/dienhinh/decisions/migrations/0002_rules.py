"""Formerly installed the first reading of the rules; `0003_money_rules` now replaces
them with the rows checked against the decrees (the historical models of this step lack
the columns those rows carry), so this step does nothing."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]
    operations = []
