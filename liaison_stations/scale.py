"""Scale data of the liaison stations (congress.scale): 2,000 stations, each
with its deputies and five years of published duty slots (two reception days a
month, moved off holidays, and a weekly sitting duty), one or two deputies on
each, a reception on each past reception day and now and then an issue raised
there. Loaded with COPY and without pghistory history, for benchmarks; the
summary tables are rebuilt at the end."""

import datetime
import io
import random

import pgtrigger
from django.db import connection, transaction
from django.utils import timezone

from congress.models import Division, Organization, User
from deputies.models import Deputy
from deputies.scale import _copy
from liaison_stations.models import (
    DutyAssignment,
    DutyRule,
    DutySlot,
    Issue,
    IssueCategory,
    Reception,
    Station,
    StationMembership,
)
from liaison_stations.rosters import WorkdayCache, rule_dates
from liaison_stations.services.summaries import summaries_rebuild

HISTORY_TRIGGERS = [
    f"liaison_stations.{model}:insert_insert"
    for model in ("Station", "DutySlot", "DutyAssignment", "Reception", "Issue")
]


def generate(profile, rng: random.Random, log) -> dict[str, int]:
    """Add the profile's stations, their deputies, duty slots, deputies on
    duty, receptions on past reception days and the issues raised there."""
    deputy_ids = list(Deputy.objects.order_by("pk").values_list("pk", flat=True))
    divisions = list(Division.objects.order_by("pk").values_list("pk", flat=True))
    if not deputy_ids or not divisions:
        log("stations: no deputies or divisions, skipped")
        return {}
    today = timezone.localdate()
    years = profile.station_years
    start = today.replace(month=1, day=1).replace(year=today.year - years + 1)
    end = today.replace(month=12, day=31)
    dates = _dates(start, end)
    counts: dict[str, int] = {}
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
                for n in range(profile.stations)
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
        counts[Station._meta.db_table] = len(created)
        counts[DutySlot._meta.db_table] = _slots(created, dates)
        slots = _slot_rows(created)
        counts[DutyAssignment._meta.db_table] = _assignments(slots, members, rng)
        counts |= _receptions(slots, members, rng)
    # Loaded behind the services: the statistics' summaries are rebuilt.
    counts |= summaries_rebuild()
    return counts


def _dates(start, end) -> list[tuple[str, str, str, str, str]]:
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


def _slots(stations, dates) -> int:
    horizon = (timezone.localdate() + datetime.timedelta(days=35)).isoformat()
    sql = (
        f"COPY {DutySlot._meta.db_table} (station_id, kind, date, scheduled_date, "
        "start_time, end_time, status, note, invitation, bookable) FROM STDIN"
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
                        f"\t{status}\t\t\tt\n"
                    )
                    count += 1
            _copy(cursor, sql, buffer)
    return count


def _slot_rows(stations) -> list[tuple]:
    """(id, station, date, kind) of the new stations' slots."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, station_id, date, kind FROM {DutySlot._meta.db_table} "  # noqa: S608 (a model's table name)
            "WHERE station_id >= %s ORDER BY id",
            [stations[0].pk],
        )
        return cursor.fetchall()


def _assignments(rows, members, rng) -> int:
    """One deputy per slot (two on reception days), attended in the past."""
    today = timezone.localdate()
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
                status = "attended" if attended else ("absent" if past else "assigned")
                method = "manager" if attended else ""
                buffer.write(f"{slot_id}\t{deputy_id}\t{status}\t{method}\n")
                count += 1
            if n % 100_000 == 99_999:
                _copy(cursor, sql, buffer)
                buffer = io.StringIO()
        _copy(cursor, sql, buffer)
    return count


def _receptions(slots, members, rng) -> dict[str, int]:
    """A reception on every past reception day with its two deputies, and an
    issue raised at one reception in four."""
    today = timezone.localdate()
    recorder = _recorder()
    orgs = list(
        Organization.objects.filter(is_handling_unit=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    reception_table = Reception._meta.db_table
    people_table = Reception.deputies.through._meta.db_table
    issue_table = Issue._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # lets pgtrigger set its ignore flag
        cursor.execute(f"LOCK TABLE {reception_table}, {issue_table} IN EXCLUSIVE MODE")
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {reception_table}")  # noqa: S608 (a model's table name)
        next_id = cursor.fetchone()[0] + 1
        cursor.execute(
            f"SELECT COUNT(*) FROM {issue_table} WHERE tracking_code LIKE 'S%%'"  # noqa: S608 (a model's table name)
        )
        next_code = cursor.fetchone()[0] + 1
        receptions, people, issues = io.StringIO(), io.StringIO(), io.StringIO()
        counts = [0, 0, 0]
        for n, (slot_id, station_id, day, kind) in enumerate(slots):
            if kind != "reception_day" or day >= today:
                continue
            ids = members[station_id]
            received = sorted({ids[n % len(ids)], ids[(n + 3) % len(ids)]})
            receptions.write(
                f"{next_id}\t{station_id}\t{slot_id}\tsitting\t{day}"
                f"\t{rng.randint(1, 12)}\t\t{recorder}\t{day} 11:30:00+08\n"
            )
            for deputy_id in received:
                people.write(f"{next_id}\t{deputy_id}\n")
            counts[0] += 1
            counts[1] += len(received)
            if rng.random() < 0.25:
                issues.write(_issue_row(rng, next_id, station_id, day, next_code, orgs))
                next_code += 1
                counts[2] += 1
            next_id += 1
        _copy(
            cursor,
            f"COPY {reception_table} (id, station_id, slot_id, kind, date, "
            "visitor_count, summary, recorded_by_id, created_at) FROM STDIN",
            receptions,
        )
        _copy(
            cursor,
            f"COPY {people_table} (reception_id, deputy_id) FROM STDIN",
            people,
        )
        _copy(
            cursor,
            f"COPY {issue_table} ({', '.join(ISSUE_COLUMNS)}) FROM STDIN",
            issues,
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
            [reception_table, next_id],
        )
    return {
        reception_table: counts[0],
        people_table: counts[1],
        issue_table: counts[2],
    }


ISSUE_COLUMNS = [
    "station_id",
    "reception_id",
    "source",
    "citizen_name",
    "citizen_phone",
    "content",
    "category",
    "place",
    "photo",
    "status",
    "routing",
    "organization_id",
    "due_date",
    "reply",
    "replied_at",
    "screen_reason",
    "feedback",
    "reopened",
    "tracking_code",
    "client_hash",
    "created_at",
    "closed_at",
]
ISSUE_TEXTS = [
    "村道路面破损严重，雨天积水，群众出行不便。",
    "村里自来水时常停水，希望尽快解决。",
    "小学门口缺少交通标志和减速带。",
    "养老院床位紧张，老人入住排队时间长。",
    "河道垃圾堆积，夏季气味难闻。",
    "农田灌溉渠道淤塞，影响春耕。",
]


def _issue_row(rng, reception_id, station_id, day, code, orgs) -> str:
    """One issue raised at a reception: most closed, some still referred."""
    category = rng.choice(IssueCategory.values)
    roll = rng.random()
    received = f"{day} 10:00:00+08"
    reply_day = day + datetime.timedelta(days=rng.randint(5, 40))
    if roll < 0.05:  # still waiting for the station
        status, routing, org, due, reply, replied, closed = (
            "received",
            "",
            r"\N",
            r"\N",
            "",
            r"\N",
            r"\N",
        )
    else:
        org = str(rng.choice(orgs)) if orgs else r"\N"
        due = (day + datetime.timedelta(days=30)).isoformat()
        if roll < 0.15 and org != r"\N":
            status, reply, replied, closed = "referred", "", r"\N", r"\N"
        else:
            status, reply = "closed", "已办理并答复群众。"
            replied = closed = f"{reply_day} 16:00:00+08"
        routing = "referred" if org != r"\N" else "solved_on_spot"
        if org == r"\N":
            due = r"\N"
    feedback = "satisfied" if status == "closed" else ""
    return (
        f"{station_id}\t{reception_id}\treception\t群众{code % 1000}"
        f"\t\t{rng.choice(ISSUE_TEXTS)}\t{category}\t\t\t{status}\t{routing}"
        f"\t{org}\t{due}\t{reply}\t{replied}\t\t{feedback}\tf\tS{code:09d}"
        f"\t\t{received}\t{closed}\n"
    )


def _recorder() -> int:
    """The office account that records the receptions (any account will do)."""
    user = (
        User.objects.filter(username="office").first()
        or User.objects.order_by("pk").first()
        or User.objects.create_user(username="scale-recorder", password=None)
    )
    return user.pk
