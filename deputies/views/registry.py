"""Deputies' own performance files and the office's registry, confirmations and
statistics. Thin views: access helper → form → service → message → redirect."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from congress.access import roles
from congress.attachments import attachment_create
from congress.exceptions import DomainError
from congress.idempotency import idempotent_post
from congress.redirects import is_safe_url
from congress.roles import Role
from congress.validators import is_ascii_number
from congress.workspaces import links_for
from deputies import selectors, services
from deputies.access import (
    REGISTRY_READERS,
    birth_date_shown,
    can_confirm_records,
    can_see_full_id,
    deputies_visible_to,
    deputy_get_for_user,
    id_numbers_shown,
    record_get_for_user,
    records_visible_to,
)
from deputies.forms import (
    PendingFilterForm,
    RecordBatchForm,
    RecordForm,
    RecordReturnForm,
    RegistryFilterForm,
)
from deputies.models import (
    Deputy,
    DisclosureChannel,
    Mandate,
    PerformanceRecord,
    RecordStatus,
)

RECORDS_PER_PAGE = 20
REGISTRY_PER_PAGE = 50
FILE_READERS = (*REGISTRY_READERS, Role.DEPUTY, Role.DIVISION_OFFICER)


def _own_deputy(user) -> Deputy | None:
    return Deputy.objects.filter(user=user).first()


def _records_page(request: HttpRequest, records) -> object:
    page = Paginator(records, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    selectors.attach_photos(page.object_list)
    return page


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    value = request.GET.get("year", "")
    if is_ascii_number(value) and 2000 <= int(value) <= today.year:
        return int(value)
    return today.year


@roles(Role.DEPUTY)
@require_GET
def my_file(request: HttpRequest) -> HttpResponse:
    """The deputy's home: the year at a glance and their activity list."""
    deputy = _own_deputy(request.user)
    if deputy is None:
        return render(request, "deputies/no_file.html")
    year = _year(request)
    # The activity list follows the year switch, like the summary above it.
    records = deputy.records.filter(
        date__gte=datetime.date(year, 1, 1), date__lt=datetime.date(year + 1, 1, 1)
    ).order_by("-date", "-pk")
    return render(
        request,
        "deputies/my_file.html",
        {
            "deputy": deputy,
            "summary": selectors.deputy_year_summary(deputy, year=year),
            "page_obj": _records_page(request, records),
            "previous_year": year - 1,
            "next_year": year + 1 if year < timezone.localdate().year else None,
            # What other apps offer a deputy (their proposals, ...).
            "workspace_links": links_for(Role.DEPUTY),
        },
    )


def _save_record(form: RecordForm, *, user, deputy=None, record=None):
    """Create or update the record and store its photos in one transaction.
    Returns the record, or None with the errors added to the form."""
    try:
        with transaction.atomic():
            if record is None:
                record = services.record_log(deputy, user=user, **form.record_values())
            else:
                record = services.record_update(
                    record, user=user, **form.record_values()
                )
            for photo in form.cleaned_data["photos"]:
                attachment_create(record, photo, user=user, use="photo")
    except ValidationError as error:
        form.add_error("photos", error)
    except DomainError as error:
        form.add_error(None, error.message)
    else:
        return record
    return None


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
@idempotent_post
def record_create(request: HttpRequest) -> HttpResponse:
    deputy = _own_deputy(request.user)
    if deputy is None:
        return redirect("deputies:my_file")
    form = RecordForm(initial={"date": timezone.localdate()})
    if request.method == "POST":
        form = RecordForm(request.POST, request.FILES)
        if form.is_valid() and _save_record(form, user=request.user, deputy=deputy):
            messages.success(
                request,
                gettext("Your activity was logged and awaits confirmation."),
            )
            return redirect("deputies:my_file")
    return render(request, "deputies/record_form.html", {"form": form})


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
def record_update(request: HttpRequest, pk: int) -> HttpResponse:
    """The deputy corrects a pending or returned record (it awaits
    confirmation again)."""
    record = record_get_for_user(request.user, pk, action="edit")
    form = RecordForm(
        initial={
            "kind": record.kind,
            "date": record.date,
            "hours": record.hours,
            "place": record.place,
            "description": record.description,
        }
    )
    if request.method == "POST":
        form = RecordForm(request.POST, request.FILES)
        if form.is_valid() and _save_record(form, user=request.user, record=record):
            messages.success(
                request,
                gettext("Your changes were saved; the record awaits confirmation."),
            )
            return redirect("deputies:my_file")
    selectors.attach_photos([record])
    return render(
        request, "deputies/record_form.html", {"form": form, "record": record}
    )


@roles(*REGISTRY_READERS)
@require_GET
def registry(request: HttpRequest) -> HttpResponse:
    form = RegistryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    deputies = selectors.registry_deputies(
        deputies_visible_to(request.user),
        filters=filters,
        id_search=can_see_full_id(request.user),
    )
    page = Paginator(deputies, REGISTRY_PER_PAGE).get_page(request.GET.get("page"))
    shown = id_numbers_shown(
        request.user,
        page.object_list,
        channel=DisclosureChannel.REGISTRY,
        path=request.get_full_path(),
    )
    for deputy in page.object_list:
        deputy.id_display = shown[deputy.pk]
    return render(request, "deputies/registry.html", {"form": form, "page_obj": page})


@roles(*FILE_READERS)
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A deputy's file: mandates, records and evaluations (a deputy: their own)."""
    deputy = deputy_get_for_user(request.user, pk)
    mandates = (
        Mandate.objects.filter(deputy=deputy)
        .select_related("term", "constituency", "division")
        .prefetch_related("groups")
    )
    return render(
        request,
        "deputies/deputy_detail.html",
        {
            "deputy": deputy,
            "id_display": id_numbers_shown(
                request.user,
                [deputy],
                channel=DisclosureChannel.DETAIL,
                path=request.path,
            )[deputy.pk],
            "birth_display": birth_date_shown(request.user, deputy),
            "mandates": mandates,
            "evaluations": deputy.evaluations.all(),
            "page_obj": _records_page(request, deputy.records.order_by("-date", "-pk")),
            "can_confirm": can_confirm_records(request.user),
            "is_own": deputy.user_id == request.user.pk,
        },
    )


@roles(Role.OFFICE)
@require_GET
def pending(request: HttpRequest) -> HttpResponse:
    """Records deputies logged that await confirmation, oldest first, with
    filters, the count and a batch confirm; confirming or returning one
    comes back to the same place in the list."""
    filters = PendingFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    records = selectors.pending_records(
        records_visible_to(request.user), filters=values
    )
    return render(
        request,
        "deputies/record_pending.html",
        {
            "page_obj": _records_page(request, records),
            "filters": filters,
            "here": request.get_full_path(),
        },
    )


def _back(request: HttpRequest) -> str:
    """Where the queue was left: the `next` URL if it is the queue's own
    (same host, same page), else the queue."""
    queue = reverse("deputies:pending")
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url.startswith(queue) and is_safe_url(request, url):
        return url
    return queue


@roles(Role.OFFICE)
@require_POST
def records_confirm(request: HttpRequest) -> HttpResponse:
    """Confirm the records ticked in the queue, in one go."""
    pending_records = records_visible_to(request.user).filter(
        status=RecordStatus.PENDING
    )
    form = RecordBatchForm(request.POST, records=pending_records)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(_back(request))
    confirmed, skipped = services.records_confirm(
        form.cleaned_data["records"], user=request.user
    )
    if confirmed:
        messages.success(
            request,
            ngettext(
                "%(count)s record was confirmed.",
                "%(count)s records were confirmed.",
                len(confirmed),
            )
            % {"count": len(confirmed)},
        )
    if skipped:
        messages.warning(
            request,
            gettext("No longer awaiting confirmation, left as they are: %(names)s")
            % {"names": "、".join(record.deputy.name for record in skipped)},
        )
    return redirect(_back(request))


def _confirm_page(request: HttpRequest, record: PerformanceRecord, **context):
    selectors.attach_photos([record])
    return render(
        request,
        "deputies/record_confirm.html",
        {"record": record, "back": _back(request), **context},
    )


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def record_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_get_for_user(request.user, pk, action="confirm")
    if request.method == "GET":
        return _confirm_page(request, record, action="confirm")
    try:
        services.record_confirm(record, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            gettext("The record of %(name)s was confirmed.")
            % {"name": record.deputy.name},
        )
    return redirect(_back(request))


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def record_return(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_get_for_user(request.user, pk, action="confirm")
    form = RecordReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_return(
                record, user=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                gettext("The record of %(name)s was returned.")
                % {"name": record.deputy.name},
            )
        return redirect(_back(request))
    return _confirm_page(request, record, action="return", form=form)


@roles(*REGISTRY_READERS)
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "deputies/statistics.html",
        {"stats": selectors.deputy_statistics(today=timezone.localdate())},
    )
