"""Admin for administrators: the organisation tree, people and roles.

Every list names related rows through `list_select_related` so a page of 100
rows costs a fixed number of queries (tests/test_screens_admin.py counts them).
Writes that must keep history (reorganisations) go through orgs.reorganise, not
here; the admin is for corrections and for granting roles.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from dienhinh.core import vietnamese

from .models import (
    Assignment,
    CollectiveBody,
    Leadership,
    Person,
    Reorganisation,
    RoleAssignment,
    Subject,
    Succession,
    Unit,
    UnitVersion,
)


class FoldedSearchMixin:
    """Admin search that ignores diacritics too: 'nguyen' and 'Nguyễn' both find
    'Nguyễn' (the folded query is matched against the stored folded name)."""

    folded_field = "subject__search_name"

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        folded = vietnamese.fold(search_term)
        if folded and folded != search_term:
            results = results | queryset.filter(**{f"{self.folded_field}__icontains": folded})
        return results, duplicates


@admin.register(Subject)
class SubjectAdmin(FoldedSearchMixin, admin.ModelAdmin):
    folded_field = "search_name"
    list_display = ("code", "name", "type")
    list_filter = ("type",)
    search_fields = ("code", "name", "search_name")
    ordering = ("sort_key",)


class UnitVersionInline(admin.TabularInline):
    model = UnitVersion
    fk_name = "unit"
    extra = 0
    raw_id_fields = ("parent",)


@admin.register(Unit)
class UnitAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ("code_display", "name_display", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind", ("valid_to", admin.EmptyFieldListFilter))
    list_select_related = ("subject", "parent__subject")
    search_fields = ("subject__code", "subject__search_name", "subject__name")
    raw_id_fields = ("subject", "parent")
    readonly_fields = ("path", "version")
    inlines = [UnitVersionInline]
    ordering = ("path",)

    @admin.display(description=gettext_lazy("mã"), ordering="subject__code")
    def code_display(self, obj):
        return obj.subject.code

    @admin.display(description=gettext_lazy("tên"), ordering="subject__sort_key")
    def name_display(self, obj):
        return obj.subject.name


@admin.register(UnitVersion)
class UnitVersionAdmin(admin.ModelAdmin):
    list_display = ("unit", "name", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    list_select_related = ("unit__subject", "parent__subject")
    search_fields = ("name", "unit__subject__code")
    raw_id_fields = ("unit", "parent")


class SuccessionInline(admin.TabularInline):
    model = Succession
    extra = 0
    raw_id_fields = ("predecessor", "successor")


@admin.register(Reorganisation)
class ReorganisationAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "decision_no")
    list_filter = ("kind",)
    search_fields = ("decision_no", "note")
    date_hierarchy = "date"
    inlines = [SuccessionInline]


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    list_display = ("reorganisation", "predecessor", "successor")
    list_select_related = ("reorganisation", "predecessor__subject", "successor__subject")
    list_filter = ("reorganisation__kind",)
    search_fields = ("predecessor__subject__code", "successor__subject__code")
    raw_id_fields = ("predecessor", "successor", "reorganisation")


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    raw_id_fields = ("unit",)


@admin.register(Person)
class PersonAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ("code_display", "name_display", "birth_date", "gender", "unit", "position")
    list_filter = ("position", "gender")
    list_select_related = ("subject", "unit__subject")
    search_fields = ("subject__code", "subject__search_name", "subject__name")
    raw_id_fields = ("subject", "unit")
    readonly_fields = ("version",)
    inlines = [AssignmentInline]
    ordering = ("subject__sort_key",)

    @admin.display(description=gettext_lazy("mã"), ordering="subject__code")
    def code_display(self, obj):
        return obj.subject.code

    @admin.display(description=gettext_lazy("họ và tên"), ordering="subject__sort_key")
    def name_display(self, obj):
        return obj.subject.name


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("person", "unit", "position", "valid_from", "valid_to")
    list_filter = ("position",)
    list_select_related = ("person__subject", "unit__subject")
    search_fields = ("person__subject__code", "person__subject__search_name")
    raw_id_fields = ("person", "unit")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    list_select_related = ("user", "unit__subject")
    search_fields = ("user__username", "unit__subject__code", "unit__subject__name")
    raw_id_fields = ("user", "unit")


@admin.register(Leadership)
class LeadershipAdmin(admin.ModelAdmin):
    list_display = ("unit", "role", "title", "full_name", "valid_from", "valid_to")
    list_filter = ("role",)
    search_fields = ("full_name", "unit__subject__name", "unit__subject__code")
    autocomplete_fields = ("unit", "person")
    date_hierarchy = "valid_from"


@admin.register(CollectiveBody)
class CollectiveBodyAdmin(admin.ModelAdmin):
    list_display = ("unit", "name")
    search_fields = ("name", "unit__subject__name")
    autocomplete_fields = ("unit",)
