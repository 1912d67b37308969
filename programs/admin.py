from django.contrib import admin

from .models import (
    ActualValue,
    Agency,
    AuditEntry,
    Indicator,
    IndicatorTarget,
    Kabupaten,
    Membership,
    MilestoneAchievement,
    PolicyPackage,
    Programme,
    Province,
)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "population"]
    search_fields = ["code", "name"]


@admin.register(Kabupaten)
class KabupatenAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "population"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["abbreviation", "name", "kabupaten", "kind", "head_name"]
    list_filter = ["kind", "kabupaten__province"]
    search_fields = ["name", "abbreviation", "kabupaten__name"]
    autocomplete_fields = ["kabupaten"]


class PolicyPackageInline(admin.StackedInline):
    model = PolicyPackage
    extra = 0
    filter_horizontal = ["agencies"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "kabupaten", "start_year", "end_year"]
    autocomplete_fields = ["kabupaten"]
    inlines = [PolicyPackageInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sector", "unit", "direction", "frequency", "is_key"]
    list_filter = ["sector", "frequency", "is_key"]
    search_fields = ["code", "name"]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ["kabupaten", "indicator", "year", "baseline", "target", "responsible_agency"]
    list_filter = ["year", "indicator__sector"]
    search_fields = ["kabupaten__name", "indicator__code"]
    raw_id_fields = ["kabupaten", "indicator", "responsible_agency", "policy_package"]


@admin.register(ActualValue)
class ActualValueAdmin(admin.ModelAdmin):
    list_display = ["target", "period", "value", "status", "entered_by", "verified_by"]
    list_filter = ["status"]
    raw_id_fields = ["target", "entered_by", "verified_by"]


@admin.register(MilestoneAchievement)
class MilestoneAchievementAdmin(admin.ModelAdmin):
    list_display = ["kabupaten", "milestone", "reached_on"]
    list_filter = ["milestone"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "province", "kabupaten", "agency"]
    list_filter = ["role"]
    raw_id_fields = ["user", "kabupaten", "agency"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_repr", "kabupaten"]
    list_filter = ["action"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
