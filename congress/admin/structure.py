from django.contrib import admin

from congress.admin.history import HistoryAdminMixin
from congress.models import Attachment, Division, Meeting, Organization, Term


@admin.register(Division)
class DivisionAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(Organization)
class OrganizationAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "is_handling_unit"]
    list_filter = ["kind", "is_handling_unit", "is_active"]
    search_fields = ["name", "short_name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent", "division"]


@admin.register(Term)
class TermAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "start_date", "end_date", "is_current"]


@admin.register(Meeting)
class MeetingAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "start_date", "end_date", "place"]
    list_filter = ["kind", "term"]
    list_select_related = ["term"]
    date_hierarchy = "start_date"


@admin.register(Attachment)
class AttachmentAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "mime_type", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["uploaded_by"]
    readonly_fields = [field.name for field in Attachment._meta.fields]
    search_fields = ["original_name"]

    def has_add_permission(self, request):
        return False
