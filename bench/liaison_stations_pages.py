"""Liaison stations on the large data profile.

    python manage.py generate_scale_data --profile province --yes     # once
    python bench/liaison_stations_pages.py [--runs 7]

    python bench/liaison_stations_pages.py --pages [--runs 5]   # every page

Prints `name value unit` lines: the public station page and the station
directory, cold (server cache cleared before each run) and warm; the
manager's roster page of the busiest station; and the time to generate a
year of slots for one station (two reception days a month moved off holidays
plus a weekly sitting duty), rolled back afterwards.

With --pages: every page of the app as its users see it (public pages cold,
the busiest station's pages as its manager, lists and statistics as office
and leader, a deputy's own pages, an organisation's issues) and the
stations' section of the leadership dashboard, each its median ms and
queries. Bench accounts (bench_station, bench_deputy) are created once;
a deputy of the busiest station is linked to bench_deputy.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from pagetiming import time_page  # noqa: E402

from congress.models import User  # noqa: E402
from congress.roles import Role  # noqa: E402
from liaison_stations import access, services  # noqa: E402
from liaison_stations.models import (  # noqa: E402
    DutyAssignment,
    DutySlot,
    Issue,
    Reception,
    Station,
    StationActivity,
)


class Rollback(Exception):
    pass


def busiest_station() -> Station:
    row = (
        DutySlot.objects.values("station")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return Station.objects.get(pk=row["station"])


def manager_client(station: Station) -> Client:
    user, _created = User.objects.get_or_create(
        username="bench_station", defaults={"real_name": "基准测试"}
    )
    user.groups.add(Role.STATION_MANAGER.group())
    access.manager_grant(user, station)
    client = Client()
    client.force_login(user)
    return client


def time_generation(runs: int) -> None:
    office = User.objects.filter(username="office").first()
    station = Station.objects.order_by("pk").first()
    year = timezone.localdate().year + 1
    timings, count = [], 0
    for _run in range(runs):
        try:
            with transaction.atomic():
                monthly = services.duty_rule_create(
                    station,
                    user=office,
                    kind="reception_day",
                    frequency="monthly",
                    days_of_month=[1, 15],
                    start_time=datetime.time(9),
                    end_time=datetime.time(11, 30),
                    on_holiday="shift",
                    valid_from=datetime.date(year, 1, 1),
                )
                weekly = services.duty_rule_create(
                    station,
                    user=office,
                    kind="sitting",
                    frequency="weekly",
                    weekday=3,
                    start_time=datetime.time(14),
                    end_time=datetime.time(17),
                    on_holiday="skip",
                    valid_from=datetime.date(year, 1, 1),
                )
                started = time.perf_counter()
                count = 0
                for rule in (monthly, weekly):
                    count += len(
                        services.slots_generate(
                            rule,
                            start=datetime.date(year, 1, 1),
                            end=datetime.date(year, 12, 31),
                            user=office,
                        )
                    )
                timings.append((time.perf_counter() - started) * 1000)
                raise Rollback
        except Rollback:
            pass
    print(f"generate_year_of_slots {statistics.median(timings):.0f} ms")
    print(f"generate_year_of_slots_count {count} slots")


def deputy_client(station: Station) -> tuple[Client, object]:
    """bench_deputy, linked to a deputy of the station (once)."""
    from deputies.models import Deputy

    user, _created = User.objects.get_or_create(
        username="bench_deputy", defaults={"real_name": "基准代表"}
    )
    user.groups.add(Role.DEPUTY.group())
    deputy = Deputy.objects.filter(user=user).first()
    if deputy is None:
        deputy = station.deputies.filter(user__isnull=True).order_by("pk").first()
        deputy.user = user
        deputy.save(update_fields=["user"])
    client = Client()
    client.force_login(user)
    return client, deputy


def named_client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def some_activity(station: Station) -> StationActivity:
    activity = station.activities.order_by("-pk").first()
    if activity is None:
        office = User.objects.get(username="office")
        activity = services.activity_create(
            station, user=office, kind="study", title="基准测试学习", date=today()
        )
    return activity


def today() -> datetime.date:
    return timezone.localdate()


def page_urls(station: Station) -> list[tuple[str, str, str]]:
    """(name, account, url) of every page; accounts: public, manager,
    office, leader, deputy, liaison."""
    r = reverse
    slot = station.slots.filter(status="published", date__lte=today()).last()
    reception = Reception.objects.filter(station=station).order_by("-pk").first()
    issue = Issue.objects.filter(station=station).order_by("-pk").first()
    # One still to route (office manages every station): the routing forms.
    to_route = Issue.objects.filter(status="received").order_by("-pk").first()
    member = station.deputies.order_by("pk").first()
    activity = some_activity(station)
    at = [station.pk]
    ls = "liaison_stations:"
    return [
        ("home", "public", "/"),
        ("public_directory", "public", r(ls + "public_directory")),
        (
            "public_directory_division",
            "public",
            r(ls + "public_directory") + f"?division={station.division_id}",
        ),
        ("public_station", "public", r(ls + "public_station", args=at)),
        ("public_wall", "public", r(ls + "public_wall", args=at)),
        ("public_deputy", "public", r(ls + "public_deputy", args=[member.pk])),
        ("public_message", "public", r(ls + "public_message", args=at)),
        ("public_book", "public", r(ls + "public_book", args=[slot.pk])),
        ("public_track", "public", r(ls + "track")),
        ("station_ics", "public", r(ls + "station_ics", args=at)),
        ("deputy_ics", "public", r(ls + "deputy_ics", args=[member.pk])),
        ("station_list", "manager", r(ls + "station_list")),
        ("station_list_office", "office", r(ls + "station_list")),
        ("station", "manager", r(ls + "station", args=at)),
        ("station_edit", "manager", r(ls + "station_edit", args=at)),
        ("station_deputies", "manager", r(ls + "station_deputies", args=at)),
        ("managers", "office", r(ls + "managers", args=at)),
        ("standard", "manager", r(ls + "standard", args=at)),
        ("roster", "manager", r(ls + "roster", args=at)),
        ("rule_create", "manager", r(ls + "rule_create", args=at)),
        ("slot_create", "manager", r(ls + "slot_create", args=at)),
        ("publish", "manager", r(ls + "publish", args=at)),
        ("bookings", "manager", r(ls + "bookings", args=at)),
        ("receptions", "manager", r(ls + "receptions", args=at)),
        ("activities", "manager", r(ls + "activities", args=at)),
        ("slot", "manager", r(ls + "slot", args=[slot.pk])),
        ("reception", "manager", r(ls + "reception", args=[reception.pk])),
        ("activity", "manager", r(ls + "activity", args=[activity.pk])),
        ("issue_list", "manager", r(ls + "issue_list")),
        ("issue_list_office", "office", r(ls + "issue_list")),
        ("issue_list_liaison", "liaison", r(ls + "issue_list")),
        ("issue_detail", "manager", r(ls + "issue_detail", args=[issue.pk])),
        (
            "issue_detail_to_route",
            "office",
            r(ls + "issue_detail", args=[to_route.pk]),
        ),
        ("statistics_manager", "manager", r(ls + "statistics")),
        ("statistics_leader", "leader", r(ls + "statistics")),
        ("my_duties", "deputy", r(ls + "my_duties")),
        ("profile", "deputy", r(ls + "profile")),
    ]


def time_every_page(station: Station, runs: int, only=None) -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STAFF_SECOND_FACTOR = False
    settings.SECURE_SSL_REDIRECT = False  # plain http in-process
    clients = {
        "public": Client(),
        "manager": manager_client(station),
        "office": named_client("office"),
        "leader": named_client("leader"),
        "deputy": deputy_client(station)[0],
        "liaison": named_client("liaison"),
    }
    for name, account, url in page_urls(station):
        if only and name not in only:
            continue
        cold = account == "public" or name.startswith("statistics")
        time_page(clients[account], name, url, runs, clear_cache=cold)
    if not only or "dashboard_section" in only:
        time_dashboard_section(runs)
    if not only or "record_reception" in only:
        time_writes(station, runs)


def time_writes(station: Station, runs: int) -> None:
    """A reception recorded and a duty confirmed at the busiest station,
    with the summaries' refresh inside, each rolled back."""
    office = User.objects.get(username="office")
    deputies = list(station.deputies.order_by("pk")[:2])
    assignment = (
        DutyAssignment.objects.filter(slot__station=station, status="assigned")
        .select_related("slot__station", "deputy")
        .first()
    )
    calls = {
        "record_reception": lambda: services.reception_record(
            station,
            user=office,
            kind="sitting",
            date=today(),
            deputies=deputies,
            visitor_count=2,
            summary="",
        ),
        "confirm_duty": lambda: services.duty_confirm(
            assignment, attended=True, user=office
        ),
    }
    for name, call in calls.items():
        timings = []
        for _run in range(runs):
            try:
                with transaction.atomic():
                    started = time.perf_counter()
                    call()
                    timings.append((time.perf_counter() - started) * 1000)
                    raise Rollback
            except Rollback:
                pass
        print(f"{name} {statistics.median(timings):.0f} ms")


def time_dashboard_section(runs: int) -> None:
    from django.test.utils import CaptureQueriesContext

    from congress.dashboard import Scope
    from liaison_stations.dashboard import dashboard_figures

    scope = Scope(year=today().year, today=today())
    timings = []
    for _run in range(runs):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            dashboard_figures(scope)
            timings.append((time.perf_counter() - started) * 1000)
    print(f"dashboard_section {statistics.median(timings):.0f} ms")
    print(f"dashboard_section_queries {len(queries)} queries")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pages", action="store_true")
    parser.add_argument("--only", action="append", help="a page's name (repeatable)")
    options = parser.parse_args()
    runs = options.runs
    if options.pages:
        time_every_page(busiest_station(), runs, only=options.only)
        return
    print(f"stations {Station.objects.count()} rows")
    print(f"slots {DutySlot.objects.count()} rows")
    station = busiest_station()
    public = Client()
    station_url = reverse("liaison_stations:public_station", args=[station.pk])
    directory_url = reverse("liaison_stations:public_directory")
    time_page(public, "public_station_cold", station_url, runs, clear_cache=True)
    time_page(public, "public_station_warm", station_url, runs)
    time_page(public, "directory_cold", directory_url, runs, clear_cache=True)
    time_page(public, "directory_warm", directory_url, runs)
    roster_url = reverse("liaison_stations:roster", args=[station.pk])
    time_page(manager_client(station), "manager_roster", roster_url, runs)
    time_generation(runs)


if __name__ == "__main__":
    main()
