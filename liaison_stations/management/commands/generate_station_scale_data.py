"""The large data profile of the liaison stations: 2,000 stations, each with
its deputies and five years of published duty slots (two reception days a
month, moved off holidays, and a weekly sitting duty), one or two deputies on
each. Loaded with COPY and without pghistory history, for benchmarks."""

import datetime
import io
import random
import time

import pgtrigger
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from congress.models import Division
from deputies.management.commands.generate_scale_data import _copy
from deputies.models import Deputy
from liaison_stations.models import (
    DutyAssignment,
    DutyRule,
    DutySlot,
    Station,
    StationMembership,
)
from liaison_stations.rosters import WorkdayCache, rule_dates

HISTORY_TRIGGERS = [
    f"liaison_stations.{model}:insert_insert"
    for model in ("Station", "DutySlot", "DutyAssignment")
]


class Command(BaseCommand):
    help = (
        "Add the liaison stations' large data profile (default 2,000 stations "
        "with five years of published duty slots). Refuses to run with DEBUG off "
        "unless --yes is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stations", type=int, default=2000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--yes", action="store_true")
        parser.add_argument("--seed", type=int, default=1313)

    def handle(self, *args, stations, years, yes, seed, **options):
        if not settings.DEBUG and not yes:
            raise CommandError(
                "generate_station_scale_data refuses to run with DEBUG off. Use "
                "--yes only on a throw-away installation."
            )
        rng = random.Random(seed)  # noqa: S311 (synthetic data)
        deputy_ids = list(Deputy.objects.values_list("pk", flat=True))
        divisions = list(Division.objects.values_list("pk", flat=True))
        if not deputy_ids or not divisions:
            raise CommandError("Seed the demo (or generate_scale_data) first.")
        started = time.perf_counter()
        today = timezone.localdate()
        start = today.replace(month=1, day=1).replace(year=today.year - years + 1)
        end = today.replace(month=12, day=31)
        dates = self._dates(start, end)
        with transaction.atomic(), pgtrigger.ignore(*HISTORY_TRIGGERS):
            first = Station.objects.count()
            created = Station.objects.bulk_create(
                [
                    Station(
                        name=f"规模测试联络站{first + n:05d}",
                        type="village",
                        division_id=rng.choice(divisions),
                        address=f"规模测试路{n}号",
                    )
                    for n in range(stations)
                ],
                batch_size=2000,
            )
            members = {
                station.pk: rng.sample(deputy_ids, min(8, len(deputy_ids)))
                for station in created
            }
            StationMembership.objects.bulk_create(
                [
                    StationMembership(station_id=pk, deputy_id=d, since=start)
                    for pk, ids in members.items()
                    for d in ids
                ],
                batch_size=10000,
                ignore_conflicts=True,
            )
            self.stdout.write(
                f"stations {stations} {time.perf_counter() - started:.1f} s"
            )
            slots = self._slots(created, dates)
            self.stdout.write(f"slots {slots} {time.perf_counter() - started:.1f} s")
            assignments = self._assignments(created, members, rng)
            self.stdout.write(
                f"assignments {assignments} {time.perf_counter() - started:.1f} s"
            )
        with connection.cursor() as cursor:
            for model in (Station, DutySlot, DutyAssignment, StationMembership):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        self.stdout.write(f"total {time.perf_counter() - started:.1f} s")

    def _dates(self, start, end) -> list[tuple[str, str, str, str, str]]:
        """(kind, date, rule date or \\N, from, until): the same pattern for
        every station, so the calendar is consulted once."""
        workdays = WorkdayCache()
        monthly = DutyRule(
            frequency="monthly",
            days_of_month=[5, 20],
            on_holiday="shift",
            valid_from=start,
        )
        weekly = DutyRule(
            frequency="weekly", weekday=1, on_holiday="skip", valid_from=start
        )
        rows = []
        for actual, scheduled in rule_dates(monthly, start, end, workdays=workdays):
            moved = scheduled.isoformat() if scheduled != actual else r"\N"
            rows.append(("reception_day", actual.isoformat(), moved, "09:00", "11:30"))
        for actual, _s in rule_dates(weekly, start, end, workdays=workdays):
            rows.append(("sitting", actual.isoformat(), r"\N", "14:00", "17:00"))
        return rows

    def _slots(self, stations, dates) -> int:
        horizon = (timezone.localdate() + datetime.timedelta(days=35)).isoformat()
        sql = (
            f"COPY {DutySlot._meta.db_table} (station_id, kind, date, scheduled_date, "
            "start_time, end_time, status, note, bookable) FROM STDIN"
        )
        count = 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            for offset in range(0, len(stations), 200):
                buffer = io.StringIO()
                for station in stations[offset : offset + 200]:
                    for kind, day, moved, begin, finish in dates:
                        status = "published" if day <= horizon else "draft"
                        buffer.write(
                            f"{station.pk}\t{kind}\t{day}\t{moved}\t{begin}\t{finish}"
                            f"\t{status}\t\tt\n"
                        )
                        count += 1
                _copy(cursor, sql, buffer)
        return count

    def _assignments(self, stations, members, rng) -> int:
        """One deputy per slot (two on reception days), attended in the past."""
        today = timezone.localdate()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, station_id, date, kind FROM {DutySlot._meta.db_table} "  # noqa: S608 (a model's table name)
                "WHERE station_id >= %s ORDER BY id",
                [stations[0].pk],
            )
            rows = cursor.fetchall()
        sql = (
            f"COPY {DutyAssignment._meta.db_table} (slot_id, deputy_id, status, "
            "check_in_method) FROM STDIN"
        )
        count = 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            buffer = io.StringIO()
            for n, (slot_id, station_id, day, kind) in enumerate(rows):
                ids = members[station_id]
                chosen = {ids[n % len(ids)]}
                if kind == "reception_day":
                    chosen.add(ids[(n + 3) % len(ids)])
                for deputy_id in chosen:
                    past = day < today
                    attended = past and rng.random() < 0.85
                    status = (
                        "attended" if attended else ("absent" if past else "assigned")
                    )
                    method = "manager" if attended else ""
                    buffer.write(f"{slot_id}\t{deputy_id}\t{status}\t{method}\n")
                    count += 1
                if n % 100_000 == 99_999:
                    _copy(cursor, sql, buffer)
                    buffer = io.StringIO()
            _copy(cursor, sql, buffer)
        return count
