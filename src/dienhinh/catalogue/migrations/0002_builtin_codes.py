"""Load the contract's catalogue (CONTRACT §1) as built-in, read-only rows."""

from django.db import migrations


def load(apps, schema_editor):
    from dienhinh.catalogue import codes

    AchievementCode = apps.get_model("catalogue", "AchievementCode")
    Issuer = apps.get_model("catalogue", "Issuer")
    InitiativeLevel = apps.get_model("catalogue", "InitiativeLevel")
    for order, (code, (kind, name, name_en, rank, subject_type)) in enumerate(
        codes.ACHIEVEMENT_CODES.items(), start=1
    ):
        AchievementCode.objects.update_or_create(
            code=code,
            defaults=dict(
                kind=kind, name=name, name_en=name_en, rank=rank,
                subject_type=subject_type or "", order=order, builtin=True,
            ),
        )
    for order, (code, (name, name_en, valid_until)) in enumerate(codes.ISSUERS.items(), start=1):
        Issuer.objects.update_or_create(
            code=code,
            defaults=dict(
                name=name, name_en=name_en, valid_until=valid_until, order=order, builtin=True
            ),
        )
    for code, (name, name_en, order) in codes.INITIATIVE_LEVELS.items():
        InitiativeLevel.objects.update_or_create(
            code=code, defaults=dict(name=name, name_en=name_en, order=order, builtin=True)
        )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
