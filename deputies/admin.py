"""The registry and performance files in the staff admin.

The deputy changelist imports and exports the registry spreadsheet through
django-import-export (preview, then confirm; any bad row saves nothing). ID
and mobile numbers are masked for everyone but office staff.
"""

from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from import_export.forms import ImportForm

from congress.admin.history import HistoryAdminMixin
from congress.admin.imports import (
    RateLimitedImportExportMixin,
    SignedImportConfirmMixin,
    admin_rate_refusal,
)
from congress.exceptions import DomainError, ImportRejected
from congress.images import normalize_photo
from congress.ratelimits import EXPORT, EXPORTS_PER_HOUR
from congress.roles import Role
from congress.uploads import validate_upload
from congress.validators import mask_id_number, mask_mobile, normalize_id_number
from deputies import services
from deputies.access import id_numbers_shown
from deputies.imports import RegistrySpreadsheet, registry_template, result_errors
from deputies.models import (
    AnnualEvaluation,
    Constituency,
    Deputy,
    DeputyGroup,
    DisclosureChannel,
    ExitCase,
    IdNumberDisclosure,
    Level,
    Mandate,
    MeetingAttendance,
    PerformanceRecord,
    VoterReport,
)
from deputies.resources import DeputyResource
from deputies.search import name_contains

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_LISTED_ERRORS = 20


def is_office(request) -> bool:
    return request.user.has_role(Role.OFFICE)


class RegistryCSV(base_formats.CSV):
    def get_title(self):
        return "csv"


class RegistryImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        # Type sniffed and archive limits checked before anything unpacks it.
        validate_upload(upload, use="spreadsheet")
        return upload


class MandateInline(admin.TabularInline):
    model = Mandate
    extra = 0
    fields = ["level", "term", "constituency", "division", "groups", "status"]
    readonly_fields = ["status"]
    autocomplete_fields = ["constituency", "division", "groups"]


class DeputyAdminForm(forms.ModelForm):
    class Meta:
        model = Deputy
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            # Re-encoded without EXIF (GPS), like every uploaded image.
            return normalize_photo(photo)
        return photo


@admin.register(Deputy)
class DeputyAdmin(
    RateLimitedImportExportMixin,
    SignedImportConfirmMixin,
    HistoryAdminMixin,
    ImportExportModelAdmin,
):
    form = DeputyAdminForm
    resource_classes = [DeputyResource]
    import_formats = [RegistrySpreadsheet]
    export_formats = [base_formats.XLSX, RegistryCSV]
    import_form_class = RegistryImportForm
    import_template_name = "admin/deputies/deputy/import.html"
    # Excel in China opens a CSV without a BOM as mojibake.
    to_encoding = "utf-8-sig"
    import_export_change_list_template = "admin/deputies/deputy/change_list.html"

    def get_actions(self, request):
        # Deleting deputies would delete their records' append-only
        # timelines: one by one only, and only without any.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.records.filter(events__isnull=False).exists():
            return False
        return super().has_delete_permission(request, obj)

    list_display = [
        "name",
        "gender",
        "ethnicity",
        "shown_id_number",
        "composition",
        "masked_mobile",
        "current_level",
    ]
    list_filter = [
        "mandates__level",
        "mandates__term",
        "mandates__constituency",
        "mandates__groups",
        "mandates__status",
        "composition",
    ]
    search_fields = ["name", "=id_number"]
    search_help_text = _("Search by name or by the full ID number.")
    inlines = [MandateInline]
    raw_id_fields = ["user"]

    def get_queryset(self, request):
        current = Mandate.objects.filter(term__is_current=True).order_by("level")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("mandates", queryset=current, to_attr="current_mandates")
            )
        )

    def get_search_results(self, request, queryset, search_term):
        # ID numbers are stored upper-case (…X); people type x.
        if len(search_term.strip()) == 18:
            search_term = normalize_id_number(search_term)
        return super().get_search_results(request, queryset, search_term)

    def get_search_fields(self, request):
        # Searching by exact ID number confirms a guessed one: office only.
        return self.search_fields if is_office(request) else ["name"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The form shows office staff the full ID number: record the showing.
        if request.method == "GET" and is_office(request):
            deputy = self.get_object(request, object_id)
            if deputy is not None:
                id_numbers_shown(
                    request.user,
                    [deputy],
                    channel=DisclosureChannel.ADMIN_FORM,
                    path=request.path,
                )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("ID number"))
    def shown_id_number(self, deputy):
        return mask_id_number(deputy.id_number)

    @admin.display(description=_("mobile number"))
    def masked_mobile(self, deputy):
        return mask_mobile(deputy.mobile)

    @admin.display(description=_("level"))
    def current_level(self, deputy):
        mandates = getattr(deputy, "current_mandates", [])
        return "、".join(str(Level(m.level).label) for m in mandates)

    def get_fields(self, request, obj=None):
        masked = {"id_number": "masked_id_number", "mobile": "masked_mobile"}
        fields = [
            field
            for field in super().get_fields(request, obj)
            if field not in masked.values()
        ]
        if is_office(request):
            return fields
        return [masked.get(field, field) for field in fields]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not is_office(request):
            readonly += ["masked_id_number", "masked_mobile"]
        return readonly

    @admin.display(description=_("ID number"))
    def masked_id_number(self, deputy):
        return mask_id_number(deputy.id_number)

    # --- import and export ---------------------------------------------

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def process_result(self, result, request):
        # The confirm step re-reads the file; should a row now fail, nothing
        # was saved (the resource rolls back) and the user is told why.
        if result.has_errors() or result.has_validation_errors():
            rejected = ImportRejected(result_errors(result))
            lines = [
                gettext("Row %(row)s, %(column)s: %(message)s")
                % {"row": row, "column": column, "message": message}
                for row, column, message in rejected.errors[:MAX_LISTED_ERRORS]
            ]
            messages.error(request, " ".join([str(rejected.message), *lines]))
            return redirect(
                reverse(
                    "admin:deputies_deputy_import", current_app=self.admin_site.name
                )
            )
        return super().process_result(result, request)

    def get_urls(self):
        view = self.admin_site.admin_view(self.template_view)
        return [
            path("template/", view, name="deputies_deputy_template"),
            *super().get_urls(),
        ]

    def template_view(self, request):
        """The registry template, built on the fly so it always matches the
        resource's columns."""
        refused = admin_rate_refusal(
            request, EXPORT, EXPORTS_PER_HOUR, methods=("GET",)
        )
        if refused:
            return refused
        response = HttpResponse(registry_template(), content_type=XLSX_MIME)
        filename = "deputy-registry-template.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@admin.register(Mandate)
class MandateAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["deputy", "level", "term", "constituency", "division", "status"]
    list_filter = ["level", "term", "status", "groups"]
    list_select_related = ["deputy", "term", "constituency", "division"]
    search_fields = ["deputy__name", "=deputy__id_number"]

    def get_search_fields(self, request):
        return self.search_fields if is_office(request) else ["deputy__name"]

    autocomplete_fields = ["deputy", "constituency", "division", "groups"]
    # Status changes go through mandate_terminate (legal ground, groups left).
    readonly_fields = ["status", "status_date", "termination_ground", "status_reason"]


@admin.register(DeputyGroup)
class DeputyGroupAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "term", "division", "leader"]
    list_filter = ["term"]
    list_select_related = ["term", "division", "leader"]
    search_fields = ["name"]
    autocomplete_fields = ["division", "leader"]


@admin.register(Constituency)
class ConstituencyAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["number", "name", "term", "division"]
    list_filter = ["term"]
    list_select_related = ["term", "division"]
    search_fields = ["name"]
    autocomplete_fields = ["division"]


TRIGRAM_MIN = 3  # characters a trigram index can search for


@admin.register(PerformanceRecord)
class PerformanceRecordAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["deputy", "date", "kind", "hours", "status"]
    # A date filter, not a date hierarchy: the hierarchy lists the distinct
    # years of a million records on every page.
    list_filter = ["status", "kind", "date"]
    list_select_related = ["deputy"]
    search_fields = ["deputy__name", "description"]
    autocomplete_fields = ["deputy"]
    # Written only by the transition services (record_confirm, record_return).
    readonly_fields = [
        "status",
        "return_reason",
        "confirmed_by",
        "confirmed_at",
        "created_by",
        "source_type",
        "source_id",
    ]
    actions = ["confirm_records"]

    def get_search_results(self, request, queryset, search_term):
        """The deputies of that name (a short list, then the file index) or,
        for three characters or more, descriptions (the trigram index)."""
        term = search_term.strip()
        if not term:
            return queryset, False
        deputy_ids = list(
            Deputy.objects.filter(name_contains(term)).values_list("pk", flat=True)
        )
        matches = Q(deputy_id__in=deputy_ids)
        if len(term) >= TRIGRAM_MIN:
            # contains, not icontains: Chinese has no case, and UPPER() would
            # hide the column from its trigram index.
            matches |= Q(description__contains=term)
        return queryset.filter(matches), False

    def get_actions(self, request):
        # A record with a timeline is never deleted (the events are
        # append-only): no bulk deletion, and one by one only without events.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.events.exists():
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Confirm the selected records"))
    def confirm_records(self, request, queryset):
        confirmed, skipped = services.records_confirm(queryset, user=request.user)
        if skipped:
            messages.warning(
                request,
                gettext("No longer awaiting confirmation, left as they are: %(names)s")
                % {"names": "、".join(record.deputy.name for record in skipped)},
            )
        if confirmed:
            messages.success(
                request,
                gettext("%(count)s records were confirmed.")
                % {"count": len(confirmed)},
            )


@admin.register(MeetingAttendance)
class MeetingAttendanceAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "deputy", "status"]
    list_filter = ["status"]
    list_select_related = ["meeting__term", "deputy"]
    search_fields = ["deputy__name"]
    raw_id_fields = ["meeting", "deputy"]


@admin.register(AnnualEvaluation)
class AnnualEvaluationAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["deputy", "year", "result", "evaluated_by", "evaluated_on"]
    list_filter = ["year", "result"]
    list_select_related = ["deputy"]
    search_fields = ["deputy__name"]
    autocomplete_fields = ["deputy"]


class DomainErrorsAsMessagesMixin:
    """A service refusing the save (DomainError) is a message, not a 500; the
    admin's transaction has rolled back by the time it is caught."""

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(request.get_full_path())


@admin.register(ExitCase)
class ExitCaseAdmin(DomainErrorsAsMessagesMixin, HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["mandate", "kind", "status", "decision_date", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["mandate__deputy"]
    search_fields = ["mandate__deputy__name"]
    date_hierarchy = "decision_date"
    autocomplete_fields = ["mandate"]
    # The decision is written only by exit_case_decide or, for a recall,
    # exit_case_record_recall_vote (the "exits" page), which also end the
    # mandate; here a case is opened (exit_case_open) and its reason read.
    readonly_fields = [
        "status",
        "decision_date",
        "meeting",
        "electorate",
        "votes_cast",
        "votes_for",
        "decided_by",
        "created_by",
        "created_at",
    ]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        case = services.exit_case_open(
            obj.mandate, kind=obj.kind, reason=obj.reason, user=request.user
        )
        obj.pk, obj.created_by, obj.created_at = (
            case.pk,
            case.created_by,
            case.created_at,
        )


@admin.register(VoterReport)
class VoterReportAdmin(
    DomainErrorsAsMessagesMixin, HistoryAdminMixin, admin.ModelAdmin
):
    list_display = ["deputy", "date", "place", "voters_present", "rating"]
    list_filter = ["rating"]
    list_select_related = ["deputy"]
    search_fields = ["deputy__name", "place"]
    date_hierarchy = "date"
    autocomplete_fields = ["deputy"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        # New reports go through the service: it enters the performance file
        # and tells office staff of an "incompetent" appraisal.
        if change:
            super().save_model(request, obj, form, change)
            return
        report = services.voter_report_record(
            obj.deputy,
            date=obj.date,
            place=obj.place,
            voters_present=obj.voters_present,
            assessment=obj.assessment,
            rating=obj.rating or None,
            user=request.user,
        )
        obj.pk, obj.created_by, obj.created_at = (
            report.pk,
            report.created_by,
            report.created_at,
        )


@admin.register(IdNumberDisclosure)
class IdNumberDisclosureAdmin(admin.ModelAdmin):
    """Who saw full ID numbers, when and where: read-only (append-only table)."""

    list_display = ["created_at", "user", "channel", "deputy_count", "path"]
    list_filter = ["channel"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__real_name"]
    date_hierarchy = "created_at"
    fields = readonly_fields = ["created_at", "user", "channel", "deputy_ids", "path"]

    @admin.display(description=_("deputies shown"))
    def deputy_count(self, obj) -> int:
        return len(obj.deputy_ids)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
