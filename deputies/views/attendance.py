"""Meeting attendance: office staff record it per meeting and show a sign-in QR
code at the meeting; deputies scan it and sign in on their phones."""

import base64
import io
import re

import segno
from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from congress.access import roles
from congress.models import Meeting, Term
from congress.roles import Role
from deputies import attendance, services
from deputies.models import AttendanceStatus, Deputy, MeetingAttendance

FIELD_NAME = re.compile(r"^d(\d{1,18})$")


class AttendanceForm(forms.Form):
    """One status select per deputy (field `d<pk>`). A recorded status can be
    changed but not cleared: the file keeps what was entered."""

    def __init__(self, data=None, *, deputies):
        super().__init__(data)
        self.deputies = {}
        for deputy in deputies:
            recorded = deputy.attendance_status or ""
            choices = list(AttendanceStatus.choices)
            if not recorded:
                choices.insert(0, ("", gettext_lazy("Not recorded")))
            name = f"d{deputy.pk}"
            self.fields[name] = forms.ChoiceField(
                label=deputy.name,
                choices=choices,
                required=bool(recorded),
                initial=recorded,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.deputies[name] = deputy

    def rows(self) -> list[tuple[Deputy, forms.BoundField]]:
        return [(deputy, self[name]) for name, deputy in self.deputies.items()]

    def changes(self) -> list[tuple[Deputy, str]]:
        """(deputy, new status) of the rows whose status was set or changed."""
        return [
            (deputy, self.cleaned_data[name])
            for name, deputy in self.deputies.items()
            if self.cleaned_data[name]
            and self.cleaned_data[name] != self.fields[name].initial
        ]


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("term"),
        pk=pk,
        kind__in=attendance.ATTENDABLE_KINDS,
    )


@roles(Role.OFFICE)
@require_GET
def attendance_meetings(request: HttpRequest) -> HttpResponse:
    """The current term's meetings, newest first, with counts per status."""
    term = Term.objects.filter(is_current=True).first()
    meetings = list(attendance.attendance_meetings(term)) if term else []
    has_session = any(m.kind == Meeting.Kind.CONGRESS_SESSION for m in meetings)
    return render(
        request,
        "deputies/attendance/meetings.html",
        {
            "term": term,
            "meetings": meetings,
            "statuses": AttendanceStatus.choices,
            "session_expected": (
                attendance.session_expected_count(term) if has_session else None
            ),
        },
    )


def _posted_deputies(meeting: Meeting, data) -> list[Deputy]:
    # Only the rows the page showed (the filter may have hidden others).
    ids = [int(m[1]) for key in data if (m := FIELD_NAME.match(key))]
    return list(attendance.expected_deputies(meeting).filter(pk__in=ids))


def _save(request: HttpRequest, meeting: Meeting, form: AttendanceForm) -> None:
    changes = form.changes()
    with transaction.atomic():
        for deputy, status in changes:
            services.attendance_record(
                meeting, deputy, status=status, user=request.user
            )
    if changes:
        messages.success(
            request,
            ngettext(
                "The attendance of %(count)s deputy was saved.",
                "The attendance of %(count)s deputies was saved.",
                len(changes),
            )
            % {"count": len(changes)},
        )
    else:
        messages.info(request, _("Nothing was changed."))


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def attendance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The expected deputies of a meeting with a status select each; saving
    records every changed row in one transaction."""
    meeting = _meeting(pk)
    query = request.GET.get("q", "").strip()[:50]
    if request.method == "POST":
        deputies = _posted_deputies(meeting, request.POST)
        form = AttendanceForm(request.POST, deputies=deputies)
        if form.is_valid():
            _save(request, meeting, form)
            url = reverse("deputies:attendance_edit", args=[meeting.pk])
            return redirect(f"{url}?{urlencode({'q': query})}" if query else url)
    else:
        deputies = attendance.expected_deputies(meeting, query=query)
        form = AttendanceForm(deputies=deputies)
    return render(
        request,
        "deputies/attendance/edit.html",
        {
            "meeting": meeting,
            "form": form,
            "query": query,
            "is_session": meeting.kind == Meeting.Kind.CONGRESS_SESSION,
        },
    )


def _qr_data_uri(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@roles(Role.OFFICE)
@require_GET
def attendance_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable page with the QR code of the meeting's sign-in URL."""
    meeting = _meeting(pk)
    token = attendance.sign_in_token(meeting)
    url = request.build_absolute_uri(
        reverse("deputies:attendance_sign_in", args=[token])
    )
    return render(
        request,
        "deputies/attendance/qr.html",
        {
            "meeting": meeting,
            "sign_in_url": url,
            "qr_src": _qr_data_uri(url),
            "closes": attendance.sign_in_closes(meeting),
            "status_label": AttendanceStatus(attendance.sign_in_status(meeting)).label,
        },
    )


def _sign_in_refused(request: HttpRequest, message, *, status: int) -> HttpResponse:
    return render(
        request,
        "deputies/attendance/sign_in.html",
        {"error": message},
        status=status,
    )


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
def attendance_sign_in(request: HttpRequest, token: str) -> HttpResponse:
    """The URL in the QR code: the deputy sees the meeting and signs in."""
    try:
        meeting = attendance.meeting_from_token(token)
    except attendance.InvalidSignIn as error:
        return _sign_in_refused(request, error.message, status=400)
    deputy = Deputy.objects.filter(user=request.user).first()
    if deputy is None:
        message = _("Your account is not linked to a deputy's file; ask the office.")
        return _sign_in_refused(request, message, status=403)
    if not attendance.may_sign_in(meeting, deputy):
        message = _("Only the serving deputies of this congress sign in here.")
        return _sign_in_refused(request, message, status=403)
    if request.method == "POST":
        record, now = services.attendance_sign_in(
            meeting, deputy=deputy, user=request.user
        )
        if now:
            messages.success(
                request,
                _("You signed in: %(status)s.")
                % {"status": AttendanceStatus(record.status).label},
            )
        else:
            messages.info(request, _("You have already signed in to this meeting."))
        return redirect(request.path)
    current = (
        MeetingAttendance.objects.filter(meeting=meeting, deputy=deputy)
        .values_list("status", flat=True)
        .first()
    )
    return render(
        request,
        "deputies/attendance/sign_in.html",
        {
            "meeting": meeting,
            "deputy": deputy,
            "signed_in": current in services.SIGNED_IN,
            "current_label": AttendanceStatus(current).label if current else "",
        },
    )
