"""Bonus rules with their article and a note on the source, a visible warning on a
recognition without an amount, and the rules checked against the decrees (91/2017,
98/2023, 152/2025) replacing the first reading (98/2023 and 152/2025 only)."""

from django.db import migrations, models


def replace_rules(apps, schema_editor):
    from dienhinh.decisions import rules

    rules.replace_former(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('decisions', '0002_rules'),
    ]

    operations = [
        migrations.AddField(
            model_name='recognition',
            name='bonus_warning',
            field=models.CharField(blank=True, default='', max_length=300, verbose_name='cảnh báo tiền thưởng'),
        ),
        migrations.AddField(
            model_name='rewardrule',
            name='article',
            field=models.CharField(blank=True, default='', max_length=200, verbose_name='điều, khoản'),
        ),
        migrations.AddField(
            model_name='rewardrule',
            name='note',
            field=models.CharField(blank=True, default='', max_length=300, verbose_name='ghi chú về nguồn'),
        ),
        migrations.RunPython(replace_rules, migrations.RunPython.noop),
    ]
