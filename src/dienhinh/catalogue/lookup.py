"""Cached view of the catalogue for validation (imports, forms) and display."""

from dataclasses import dataclass

from .models import AchievementCode, InitiativeLevel, Issuer


@dataclass(frozen=True)
class Catalogue:
    codes: dict  # code -> AchievementCode
    issuers: dict  # code -> Issuer
    levels: dict  # code -> InitiativeLevel

    def kind_of(self, code: str) -> str | None:
        entry = self.codes.get(code)
        return entry.kind if entry else None


def load() -> Catalogue:
    return Catalogue(
        codes={c.code: c for c in AchievementCode.objects.all()},
        issuers={i.code: i for i in Issuer.objects.all()},
        levels={lv.code: lv for lv in InitiativeLevel.objects.all()},
    )
