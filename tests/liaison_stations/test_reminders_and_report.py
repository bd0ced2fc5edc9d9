"""The day-before duty reminder, the Q4 reminder of yearly visits, the
performance-report section and the statistics."""

import datetime

import pytest
import time_machine

from congress import reminders
from congress.reports import sections_for
from liaison_stations import selectors, services
from tests.factories.deputies import DeputyFactory
from tests.factories.liaison_stations import StationFactory, member

pytestmark = pytest.mark.django_db
T = datetime.time


@pytest.fixture
def station(station_manager):
    return StationFactory(managers=[station_manager])


def _duty(station, manager, deputy, date):
    slot = services.slot_create(
        station,
        user=manager,
        kind="sitting",
        date=date,
        start_time=T(9),
        end_time=T(11),
        deputies=[deputy],
    )
    services.slots_publish(station, until=date, user=manager)
    return slot


@time_machine.travel(datetime.datetime(2026, 12, 14, 1, 0, tzinfo=datetime.UTC))
def test_deputy_is_reminded_the_day_before_once(station, station_manager, deputy):
    person = member(station, DeputyFactory(user=deputy))
    _duty(station, station_manager, person, datetime.date(2026, 12, 15))
    keys = ["liaison_stations.duty_tomorrow"]
    sent = reminders.scan(datetime.date(2026, 12, 14), keys=keys)
    assert [(r.step, r.recipient) for r in sent] == [("day_before", deputy)]
    assert reminders.scan(datetime.date(2026, 12, 14), keys=keys) == []


@time_machine.travel(datetime.datetime(2026, 10, 5, 1, 0, tzinfo=datetime.UTC))
def test_deputies_below_the_yearly_minimum_are_reminded_in_q4(
    station, station_manager, deputy
):
    person = member(station, DeputyFactory(user=deputy, no_reminders=False))
    quiet = member(station, DeputyFactory(no_reminders=True))
    assert {quiet.pk, person.pk} <= set(selectors_below())
    sent = reminders.scan(
        datetime.date(2026, 10, 5), keys=["liaison_stations.visits_below_minimum"]
    )
    assert [(r.step, r.recipient) for r in sent] == [("q4", deputy)]


def selectors_below():
    from liaison_stations.reminders import deputies_below_minimum

    return deputies_below_minimum(2026)


def test_attended_duties_count_as_visits_in_the_report_section(
    station, station_manager
):
    person = member(station)
    for day in (1, 8):
        slot = _duty(station, station_manager, person, datetime.date(2026, 12, day))
        services.duty_confirm(
            slot.assignments.get(), attended=True, user=station_manager
        )
    row = selectors.deputy_statistics([person], 2026)[0]
    assert (row.duties_planned, row.duties_attended, row.visits) == (2, 2, 2)
    sections = dict(sections_for(person, 2026))
    section = sections["liaison_stations/report/_section.html"]
    assert section["row"].visits == 2
    assert not section["below"]
