"""Liaison stations on the large data profile.

    python manage.py generate_scale_data --profile province --yes     # once
    python bench/liaison_stations_pages.py [--runs 7]

Prints `name value unit` lines: the public station page and the station
directory, cold (server cache cleared before each run) and warm; the
manager's roster page of the busiest station; and the time to generate a
year of slots for one station (two reception days a month moved off holidays
plus a weekly sitting duty), rolled back afterwards.
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

from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from pagetiming import time_page  # noqa: E402

from congress.models import User  # noqa: E402
from congress.roles import Role  # noqa: E402
from liaison_stations import access, services  # noqa: E402
from liaison_stations.models import DutySlot, Station  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
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
