"""The office's reference lists and settings for appointments. Cases, exams,
certificates and oaths change through the portal's pages (the services);
here they are read-only except for plain corrections of names and texts."""

from django.contrib import admin

from appointments.models import (
    AppointmentSettings,
    Batch,
    Case,
    Certificate,
    CertificatePrint,
    ChecklistItem,
    OathCeremony,
    Person,
    Post,
    Question,
    StepOrder,
    Topic,
)
from congress.admin.history import HistoryAdminMixin


@admin.register(StepOrder)
class StepOrderAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["case_type", "steps"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ChecklistItem)
class ChecklistItemAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "case_types",
        "organization_kinds",
        "sort_order",
        "is_active",
    ]
    list_editable = ["sort_order", "is_active"]


@admin.register(Post)
class PostAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "organization", "form", "is_active", "sort_order"]
    list_filter = ["form", "is_active", "organization__kind"]
    list_select_related = ["organization"]
    search_fields = ["name", "organization__name"]


@admin.register(Person)
class PersonAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "gender", "birth_date", "current_post"]
    search_fields = ["name"]
    # The candidate account is made on the case page (temporary password).
    readonly_fields = ["user"]


@admin.register(Topic)
class TopicAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(Question)
class QuestionAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["text", "topic", "kind", "answer", "points", "is_active"]
    list_filter = ["topic", "kind", "is_active"]
    search_fields = ["text"]


@admin.register(AppointmentSettings)
class AppointmentSettingsAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "personnel_body", "number_prefix", "on_card"]

    # The one row exists from the data migration (and AppointmentSettings.load()).
    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Batch)
class BatchAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["title", "meeting", "created_at"]
    list_select_related = ["meeting__term"]
    search_fields = ["title"]


@admin.register(Case)
class CaseAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["person", "post", "case_type", "status", "meeting", "decided_on"]
    list_filter = ["case_type", "status"]
    list_select_related = ["person", "post__organization", "meeting__term"]
    search_fields = ["person__name", "post__name"]
    fields = ["letter_number", "letter_date", "introduction", "statement"]

    def has_add_permission(self, request) -> bool:
        return False  # cases are registered on the board (the checklist, the event)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(HistoryAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "case", "issued_on", "wording"]
    list_select_related = ["case__person", "case__post__organization"]
    search_fields = ["number", "case__person__name"]


@admin.register(CertificatePrint)
class CertificatePrintAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "printed_at", "printed_by", "reprint", "reason"]
    list_select_related = ["certificate", "printed_by"]


@admin.register(OathCeremony)
class OathCeremonyAdmin(ReadOnlyAdmin):
    list_display = ["held_on", "place", "presiding", "form", "anthem_sung"]
