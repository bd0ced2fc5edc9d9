"""The liaison stations' section of the leadership dashboard
(congress.dashboard): receptions, issues referred and answered within the
deadline, duty attendance, receptions per month and the deputies below the
yearly minimum of station visits. Eight aggregate queries."""

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext_lazy as _

from congress.dashboard import (
    Chart,
    Figure,
    Scope,
    SectionData,
    list_url,
    month_labels,
    rate,
)
from deputies.models import Deputy
from liaison_stations import selectors
from liaison_stations.models import (
    DutyAssignment,
    DutyStatus,
    Issue,
    IssueStatus,
    Reception,
    Routing,
    SlotStatus,
    Station,
)

TITLE = _("Liaison stations")


def _stations(scope: Scope) -> QuerySet[Station]:
    stations = Station.objects.all()
    if scope.division is not None:
        stations = stations.filter(division=scope.division)
    return stations


def _issues_url(scope: Scope, **query) -> str:
    return list_url(
        "liaison_stations:issue_list",
        year=scope.year,
        division=scope.division.pk if scope.division else None,
        **query,
    )


def dashboard_figures(scope: Scope) -> SectionData:
    stations = _stations(scope).values("pk")
    period = (scope.start, scope.end)
    statistics = list_url("liaison_stations:statistics", year=scope.year)
    receptions = Reception.objects.filter(station__in=stations, date__range=period)
    # Query 1: receptions and visitors.
    received = receptions.aggregate(n=Count("pk"), people=Sum("visitor_count"))
    # Query 2: issues received in the year: referred, answered, on time.
    issues = Issue.objects.filter(
        station__in=stations, created_at__year=scope.year
    ).aggregate(
        total=Count("pk"),
        referred=Count("pk", filter=Q(routing=Routing.REFERRED)),
        answered=Count("pk", filter=Q(replied_at__isnull=False)),
        on_time=Count(
            "pk",
            filter=Q(replied_at__isnull=False)
            & (Q(due_date__isnull=True) | Q(replied_at__date__lte=F("due_date"))),
        ),
        overdue=Count(
            "pk",
            filter=Q(
                status__in=(IssueStatus.REFERRED, IssueStatus.PASSED_UP),
                due_date__lt=scope.today,
            ),
        ),
    )
    # Query 3: published duties and those attended.
    duties = DutyAssignment.objects.filter(
        slot__station__in=stations,
        slot__date__range=(scope.start, min(scope.today, scope.end)),
        slot__status=SlotStatus.PUBLISHED,
    ).aggregate(n=Count("pk"), came=Count("pk", filter=Q(status=DutyStatus.ATTENDED)))
    data = SectionData()
    data.figures = [
        Figure(_("Receptions"), received["n"], url=statistics, headline=True),
        Figure(_("Visitors received"), received["people"] or 0, url=statistics),
        Figure(_("Issues received"), issues["total"], url=_issues_url(scope)),
        Figure(
            _("Issues referred to organisations"),
            issues["referred"],
            url=_issues_url(scope, routing=Routing.REFERRED),
        ),
        Figure(
            _("Answered within the deadline"),
            rate(issues["on_time"], issues["answered"]),
            unit="%",
            url=_issues_url(scope, status=IssueStatus.ANSWERED),
            headline=True,
        ),
        Figure(
            _("Referred issues past their deadline"),
            issues["overdue"],
            url=_issues_url(scope, overdue=1),
        ),
        Figure(
            _("Duty attendance"),
            rate(duties["came"], duties["n"]),
            unit="%",
            url=statistics,
        ),
    ]
    data.figures.extend(_below_minimum(scope, stations, statistics))  # queries 4-8
    data.charts.append(_monthly(receptions, statistics))
    return data


def _monthly(receptions: QuerySet[Reception], url: str) -> Chart:
    counts = dict(
        receptions.annotate(month=ExtractMonth("date"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Chart(
        _("Receptions per month"),
        month_labels(),
        [counts.get(month, 0) for month in range(1, 13)],
        kind="columns",
        urls=[url] * 12,
    )


def _below_minimum(scope: Scope, stations, url: str) -> list[Figure]:
    """Deputies of the stations whose visits this year (attended duties,
    receptions, activities) are under the installation's minimum."""
    deputies = Deputy.objects.filter(stations__in=stations).distinct().only("pk")
    rows = selectors.deputy_statistics(list(deputies), scope.year)
    minimum = selectors.minimum_visits()
    below = sum(1 for row in rows if row.visits < minimum)
    return [
        Figure(
            _("Deputies below the minimum of station visits"),
            below,
            url=url,
        ),
        Figure(_("Minimum visits a year"), minimum, url=url),
    ]
