"""Station pages for station managers and office staff (leaders read)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congress.access import roles
from congress.exceptions import DomainError
from congress.roles import Role
from liaison_stations import access, forms, ledgers, selectors, services
from liaison_stations.models import (
    Booking,
    DutySlot,
    IssueStatus,
    StandardCheck,
    Station,
    StationMembership,
)

MANAGERS = (Role.STATION_MANAGER, Role.OFFICE)
READERS = (*MANAGERS, Role.LEADER, Role.VIEWER, Role.DIVISION_OFFICER, Role.DEPUTY)


def failed(request: HttpRequest, error: Exception) -> None:
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(error.message))


def _month(request: HttpRequest, today: datetime.date) -> datetime.date:
    try:
        month = datetime.date.fromisoformat((request.GET.get("month") or "") + "-01")
    except ValueError:
        month = today.replace(day=1)
    return month


# Stations -------------------------------------------------------------------------

STATIONS_PER_PAGE = 50


@roles(*READERS)
@require_GET
def station_list(request: HttpRequest) -> HttpResponse:
    stations = (
        access.stations_visible_to(request.user)
        .select_related("division")
        .order_by("division__code", "name")
    )
    managed = set(access.managed_stations(request.user).values_list("pk", flat=True))
    # A province has thousands of stations: one page at a time.
    page = Paginator(stations, STATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "liaison_stations/manage/station_list.html",
        {
            "stations": page,
            "page_obj": page,
            "managed": managed,
            "is_office": request.user.has_role(Role.OFFICE),
        },
    )


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def station_create(request: HttpRequest) -> HttpResponse:
    form = forms.StationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chiefs = data.pop("deputy_chiefs")
        try:
            station = services.station_create(
                user=request.user, deputy_chiefs=chiefs, **data
            )
        except DomainError as error:
            failed(request, error)
        else:
            messages.success(request, _("The station was created."))
            return redirect("liaison_stations:station", station.pk)
    return render(
        request,
        "liaison_stations/manage/form.html",
        {"form": form, "title": _("New liaison station")},
    )


@roles(*READERS)
@require_GET
def station_detail(request: HttpRequest, pk: int) -> HttpResponse:
    station = access.station_get_for_user(request.user, pk)
    today = timezone.localdate()
    members = (
        StationMembership.objects.filter(station=station)
        .select_related("deputy")
        .prefetch_related(
            selectors.Prefetch(
                "deputy__mandates",
                queryset=selectors.Mandate.objects.filter(status="serving"),
                to_attr="serving",
            )
        )
        .order_by("deputy__name")
    )
    return render(
        request,
        "liaison_stations/manage/station_detail.html",
        {
            "station": station,
            "can_manage": access.can_manage(request.user, station),
            "members": members,
            "managers": access.managers_of(station),
            "photos": station.photos.all(),
            "today_slots": selectors.today_duties([station.pk], today),
            "awaiting": selectors.issues_awaiting([station.pk]).count(),
            "bookings": selectors.bookings_awaiting([station.pk]).count(),
            "is_office": request.user.has_role(Role.OFFICE),
            "ledgers": list(ledgers.LEDGERS.items()),
        },
    )


@roles(*MANAGERS)
@require_http_methods(["GET", "POST"])
def station_edit(request: HttpRequest, pk: int) -> HttpResponse:
    station = access.station_get_for_user(request.user, pk, action="manage")
    form = forms.StationForm(request.POST or None, instance=station)
    if not request.user.has_role(Role.OFFICE):
        # Name, type and division are the office's register.
        for name in ("name", "type", "division", "is_active"):
            form.fields.pop(name)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chiefs = data.pop("deputy_chiefs")
        try:
            services.station_update(
                Station.objects.get(pk=station.pk),
                user=request.user,
                deputy_chiefs=chiefs,
                **data,
            )
        except DomainError as error:
            failed(request, error)
        else:
            messages.success(request, _("The station was saved."))
            return redirect("liaison_stations:station", station.pk)
    return render(
        request,
        "liaison_stations/manage/form.html",
        {"form": form, "title": _("Edit the station"), "station": station},
    )


@roles(*MANAGERS)
@require_http_methods(["GET", "POST"])
def station_deputies(request: HttpRequest, pk: int) -> HttpResponse:
    station = access.station_get_for_user(request.user, pk, action="manage")
    find = forms.FindForm(request.GET or None)
    text = find.cleaned_data["find"] if find.is_valid() else ""
    form = forms.StationDeputiesForm(
        request.POST or None,
        station=station,
        find=text,
        initial={"deputies": list(station.deputies.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        services.station_deputies_set(
            station, form.cleaned_data["deputies"], user=request.user
        )
        messages.success(request, _("The station's deputies were saved."))
        return redirect("liaison_stations:station", station.pk)
    return render(
        request,
        "liaison_stations/manage/station_deputies.html",
        {"form": form, "find": find, "station": station},
    )


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def station_managers(request: HttpRequest, pk: int) -> HttpResponse:
    station = access.station_get_for_user(request.user, pk, action="manage")
    form = forms.ManagerForm(request.POST or None)
    if request.method == "POST":
        revoke = request.POST.get("revoke")
        try:
            if revoke:
                manager = get_object_or_404(forms.User, pk=revoke)
                services.station_manager_revoke(station, manager, user=request.user)
                messages.success(request, _("The manager was removed."))
                return redirect("liaison_stations:managers", station.pk)
            if form.is_valid():
                services.station_manager_grant(
                    station, form.cleaned_data["manager"], user=request.user
                )
                messages.success(request, _("The manager was added."))
                return redirect("liaison_stations:managers", station.pk)
        except DomainError as error:
            failed(request, error)
    return render(
        request,
        "liaison_stations/manage/managers.html",
        {"form": form, "station": station, "managers": access.managers_of(station)},
    )


@roles(*MANAGERS)
@require_http_methods(["GET", "POST"])
def station_photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    station = access.station_get_for_user(request.user, pk, action="manage")
    form = forms.PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.station_photo_add(
                station,
                image=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                user=request.user,
            )
        except (DomainError, ValidationError) as error:
            failed(request, error)
        else:
            messages.success(request, _("The photo was added."))
            return redirect("liaison_stations:station", station.pk)
    return render(
        request,
        "liaison_stations/manage/form.html",
        {"form": form, "title": _("Add a photo"), "station": station, "files": True},
    )


# The standard ------------------------------------------------------------------------


@roles(*READERS)
@require_http_methods(["GET", "POST"])
def standard(request: HttpRequest, pk: int) -> HttpResponse:
    station = access.station_get_for_user(request.user, pk)
    if request.method == "POST":
        check = get_object_or_404(
            StandardCheck.objects.select_related("station"),
            pk=request.POST.get("check"),
            station=station,
        )
        try:
            if request.POST.get("do") == "review":
                form = forms.ReviewForm(request.POST)
                if form.is_valid():
                    services.check_review(
                        check,
                        accept=form.cleaned_data["accept"],
                        note=form.cleaned_data["note"],
                        user=request.user,
                    )
                    messages.success(request, _("The review was saved."))
            else:
                form = forms.SelfCheckForm(request.POST)
                if form.is_valid():
                    services.check_self_assess(
                        check,
                        met=form.cleaned_data["met"],
                        note=form.cleaned_data["note"],
                        user=request.user,
                    )
                    messages.success(request, _("The self-check was saved."))
        except DomainError as error:
            failed(request, error)
        return redirect("liaison_stations:standard", station.pk)
    return render(
        request,
        "liaison_stations/manage/standard.html",
        {
            "station": station,
            "checks": services.checks_ensure(station),
            "can_manage": access.can_manage(request.user, station),
            "is_office": request.user.has_role(Role.OFFICE),
        },
    )


# Roster -------------------------------------------------------------------------------


@roles(*MANAGERS)
@require_GET
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    station = access.station_get_for_user(request.user, pk, action="manage")
    today = timezone.localdate()
    month = _month(request, today)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "liaison_stations/manage/roster.html",
        {
            "station": station,
            "month": month,
            "previous": previous,
            "following": following,
            "slots": selectors.roster_month(station, month),
            "swaps": selectors.pending_swaps(station),
            "rules": station.duty_rules.all(),
            "publish_form": forms.PublishForm(
                initial={"until": forms.default_until(today)}
            ),
            "today": today,
        },
    )


@roles(*MANAGERS)
@require_http_methods(["GET", "POST"])
def rule_create(request: HttpRequest, pk: int) -> HttpResponse:
    station = access.station_get_for_user(request.user, pk, action="manage")
    today = timezone.localdate()
    form = forms.DutyRuleForm(
        request.POST or None,
        station=station,
        initial={
            "valid_from": today,
            "generate_until": today.replace(month=12, day=31),
            "start_time": datetime.time(9),
            "end_time": datetime.time(11, 30),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        until = data.pop("generate_until")
        deputies = data.pop("deputies")
        try:
            rule = services.duty_rule_create(
                station, user=request.user, deputies=deputies, **data
            )
            slots = services.slots_generate(
                rule, start=data["valid_from"], end=until, user=request.user
            )
        except DomainError as error:
            failed(request, error)
        else:
            moved = sum(1 for slot in slots if slot.was_moved)
            messages.success(
                request,
                _(
                    "%(count)s draft duties were generated, %(moved)s of them moved "
                    "to the next working day. Publish them when ready."
                )
                % {"count": len(slots), "moved": moved},
            )
            return redirect("liaison_stations:roster", station.pk)
    return render(
        request,
        "liaison_stations/manage/form.html",
        {"form": form, "title": _("New recurring duty"), "station": station},
    )


@roles(*MANAGERS)
@require_http_methods(["GET", "POST"])
def slot_create(request: HttpRequest, pk: int) -> HttpResponse:
    station = access.station_get_for_user(request.user, pk, action="manage")
    form = forms.SlotForm(
        request.POST or None,
        station=station,
        initial={"date": timezone.localdate(), "start_time": station.opens_at},
    )
    if request.method == "POST" and form.is_valid():
        try:
            slot = services.slot_create(station, user=request.user, **form.cleaned_data)
        except DomainError as error:
            failed(request, error)
        else:
            messages.success(request, _("The duty was added as a draft."))
            return redirect("liaison_stations:slot", slot.pk)
    return render(
        request,
        "liaison_stations/manage/form.html",
        {"form": form, "title": _("Add a duty"), "station": station},
    )


@roles(*MANAGERS)
@require_http_methods(["GET", "POST"])
def slot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    slot = access.slot_get_for_user(request.user, pk, action="manage")
    form = forms.AssignForm(request.POST or None, station=slot.station)
    if request.method == "POST" and form.is_valid():
        try:
            services.slot_assign(slot, form.cleaned_data["deputy"], user=request.user)
        except DomainError as error:
            failed(request, error)
        else:
            messages.success(request, _("The deputy was put on duty."))
        return redirect("liaison_stations:slot", slot.pk)
    return render(
        request,
        "liaison_stations/manage/slot.html",
        {
            "slot": slot,
            "station": slot.station,
            "assignments": slot.assignments.select_related("deputy"),
            "form": form,
            "receptions": slot.receptions.all(),
        },
    )


@roles(*MANAGERS)
@require_POST
def assignment_action(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = access.assignment_get_for_user(request.user, pk, action="confirm")
    action = request.POST.get("do")
    try:
        if action == "remove":
            services.slot_unassign(assignment, user=request.user)
        else:
            services.duty_confirm(
                assignment, attended=action == "attended", user=request.user
            )
    except DomainError as error:
        failed(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("liaison_stations:slot", assignment.slot_id)


@roles(*MANAGERS)
@require_http_methods(["GET", "POST"])
def slot_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    slot = access.slot_get_for_user(request.user, pk, action="manage")
    if request.method == "POST":
        try:
            services.slot_cancel(slot, user=request.user)
        except DomainError as error:
            failed(request, error)
        else:
            messages.success(request, _("The duty was cancelled."))
        return redirect("liaison_stations:roster", slot.station_id)
    return render(
        request,
        "liaison_stations/manage/confirm.html",
        {
            "station": slot.station,
            "title": _("Cancel this duty?"),
            "text": _(
                "The duty of %(date)s disappears from the public schedule and "
                "the deputies' calendars."
            )
            % {"date": slot.date.isoformat()},
            "button": _("Cancel the duty"),
            "back_url": reverse("liaison_stations:slot", args=[slot.pk]),
        },
    )


@roles(*MANAGERS)
@require_GET
def slot_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The check-in QR code to show at the station during the duty."""
    import segno

    slot = access.slot_get_for_user(request.user, pk, action="manage")
    url = request.build_absolute_uri(services.check_in_url(slot))
    svg = segno.make(url, error="m").svg_inline(scale=6, dark="#000")
    return render(
        request,
        "liaison_stations/manage/slot_qr.html",
        {"slot": slot, "station": slot.station, "svg": svg, "url": url},
    )


@roles(*MANAGERS)
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    station = access.station_get_for_user(request.user, pk, action="manage")
    form = forms.PublishForm(
        request.POST or None,
        initial={"until": forms.default_until(timezone.localdate())},
    )
    drafts = DutySlot.objects.filter(station=station, status="draft")
    if request.method == "POST" and form.is_valid():
        try:
            count = services.slots_publish(
                station, until=form.cleaned_data["until"], user=request.user
            )
        except DomainError as error:
            failed(request, error)
        else:
            messages.success(
                request,
                _("%(count)s duties were published.") % {"count": count},
            )
        return redirect("liaison_stations:roster", station.pk)
    return render(
        request,
        "liaison_stations/manage/publish.html",
        {"station": station, "form": form, "drafts": drafts.count()},
    )


@roles(*MANAGERS)
@require_POST
def swap_decide(request: HttpRequest, pk: int) -> HttpResponse:
    swap = access.swap_get_for_user(request.user, pk, action="decide")
    try:
        services.swap_decide(
            swap, approve=request.POST.get("do") == "approve", user=request.user
        )
    except DomainError as error:
        failed(request, error)
    else:
        messages.success(request, _("The swap request was decided."))
    return redirect("liaison_stations:roster", swap.assignment.slot.station_id)


# Bookings ---------------------------------------------------------------------------


@roles(*MANAGERS)
@require_GET
def bookings(request: HttpRequest, pk: int) -> HttpResponse:
    station = access.station_get_for_user(request.user, pk, action="manage")
    rows = (
        Booking.objects.filter(slot__station=station)
        .select_related("slot", "deputy")
        .order_by("-slot__date", "-pk")[:200]
    )
    return render(
        request,
        "liaison_stations/manage/bookings.html",
        {"station": station, "bookings": rows, "form": forms.DecisionForm()},
    )


@roles(*MANAGERS)
@require_POST
def booking_decide(request: HttpRequest, pk: int) -> HttpResponse:
    booking = access.booking_get_for_user(request.user, pk)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.booking_decide(
                booking,
                confirm=request.POST.get("do") == "confirm",
                answer=form.cleaned_data["answer"],
                user=request.user,
            )
        except DomainError as error:
            failed(request, error)
        else:
            messages.success(request, _("The booking was answered."))
    return redirect("liaison_stations:bookings", booking.slot.station_id)


def awaiting_statuses():
    return (IssueStatus.RECEIVED, IssueStatus.ANSWERED)
