"""The administration site: reference data and who may do what.

Targets, actual values and funding lines are shown here but changed only through the portal's
pages, where the workflow, the locks and the version checks apply; the database enforces the value
workflow too (see models.VALUE_WORKFLOW). Every change made here is recorded like any other,
by trigger, with the administrator as its author.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ppsp_portal.editing import VersionField, shown

from .models import (
    ActualValue,
    Agency,
    AuditEntry,
    FundingLine,
    FundingSource,
    Indicator,
    IndicatorTarget,
    Kabupaten,
    Membership,
    MilestoneAchievement,
    PolicyPackage,
    PolicyPackageAgency,
    Programme,
    Province,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Listed and readable; changed only where the rules of the portal apply."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionedAdminForm(forms.ModelForm):
    """Refuses a save based on an older version of the record, naming what is stored now.

    The admin validates inside the transaction it saves in, so the row lock taken here holds
    until the save."""

    # Not named "version": the admin would take that for the model's own (non-editable) field.
    seen_version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version
            self.fields["seen_version"].required = True

    def clean(self):
        data = super().clean()
        if self.instance.pk and data.get("seen_version") is not None:
            current = type(self.instance).objects.select_for_update().get(pk=self.instance.pk)
            if current.version != data["seen_version"]:
                stored = "; ".join(
                    f"{self.fields[name].label}: {shown(getattr(current, name))}"
                    for name in self._meta.fields
                    if name in self.fields and name != "seen_version"
                )
                self.data = self.data.copy()
                self.data[self.add_prefix("seen_version")] = current.version
                raise ValidationError(
                    _(
                        "Someone else changed this record while you were editing it. Now "
                        "stored: %(stored)s. Your changes are kept below: save again to keep "
                        "them."
                    )
                    % {"stored": stored}
                )
        return data


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
    show_change_link = True  # its OPDs are chosen on the package's own page


class PolicyPackageAgencyInline(admin.TabularInline):
    model = PolicyPackageAgency
    extra = 1
    autocomplete_fields = ["agency"]


@admin.register(PolicyPackage)
class PolicyPackageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title", "programme"]
    list_select_related = ["programme__kabupaten"]
    search_fields = ["title", "programme__name"]
    inlines = [PolicyPackageAgencyInline]


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
class IndicatorTargetAdmin(ReadOnlyAdmin):
    list_display = ["kabupaten", "indicator", "year", "baseline", "target", "responsible_agency"]
    list_filter = ["year", "indicator__sector"]
    search_fields = ["kabupaten__name", "indicator__code"]
    list_select_related = ["kabupaten", "indicator", "responsible_agency"]


@admin.register(ActualValue)
class ActualValueAdmin(ReadOnlyAdmin):
    list_display = ["target", "period", "value", "status", "entered_by", "verified_by"]
    list_filter = ["status"]
    list_select_related = [
        "target__kabupaten",
        "target__indicator",
        "entered_by",
        "verified_by",
    ]


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    """The choice list of funding sources: add one, reorder, or retire one from new lines."""

    list_display = ["name", "code", "sort_order", "active"]
    list_editable = ["sort_order", "active"]
    search_fields = ["name", "code"]


@admin.register(FundingLine)
class FundingLineAdmin(ReadOnlyAdmin):
    list_display = ["kabupaten", "year", "source", "agency", "pagu", "realisasi", "status"]
    list_filter = ["year", "status", "source", "kabupaten__province"]
    search_fields = ["kabupaten__name", "planning_reference", "agency__abbreviation"]
    list_select_related = ["kabupaten", "source", "agency"]


@admin.register(MilestoneAchievement)
class MilestoneAchievementAdmin(ReadOnlyAdmin):
    list_display = ["kabupaten", "milestone", "reached_on"]
    list_filter = ["milestone"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = VersionedAdminForm
    list_display = ["user", "role", "province", "kabupaten", "agency"]
    list_filter = ["role"]
    raw_id_fields = ["user", "kabupaten", "agency"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "object_repr", "kabupaten"]
    list_filter = ["action"]
