"""Meeting attendance: office staff record it per meeting and show a sign-in QR
code at the meeting; deputies scan it and sign in on their phones."""

import base64
import io
import re

import segno
from django import forms
from django.contrib import messages
from django.db import transaction
from django.forms.utils import flatatt
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from congress.access import roles
from congress.exceptions import DomainError
from congress.models import Meeting, Term
from congress.roles import Role
from deputies import attendance, services
from deputies.models import AttendanceStatus, Deputy, MeetingAttendance

FIELD_NAME = re.compile(r"^d(\d{1,18})$")


class PlainSelect(forms.Select):
    """A select rendered in Python rather than through the form renderer's
    templates: a sheet of a hundred selects spent most of its time there."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, " selected" if str(option) == chosen else "", label)
                for option, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(attrs), options
        )


class AttendanceForm(forms.Form):
    """One status select per deputy (field `d<pk>`). A recorded status can be
    changed but not cleared: the file keeps what was entered."""

    def __init__(self, data=None, *, meeting, deputies):
        super().__init__(data)
        self.deputies = {}
        for deputy in deputies:
            recorded = deputy.attendance_status or ""
            allowed = attendance.statuses_for(
                meeting, is_member=deputy.is_member, arranged=bool(recorded)
            )
            choices = [(s, AttendanceStatus(s).label) for s in allowed]
            if not recorded:
                choices.insert(0, ("", gettext_lazy("Not recorded")))
            name = f"d{deputy.pk}"
            self.fields[name] = forms.ChoiceField(
                label=deputy.name,
                choices=choices,
                required=bool(recorded),
                initial=recorded,
                widget=PlainSelect(attrs={"class": "form-select form-select-sm"}),
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
    try:
        with transaction.atomic():
            for deputy, status in changes:
                services.attendance_record(
                    meeting, deputy, status=status, user=request.user
                )
    except DomainError as error:
        messages.error(request, error.message)
        return
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
    page, has_next = 1, False
    if request.method == "POST":
        deputies = _posted_deputies(meeting, request.POST)
        form = AttendanceForm(request.POST, meeting=meeting, deputies=deputies)
        if form.is_valid():
            _save(request, meeting, form)
            url = reverse("deputies:attendance_edit", args=[meeting.pk])
            return redirect(f"{url}?{urlencode({'q': query})}" if query else url)
    else:
        deputies = attendance.expected_deputies(meeting, query=query)
        rows, page, has_next = _sheet_page(deputies, request.GET.get("page"))
        form = AttendanceForm(meeting=meeting, deputies=rows)
    return render(
        request,
        "deputies/attendance/edit.html",
        {
            "meeting": meeting,
            "form": form,
            "query": query,
            "page": page,
            "has_next": has_next,
            "is_session": meeting.kind == Meeting.Kind.CONGRESS_SESSION,
        },
    )


SHEET_ROWS = 100  # a session of a province has thousands of deputies
MAX_SHEET_PAGE = 10_000  # beyond a million deputies: an offset that overflows


def _sheet_page(deputies, number) -> tuple[list, int, bool]:
    """One page of the sheet and whether another follows, read in the same
    query (one row more than the page) instead of counting them all."""
    try:
        page = min(max(1, int(number or 1)), MAX_SHEET_PAGE)
    except ValueError:
        page = 1
    start = (page - 1) * SHEET_ROWS
    rows = list(deputies[start : start + SHEET_ROWS + 1])
    return rows[:SHEET_ROWS], page, len(rows) > SHEET_ROWS


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
            "is_session": meeting.kind == Meeting.Kind.CONGRESS_SESSION,
        },
    )


def _sign_in_refused(request: HttpRequest, message, *, status: int) -> HttpResponse:
    return render(
        request,
        "deputies/attendance/sign_in.html",
        {"error": message},
        status=status,
    )


@roles(Role.DEPUTY, Role.MEMBER)
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
        message = attendance.refusal_message(meeting)
        return _sign_in_refused(request, message, status=403)
    if request.method == "POST":
        record, now = services.attendance_sign_in(
            meeting, deputy=deputy, user=request.user
        )
        if now:
            messages.success(request, _signed_in_message(record))
        else:
            messages.info(request, _("You have already signed in to this meeting."))
        return redirect(request.path)
    current = MeetingAttendance.objects.filter(meeting=meeting, deputy=deputy).first()
    return render(
        request,
        "deputies/attendance/sign_in.html",
        {
            "meeting": meeting,
            "deputy": deputy,
            "signed_in": current is not None and current.signed_in_at is not None,
            "current_label": current.get_status_display() if current else "",
            "awaiting_confirmation": current is not None
            and current.status == AttendanceStatus.INVITED,
        },
    )


def _signed_in_message(record: MeetingAttendance) -> str:
    if record.status == AttendanceStatus.INVITED:
        return _(
            "You signed in. The office confirms your sitting in; it then enters "
            "your performance file."
        )
    return _("You signed in: %(status)s.") % {
        "status": AttendanceStatus(record.status).label
    }


def _committee_meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("term"),
        pk=pk,
        kind=Meeting.Kind.COMMITTEE_MEETING,
    )


class ArrangeForm(forms.Form):
    """The deputies ticked among those found (field `deputies`)."""

    deputies = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Deputies to sit in"),
        queryset=Deputy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Tick at least one deputy to put on the list.")
        },
    )

    def __init__(self, data=None, *, meeting: Meeting, query: str = ""):
        super().__init__(data)
        self.candidates = attendance.arrangeable_deputies(meeting, query=query)
        self.fields["deputies"].queryset = self.candidates  # type: ignore[attr-defined]


ARRANGE_ROWS = 30


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def attendance_arrange(request: HttpRequest, pk: int) -> HttpResponse:
    """Find serving deputies of the term and put those ticked on the
    meeting's list of deputies to sit in (列席)."""
    meeting = _committee_meeting(pk)
    query = request.GET.get("q", "").strip()[:50]
    if request.method == "POST":
        form = ArrangeForm(request.POST, meeting=meeting)
        if form.is_valid():
            chosen = list(form.cleaned_data["deputies"])
            try:
                services.attendance_arrange(meeting, deputies=chosen, user=request.user)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s deputy was put on the list to sit in.",
                        "%(count)s deputies were put on the list to sit in.",
                        len(chosen),
                    )
                    % {"count": len(chosen)},
                )
                return redirect("deputies:attendance_edit", meeting.pk)
    else:
        form = ArrangeForm(meeting=meeting, query=query)
    candidates = list(form.candidates[: ARRANGE_ROWS + 1])
    return render(
        request,
        "deputies/attendance/arrange.html",
        {
            "meeting": meeting,
            "form": form,
            "query": query,
            "candidates": candidates[:ARRANGE_ROWS],
            "more": len(candidates) > ARRANGE_ROWS,
        },
    )


@roles(Role.OFFICE)
@require_POST
def attendance_unarrange(request: HttpRequest, pk: int, deputy_pk: int) -> HttpResponse:
    """Take a deputy whose attendance is not yet recorded off the list."""
    meeting = _committee_meeting(pk)
    deputy = get_object_or_404(Deputy, pk=deputy_pk)
    try:
        services.attendance_unarrange(meeting, deputy, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(deputy)s was taken off the list.") % {"deputy": deputy.name},
        )
    return redirect("deputies:attendance_edit", meeting.pk)


@roles(Role.OFFICE)
@require_POST
def attendance_confirm_signed_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the sitting in of every arranged deputy who signed in."""
    meeting = _committee_meeting(pk)
    count = services.attendance_confirm_signed_in(meeting, user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "The sitting in of %(count)s deputy was confirmed.",
                "The sitting in of %(count)s deputies was confirmed.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("No deputy on the list is waiting to be confirmed."))
    return redirect("deputies:attendance_edit", meeting.pk)
