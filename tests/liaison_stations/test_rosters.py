"""Recurring duties, the holiday rule against the real 2026 calendar, overlaps,
opening hours, publication, swaps and check-in."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from congress.models import CalendarOverride
from deputies.models import PerformanceRecord
from liaison_stations import services
from liaison_stations.models import DutySlot, DutyStatus, SlotStatus, SwapStatus
from tests.factories.deputies import DeputyFactory
from tests.factories.liaison_stations import StationFactory, member

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time


@pytest.fixture
def station(station_manager):
    return StationFactory(managers=[station_manager])


def monthly_rule(station, user, days=(1, 15), **extra):
    return services.duty_rule_create(
        station,
        user=user,
        kind="reception_day",
        frequency="monthly",
        days_of_month=list(days),
        start_time=T(9),
        end_time=T(11, 30),
        on_holiday="shift",
        valid_from=D(2026, 1, 1),
        **extra,
    )


def test_monthly_days_on_holidays_move_to_the_next_working_day_2026(
    station, station_manager
):
    rule = monthly_rule(station, station_manager)
    slots = services.slots_generate(
        rule, start=D(2026, 1, 1), end=D(2026, 12, 31), user=station_manager
    )
    by_rule = {slot.scheduled_date or slot.date: slot.date for slot in slots}
    assert len(slots) == 24
    # New Year: 1 January is a holiday, Sunday 4 January an adjusted working day.
    assert by_rule[D(2026, 1, 1)] == D(2026, 1, 4)
    # Spring Festival: 15–23 February off.
    assert by_rule[D(2026, 2, 15)] == D(2026, 2, 24)
    # Labour Day week and National Day week.
    assert by_rule[D(2026, 5, 1)] == D(2026, 5, 6)
    assert by_rule[D(2026, 10, 1)] == D(2026, 10, 8)
    # A weekend day moves to Monday; a working day stays.
    assert by_rule[D(2026, 8, 15)] == D(2026, 8, 17)
    assert by_rule[D(2026, 6, 15)] == D(2026, 6, 15)
    assert all(slot.status == SlotStatus.DRAFT for slot in slots)


def test_staff_calendar_override_moves_a_duty(station, station_manager):
    CalendarOverride.objects.create(date=D(2026, 6, 15), is_workday=False)
    rule = monthly_rule(station, station_manager, days=(15,))
    slots = services.slots_generate(
        rule, start=D(2026, 6, 1), end=D(2026, 6, 30), user=station_manager
    )
    assert [slot.date for slot in slots] == [D(2026, 6, 16)]


def test_weekly_sitting_duty_skips_holidays(station, station_manager):
    rule = services.duty_rule_create(
        station,
        user=station_manager,
        kind="sitting",
        frequency="weekly",
        weekday=3,  # Thursday
        start_time=T(9),
        end_time=T(17),
        on_holiday="skip",
        valid_from=D(2026, 9, 28),
    )
    slots = services.slots_generate(
        rule, start=D(2026, 9, 28), end=D(2026, 10, 16), user=station_manager
    )
    # Thursday 1 October (National Day) is skipped.
    assert [slot.date for slot in slots] == [D(2026, 10, 8), D(2026, 10, 15)]


def test_generating_twice_adds_nothing(station, station_manager):
    rule = monthly_rule(station, station_manager)
    services.slots_generate(
        rule, start=D(2026, 1, 1), end=D(2026, 3, 31), user=station_manager
    )
    again = services.slots_generate(
        rule, start=D(2026, 1, 1), end=D(2026, 3, 31), user=station_manager
    )
    assert again == []
    assert DutySlot.objects.filter(station=station).count() == 6


def test_rule_outside_opening_hours_is_refused(station, station_manager):
    with pytest.raises(services.RosterRefused, match="超出联络站开放时间"):
        services.duty_rule_create(
            station,
            user=station_manager,
            kind="sitting",
            frequency="weekly",
            weekday=1,
            start_time=T(18),
            end_time=T(20),
            on_holiday="skip",
            valid_from=D(2026, 1, 1),
        )


def test_other_stations_manager_cannot_touch_the_roster(station, other_station_manager):
    StationFactory(managers=[other_station_manager])
    with pytest.raises(PermissionDenied):
        monthly_rule(station, other_station_manager)


def test_overlapping_duty_for_one_deputy_is_refused(station, station_manager):
    deputy = member(station)
    other = StationFactory(managers=[station_manager])
    member(other, deputy)
    services.slot_create(
        station,
        user=station_manager,
        kind="sitting",
        date=D(2026, 12, 15),
        start_time=T(9),
        end_time=T(12),
        deputies=[deputy],
    )
    with pytest.raises(services.RosterRefused, match="已安排在"):
        services.slot_create(
            other,
            user=station_manager,
            kind="sitting",
            date=D(2026, 12, 15),
            start_time=T(11),
            end_time=T(14),
            deputies=[deputy],
        )


DUTY_DAY = D(2026, 12, 15)


def _published_slot(station, manager, deputy, date=DUTY_DAY):
    slot = services.slot_create(
        station,
        user=manager,
        kind="reception_day",
        date=date,
        start_time=T(9),
        end_time=T(11, 30),
        deputies=[deputy],
    )
    services.slots_publish(station, until=date, user=manager)
    slot.refresh_from_db()
    return slot


def test_publish_raises_the_public_version(station, station_manager):
    deputy = member(station)
    before = station.public_version
    slot = _published_slot(station, station_manager, deputy)
    station.refresh_from_db()
    assert slot.status == SlotStatus.PUBLISHED
    assert station.public_version > before


def test_qr_check_in_in_the_window_enters_the_performance_file(
    station, station_manager, deputy
):
    person = member(station, DeputyFactory(user=deputy))
    slot = _published_slot(station, station_manager, person)
    token = services.check_in_token(slot)
    # 09:05 in Shanghai.
    with time_machine.travel(
        datetime.datetime(2026, 12, 15, 1, 5, tzinfo=datetime.UTC)
    ):
        assignment = services.duty_check_in(token, user=deputy)
    assert assignment.status == DutyStatus.ATTENDED
    record = PerformanceRecord.objects.get(deputy=person)
    assert record.kind == "station_reception"
    assert record.status == "confirmed"
    assert record.date == D(2026, 12, 15)


def test_qr_check_in_outside_the_window_is_refused(station, station_manager, deputy):
    person = member(station, DeputyFactory(user=deputy))
    slot = _published_slot(station, station_manager, person)
    token = services.check_in_token(slot)
    late = datetime.datetime(2026, 12, 15, 14, 0, tzinfo=datetime.UTC)  # 22:00 local
    with pytest.raises(services.RosterRefused, match="只能在"):
        services.duty_check_in(token, user=deputy, now=late)
    assert not PerformanceRecord.objects.filter(deputy=person).exists()


def test_qr_check_in_by_a_deputy_not_on_duty_is_refused(
    station, station_manager, deputy, other_deputy
):
    person = member(station, DeputyFactory(user=deputy))
    member(station, DeputyFactory(user=other_deputy))
    slot = _published_slot(station, station_manager, person)
    token = services.check_in_token(slot)
    during = datetime.datetime(2026, 12, 15, 2, 0, tzinfo=datetime.UTC)  # 10:00 local
    with pytest.raises(services.RosterRefused, match="值班名单中"):
        services.duty_check_in(token, user=other_deputy, now=during)


def test_a_tampered_token_is_refused():
    with pytest.raises(services.RosterRefused):
        services.rosters.check_in_slot("1:2:bad")


def test_swap_approved_by_the_manager_hands_the_duty_over(
    station, station_manager, deputy, other_deputy
):
    person = member(station, DeputyFactory(user=deputy))
    replacement = member(station, DeputyFactory(user=other_deputy))
    slot = _published_slot(station, station_manager, person)
    assignment = slot.assignments.get()
    swap = services.swap_request(
        assignment, replacement=replacement, reason="出差", user=deputy
    )
    swap = services.swap_decide(swap, approve=True, user=station_manager)
    assignment.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    assert assignment.deputy == replacement


def test_swap_decided_by_another_stations_manager_is_refused(
    station, station_manager, other_station_manager, deputy, other_deputy
):
    StationFactory(managers=[other_station_manager])
    person = member(station, DeputyFactory(user=deputy))
    replacement = member(station, DeputyFactory(user=other_deputy))
    slot = _published_slot(station, station_manager, person)
    swap = services.swap_request(
        slot.assignments.get(), replacement=replacement, reason="出差", user=deputy
    )
    with pytest.raises(PermissionDenied):
        services.swap_decide(swap, approve=True, user=other_station_manager)
