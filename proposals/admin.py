"""The proposals app's reference lists in the staff admin (office staff hold
every permission of the portal's apps). The workflow itself is worked on the
office pages, through the services, never edited here."""

from django.contrib import admin

from congress.admin.history import HistoryAdminMixin
from proposals.models import Category, LeaderInCharge


@admin.register(Category)
class CategoryAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "supervising_body", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active", "supervising_body"]
    list_select_related = ["supervising_body"]
    search_fields = ["name"]
    autocomplete_fields = ["supervising_body"]

    def has_delete_permission(self, request, obj=None):
        # A category in use stays (PROTECT would refuse anyway): retire it.
        if obj is not None and obj.proposals.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(LeaderInCharge)
class LeaderInChargeAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "post", "portfolio", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "portfolio"]
    filter_horizontal = ["organizations"]

    def has_delete_permission(self, request, obj=None):
        # A leader named on assignments stays (PROTECT): retire them instead.
        if obj is not None and obj.assignments.exists():
            return False
        return super().has_delete_permission(request, obj)
