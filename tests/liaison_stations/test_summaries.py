"""The stations' summary tables equal the live count after every kind of
change, and after a rebuild catches up changes made behind the services."""

import datetime
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.urls import reverse

from liaison_stations import selectors, services
from liaison_stations.models import DeputyYearStats, Reception, StationMonthStats
from liaison_stations.selectors import DEPUTY_FIGURES, STATION_FIGURES
from liaison_stations.services.summaries import summaries_rebuild
from tests.factories.deputies import DeputyFactory
from tests.factories.liaison_stations import StationFactory, member

pytestmark = pytest.mark.django_db
T = datetime.time
YEAR = 2026
RECEIVED = datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.UTC)
ANSWERED = datetime.datetime(2026, 11, 20, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture
def station(station_manager):
    return StationFactory(managers=[station_manager])


@pytest.fixture
def deputies(station):
    return [member(station), member(station)]


def station_figures(station) -> dict[str, int]:
    """The summary's figures of the station, after checking they equal the
    live count."""
    [summary] = selectors.station_statistics([station], YEAR)
    [live] = selectors.station_statistics_live([station], YEAR)
    figures = {name: getattr(summary, name) for name in STATION_FIGURES}
    assert figures == {name: getattr(live, name) for name in STATION_FIGURES}
    return figures


def deputy_figures(deputy) -> dict[str, int]:
    [summary] = selectors.deputy_statistics_of([deputy], YEAR)
    [live] = selectors.deputy_statistics([deputy], YEAR)
    figures = {name: getattr(summary, name) for name in DEPUTY_FIGURES}
    assert figures == {name: getattr(live, name) for name in DEPUTY_FIGURES}
    return figures


def _reception(station, manager, deputies, *, slot=None, day=2):
    return services.reception_record(
        station,
        user=manager,
        kind="sitting",
        date=datetime.date(YEAR, 11, day),
        deputies=deputies,
        visitor_count=3,
        summary="",
        slot=slot,
    )


def _issue(reception, manager):
    return services.issue_record(
        reception,
        user=manager,
        citizen_name="何秀珍",
        citizen_phone="13905810001",
        content="村道坑洼积水",
        category="infrastructure",
        now=RECEIVED,
    )


def _duty(station, manager, deputies, day=10):
    slot = services.slot_create(
        station,
        user=manager,
        kind="sitting",
        date=datetime.date(YEAR, 12, day),
        start_time=T(9),
        end_time=T(11),
        deputies=deputies,
    )
    services.slots_publish(station, until=slot.date, user=manager)
    return slot


def test_reception_recorded_counts_for_the_station_and_its_deputies(
    station, station_manager, deputies
):
    _reception(station, station_manager, deputies)
    figures = station_figures(station)
    assert (figures["receptions"], figures["visitors"]) == (1, 3)
    assert deputy_figures(deputies[0])["receptions"] == 1


def test_issue_answered_within_the_deadline_counts_on_time(
    station, station_manager, deputies, liaison_a
):
    issue = _issue(_reception(station, station_manager, deputies), station_manager)
    issue = services.issue_refer(
        issue, user=station_manager, organization=liaison_a.organization
    )
    assert station_figures(station)["referred"] == 1
    issue = services.issue_answer(issue, user=liaison_a, reply="已修补。", now=ANSWERED)
    services.issue_feedback(issue, user=station_manager, feedback="satisfied")
    figures = station_figures(station)
    assert (figures["issues"], figures["answered"]) == (1, 1)
    assert (figures["answered_on_time"], figures["satisfied"]) == (1, 1)


def test_issue_rerouted_moves_to_the_new_handling_deputy(
    station, station_manager, deputies
):
    first, second = deputies
    issue = _issue(_reception(station, station_manager, deputies), station_manager)
    issue = services.issue_pass_up(issue, user=station_manager, deputy=first)
    assert deputy_figures(first)["issues_handled"] == 1
    issue = services.issue_answer(issue, user=station_manager, reply="已答复。")
    issue = services.issue_feedback(
        issue, user=station_manager, feedback="dissatisfied"
    )
    services.issue_pass_up(issue, user=station_manager, deputy=second)
    assert deputy_figures(first)["issues_handled"] == 0
    assert deputy_figures(second)["issues_handled"] == 1
    assert station_figures(station)["dissatisfied"] == 1


def test_duty_attended_counts_once_with_its_reception(
    station, station_manager, deputies
):
    slot = _duty(station, station_manager, deputies)
    assert station_figures(station)["duties_planned"] == 2
    services.duty_confirm(
        slot.assignments.get(deputy=deputies[0]), attended=True, user=station_manager
    )
    _reception(station, station_manager, deputies, slot=slot, day=10)
    assert station_figures(station)["duties_attended"] == 1
    # The reception during the attended duty is the same visit.
    assert deputy_figures(deputies[0])["duties_attended"] == 1
    assert deputy_figures(deputies[0])["receptions"] == 0
    assert deputy_figures(deputies[1])["receptions"] == 1


def test_duty_swapped_moves_to_the_replacement(
    station, station_manager, deputies, deputy
):
    absent = member(station, DeputyFactory(user=deputy))
    replacement = deputies[0]
    slot = _duty(station, station_manager, [absent])
    swap = services.swap_request(
        slot.assignments.get(), user=deputy, replacement=replacement, reason="出差"
    )
    services.swap_decide(swap, approve=True, user=station_manager)
    assert deputy_figures(absent)["duties_planned"] == 0
    assert deputy_figures(replacement)["duties_planned"] == 1


def test_duty_cancelled_and_unassigned_leave_the_summary(
    station, station_manager, deputies
):
    slot = _duty(station, station_manager, deputies)
    services.slot_unassign(
        slot.assignments.get(deputy=deputies[0]), user=station_manager
    )
    assert deputy_figures(deputies[0])["duties_planned"] == 0
    services.slot_cancel(slot, user=station_manager)
    assert station_figures(station)["slots"] == 0
    assert deputy_figures(deputies[1])["duties_planned"] == 0


def test_activity_and_its_sign_ins_count(station, station_manager, deputies):
    activity = services.activity_create(
        station,
        user=station_manager,
        kind="study",
        title="学习会",
        date=datetime.date(YEAR, 6, 1),
    )
    services.activity_sign_in(activity, deputies[:1], user=station_manager)
    assert station_figures(station)["activities"] == 1
    assert deputy_figures(deputies[0])["activities"] == 1


def test_rebuild_catches_up_changes_made_behind_the_services(
    station, station_manager, deputies
):
    _reception(station, station_manager, deputies)
    Reception.objects.update(visitor_count=9)
    StationMonthStats.objects.filter(station=station).update(receptions=5)
    DeputyYearStats.objects.all().delete()
    summaries_rebuild()
    assert station_figures(station)["visitors"] == 9
    assert deputy_figures(deputies[0])["receptions"] == 1


def test_migrate_builds_missing_summaries_once(station, station_manager, deputies):
    _reception(station, station_manager, deputies)
    StationMonthStats.objects.all().delete()
    DeputyYearStats.objects.all().delete()  # as after upgrading to the summaries
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert station_figures(station)["receptions"] == 1
    assert deputy_figures(deputies[0])["receptions"] == 1
    StationMonthStats.objects.filter(station=station).update(receptions=5)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    # Summaries present: left to the services and the nightly rebuild.
    assert StationMonthStats.objects.get(station=station).receptions == 5


def test_rebuild_command_lists_the_tables(station, station_manager, deputies):
    _reception(station, station_manager, deputies)
    out = StringIO()
    call_command("rebuild_station_summaries", stdout=out)
    assert "liaison_stations_stationmonthstats 1 rows" in out.getvalue()
    assert "liaison_stations_deputyyearstats 2 rows" in out.getvalue()


def test_reminder_sweep_reads_the_visits_from_the_summary(
    station, station_manager, deputies
):
    from liaison_stations.reminders import deputies_below_minimum

    active, idle = deputies
    for day in range(1, selectors.minimum_visits() + 1):
        slot = _duty(station, station_manager, [active], day=day)
        services.duty_confirm(
            slot.assignments.get(), attended=True, user=station_manager
        )
    below = deputies_below_minimum(YEAR)
    assert active.pk not in below
    assert idle.pk in below


def test_statistics_page_shows_the_summary_a_page_at_a_time(
    client, office, station, station_manager, deputies, monkeypatch
):
    monkeypatch.setattr("liaison_stations.views_issues.STATISTICS_PER_PAGE", 1)
    _reception(station, station_manager, deputies)
    later = StationFactory(name="ZZ末站")
    client.force_login(office)
    url = reverse("liaison_stations:statistics")
    first = client.get(url, {"year": YEAR}).content.decode()
    assert station.name in first
    assert later.name not in first
    second = client.get(url, {"year": YEAR, "page": 2}).content.decode()
    assert later.name in second
    _first, second_deputy = sorted(deputies, key=lambda d: (d.name, d.pk))
    assert second_deputy.name not in first
    assert (
        second_deputy.name
        in client.get(url, {"year": YEAR, "deputies_page": 2}).content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_receptions_at_one_station_are_both_counted(station_manager):
    """Two transactions refresh the same month at once: the advisory lock
    makes the second count after the first committed (without it, the second
    writes a stale figure or collides on the unique month row)."""
    station = StationFactory(managers=[station_manager])
    deputy = member(station)
    barrier = threading.Barrier(2)
    errors = []

    def record() -> None:
        try:
            barrier.wait(timeout=10)
            _reception(station, station_manager, [deputy])
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=record) for _i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert station_figures(station)["receptions"] == 2
    assert deputy_figures(deputy)["receptions"] == 2
