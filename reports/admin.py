from django.contrib import admin

from .public.models import KabupatenPublication, PublicationSettings


@admin.register(PublicationSettings)
class PublicationSettingsAdmin(admin.ModelAdmin):
    """One row: the public section's switch, its publisher and the open data's licence."""

    list_display = ["__str__", "enabled", "publisher", "licence", "updated_at"]
    fields = ["enabled", "publisher", "licence"]

    def has_add_permission(self, request) -> bool:
        return not PublicationSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(KabupatenPublication)
class KabupatenPublicationAdmin(admin.ModelAdmin):
    """Each kabupaten/kota's opt-out; its Bapperida sets it on the kabupaten/kota's page too."""

    list_display = ["kabupaten", "published", "updated_at"]
    list_filter = ["published", "kabupaten__province"]
    search_fields = ["kabupaten__name", "kabupaten__code"]
    autocomplete_fields = ["kabupaten"]
