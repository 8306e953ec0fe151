from django.contrib import admin

from .models import AchievementCode, InitiativeLevel, Issuer


class BuiltinAdmin(admin.ModelAdmin):
    """Administrators may add the agency's own codes, never touch the contract's."""

    list_display = ("code", "name", "builtin")
    list_filter = ("builtin",)
    search_fields = ("code", "name")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.builtin:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.builtin:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(AchievementCode)
class AchievementCodeAdmin(BuiltinAdmin):
    list_display = ("code", "kind", "name", "rank", "builtin")
    list_filter = ("kind", "builtin")


admin.site.register(Issuer, BuiltinAdmin)
admin.site.register(InitiativeLevel, BuiltinAdmin)
