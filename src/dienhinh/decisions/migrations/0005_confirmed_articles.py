"""The bonus rows of 91/2017's titles cite the article now read (Điều 69, clause and
point) instead of a placeholder, and 91/2017's "Thôn, tổ dân phố văn hóa" (Điều 69
khoản 2 điểm c) is installed; rows an administrator edited are left as they are."""

from django.db import migrations


def confirm(apps, schema_editor):
    from dienhinh.decisions import rules

    rules.confirm_articles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('decisions', '0004_issued_files'),
    ]

    operations = [
        migrations.RunPython(confirm, migrations.RunPython.noop),
    ]
