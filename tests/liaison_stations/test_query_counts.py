"""Query counts of the remaining lists, pinned at N and 2N rows."""

import datetime

import pytest
from django.urls import reverse

from congress.calendar import workday_map
from liaison_stations import services
from tests.factories.deputies import DeputyFactory
from tests.factories.liaison_stations import StationFactory, member

pytestmark = pytest.mark.django_db
T = datetime.time


def test_workday_map_knows_the_2026_national_day_week():
    days = workday_map(datetime.date(2026, 9, 30), datetime.date(2026, 10, 10))
    assert days[datetime.date(2026, 9, 30)]
    assert not any(days[datetime.date(2026, 10, d)] for d in range(1, 8))
    assert days[datetime.date(2026, 10, 8)]
    assert days[datetime.date(2026, 10, 10)]  # Saturday, an adjusted working day


def test_station_list(client, office, django_assert_num_queries):
    client.force_login(office)
    url = reverse("liaison_stations:station_list")
    StationFactory.create_batch(3)
    client.get(url)
    # session, user, groups, managed stations, unread notices, count, page
    with django_assert_num_queries(7):
        client.get(url)
    StationFactory.create_batch(3)
    with django_assert_num_queries(7):
        client.get(url)


def test_my_duties(client, deputy, station_manager, django_assert_num_queries):
    station = StationFactory(managers=[station_manager])
    person = member(station, DeputyFactory(user=deputy))
    url = reverse("liaison_stations:my_duties")

    def add(first, n):
        for day in range(first, first + n):
            services.slot_create(
                station,
                user=station_manager,
                kind="sitting",
                date=datetime.date(2026, 12, day),
                start_time=T(9),
                end_time=T(10),
                deputies=[person],
            )

    add(1, 3)
    client.force_login(deputy)
    client.get(url)
    # session, user, groups, deputy, duties, pending swaps, issues,
    # stations, unread notices
    with django_assert_num_queries(9):
        client.get(url)
    add(4, 3)
    with django_assert_num_queries(9):
        client.get(url)


def test_statistics(client, office, django_assert_num_queries):
    url = reverse("liaison_stations:statistics") + "?year=2026"
    for _i in range(2):
        member(StationFactory())
    client.force_login(office)
    client.get(url)
    # session, user, groups, stations counted, deputies counted, those who
    # reached the minimum counted, a page of stations and their summary, a
    # page of deputies and their summary, unread notices (the rule is cached)
    with django_assert_num_queries(11):
        client.get(url)
    for _i in range(2):
        member(StationFactory())
    with django_assert_num_queries(11):
        client.get(url)
