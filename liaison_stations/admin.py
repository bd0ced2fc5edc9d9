"""The stations' reference list (the standard, "九有" by default) and a read-only
view of the stations in the staff admin. Stations, rosters and issues are
worked in the portal pages, through the services."""

from django.contrib import admin

from liaison_stations.models import StandardItem, Station


@admin.register(StandardItem)
class StandardItemAdmin(admin.ModelAdmin):
    list_display = ["sort_order", "code", "name", "evidence", "is_active"]
    list_display_links = ["name"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    """Read-only: stations change through the portal's station pages."""

    list_display = ["name", "type", "division", "accepted_on", "is_active"]
    list_filter = ["type", "is_active"]
    search_fields = ["name", "address"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
