"""Choosing among thousands of deputies: the pages offer the station's
deputies and those found by name, never every deputy, and still accept any
serving deputy."""

import datetime

import pytest
from django.urls import reverse

from liaison_stations import services
from liaison_stations.models import IssueStatus, StationMembership
from tests.factories.deputies import DeputyFactory, MandateFactory
from tests.factories.liaison_stations import StationFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(station_manager):
    return StationFactory(managers=[station_manager])


@pytest.fixture
def elsewhere():
    """A serving deputy who is not based at the station."""
    deputy = DeputyFactory(name="欧阳远山")
    MandateFactory(deputy=deputy)
    return deputy


@pytest.fixture
def issue(station, station_manager):
    reception = services.reception_record(
        station,
        user=station_manager,
        kind="sitting",
        date=datetime.date(2026, 12, 1),
        deputies=[member(station, name="钱塘春")],
        visitor_count=1,
        summary="",
    )
    return services.issue_record(
        reception,
        user=station_manager,
        citizen_name="骆志刚",
        citizen_phone="13905810002",
        content="路灯损坏",
        category="infrastructure",
    )


def test_station_deputies_page_lists_members_not_every_deputy(
    client, station_manager, station, elsewhere
):
    member(station, name="钱塘春")
    client.force_login(station_manager)
    html = client.get(
        reverse("liaison_stations:station_deputies", args=[station.pk])
    ).content.decode()
    assert "钱塘春" in html
    assert elsewhere.name not in html


def test_station_deputies_search_finds_a_deputy_to_add(
    client, station_manager, station, elsewhere
):
    kept = member(station)
    client.force_login(station_manager)
    url = reverse("liaison_stations:station_deputies", args=[station.pk])
    html = client.get(url, {"find": "远山"}).content.decode()
    assert elsewhere.name in html
    response = client.post(url, {"deputies": [kept.pk, elsewhere.pk]})
    assert response.status_code == 302
    assert set(
        StationMembership.objects.filter(station=station).values_list(
            "deputy_id", flat=True
        )
    ) == {kept.pk, elsewhere.pk}


def test_issue_page_offers_the_station_deputies_then_those_found(
    client, station_manager, issue, elsewhere
):
    client.force_login(station_manager)
    url = reverse("liaison_stations:issue_detail", args=[issue.pk])
    html = client.get(url).content.decode()
    assert "钱塘春" in html
    assert elsewhere.name not in html
    assert elsewhere.name in client.get(url, {"find": "欧阳"}).content.decode()


def test_issue_passes_up_to_a_deputy_found_by_name(
    client, station_manager, issue, elsewhere
):
    client.force_login(station_manager)
    client.post(
        reverse("liaison_stations:issue_route", args=[issue.pk]),
        {"route": "pass_up", "pass_up-deputy": elsewhere.pk},
    )
    issue.refresh_from_db()
    assert (issue.status, issue.handling_deputy) == (IssueStatus.PASSED_UP, elsewhere)


def test_issue_page_queries_do_not_grow_with_deputies(
    client, station_manager, issue, django_assert_num_queries
):
    client.force_login(station_manager)
    url = reverse("liaison_stations:issue_detail", args=[issue.pk])
    for _i in range(3):
        MandateFactory(deputy=DeputyFactory())
    client.get(url)
    # session, user, groups, the managed stations' ids, the issue, the
    # manager's permission (user's and groups'), events, the station's
    # deputies (once for both deputy forms), unread notices, organisations
    with django_assert_num_queries(QUERIES_ISSUE_PAGE):
        client.get(url)
    for _i in range(6):
        MandateFactory(deputy=DeputyFactory())
    with django_assert_num_queries(QUERIES_ISSUE_PAGE):
        client.get(url)


QUERIES_ISSUE_PAGE = 11
