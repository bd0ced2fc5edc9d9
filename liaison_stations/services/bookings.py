"""Two-way booking (双向预约): a resident books a published reception slot, the
station confirms or declines; the resident follows it by code and phone."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.exceptions import DomainError
from congress.history import history_context
from congress.notifications import notify_bulk, register_kind
from congress.workflow import transition
from liaison_stations import access
from liaison_stations.models import Booking, BookingStatus, DutySlot, SlotStatus
from liaison_stations.services.issues import tracking_code
from liaison_stations.workflow import BOOKING

register_kind(
    "liaison_stations.booking_requested",
    title=gettext_lazy("A resident booked the reception of %(date)s"),
    body=gettext_lazy("%(station)s: %(topic)s"),
)


class BookingRefused(DomainError):
    pass


def booking_request(
    slot: DutySlot,
    *,
    citizen_name: str,
    citizen_phone: str,
    topic: str,
    deputy=None,
    client_hash: str = "",
    today=None,
) -> Booking:
    """A resident books a published, bookable slot that is still to come."""
    if slot.status != SlotStatus.PUBLISHED or not slot.bookable:
        raise BookingRefused(_("This reception cannot be booked."))
    if today and slot.date < today:
        raise BookingRefused(_("This reception is over."))
    with transaction.atomic():
        booking = Booking.objects.create(
            slot=slot,
            deputy=deputy,
            citizen_name=citizen_name,
            citizen_phone=citizen_phone,
            topic=topic,
            tracking_code=tracking_code(),
            client_hash=client_hash,
        )
        params = {
            "date": slot.date.isoformat(),
            "station": slot.station.name,
            "topic": topic[:60],
        }
        url = reverse("liaison_stations:bookings", args=[slot.station_id])
        notify_bulk(
            [
                (m, "liaison_stations.booking_requested", params, booking, url)
                for m in access.managers_of(slot.station)
            ]
        )
    return booking


def booking_decide(booking: Booking, *, confirm: bool, answer: str, user) -> Booking:
    """The station's manager confirms or declines, with a short answer the
    resident sees with the tracking code."""
    if not access.can_manage(user, booking.slot.station):
        raise PermissionDenied
    target = BookingStatus.CONFIRMED if confirm else BookingStatus.DECLINED
    with transaction.atomic(), history_context(user):
        booking = transition(booking, target, machine=BOOKING, user=user)
        booking.answer = answer
        booking.save(update_fields=["status", "answer"])
    return booking


def booking_lookup(code: str, phone: str) -> Booking | None:
    code, phone = (code or "").strip().upper(), (phone or "").strip()
    if not code or not phone:
        return None
    return (
        Booking.objects.select_related("slot__station")
        .filter(tracking_code=code, citizen_phone=phone)
        .first()
    )
