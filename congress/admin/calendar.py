"""Admin for the working-day calendar: official adjustments and confirmed years.

From October on, both changelists warn while next year's calendar is not
confirmed (see congress.calendar.unconfirmed_year_warning).
"""

from django.contrib import admin, messages

from congress.admin.history import HistoryAdminMixin
from congress.calendar import unconfirmed_year_warning
from congress.models import CalendarOverride, CalendarYear


class UnconfirmedYearWarningMixin:
    """Shows the unconfirmed-year warning above the changelist."""

    def changelist_view(self, request, extra_context=None):
        # Only on GET: after a POST (bulk action) the redirect shows it again.
        if request.method == "GET" and (warning := unconfirmed_year_warning()):
            messages.warning(request, warning)
        return super().changelist_view(request, extra_context)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(
    UnconfirmedYearWarningMixin, HistoryAdminMixin, admin.ModelAdmin
):
    list_display = ["date", "name", "is_workday"]
    list_filter = ["is_workday"]
    search_fields = ["name"]
    date_hierarchy = "date"
    fields = ["date", "is_workday", "name"]


@admin.register(CalendarYear)
class CalendarYearAdmin(
    UnconfirmedYearWarningMixin, HistoryAdminMixin, admin.ModelAdmin
):
    list_display = ["year", "confirmed_by", "confirmed_at"]
    list_select_related = ["confirmed_by"]
    fields = ["year", "confirmed_by", "confirmed_at"]
    readonly_fields = ["confirmed_by", "confirmed_at"]

    def get_readonly_fields(self, request, obj=None):
        # The year is the identity of a confirmation: fixed once saved.
        return [*self.readonly_fields, "year"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.confirmed_by = request.user
        super().save_model(request, obj, form, change)
