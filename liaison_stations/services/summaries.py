"""The stations' summary tables (StationMonthStats, DeputyYearStats): what the
statistics page and the leadership dashboard read instead of counting a
million duties on every request.

Guarantees:
- Every service that changes a counted row calls `summaries_refresh` in its
  own transaction, naming the station, the days and the deputies it touched;
  the affected rows are recomputed from the rows they count (never
  incremented), so a refresh is idempotent and a summary equals the live
  count after any sequence of changes.
- Concurrent refreshes of one station or deputy are serialised by a
  transaction-scoped advisory lock taken before counting, so the later one
  counts after the earlier one committed (read committed); a rebuild's
  transactions hold a global lock that refreshes share, so neither writes
  rows the other is writing. A service calls `summaries_refresh` once, last
  in its transaction, so the locks are always taken in the same order.
- Changes that bypass the services (admin edits, imports, deletions) are
  caught up by `summaries_rebuild`, run nightly by Celery beat and by
  `manage.py rebuild_station_summaries`.
"""

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, DateField, F, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth

from liaison_stations.models import (
    DeputyYearStats,
    DutyAssignment,
    DutySlot,
    DutyStatus,
    Issue,
    Reception,
    Routing,
    SlotStatus,
    Station,
    StationActivity,
    StationMonthStats,
)
from liaison_stations.selectors import (
    STATION_FIGURES,
    deputy_year_counts,
)

# Advisory lock keys: (REBUILD_LOCK, 0) shared by refreshes and exclusive for a
# rebuild's transaction; (STATION_LOCK, id) and (DEPUTY_LOCK, id) per row owner.
REBUILD_LOCK, STATION_LOCK, DEPUTY_LOCK = 7300, 7301, 7302
REBUILD_BATCH = 100


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _local_day(value) -> datetime.date:
    from django.utils import timezone

    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def summaries_refresh(
    *,
    station_ids: Iterable[int] = (),
    days: Iterable[datetime.date | datetime.datetime] = (),
    deputy_ids: Iterable[int | None] = (),
) -> None:
    """Recompute the stations' months and the deputies' years that `days`
    fall in (datetimes are taken in local time). Call it inside the
    transaction of the change, after the change."""
    dates = sorted({_local_day(day) for day in days if day is not None})
    stations = sorted({pk for pk in station_ids if pk is not None})
    deputies = sorted({pk for pk in deputy_ids if pk is not None})
    if not dates:
        return
    with transaction.atomic():
        _global_lock(shared=True)
        if stations:
            _lock(STATION_LOCK, stations)
            _write_station_months(stations, month_of(dates[0]), month_of(dates[-1]))
        if deputies:
            _lock(DEPUTY_LOCK, deputies)
            for year in sorted({day.year for day in dates}):
                _write_deputy_year(deputies, year)


def _global_lock(*, shared: bool) -> None:
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, 0)", [REBUILD_LOCK])


def _lock(namespace: int, ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, id) "
            "FROM (SELECT unnest(%s::int[]) AS id ORDER BY 1) AS ids",
            [namespace, ids],
        )


# Stations ----------------------------------------------------------------------


def station_month_counts(
    station_ids: list[int] | None, first: datetime.date, last: datetime.date
) -> dict[tuple[int, datetime.date], dict[str, int]]:
    """{(station id, month): figures} counted from the rows themselves for
    the months first..last (first days); every station when ids is None."""
    end = (last + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(1)
    rows: dict[tuple[int, datetime.date], dict[str, int]] = {}

    def scoped(queryset, station_field: str):
        if station_ids is None:
            return queryset
        return queryset.filter(**{f"{station_field}__in": station_ids})

    def add(queryset, station_field: str, **figures) -> None:
        grouped = queryset.values(station_field, "m").annotate(**figures).order_by()
        for row in grouped:
            key = (row[station_field], row["m"])
            counts = rows.setdefault(key, dict.fromkeys(STATION_FIGURES, 0))
            counts.update({name: row[name] or 0 for name in figures})

    slots = scoped(DutySlot.objects, "station_id").filter(
        date__range=(first, end), status=SlotStatus.PUBLISHED
    )
    add(slots.annotate(m=TruncMonth("date")), "station_id", slots=Count("pk"))
    add(
        DutyAssignment.objects.filter(slot__in=slots).annotate(
            m=TruncMonth("slot__date")
        ),
        "slot__station_id",
        duties_planned=Count("pk"),
        duties_attended=Count("pk", filter=Q(status=DutyStatus.ATTENDED)),
    )
    add(
        scoped(Reception.objects, "station_id")
        .filter(date__range=(first, end))
        .annotate(m=TruncMonth("date")),
        "station_id",
        receptions=Count("pk"),
        visitors=Sum("visitor_count"),
    )
    add(
        scoped(Issue.objects, "station_id")
        .filter(created_at__date__range=(first, end))
        .annotate(m=TruncMonth("created_at", output_field=DateField())),
        "station_id",
        **_issue_figures(),
    )
    add(
        scoped(StationActivity.objects, "station_id")
        .filter(date__range=(first, end))
        .annotate(m=TruncMonth("date")),
        "station_id",
        activities=Count("pk"),
    )
    return rows


def _issue_figures() -> dict:
    answered = Q(replied_at__isnull=False)
    return {
        "issues": Count("pk"),
        "referred": Count("pk", filter=Q(routing=Routing.REFERRED)),
        "answered": Count("pk", filter=answered),
        "answered_on_time": Count(
            "pk",
            filter=answered
            & (Q(due_date__isnull=True) | Q(replied_at__date__lte=F("due_date"))),
        ),
        "satisfied": Count("pk", filter=Q(feedback="satisfied")),
        "dissatisfied": Count("pk", filter=Q(feedback="dissatisfied")),
    }


def _write_station_months(
    station_ids: list[int] | None, first: datetime.date, last: datetime.date
) -> None:
    counts = station_month_counts(station_ids, first, last)
    stale = StationMonthStats.objects.filter(month__range=(first, last))
    if station_ids is not None:
        stale = stale.filter(station_id__in=station_ids)
    stale.delete()
    StationMonthStats.objects.bulk_create(
        [
            StationMonthStats(station_id=station_id, month=month, **figures)
            for (station_id, month), figures in counts.items()
        ],
        batch_size=2000,
    )


# Deputies ----------------------------------------------------------------------


def _write_deputy_year(deputy_ids: list[int] | None, year: int) -> None:
    counts = deputy_year_counts(deputy_ids, year)
    stale = DeputyYearStats.objects.filter(year=year)
    if deputy_ids is not None:
        stale = stale.filter(deputy_id__in=deputy_ids)
    stale.delete()
    DeputyYearStats.objects.bulk_create(
        [
            DeputyYearStats(
                deputy_id=deputy_id,
                year=year,
                visits=figures["duties_attended"]
                + figures["receptions"]
                + figures["activities"],
                **figures,
            )
            for deputy_id, figures in counts.items()
        ],
        batch_size=5000,
    )


# Rebuild -----------------------------------------------------------------------


def _data_years() -> range:
    """The years any counted row falls in (an empty range without data)."""
    bounds = [
        DutySlot.objects.aggregate(a=Min("date"), b=Max("date")),
        Reception.objects.aggregate(a=Min("date"), b=Max("date")),
        Issue.objects.aggregate(a=Min("created_at"), b=Max("created_at")),
        StationActivity.objects.aggregate(a=Min("date"), b=Max("date")),
    ]
    days = [_local_day(d) for row in bounds for d in row.values() if d is not None]
    if not days:
        return range(0)
    return range(min(days).year, max(days).year + 1)


def summaries_rebuild() -> dict[str, int]:
    """Recompute every summary row from scratch (nightly, and after bulk
    loads); stations in batches, each batch its own transaction."""
    years = _data_years()
    station_ids = list(Station.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        _global_lock(shared=False)
        StationMonthStats.objects.exclude(month__year__in=list(years)).delete()
        DeputyYearStats.objects.exclude(year__in=list(years)).delete()
    for offset in range(0, len(station_ids), REBUILD_BATCH):
        batch = station_ids[offset : offset + REBUILD_BATCH]
        with transaction.atomic():
            _global_lock(shared=False)
            for year in years:
                first = datetime.date(year, 1, 1)
                _write_station_months(batch, first, datetime.date(year, 12, 1))
    for year in years:
        with transaction.atomic():
            _global_lock(shared=False)
            _write_deputy_year(None, year)
    return {
        StationMonthStats._meta.db_table: StationMonthStats.objects.count(),
        DeputyYearStats._meta.db_table: DeputyYearStats.objects.count(),
    }


def summaries_fill_after_migrate(**_signal) -> None:
    """post_migrate: an installation upgraded with stations' data and no
    summaries yet gets them built once, instead of statistics reading zeros
    until the nightly rebuild."""
    if StationMonthStats.objects.exists() or not _data_years():
        return
    summaries_rebuild()
