"""Public pages (no login): station directory, station pages with who is on
duty, deputies' pages with their QR code, iCalendar feeds, online messages,
bookings and the lookup by tracking code.

Only published duties appear; residents' names and phones never do. Pages
carry an ETag built from the stations' public version (raised on every
publication and edit) and the day, and are cached server-side under it, so a
publication shows at once and an unchanged page costs one query.
"""

import datetime
import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congress.access import public
from congress.exceptions import DomainError
from congress.ratelimits import limit_public_form
from liaison_stations import forms, selectors, services
from liaison_stations import public as publicity
from liaison_stations.models import DutySlot, SlotStatus, Station

CACHE_SECONDS = 300  # browsers and proxies; the ETag revalidates after that


def _directory_version() -> str:
    row = Station.objects.aggregate(v=Sum("public_version"), n=Count("pk"))
    return f"{row['v'] or 0}.{row['n']}"


def _cached(request: HttpRequest, key: str, render_page) -> HttpResponse:
    """Answer 304 for a current ETag; else the page, from the server-side
    cache when it holds this version."""
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:24] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        cache_key = f"liaison:public:{etag}"
        body = cache.get(cache_key)
        if body is None:
            body = render_page()
            cache.set(cache_key, body, CACHE_SECONDS * 12)
        response = HttpResponse(body)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def _render(template: str, context: dict) -> str:
    """A public page without the request: no CSRF token, no user, the same
    bytes for everyone (so it can be cached and shared)."""
    from congress.context_processors import portal_name
    from congress.workspaces import public_links

    return render_to_string(
        template,
        {"portal_name": portal_name(), "public_links": public_links(), **context},
    )


def _key(*parts) -> str:
    return ":".join(str(p) for p in (translation.get_language(), *parts))


@public
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public home page at / for anonymous visitors."""
    today = timezone.localdate()

    def page():
        return _render(
            "liaison_stations/public/home.html",
            {
                "directory": selectors.directory(),
                "on_duty": selectors.on_duty_now(today),
                "today": today,
                "lookup_form": forms.LookupForm(),
            },
        )

    return _cached(request, _key("home", _directory_version(), today), page)


@public
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    division = request.GET.get("division") or ""
    division_id = int(division) if division.isascii() and division.isdigit() else None

    def page():
        return _render(
            "liaison_stations/public/directory.html",
            {"directory": selectors.directory(division_id)},
        )

    key = _key("directory", _directory_version(), division_id)
    return _cached(request, key, page)


def _public_station(pk: int) -> Station:
    station = Station.objects.active().select_related("division").filter(pk=pk).first()
    if station is None:
        raise Http404
    return station


@public
@require_GET
def station(request: HttpRequest, pk: int) -> HttpResponse:
    station = _public_station(pk)
    today = timezone.localdate()

    def page():
        return _render(
            "liaison_stations/public/station.html",
            {
                "station": station,
                "weeks": selectors.station_schedule(station, today),
                "map_links": publicity.map_links(station),
                "photos": list(station.photos.all()),
                "today": today,
            },
        )

    key = _key("station", station.pk, station.public_version, today)
    return _cached(request, key, page)


@public
@require_GET
def wall(request: HttpRequest, pk: int) -> HttpResponse:
    """The station's rules, standard and deputies as posted on its wall (上墙)."""
    station = _public_station(pk)

    def page():
        from liaison_stations.models import StandardItem

        members = selectors.public_members(station)
        return _render(
            "liaison_stations/public/wall.html",
            {
                "station": station,
                "items": StandardItem.objects.filter(is_active=True),
                "members": members,
            },
        )

    return _cached(request, _key("wall", station.pk, station.public_version), page)


def _ics_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def _events(request, slots, *, with_station: bool):
    events = []
    for slot in slots:
        start, end = publicity.slot_times(slot)
        names = "、".join(a.deputy.name for a in slot.assignments.all())
        summary = slot.get_kind_display()
        if with_station:
            summary = f"{slot.station.name} {summary}"
        events.append(
            {
                "uid": f"duty-{slot.pk}",
                "start": start,
                "end": end,
                "summary": summary,
                "location": f"{slot.station.name} {slot.station.address}",
                "description": _("Deputies on duty: %(names)s") % {"names": names},
                "url": request.build_absolute_uri(slot.station.get_absolute_url()),
            }
        )
    return events


def _feed_range(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return today - datetime.timedelta(days=60), today + datetime.timedelta(days=366)


@public
@require_GET
def station_ics(request: HttpRequest, pk: int) -> HttpResponse:
    station = _public_station(pk)
    start, end = _feed_range(timezone.localdate())
    slots = selectors.public_slots([station.pk], start, end)
    body = publicity.ics_calendar(
        f"{station.name} {_('duty schedule')}",
        _events(request, slots, with_station=False),
        host=request.get_host(),
    )
    return _ics_response(body, f"station-{station.pk}.ics")


@public
@require_GET
def deputy(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = selectors.public_deputy(pk)
    if deputy is None:
        raise Http404
    today = timezone.localdate()
    slots = selectors.public_slots(
        None, today, today + datetime.timedelta(days=60), deputy=deputy
    )
    profile = getattr(deputy, "public_profile", None)
    return render(
        request,
        "liaison_stations/public/deputy.html",
        {
            "deputy": deputy,
            "mandate": selectors.mandate_of(deputy),
            "stations": list(deputy.stations.all()),
            "slots": slots,
            "profile": profile,
            "qr": publicity.deputy_qr_svg(
                request.build_absolute_uri(
                    reverse("liaison_stations:public_deputy", args=[deputy.pk])
                )
            ),
        },
    )


@public
@require_GET
def deputy_ics(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = selectors.public_deputy(pk)
    if deputy is None:
        raise Http404
    start, end = _feed_range(timezone.localdate())
    slots = selectors.public_slots(None, start, end, deputy=deputy)
    body = publicity.ics_calendar(
        _("%(name)s's duties") % {"name": deputy.name},
        _events(request, slots, with_station=True),
        host=request.get_host(),
    )
    return _ics_response(body, f"deputy-{deputy.pk}.ics")


# Messages, bookings and lookups ----------------------------------------------------


def _challenge(form) -> str:
    question, token = publicity.challenge_new()
    form.data = form.data.copy() if form.is_bound else form.data
    if form.is_bound:
        form.data["challenge_token"] = token
        form.data["challenge_answer"] = ""
    else:
        form.initial["challenge_token"] = token
    return question


@public
@require_http_methods(["GET", "POST"])
@limit_public_form
def message(request: HttpRequest, pk: int) -> HttpResponse:
    """Leave a message for the station or one of its deputies. A refused
    message is shown again with everything the resident typed."""
    station = _public_station(pk)
    deputy = None
    deputy_id = request.GET.get("deputy") or request.POST.get("deputy")
    if deputy_id and deputy_id.isascii() and deputy_id.isdigit():
        deputy = station.deputies.filter(pk=deputy_id).first()
    form = forms.MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        client = publicity.client_hash(request)
        refusal = publicity.limit_error(client=client, phone=data["citizen_phone"])
        issue = None
        if refusal is None:
            try:
                issue = services.message_receive(
                    station,
                    citizen_name=data["citizen_name"],
                    citizen_phone=data["citizen_phone"],
                    content=data["content"],
                    category=data["category"],
                    deputy=deputy,
                    photo=data.get("photo"),
                    client_hash=client,
                )
            except ValidationError as error:
                refusal = error.messages[0]
        if refusal or issue is None:
            messages.error(request, refusal)
        else:
            return render(
                request,
                "liaison_stations/public/sent.html",
                {"code": issue.tracking_code, "station": station},
            )
    question = _challenge(form)
    return render(
        request,
        "liaison_stations/public/message.html",
        {"station": station, "deputy": deputy, "form": form, "question": question},
    )


@public
@require_http_methods(["GET", "POST"])
@limit_public_form
def book(request: HttpRequest, pk: int) -> HttpResponse:
    """Book a published reception slot of the station (双向预约)."""
    slot = get_object_or_404(
        DutySlot.objects.select_related("station"),
        pk=pk,
        status=SlotStatus.PUBLISHED,
        station__is_active=True,
    )
    today = timezone.localdate()
    if slot.date < today or not slot.bookable:
        raise Http404
    form = forms.BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        client = publicity.client_hash(request)
        refusal = publicity.limit_error(client=client, phone=data["citizen_phone"])
        if refusal:
            messages.error(request, refusal)
        else:
            try:
                booking = services.booking_request(
                    slot,
                    citizen_name=data["citizen_name"],
                    citizen_phone=data["citizen_phone"],
                    topic=data["topic"],
                    client_hash=client,
                    today=today,
                )
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                return render(
                    request,
                    "liaison_stations/public/sent.html",
                    {"code": booking.tracking_code, "station": slot.station},
                )
    question = _challenge(form)
    return render(
        request,
        "liaison_stations/public/book.html",
        {"slot": slot, "station": slot.station, "form": form, "question": question},
    )


@public
@require_GET
def track(request: HttpRequest) -> HttpResponse:
    """Look up a message or booking by tracking code and phone (both needed)."""
    form = forms.LookupForm(request.GET or None)
    issue = booking = None
    searched = form.is_bound and form.is_valid()
    if searched and not publicity.lookup_allowed(publicity.client_hash(request)):
        messages.error(request, _("Too many lookups from this network; try later."))
        searched = False
    if searched:
        code, phone = form.cleaned_data["code"], form.cleaned_data["phone"]
        issue = services.issue_lookup(code, phone)
        if issue is None:
            booking = services.booking_lookup(code, phone)
    response = render(
        request,
        "liaison_stations/public/track.html",
        {"form": form, "issue": issue, "booking": booking, "searched": searched},
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def redirect_home() -> HttpResponse:
    return redirect("home")
