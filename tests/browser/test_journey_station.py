"""A station manager publishes a duty, a resident sees it on a phone without
logging in, and the deputy on duty checks in by the station's QR code."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from congress.roles import Role
from deputies.models import PerformanceRecord
from liaison_stations import services
from tests.browser.test_journey_deputy import log_in, shoot
from tests.factories.congress import UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.liaison_stations import StationFactory, member

PASSWORD = "station-journey-pw-2026"


@pytest.fixture
def people(transactional_db):
    manager = UserFactory(
        username="t_station", roles=[Role.STATION_MANAGER], password=PASSWORD
    )
    deputy_user = UserFactory(
        username="t_deputy", roles=[Role.DEPUTY], password=PASSWORD
    )
    station = StationFactory(
        name="澄溪街道人大代表联络站",
        managers=[manager],
        opens_at=datetime.time(0, 0),
        closes_at=datetime.time(23, 59),
    )
    deputy = member(station, DeputyFactory(user=deputy_user, name="林晓舟"))
    now = timezone.localtime()
    start = max(datetime.time(0, 0), (now - datetime.timedelta(minutes=5)).time())
    start = start.replace(second=0, microsecond=0)
    if start >= datetime.time(23, 0):
        pytest.skip("too close to midnight for a duty slot today")
    slot = services.slot_create(
        station,
        user=manager,
        kind="sitting",
        date=now.date(),
        start_time=start,
        end_time=datetime.time(23, 59),
        deputies=[deputy],
    )
    return manager, deputy_user, deputy, station, slot


def test_publish_see_publicly_and_check_in_by_qr(
    page, phone_page, live_server, people, console_errors
):
    _manager, _deputy_user, deputy, station, slot = people
    page = console_errors.watch(page)
    page.goto(f"{live_server.url}/login/")
    log_in(page, "t_station", PASSWORD)
    page.goto(f"{live_server.url}/stations/manage/{station.pk}/roster/")
    expect(page.get_by_test_id("roster")).to_contain_text("林晓舟")
    page.get_by_test_id("publish").click()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("roster")).to_contain_text("已公布")
    shoot(page, "station-roster")

    phone = console_errors.watch(phone_page)
    phone.goto(f"{live_server.url}/stations/{station.pk}/")
    expect(phone.get_by_test_id("public-slot").first).to_contain_text("林晓舟")
    shoot(phone, "phone-public-station")

    phone.goto(f"{live_server.url}/login/")
    log_in(phone, "t_deputy", PASSWORD)
    phone.goto(live_server.url + services.check_in_url(slot))
    phone.get_by_test_id("check-in").click()
    expect(phone.get_by_test_id("duty").first).to_contain_text("已签到")
    shoot(phone, "phone-checked-in")
    assert PerformanceRecord.objects.filter(
        deputy=deputy, kind="station_reception"
    ).exists()
    assert console_errors == []
