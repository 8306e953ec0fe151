"""Install the contract's catalogue rows (CONTRACT §1) as built-in rows.

Used by the data migration and after every `migrate` and test flush (post_migrate),
so the built-in rows are always present and always equal to `codes.py`; running it
again changes nothing.
"""

from . import codes


def install(AchievementCode, Issuer, InitiativeLevel) -> None:
    """Models may be historical (migrations) or real; rows are written with
    queryset updates so that the built-in protection of `save()` is not in the way."""
    wanted = {
        AchievementCode: {
            code: dict(kind=kind, name=name, name_en=name_en, rank=rank,
                       subject_type=subject_type or "", order=order, builtin=True)
            for order, (code, (kind, name, name_en, rank, subject_type))
            in enumerate(codes.ACHIEVEMENT_CODES.items(), start=1)
        },
        Issuer: {
            code: dict(name=name, name_en=name_en, valid_until=valid_until, order=order,
                       builtin=True)
            for order, (code, (name, name_en, valid_until))
            in enumerate(codes.ISSUERS.items(), start=1)
        },
        InitiativeLevel: {
            code: dict(name=name, name_en=name_en, order=order, builtin=True)
            for code, (name, name_en, order) in codes.INITIATIVE_LEVELS.items()
        },
    }
    for model, rows in wanted.items():
        existing = {obj.code: obj for obj in model.objects.filter(code__in=list(rows))}
        missing = [model(code=code, **values) for code, values in rows.items()
                   if code not in existing]
        if missing:
            model.objects.bulk_create(missing)
        for code, obj in existing.items():
            values = rows[code]
            if any(getattr(obj, field) != value for field, value in values.items()):
                model.objects.filter(pk=obj.pk).update(**values)


def install_from_apps(apps) -> None:
    install(
        apps.get_model("catalogue", "AchievementCode"),
        apps.get_model("catalogue", "Issuer"),
        apps.get_model("catalogue", "InitiativeLevel"),
    )
