"""Admin for the ledger: search by subject code or name, filter by kind, code, year.

Corrections made here skip the optimistic-concurrency check of the screens; the
database constraints still hold every contract rule.
"""

from django.contrib import admin

from dienhinh.orgs.admin import FoldedSearchMixin

from .models import Achievement, Evidence


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ("file", "name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = ("content_type", "size", "uploaded_by", "uploaded_at")


@admin.register(Achievement)
class AchievementAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ("subject", "year", "kind", "code", "issuer", "level", "value", "decision_no")
    list_filter = ("kind", "year", "code")
    list_select_related = ("subject", "code")
    search_fields = ("subject__code", "subject__search_name", "subject__name", "decision_no")
    raw_id_fields = ("subject", "issuer_unit")
    readonly_fields = ("version", "created_at", "updated_at")
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("name", "achievement", "content_type", "size", "uploaded_by", "uploaded_at")
    list_filter = ("content_type",)
    list_select_related = ("achievement__subject", "uploaded_by")
    search_fields = ("name", "achievement__subject__code")
    raw_id_fields = ("achievement",)
    readonly_fields = ("uploaded_by", "uploaded_at")
