"""Reads across the stations' models: public schedules, rosters, statistics,
ledgers and workspace panels. Each list is a fixed number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Sum
from django.utils import timezone

from congress import rules
from deputies.models import Mandate, MandateStatus
from liaison_stations.models import (
    ActivitySignIn,
    Booking,
    BookingStatus,
    DeputyYearStats,
    DutyAssignment,
    DutySlot,
    DutyStatus,
    Issue,
    IssueStatus,
    Reception,
    Routing,
    SlotStatus,
    Station,
    StationActivity,
    StationMonthStats,
    SwapRequest,
    SwapStatus,
)

LEVEL_ORDER = ["national", "provincial", "municipal", "county", "township"]


def serving_mandates() -> Prefetch:
    return Prefetch(
        "deputy__mandates",
        queryset=Mandate.objects.filter(status=MandateStatus.SERVING)
        .select_related("constituency")
        .order_by("pk"),
        to_attr="serving",
    )


def mandate_of(deputy):
    """The highest serving mandate (level and constituency shown publicly)."""
    mandates = getattr(deputy, "serving", None)
    if mandates is None:
        mandates = list(deputy.mandates.filter(status=MandateStatus.SERVING))
    return min(mandates, key=lambda m: LEVEL_ORDER.index(m.level), default=None)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


# Public ---------------------------------------------------------------------------


DIRECTORY_PAGE = 60  # stations listed at once when a county has many


def directory(division_id: int | None = None) -> dict:
    """The public directory: every active station grouped by division when
    there are at most DIRECTORY_PAGE of them (2 queries); otherwise the
    divisions with their counts and the stations of the chosen division,
    at most DIRECTORY_PAGE (3 queries)."""
    from congress.models import Division

    stations = Station.objects.active().select_related("division")
    total = stations.count()
    divisions = []
    if total > DIRECTORY_PAGE:
        divisions = list(
            Division.objects.filter(stations__is_active=True)
            .annotate(n=Count("stations"))
            .order_by("code")
        )
        chosen = division_id or (divisions[0].pk if divisions else None)
        stations = stations.filter(division_id=chosen)[:DIRECTORY_PAGE]
    groups = defaultdict(list)
    for station in stations:
        groups[station.division].append(station)
    return {
        "groups": dict(groups),
        "divisions": divisions,
        "division_id": division_id,
        "total": total,
    }


def public_slots(stations_or_deputy, start, end, *, deputy=None, limit=None):
    """Published slots in [start, end] with the deputies on duty, their
    photos, levels and constituencies (3 queries); the first `limit` only
    when given (read from the database, not cut in Python)."""
    slots = DutySlot.objects.published().filter(date__range=(start, end))
    if deputy is not None:
        slots = slots.filter(assignments__deputy=deputy)
    else:
        slots = slots.filter(station__in=stations_or_deputy)
    if limit is not None:
        slots = slots[:limit]
    return list(
        slots.select_related("station").prefetch_related(
            Prefetch(
                "assignments",
                queryset=DutyAssignment.objects.select_related("deputy")
                .prefetch_related(serving_mandates())
                .order_by("deputy__name"),
            )
        )
    )


def station_schedule(station: Station, today: datetime.date) -> list:
    """[(week label date, [slots])] for this week and next."""
    start = week_start(today)
    end = start + datetime.timedelta(days=13)
    slots = public_slots([station.pk], start, end)
    weeks = [(start, []), (start + datetime.timedelta(days=7), [])]
    for slot in slots:
        weeks[0 if slot.date < weeks[1][0] else 1][1].append(slot)
    return weeks


def on_duty_now(today: datetime.date, limit: int = 6) -> list:
    """Published slots of today and the coming days, county-wide (home page)."""
    return public_slots(
        Station.objects.active().values("pk"),
        today,
        today + datetime.timedelta(days=6),
        limit=limit,
    )


def public_deputy(pk: int):
    """A deputy who is based at an active station (only they have a public
    page), with mandates and stations; None otherwise."""
    from deputies.models import Deputy

    return (
        Deputy.objects.filter(pk=pk, stations__is_active=True)
        .select_related("public_profile")
        .prefetch_related(
            Prefetch(
                "mandates",
                queryset=Mandate.objects.filter(status=MandateStatus.SERVING)
                .select_related("constituency")
                .order_by("pk"),
                to_attr="serving",
            ),
            Prefetch("stations", queryset=Station.objects.active()),
        )
        .distinct()
        .first()
    )


# Manager's roster -----------------------------------------------------------------


def roster_month(station: Station, month_start: datetime.date) -> list[DutySlot]:
    """The month's slots with deputies and pending swaps (3 queries)."""
    next_month = (month_start + datetime.timedelta(days=32)).replace(day=1)
    return list(
        DutySlot.objects.filter(
            station=station, date__gte=month_start, date__lt=next_month
        )
        .exclude(status=SlotStatus.CANCELLED)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=DutyAssignment.objects.select_related("deputy").order_by(
                    "deputy__name"
                ),
            )
        )
        .order_by("date", "start_time")
    )


def pending_swaps(station: Station) -> list[SwapRequest]:
    return list(
        SwapRequest.objects.filter(
            assignment__slot__station=station, status=SwapStatus.PENDING
        ).select_related("assignment__slot", "requested_by", "replacement")
    )


def deputy_duties(deputy, *, today: datetime.date, past_days: int = 90):
    """A deputy's duties from `past_days` ago on, with their stations."""
    return list(
        DutyAssignment.objects.filter(
            deputy=deputy,
            slot__date__gte=today - datetime.timedelta(days=past_days),
        )
        .exclude(slot__status=SlotStatus.CANCELLED)
        .select_related("slot__station")
        .prefetch_related(
            Prefetch(
                "swap_requests",
                queryset=SwapRequest.objects.filter(status=SwapStatus.PENDING),
                to_attr="pending_swaps",
            )
        )
        .order_by("slot__date", "slot__start_time")
    )


# Panels ---------------------------------------------------------------------------


def today_duties(stations, today: datetime.date) -> list[DutySlot]:
    return list(
        DutySlot.objects.filter(station__in=stations, date=today)
        .exclude(status=SlotStatus.CANCELLED)
        .select_related("station")
        .prefetch_related(
            Prefetch(
                "assignments", queryset=DutyAssignment.objects.select_related("deputy")
            )
        )
    )


def issues_awaiting(stations):
    """Issues the station must act on: to route, or answered awaiting feedback."""
    return Issue.objects.filter(
        station__in=stations,
        status__in=(IssueStatus.RECEIVED, IssueStatus.ANSWERED),
    )


def bookings_awaiting(stations):
    return Booking.objects.filter(
        slot__station__in=stations, status=BookingStatus.REQUESTED
    )


# Statistics -----------------------------------------------------------------------


STATION_FIGURES = (
    "slots",
    "duties_planned",
    "duties_attended",
    "receptions",
    "visitors",
    "issues",
    "referred",
    "answered",
    "answered_on_time",
    "satisfied",
    "dissatisfied",
    "activities",
)
DEPUTY_FIGURES = (
    "duties_planned",
    "duties_attended",
    "receptions",
    "activities",
    "issues_handled",
)


@dataclass
class StationStats:
    station: Station
    slots: int = 0
    duties_planned: int = 0
    duties_attended: int = 0
    receptions: int = 0
    visitors: int = 0
    issues: int = 0
    referred: int = 0
    answered: int = 0
    answered_on_time: int = 0
    satisfied: int = 0
    dissatisfied: int = 0
    activities: int = 0


def _year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def station_statistics_live(stations, year: int) -> list[StationStats]:
    """Per station for the year counted from the rows (5 queries, whatever
    the number of stations): the reference the monthly summary is tested
    against; pages read station_statistics."""
    start, end = _year_range(year)
    rows = {s.pk: StationStats(s) for s in stations}
    ids = list(rows)
    slots = DutySlot.objects.filter(
        station_id__in=ids, date__range=(start, end), status=SlotStatus.PUBLISHED
    )
    for row in slots.values("station_id").annotate(n=Count("pk")):
        rows[row["station_id"]].slots = row["n"]
    duties = DutyAssignment.objects.filter(slot__in=slots)
    for row in duties.values("slot__station_id").annotate(
        n=Count("pk"), came=Count("pk", filter=Q(status=DutyStatus.ATTENDED))
    ):
        stat = rows[row["slot__station_id"]]
        stat.duties_planned, stat.duties_attended = row["n"], row["came"]
    receptions = Reception.objects.filter(station_id__in=ids, date__range=(start, end))
    for row in receptions.values("station_id").annotate(
        n=Count("pk"), people=Sum("visitor_count")
    ):
        rows[row["station_id"]].receptions = row["n"]
        rows[row["station_id"]].visitors = row["people"] or 0
    issues = Issue.objects.filter(
        station_id__in=ids, created_at__date__range=(start, end)
    )
    for row in issues.values("station_id").annotate(
        n=Count("pk"),
        referred=Count("pk", filter=Q(routing=Routing.REFERRED)),
        answered=Count("pk", filter=Q(replied_at__isnull=False)),
        on_time=Count(
            "pk",
            filter=Q(replied_at__isnull=False)
            & (Q(due_date__isnull=True) | Q(replied_at__date__lte=F("due_date"))),
        ),
        satisfied=Count("pk", filter=Q(feedback="satisfied")),
        dissatisfied=Count("pk", filter=Q(feedback="dissatisfied")),
    ):
        stat = rows[row["station_id"]]
        stat.issues, stat.referred, stat.answered = (
            row["n"],
            row["referred"],
            row["answered"],
        )
        stat.answered_on_time = row["on_time"]
        stat.satisfied, stat.dissatisfied = row["satisfied"], row["dissatisfied"]
    for row in (
        StationActivity.objects.filter(station_id__in=ids, date__range=(start, end))
        .values("station_id")
        .annotate(n=Count("pk"))
    ):
        rows[row["station_id"]].activities = row["n"]
    return list(rows.values())


@dataclass
class DeputyStats:
    deputy: object
    duties_planned: int = 0
    duties_attended: int = 0
    receptions: int = 0
    activities: int = 0
    issues_handled: int = 0
    stations: list = field(default_factory=list)

    @property
    def visits(self) -> int:
        """Visits to a station (attended duties, receptions, activities)."""
        return self.duties_attended + self.receptions + self.activities


def minimum_visits() -> int:
    from liaison_stations.reminders import MIN_VISITS

    return rules.get(MIN_VISITS.key)


def deputy_statistics(deputies, year: int) -> list[DeputyStats]:
    """Per deputy for the year, counted live (4 queries): a deputy's own
    report and reminders; pages read the summary (deputy_statistics_of)."""
    counts = deputy_year_counts([d.pk for d in deputies], year)
    return [DeputyStats(d, **counts.get(d.pk, {})) for d in deputies]


def deputy_year_counts(ids: list[int] | None, year: int) -> dict[int, dict]:
    """{deputy id: figures} counted from the rows (4 queries); every deputy
    with any figure when ids is None."""
    start, end = _year_range(year)
    rows: dict[int, dict] = {}

    def scoped(queryset, field_name: str):
        return queryset if ids is None else queryset.filter(**{field_name: ids})

    def put(deputy_id: int, **figures) -> None:
        rows.setdefault(deputy_id, dict.fromkeys(DEPUTY_FIGURES, 0)).update(figures)

    for row in (
        scoped(DutyAssignment.objects, "deputy_id__in")
        .filter(slot__date__range=(start, end), slot__status=SlotStatus.PUBLISHED)
        .values("deputy_id")
        .annotate(n=Count("pk"), came=Count("pk", filter=Q(status=DutyStatus.ATTENDED)))
        .order_by()
    ):
        put(row["deputy_id"], duties_planned=row["n"], duties_attended=row["came"])
    # A reception during the deputy's attended duty is the same visit: count
    # the others.
    attended_there = DutyAssignment.objects.filter(
        slot_id=OuterRef("reception__slot_id"),
        deputy_id=OuterRef("deputy_id"),
        status=DutyStatus.ATTENDED,
    )
    for row in (
        scoped(Reception.deputies.through.objects, "deputy_id__in")
        .filter(reception__date__range=(start, end))
        .filter(~Exists(attended_there))
        .values("deputy_id")
        .annotate(n=Count("reception_id", distinct=True))
        .order_by()
    ):
        put(row["deputy_id"], receptions=row["n"])
    for row in (
        scoped(ActivitySignIn.objects, "deputy_id__in")
        .filter(activity__date__range=(start, end))
        .values("deputy_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        put(row["deputy_id"], activities=row["n"])
    for row in (
        scoped(Issue.objects, "handling_deputy_id__in")
        .filter(handling_deputy__isnull=False, created_at__date__range=(start, end))
        .values("handling_deputy_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        put(row["handling_deputy_id"], issues_handled=row["n"])
    return rows


# Statistics from the summaries -----------------------------------------------------


def station_statistics(stations, year: int) -> list[StationStats]:
    """Per station for the year from the monthly summary (1 query)."""
    rows = {s.pk: StationStats(s) for s in stations}
    totals = (
        StationMonthStats.objects.filter(station_id__in=list(rows), month__year=year)
        .values("station_id")
        .annotate(**{name: Sum(name) for name in STATION_FIGURES})
        .order_by()
    )
    for total in totals:
        stat = rows[total.pop("station_id")]
        for name, value in total.items():
            setattr(stat, name, value)
    return list(rows.values())


def deputy_statistics_of(deputies, year: int) -> list[DeputyStats]:
    """Per deputy for the year from the yearly summary (1 query)."""
    found = {
        row.deputy_id: row
        for row in DeputyYearStats.objects.filter(
            deputy_id__in=[d.pk for d in deputies], year=year
        )
    }
    return [
        DeputyStats(
            d,
            **{
                name: getattr(found[d.pk], name)
                for name in DEPUTY_FIGURES
                if d.pk in found
            },
        )
        for d in deputies
    ]


def deputies_below_minimum(member_ids, year: int, minimum: int) -> tuple[int, int]:
    """(how many deputies `member_ids` names (a queryset of deputy_id
    values, repeats allowed), how many of them made fewer than `minimum`
    station visits in the year): two counts, each one hash join."""
    total = member_ids.order_by().aggregate(n=Count("deputy_id", distinct=True))["n"]
    reached = DeputyYearStats.objects.filter(
        year=year, visits__gte=minimum, deputy_id__in=member_ids
    ).count()
    return total, total - reached


# Ledgers ----------------------------------------------------------------------


def ledger_activities(station: Station, year: int):
    start, end = _year_range(year)
    return list(
        station.activities.filter(date__range=(start, end))
        .prefetch_related(
            Prefetch(
                "sign_ins", queryset=ActivitySignIn.objects.select_related("deputy")
            )
        )
        .order_by("date", "pk")
    )


def ledger_receptions(station: Station, year: int):
    start, end = _year_range(year)
    return list(
        station.receptions.filter(date__range=(start, end))
        .prefetch_related("deputies", "issues")
        .order_by("date", "pk")
    )


def ledger_issues(station: Station, year: int, *, referred_only: bool = False):
    start, end = _year_range(year)
    issues = station.issues.filter(created_at__date__range=(start, end))
    if referred_only:
        issues = issues.filter(
            routing__in=(Routing.REFERRED, Routing.PASSED_UP, Routing.SUGGESTION)
        )
    return list(
        issues.select_related("organization", "handling_deputy").order_by(
            "created_at", "pk"
        )
    )


def today() -> datetime.date:
    return timezone.localdate()


def public_members(station: Station) -> list:
    """The station's deputies with their serving mandates (wall, 2 queries)."""
    from deputies.models import Deputy

    return list(
        Deputy.objects.filter(stations=station)
        .select_related("public_profile")
        .prefetch_related(
            Prefetch(
                "mandates",
                queryset=Mandate.objects.filter(status=MandateStatus.SERVING)
                .select_related("constituency")
                .order_by("pk"),
                to_attr="serving",
            )
        )
        .order_by("name")
    )
