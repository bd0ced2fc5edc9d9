"""Duty rosters (排班): recurring rules into slots, deputies per slot, swaps,
check-in at the station, publication.

Guarantees: a deputy never has two overlapping duties (any station); a slot
lies within its station's opening hours; a confirmed duty is in the deputy's
performance file (deputies.services.record_push, once per duty); only
published slots are ever shown publicly.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from congress import rules
from congress.exceptions import DomainError
from congress.history import history_context
from congress.notifications import notify_bulk, register_kind
from congress.workflow import transition
from deputies import services as deputies_services
from deputies.models import ActivityKind
from liaison_stations import access
from liaison_stations.models import (
    CheckInMethod,
    DutyAssignment,
    DutyRule,
    DutySlot,
    DutyStatus,
    SlotStatus,
    Station,
    SwapRequest,
    SwapStatus,
)
from liaison_stations.rosters import WorkdayCache, rule_dates
from liaison_stations.services.summaries import summaries_refresh
from liaison_stations.workflow import SLOT, SWAP

CHECK_IN_MARGIN = rules.register(
    rules.Rule(
        "liaison.check_in_margin_minutes",
        gettext_lazy("Duty check-in: minutes before and after the slot"),
        30,
        gettext_lazy(
            "A deputy's QR check-in is accepted from this long before the duty "
            "starts until this long after it ends."
        ),
        min_value=0,
        max_value=240,
    )
)

register_kind(
    "liaison_stations.duty_tomorrow",
    title=gettext_lazy("Your duty at %(station)s on %(date)s"),
    body=gettext_lazy("You are on duty at %(station)s, %(date)s %(hours)s."),
    label=gettext_lazy("Duty reminders (the day before)"),
)
register_kind(
    "liaison_stations.swap_requested",
    title=gettext_lazy("%(deputy)s asks to swap a duty"),
    body=gettext_lazy("%(deputy)s asks %(replacement)s to take the duty of %(date)s."),
)
register_kind(
    "liaison_stations.swap_decided",
    title=gettext_lazy("Your duty swap: %(decision)s"),
    body=gettext_lazy("The duty of %(date)s at %(station)s: %(decision)s."),
)


class RosterRefused(DomainError):
    """A roster rule refuses the change (overlap, opening hours, window)."""


def _require_manager(user, station: Station) -> None:
    if not access.can_manage(user, station):
        raise PermissionDenied


def _check_hours(station: Station, start: datetime.time, end: datetime.time) -> None:
    if end <= start:
        raise RosterRefused(_("A duty must end after it starts."))
    if start < station.opens_at or end > station.closes_at:
        raise RosterRefused(
            _(
                "The duty %(start)s–%(end)s is outside the station's opening "
                "hours (%(opens)s–%(closes)s)."
            )
            % {
                "start": f"{start:%H:%M}",
                "end": f"{end:%H:%M}",
                "opens": f"{station.opens_at:%H:%M}",
                "closes": f"{station.closes_at:%H:%M}",
            }
        )


def _overlapping(deputy_ids, date, start, end, *, exclude_slot=None):
    """Assignments of these deputies overlapping (date, start–end), anywhere."""
    rows = DutyAssignment.objects.filter(
        deputy_id__in=deputy_ids,
        slot__date=date,
        slot__start_time__lt=end,
        slot__end_time__gt=start,
    ).exclude(slot__status=SlotStatus.CANCELLED)
    if exclude_slot is not None:
        rows = rows.exclude(slot=exclude_slot)
    return rows.select_related("deputy", "slot__station")


def _refuse_overlap(deputy_ids, date, start, end, *, exclude_slot=None) -> None:
    clash = _overlapping(deputy_ids, date, start, end, exclude_slot=exclude_slot)
    clash = clash.first()
    if clash:
        raise RosterRefused(
            _(
                "%(deputy)s is already on duty at %(station)s on %(date)s "
                "%(start)s–%(end)s."
            )
            % {
                "deputy": clash.deputy.name,
                "station": clash.slot.station.name,
                "date": clash.slot.date.isoformat(),
                "start": f"{clash.slot.start_time:%H:%M}",
                "end": f"{clash.slot.end_time:%H:%M}",
            }
        )


# Rules and slots ---------------------------------------------------------------------


def duty_rule_create(station: Station, *, user, deputies=(), **fields) -> DutyRule:
    """A recurring duty of the station. Raises PermissionDenied or RosterRefused."""
    _require_manager(user, station)
    _check_hours(station, fields["start_time"], fields["end_time"])
    if fields["frequency"] == "monthly":
        days = fields.get("days_of_month") or []
        if not days or any(not 1 <= day <= 31 for day in days):
            raise RosterRefused(_("Name the days of the month (1 to 31)."))
        fields["weekday"] = None
    elif fields.get("weekday") is None:
        raise RosterRefused(_("Name the weekday of a weekly duty."))
    with transaction.atomic(), history_context(user):
        rule = DutyRule.objects.create(station=station, **fields)
        rule.deputies.set(deputies)
    return rule


def slots_generate(
    rule: DutyRule, *, start: datetime.date, end: datetime.date, user
) -> list[DutySlot]:
    """Draft slots of `rule` from start to end, holidays moved or skipped by the
    working-day calendar; dates that already have a slot at that hour are left
    alone, and a default deputy who is busy elsewhere is left out of that slot.
    Returns the new slots."""
    _require_manager(user, rule.station)
    dates = rule_dates(rule, start, end, workdays=WorkdayCache())
    with transaction.atomic(), history_context(user):
        taken = set(
            DutySlot.objects.filter(
                station=rule.station,
                date__in=[actual for actual, _s in dates],
                start_time=rule.start_time,
            )
            .exclude(status=SlotStatus.CANCELLED)
            .values_list("date", flat=True)
        )
        slots = DutySlot.objects.bulk_create(
            DutySlot(
                station=rule.station,
                rule=rule,
                kind=rule.kind,
                date=actual,
                scheduled_date=scheduled if scheduled != actual else None,
                start_time=rule.start_time,
                end_time=rule.end_time,
            )
            for actual, scheduled in dates
            if actual not in taken
        )
        _assign_defaults(rule, slots)
    return slots


def _assign_defaults(rule: DutyRule, slots: list[DutySlot]) -> None:
    deputy_ids = list(rule.deputies.values_list("pk", flat=True))
    if not (deputy_ids and slots):
        return
    busy = set(
        DutyAssignment.objects.filter(
            deputy_id__in=deputy_ids,
            slot__date__in=[slot.date for slot in slots],
            slot__start_time__lt=rule.end_time,
            slot__end_time__gt=rule.start_time,
        )
        .exclude(slot__status=SlotStatus.CANCELLED)
        .values_list("deputy_id", "slot__date")
    )
    DutyAssignment.objects.bulk_create(
        DutyAssignment(slot=slot, deputy_id=deputy_id)
        for slot in slots
        for deputy_id in deputy_ids
        if (deputy_id, slot.date) not in busy
    )


def slot_create(
    station: Station,
    *,
    user,
    kind: str,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    note: str = "",
    deputies=(),
    bookable: bool = True,
) -> DutySlot:
    """A duty added by hand (a draft until published); `bookable=False` for
    one residents cannot book online."""
    _require_manager(user, station)
    _check_hours(station, start_time, end_time)
    _refuse_overlap([d.pk for d in deputies], date, start_time, end_time)
    if (
        DutySlot.objects.filter(station=station, date=date, start_time=start_time)
        .exclude(status=SlotStatus.CANCELLED)
        .exists()
    ):
        raise RosterRefused(_("The station already has a duty starting then."))
    with transaction.atomic(), history_context(user):
        slot = DutySlot.objects.create(
            station=station,
            kind=kind,
            date=date,
            start_time=start_time,
            end_time=end_time,
            note=note,
            bookable=bookable,
        )
        DutyAssignment.objects.bulk_create(
            DutyAssignment(slot=slot, deputy=deputy) for deputy in deputies
        )
    return slot


def slot_assign(slot: DutySlot, deputy, *, user) -> DutyAssignment:
    """Put a deputy on a duty; refused when they are on duty elsewhere then."""
    _require_manager(user, slot.station)
    if slot.status == SlotStatus.CANCELLED:
        raise RosterRefused(_("The duty is cancelled."))
    with transaction.atomic(), history_context(user):
        # Serialises assignments of one deputy: the overlap check and the
        # insert cannot interleave with another assignment of the same person.
        type(deputy).objects.select_for_update(of=("self",)).get(pk=deputy.pk)
        _refuse_overlap([deputy.pk], slot.date, slot.start_time, slot.end_time)
        assignment = DutyAssignment.objects.create(slot=slot, deputy=deputy)
        _bump(slot.station_id, slot.status)
        _refresh(slot, [deputy.pk])
    return assignment


def _refresh(slot: DutySlot, deputy_ids) -> None:
    """The slot's month at its station and its deputies' year."""
    summaries_refresh(
        station_ids=[slot.station_id], days=[slot.date], deputy_ids=deputy_ids
    )


def slot_unassign(assignment: DutyAssignment, *, user) -> None:
    _require_manager(user, assignment.slot.station)
    if assignment.status == DutyStatus.ATTENDED:
        raise RosterRefused(_("An attended duty cannot be removed."))
    with transaction.atomic(), history_context(user):
        assignment.delete()
        _bump(assignment.slot.station_id, assignment.slot.status)
        _refresh(assignment.slot, [assignment.deputy_id])


def slot_cancel(slot: DutySlot, *, user) -> DutySlot:
    _require_manager(user, slot.station)
    with transaction.atomic(), history_context(user):
        slot = transition(slot, SlotStatus.CANCELLED, machine=SLOT, user=user)
        slot.save(update_fields=["status"])
        _bump(slot.station_id, SlotStatus.PUBLISHED)
        _refresh(slot, slot.assignments.values_list("deputy_id", flat=True))
    return slot


def slots_publish(station: Station, *, until: datetime.date, user) -> int:
    """Publish every draft duty of the station up to `until`; public pages
    and feeds show them from now on (their caches are invalidated)."""
    _require_manager(user, station)
    # One UPDATE instead of a transition per row: the edge is the same for
    # every row and checked once; the rows are filtered on their state.
    SLOT.check(SlotStatus.DRAFT, SlotStatus.PUBLISHED, user)
    with transaction.atomic(), history_context(user):
        drafts = DutySlot.objects.filter(
            station=station, status=SlotStatus.DRAFT, date__lte=until
        )
        bounds = drafts.aggregate(first=Min("date"), last=Max("date"))
        deputy_ids = set(
            DutyAssignment.objects.filter(slot__in=drafts).values_list(
                "deputy_id", flat=True
            )
        )
        count = drafts.update(status=SlotStatus.PUBLISHED)
        _bump(station.pk, SlotStatus.PUBLISHED)
        summaries_refresh(
            station_ids=[station.pk], days=bounds.values(), deputy_ids=deputy_ids
        )
    return count


def _bump(station_id: int, status: str) -> None:
    """A change others can see: new public version (public caches follow)."""
    if status == SlotStatus.PUBLISHED:
        from django.db.models import F

        Station.objects.filter(pk=station_id).update(
            public_version=F("public_version") + 1
        )


# Attendance ---------------------------------------------------------------------


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt="liaison_stations.check_in")


def check_in_token(slot: DutySlot) -> str:
    """The token in the QR code shown at the station for this slot."""
    return _signer().sign(f"{slot.station_id}:{slot.pk}")


def check_in_url(slot: DutySlot) -> str:
    return reverse("liaison_stations:check_in", args=[check_in_token(slot)])


def check_in_slot(token: str) -> DutySlot:
    """The slot a QR token names; RosterRefused for a damaged token."""
    try:
        station_id, slot_id = _signer().unsign(token).split(":")
    except (signing.BadSignature, ValueError):
        raise RosterRefused(_("This check-in code is not valid.")) from None
    slot = (
        DutySlot.objects.select_related("station")
        .filter(pk=slot_id, station_id=station_id)
        .first()
    )
    if slot is None:
        raise RosterRefused(_("This check-in code is not valid."))
    return slot


def _window(slot: DutySlot) -> tuple[datetime.datetime, datetime.datetime]:
    margin = datetime.timedelta(minutes=rules.get(CHECK_IN_MARGIN.key))
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(slot.date, slot.start_time, tzinfo=tz)
    end = datetime.datetime.combine(slot.date, slot.end_time, tzinfo=tz)
    return start - margin, end + margin


def duty_check_in(token: str, *, user, now=None) -> DutyAssignment:
    """A deputy scans the station's QR code: their duty in that slot is
    confirmed and enters their performance file. Refused outside the slot's
    window, for a cancelled or unpublished slot, or for a deputy not on it."""
    now = now or timezone.now()
    slot = check_in_slot(token)
    opens, closes = _window(slot)
    if slot.status != SlotStatus.PUBLISHED:
        raise RosterRefused(_("This duty is not on the published roster."))
    if not opens <= now <= closes:
        raise RosterRefused(
            _(
                "Check-in for this duty is open from %(opens)s to %(closes)s "
                "on %(date)s only."
            )
            % {
                "opens": f"{timezone.localtime(opens):%H:%M}",
                "closes": f"{timezone.localtime(closes):%H:%M}",
                "date": slot.date.isoformat(),
            }
        )
    assignment = slot.assignments.filter(deputy__user=user).first()
    if assignment is None:
        raise RosterRefused(
            _("You are not on duty at %(station)s in this slot.")
            % {"station": slot.station.name}
        )
    return _confirm(assignment, method=CheckInMethod.QR, user=user, now=now)


def duty_confirm(
    assignment: DutyAssignment, *, attended: bool, user, now=None
) -> DutyAssignment:
    """The station manager records that a deputy came (or did not)."""
    _require_manager(user, assignment.slot.station)
    now = now or timezone.now()
    if not attended:
        if assignment.status == DutyStatus.ATTENDED:
            # The duty is in the deputy's file already; the office corrects it.
            raise RosterRefused(_("An attended duty cannot be marked absent."))
        with history_context(user):
            assignment.status = DutyStatus.ABSENT
            assignment.save(update_fields=["status"])
        return assignment
    return _confirm(assignment, method=CheckInMethod.MANAGER, user=user, now=now)


def _confirm(assignment, *, method, user, now) -> DutyAssignment:
    with transaction.atomic(), history_context(user):
        assignment = DutyAssignment.objects.select_for_update(of=("self",)).get(
            pk=assignment.pk
        )
        if assignment.status == DutyStatus.ATTENDED:
            return assignment
        assignment.status, assignment.checked_in_at = DutyStatus.ATTENDED, now
        assignment.check_in_method = method
        assignment.save()
        slot = DutySlot.objects.select_related("station").get(pk=assignment.slot_id)
        hours = _hours(slot)
        deputies_services.record_push(
            assignment.deputy,
            source=assignment,
            kind=ActivityKind.STATION_RECEPTION,
            date=slot.date,
            description=_stored_text(
                gettext_noop("%(kind)s at %(station)s"),
                kind=slot.get_kind_display,
                station=slot.station.name,
            ),
            hours=hours,
            place=slot.station.address,
        )
        _refresh(slot, [assignment.deputy_id])
    return assignment


def _stored_text(message: str, **params) -> str:
    """Text kept in the database (a performance record) is written in the
    installation's language, whoever's request or shell stores it; callables
    among the params are evaluated in that language too."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {k: v() if callable(v) else v for k, v in params.items()}
        return _(message) % values


def _hours(slot: DutySlot) -> Decimal:
    minutes = (
        datetime.datetime.combine(slot.date, slot.end_time)
        - datetime.datetime.combine(slot.date, slot.start_time)
    ).seconds // 60
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"))


# Swaps ------------------------------------------------------------------------


def swap_request(
    assignment: DutyAssignment, *, replacement, reason: str, user
) -> SwapRequest:
    """The deputy on duty asks to hand it to `replacement`; the station's
    managers are notified."""
    if assignment.deputy.user_id != user.pk:
        raise PermissionDenied
    if assignment.status != DutyStatus.ASSIGNED:
        raise RosterRefused(_("Only a duty still to come can be swapped."))
    if replacement.pk == assignment.deputy_id:
        raise RosterRefused(_("Name another deputy."))
    slot = assignment.slot
    _refuse_overlap([replacement.pk], slot.date, slot.start_time, slot.end_time)
    if SwapRequest.objects.filter(
        assignment=assignment, status=SwapStatus.PENDING
    ).exists():
        raise RosterRefused(_("A swap of this duty is already awaiting approval."))
    with transaction.atomic(), history_context(user):
        swap = SwapRequest.objects.create(
            assignment=assignment,
            requested_by=assignment.deputy,
            replacement=replacement,
            reason=reason,
        )
        params = {
            "deputy": assignment.deputy.name,
            "replacement": replacement.name,
            "date": slot.date.isoformat(),
        }
        url = reverse("liaison_stations:roster", args=[slot.station_id])
        notify_bulk(
            [
                (manager, "liaison_stations.swap_requested", params, swap, url)
                for manager in access.managers_of(slot.station)
            ]
        )
    return swap


def swap_decide(swap: SwapRequest, *, approve: bool, user, now=None) -> SwapRequest:
    """The station's manager approves (the replacement takes the duty) or
    rejects a swap; the requesting deputy is told."""
    _require_manager(user, swap.assignment.slot.station)
    target = SwapStatus.APPROVED if approve else SwapStatus.REJECTED
    with transaction.atomic(), history_context(user):
        swap = transition(swap, target, machine=SWAP, user=user)
        swap.decided_by, swap.decided_at = user, now or timezone.now()
        swap.save(update_fields=["status", "decided_by", "decided_at"])
        assignment = DutyAssignment.objects.select_for_update(of=("self",)).get(
            pk=swap.assignment_id
        )
        slot = DutySlot.objects.select_related("station").get(pk=assignment.slot_id)
        if approve:
            if assignment.status != DutyStatus.ASSIGNED:
                raise RosterRefused(_("Only a duty still to come can be swapped."))
            _refuse_overlap(
                [swap.replacement_id],
                slot.date,
                slot.start_time,
                slot.end_time,
                exclude_slot=slot,
            )
            if slot.assignments.filter(deputy_id=swap.replacement_id).exists():
                raise RosterRefused(_("The replacement is already on this duty."))
            previous = assignment.deputy_id
            assignment.deputy_id = swap.replacement_id
            assignment.save(update_fields=["deputy"])
            _bump(slot.station_id, slot.status)
            _refresh(slot, [previous, swap.replacement_id])
        requester = swap.requested_by.user
        if requester:
            notify_bulk(
                [
                    (
                        requester,
                        "liaison_stations.swap_decided",
                        {
                            "decision": str(SwapStatus(target).label),
                            "date": slot.date.isoformat(),
                            "station": slot.station.name,
                        },
                        swap,
                        reverse("liaison_stations:my_duties"),
                    )
                ]
            )
    return swap


def swap_withdraw(swap: SwapRequest, *, user) -> SwapRequest:
    if swap.requested_by.user_id != user.pk:
        raise PermissionDenied
    with transaction.atomic(), history_context(user):
        swap = transition(swap, SwapStatus.WITHDRAWN, machine=SWAP, user=user)
        swap.save(update_fields=["status"])
    return swap


def deputies_busy(deputy_ids, date, start, end) -> set[int]:
    """Deputies among `deputy_ids` on duty somewhere at that time."""
    return set(
        _overlapping(deputy_ids, date, start, end).values_list("deputy_id", flat=True)
    )


def upcoming_filter(today: datetime.date) -> Q:
    return Q(slot__date__gte=today)


def slot_invite(assignment: DutyAssignment, *, user, invitation: str) -> DutySlot:
    """The deputy on duty invites named voters or groups to the reception
    (双向预约); the station's public page shows whom. Raises PermissionDenied
    (not their duty) or RosterRefused (not a published duty to come)."""
    if assignment.deputy.user_id != user.pk:
        raise PermissionDenied
    with transaction.atomic(), history_context(user):
        slot = DutySlot.objects.select_for_update(of=("self",)).get(
            pk=assignment.slot_id
        )
        if slot.status != SlotStatus.PUBLISHED or slot.date < timezone.localdate():
            raise RosterRefused(_("Voters are invited to a published duty to come."))
        slot.invitation = invitation.strip()
        slot.save(update_fields=["invitation"])
    return slot
