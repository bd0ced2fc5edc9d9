"""Citizens' personal data at the stations: export and erasure on request
(by phone number) and the retention sweep (congress.personal_data).

Erased: the citizen's name, phone, message, place, photo and the answer
written to them (it may name them), in the rows, their timeline comments
and their field history. Kept: station, category, source, status, dates,
routing and feedback, so every count and statistic stays as it was."""

import datetime
from typing import Any

import pgtrigger
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from congress import rules
from congress.personal_data import (
    ERASED,
    PersonKind,
    history_scrub,
    notifications_scrub,
)
from liaison_stations.models import Booking, Issue, IssueEvent, IssueStatus

RETENTION_MONTHS = rules.register(
    rules.Rule(
        "liaison.personal_data_retention_months",
        _("Months citizens' names, phones and messages are kept after closing"),
        36,
        min_value=6,
        max_value=120,
    )
)
ISSUE_ERASED = {
    "citizen_name": ERASED,
    "citizen_phone": "",
    "content": ERASED,
    "place": "",
    "photo": "",
    "reply": "",
    "client_hash": "",
}
BOOKING_ERASED = {
    "citizen_name": ERASED,
    "citizen_phone": "",
    "topic": ERASED,
    "answer": "",
    "client_hash": "",
}


def _issues_of(phone: str):
    return Issue.objects.filter(citizen_phone=phone) if phone else Issue.objects.none()


def _bookings_of(phone: str):
    return (
        Booking.objects.filter(citizen_phone=phone) if phone else Booking.objects.none()
    )


def citizen_export(phone: str, by=None) -> list[dict[str, Any]]:
    """Every message and booking left with this phone number."""
    issues = _issues_of(phone.strip()).select_related("station")
    bookings = _bookings_of(phone.strip()).select_related("slot__station")
    return [
        {
            "type": "issue",
            "tracking_code": issue.tracking_code,
            "station": issue.station.name,
            "received_at": issue.created_at.isoformat(),
            "name": issue.citizen_name,
            "phone": issue.citizen_phone,
            "content": issue.content,
            "place": issue.place,
            "status": issue.get_status_display(),
            "reply": issue.reply,
        }
        for issue in issues
    ] + [
        {
            "type": "booking",
            "tracking_code": booking.tracking_code,
            "station": booking.slot.station.name,
            "requested_at": booking.created_at.isoformat(),
            "name": booking.citizen_name,
            "phone": booking.citizen_phone,
            "topic": booking.topic,
            "status": booking.get_status_display(),
        }
        for booking in bookings
    ]


def citizen_erase(phone: str, by=None) -> int:
    """Erase every message and booking left with this phone number."""
    phone = phone.strip()
    return issues_erase(_issues_of(phone)) + bookings_erase(_bookings_of(phone))


def issues_erase(issues) -> int:
    pks = list(issues.values_list("pk", flat=True))
    if not pks:
        return 0
    photos = [
        name
        for name in Issue.objects.filter(pk__in=pks).values_list("photo", flat=True)
        if name
    ]
    Issue.objects.filter(pk__in=pks).update(**ISSUE_ERASED)
    with pgtrigger.ignore("liaison_stations.IssueEvent:append_only"):
        IssueEvent.objects.filter(issue__in=pks).exclude(comment="").update(
            comment=ERASED
        )
    history_scrub(Issue, pks, ISSUE_ERASED)
    notifications_scrub(Issue, pks)
    transaction.on_commit(lambda: [default_storage.delete(name) for name in photos])
    return len(pks)


def bookings_erase(bookings) -> int:
    pks = list(bookings.values_list("pk", flat=True))
    if not pks:
        return 0
    Booking.objects.filter(pk__in=pks).update(**BOOKING_ERASED)
    history_scrub(Booking, pks, BOOKING_ERASED)
    notifications_scrub(Booking, pks)
    return len(pks)


def retention_erase(now: datetime.datetime) -> int:
    """Closed messages and bookings older than the retention rule, not yet
    erased; idempotent."""
    cutoff = now - datetime.timedelta(days=30 * rules.get(RETENTION_MONTHS.key))
    issues = Issue.objects.filter(
        status__in=(IssueStatus.CLOSED, IssueStatus.SCREENED_OUT),
        closed_at__lt=cutoff,
    ).exclude(citizen_name=ERASED)
    bookings = Booking.objects.filter(created_at__lt=cutoff).exclude(
        citizen_name=ERASED
    )
    return issues_erase(issues) + bookings_erase(bookings)


CITIZEN = PersonKind(
    key="citizen",
    label=_("Citizen (messages and bookings at the stations)"),
    identifier_label=_("Mobile or telephone number"),
    export=citizen_export,
    erase=citizen_erase,
    retention=retention_erase,
)
