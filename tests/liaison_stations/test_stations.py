"""Stations: creation by the office, managers granted through guardian, the
standard's self-check and acceptance, activities entering the files."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from deputies.models import PerformanceRecord
from liaison_stations import access, services
from liaison_stations.models import CheckStatus, StandardItem, Station
from tests.factories.congress import DivisionFactory
from tests.factories.liaison_stations import StationFactory, member

pytestmark = pytest.mark.django_db


def test_the_nine_haves_are_the_default_standard():
    services.stations.standard_items_ensure()  # a flushed test database
    names = list(StandardItem.objects.values_list("name", flat=True))
    assert names == [
        "有场所",
        "有牌子",
        "有设备",
        "有人员",
        "有制度",
        "有计划",
        "有活动",
        "有台账",
        "有档案",
    ]


def test_office_creates_a_station_and_grants_its_manager(office, station_manager):
    station = services.station_create(
        user=office,
        name="青禾县人大机关代表联络站",
        type=Station.Type.COUNTY_ORGANS,
        division=DivisionFactory(),
        address="县人大机关一楼",
    )
    assert station.checks.count() == 9
    assert not access.can_manage(station_manager, station)
    services.station_manager_grant(station, station_manager, user=office)
    assert access.can_manage(station_manager, station)
    assert list(access.managed_stations(station_manager)) == [station]
    services.station_manager_revoke(station, station_manager, user=office)
    assert not access.can_manage(station_manager, station)


def test_a_manager_cannot_create_stations(station_manager):
    with pytest.raises(PermissionDenied):
        services.station_create(
            user=station_manager,
            name="x",
            type="village",
            division=DivisionFactory(),
            address="x",
        )


def test_self_check_then_acceptance_marks_the_station_accepted(office, station_manager):
    station = StationFactory(managers=[station_manager])
    checks = services.checks_ensure(station)
    for check in checks:
        services.check_self_assess(check, met=True, note="见照片", user=station_manager)
    for check in checks[:-1]:
        services.check_review(check, accept=True, note="", user=office)
    station.refresh_from_db()
    assert station.accepted_on is None
    services.check_review(checks[-1], accept=True, note="", user=office)
    station.refresh_from_db()
    assert station.accepted_on is not None
    # A change by the station sends the item back to the office.
    services.check_self_assess(checks[0], met=True, note="更新", user=station_manager)
    station.refresh_from_db()
    assert station.accepted_on is None


def test_office_cannot_accept_an_item_not_self_checked(office, station_manager):
    station = StationFactory(managers=[station_manager])
    check = services.checks_ensure(station)[0]
    with pytest.raises(services.StationRefused):
        services.check_review(check, accept=True, note="", user=office)
    assert check.status == CheckStatus.NOT_MET


def test_other_manager_cannot_self_check(station_manager, other_station_manager):
    station = StationFactory(managers=[station_manager])
    check = services.checks_ensure(station)[0]
    with pytest.raises(PermissionDenied):
        services.check_self_assess(check, met=True, note="", user=other_station_manager)


def test_activity_sign_in_enters_the_performance_file_once(station_manager):
    station = StationFactory(managers=[station_manager])
    deputy = member(station)
    activity = services.activity_create(
        station,
        user=station_manager,
        kind="research",
        title="农村养老服务专题调研",
        date=datetime.date(2026, 11, 20),
    )
    services.activity_sign_in(activity, [deputy], user=station_manager)
    services.activity_sign_in(activity, [deputy], user=station_manager)
    record = PerformanceRecord.objects.get(deputy=deputy)
    assert record.kind == "research"
    assert record.status == "confirmed"


def test_statistics_page_highlights_deputies_below_the_minimum(
    client, station_manager, django_assert_num_queries
):
    station = StationFactory(managers=[station_manager])
    member(station)
    client.force_login(station_manager)
    url = reverse("liaison_stations:statistics") + "?year=2026"
    response = client.get(url)
    assert response.status_code == 200
    assert "below-minimum" in response.content.decode()


def test_workspace_panels_for_the_station_manager(client, station_manager):
    StationFactory(managers=[station_manager])
    client.force_login(station_manager)
    page = client.get(reverse("workspace_station_manager")).content.decode()
    assert 'data-panel="liaison_stations.today"' in page
    assert 'data-panel="liaison_stations.issues"' in page


def test_ledgers_and_statistics_as_excel(client, station_manager):
    import io

    from openpyxl import load_workbook

    station = StationFactory(managers=[station_manager])
    deputy = member(station)
    activity = services.activity_create(
        station,
        user=station_manager,
        kind="forum",
        title="选民代表座谈会",
        date=datetime.date(2026, 6, 1),
    )
    services.activity_sign_in(activity, [deputy], user=station_manager)
    client.force_login(station_manager)
    response = client.get(
        reverse("liaison_stations:ledger", args=[station.pk, "activities", "xlsx"])
        + "?year=2026"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][2] == "选民代表座谈会"
    assert rows[1][4] == deputy.name
    stats = client.get(
        reverse("liaison_stations:statistics") + "?year=2026&format=xlsx"
    )
    book = load_workbook(io.BytesIO(stats.content))
    deputies = list(book.worksheets[1].iter_rows(values_only=True))
    assert deputies[1][0] == deputy.name
    assert deputies[1][5] == 1  # one visit: the activity
