"""Scale data of the deputies: many deputies and a million performance
records (congress.scale)."""

import datetime
import io
import random
import time

import pgtrigger
from django.db import connection, transaction
from django.utils import timezone

from congress import demo as congress_demo
from congress.models import Term, User
from deputies import demo, services
from deputies.models import (
    Deputy,
    Level,
    Mandate,
    PerformanceRecord,
    RecordStatus,
)

# Scale data is synthetic: its rows get no pghistory history.
HISTORY_TRIGGERS = [
    *(f"deputies.{model}:insert_insert" for model in ("Deputy", "Mandate")),
    "deputies.PerformanceRecord:insert_insert",
    "deputies.PerformanceRecord:update_update",
]
LEVELS = [((Level.TOWNSHIP,), 60), ((Level.COUNTY,), 37), ((Level.MUNICIPAL,), 3)]
NULL = r"\N"  # COPY's text format
RECORD_COLUMNS = [
    "deputy",
    "date",
    "kind",
    "hours",
    "place",
    "description",
    "status",
    "return_reason",
    "created_by",
    "confirmed_by",
    "confirmed_at",
    "created_at",
    "points",
]
SPREAD_DAYS = 3 * 365  # records reach back three years
CHUNK = 100_000  # records per COPY


def generate(profile, rng: random.Random, log) -> dict[str, int]:
    """Add the profile's deputies (one mandate each, in their division's
    group) and performance records to the current term."""
    with transaction.atomic(), pgtrigger.ignore(*HISTORY_TRIGGERS):
        term = Term.objects.filter(is_current=True).first()
        if term is None:
            term = congress_demo.seed_structure()
        structure = demo.structure_ensure(term)
        step = time.perf_counter()
        deputy_ids = _deputies(structure, rng, profile.deputies)
        log(f"deputies {len(deputy_ids)} in {time.perf_counter() - step:.1f} s")
        if not deputy_ids:
            deputy_ids = list(
                Mandate.objects.filter(term=term).values_list("deputy", flat=True)
            )
        step = time.perf_counter()
        records = profile.records if deputy_ids else 0
        if records:
            _records(rng, deputy_ids, records)
        log(f"performance records {records} in {time.perf_counter() - step:.1f} s")
    return {
        Deputy._meta.db_table: len(deputy_ids),
        Mandate._meta.db_table: len(deputy_ids),
        PerformanceRecord._meta.db_table: records,
    }


def _deputies(structure, rng: random.Random, count: int) -> list[int]:
    """Deputies with one mandate each, in the groups of their division."""
    today = timezone.localdate()
    used_ids = set(
        Deputy.objects.exclude(id_number="").values_list("id_number", flat=True)
    )
    plan = []
    for _i in range(count):
        division = rng.choice(structure.divisions)
        values = demo.fake_person(
            rng, today=today, division=division.name, used_ids=used_ids
        )
        plan.append((Deputy(**values), demo.pick(rng, dict(LEVELS)), division))
    Deputy.objects.bulk_create([row[0] for row in plan], batch_size=5000)
    mandates, pairs = [], []
    for deputy, levels, division in plan:
        built = demo.mandates_build(structure, rng, deputy, levels, division)
        group = structure.groups[division.pk]
        mandates.extend(built)
        pairs.extend((mandate, group) for mandate in built)
    Mandate.objects.bulk_create(mandates, batch_size=5000)
    demo.memberships_create(pairs)
    return [row[0].pk for row in plan]


def _records(rng: random.Random, deputy_ids: list[int], count: int) -> None:
    """COPY `count` records, skewed so that a few deputies have long files."""
    office = User.objects.filter(username="office").first()
    office_id = str(office.pk) if office else NULL
    days = _day_strings(timezone.localdate())
    activities = _activity_pool(rng)
    table = connection.ops.quote_name(PerformanceRecord._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(PerformanceRecord._meta.get_field(name).column)
        for name in RECORD_COLUMNS
    )
    sql = f"COPY {table} ({columns}) FROM STDIN"
    n = len(deputy_ids)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # lets pgtrigger set its ignore flag
        for start in range(0, count, CHUNK):
            buffer = io.StringIO()
            for _i in range(min(CHUNK, count - start)):
                deputy_id = deputy_ids[int(rng.random() ** 2 * n)]
                day, created, confirmed_at, recent = rng.choice(days)
                activity, points = rng.choice(activities)
                if not recent or rng.random() < 0.6:
                    status, by, at = "confirmed", office_id, confirmed_at
                else:
                    status, by, at, points = "pending", NULL, NULL, NULL
                buffer.write(
                    f"{deputy_id}\t{day}\t{activity}\t{status}\t\t"
                    f"{by}\t{by}\t{at}\t{created}\t{points}\n"
                )
            _copy(cursor, sql, buffer)
    # A few returned records, as in real files.
    returned = PerformanceRecord.objects.filter(status=RecordStatus.PENDING).order_by(
        "-pk"
    )[: count // 500]
    PerformanceRecord.objects.filter(
        pk__in=list(returned.values_list("pk", flat=True))
    ).update(status=RecordStatus.RETURNED, return_reason=demo.RETURN_REASON)


def _copy(cursor, sql: str, buffer: io.StringIO) -> None:
    buffer.seek(0)
    raw = cursor.cursor
    if hasattr(raw, "copy_expert"):  # psycopg2
        raw.copy_expert(sql, buffer)
    else:  # psycopg 3
        with raw.copy(sql) as copy:
            copy.write(buffer.getvalue())


def _day_strings(today: datetime.date) -> list[tuple[str, str, str, bool]]:
    """(date, created at, confirmed at, within the last 30 days) per past day."""
    days = []
    for offset in range(1, SPREAD_DAYS + 1):
        day = today - datetime.timedelta(days=offset)
        confirmed = min(day + datetime.timedelta(days=2), today)
        days.append(
            (
                day.isoformat(),
                f"{day.isoformat()} 18:00:00+08",
                f"{confirmed.isoformat()} 10:00:00+08",
                offset <= 30,
            )
        )
    return days


def _activity_pool(rng: random.Random, size: int = 2000) -> list[tuple[str, int]]:
    """Pre-formatted "kind, hours, place, description" COPY fields, each with
    the points its kind earns once confirmed."""
    pool = []
    for _i in range(size):
        kind, description, hours = demo.fake_activity(
            rng, division=rng.choice(["禾丰镇", "柳溪乡", "澄溪街道"]), group="代表小组"
        )
        fields = f"{kind}\t{NULL if hours is None else hours}\t\t{description}"
        pool.append((fields, services.points_for(kind)))
    return pool
