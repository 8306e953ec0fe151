"""The administrator edits the rules that change with the law: base salary values,
reward multiples, who may confer what, and each agency's decision profile."""

from django.contrib import admin

from .models import AgencyProfile, Authority, BaseSalary, RewardRule


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ("valid_from", "amount", "basis")


@admin.register(RewardRule)
class RewardRuleAdmin(admin.ModelAdmin):
    list_display = ("rule_set", "article", "code", "issuer", "subject_type", "multiple",
                    "valid_from", "valid_to", "note")
    list_filter = ("rule_set", "code")


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ("issuer", "code", "valid_from", "valid_to", "basis")
    list_filter = ("issuer",)


@admin.register(AgencyProfile)
class AgencyProfileAdmin(admin.ModelAdmin):
    list_display = ("agency", "abbreviation", "place", "issuer", "signer_title", "signer_name")
    raw_id_fields = ("agency",)
