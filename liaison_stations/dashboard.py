"""The liaison stations' section of the leadership dashboard
(congress.dashboard): receptions, issues referred and answered within the
deadline, duty attendance, receptions per month and the deputies below the
yearly minimum of station visits. Six queries, on the summary tables
(liaison_stations.services.summaries) where the figure allows it."""

import datetime

from django.db.models import Count, Q, Sum
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
from liaison_stations import selectors
from liaison_stations.models import (
    DutyAssignment,
    DutyStatus,
    Issue,
    IssueStatus,
    Routing,
    SlotStatus,
    StationMembership,
    StationMonthStats,
)

TITLE = _("Liaison stations")


def _in_scope(scope: Scope, station: str) -> Q:
    """The division filter on the station at the path `station` (no join,
    no subquery of stations without a division)."""
    if scope.division is None:
        return Q()
    return Q(**{f"{station}__division": scope.division})


def _issues_url(scope: Scope, **query) -> str:
    return list_url(
        "liaison_stations:issue_list",
        year=scope.year,
        division=scope.division.pk if scope.division else None,
        **query,
    )


def dashboard_figures(scope: Scope) -> SectionData:
    statistics = list_url("liaison_stations:statistics", year=scope.year)
    # Query 1: the year's monthly summary rows, summed per month.
    months = _months(scope)
    total = {name: sum(row[name] for row in months.values()) for name in FIGURES}
    # Query 2: referred issues past their deadline (depends on today: live,
    # on the partial index of open referrals).
    overdue = Issue.objects.filter(
        _in_scope(scope, "station"),
        created_at__year=scope.year,
        status__in=(IssueStatus.REFERRED, IssueStatus.PASSED_UP),
        due_date__lt=scope.today,
    ).count()
    duties = _duties_so_far(scope, months)  # query 3
    received = {"n": total["receptions"], "people": total["visitors"]}
    issues = {
        "total": total["issues"],
        "referred": total["referred"],
        "answered": total["answered"],
        "on_time": total["answered_on_time"],
        "overdue": overdue,
    }
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
    data.figures.extend(_below_minimum(scope, statistics))  # queries 4-6
    data.charts.append(_monthly(months, statistics))
    return data


FIGURES = (
    "receptions",
    "visitors",
    "issues",
    "referred",
    "answered",
    "answered_on_time",
    "duties_planned",
    "duties_attended",
)


def _months(scope: Scope) -> dict[int, dict[str, int]]:
    """{month number: figures} of the stations in the year, from the summary."""
    rows = (
        StationMonthStats.objects.filter(
            _in_scope(scope, "station"), month__range=(scope.start, scope.end)
        )
        .values("month")
        .annotate(**{name: Sum(name) for name in FIGURES})
        .order_by()
    )
    return {row.pop("month").month: row for row in rows}


def _duties_so_far(scope: Scope, months) -> dict[str, int]:
    """Published duties up to today and those attended: the summary's months
    before this one, and this month so far counted live (a month of slots)."""
    current = scope.today.replace(day=1)
    planned = sum(
        row["duties_planned"]
        for month, row in months.items()
        if datetime.date(scope.year, month, 1) < current
    )
    came = sum(
        row["duties_attended"]
        for month, row in months.items()
        if datetime.date(scope.year, month, 1) < current
    )
    # Counted on indexed columns only: both indexes answer without the tables.
    live = DutyAssignment.objects.filter(
        _in_scope(scope, "slot__station"),
        slot__date__range=(max(current, scope.start), min(scope.today, scope.end)),
        slot__status=SlotStatus.PUBLISHED,
    ).aggregate(
        n=Count("*"), came=Count("status", filter=Q(status=DutyStatus.ATTENDED))
    )
    return {"n": planned + live["n"], "came": came + live["came"]}


def _monthly(months: dict[int, dict[str, int]], url: str) -> Chart:
    return Chart(
        _("Receptions per month"),
        month_labels(),
        [months.get(month, {}).get("receptions", 0) for month in range(1, 13)],
        kind="columns",
        urls=[url] * 12,
    )


def _below_minimum(scope: Scope, url: str) -> list[Figure]:
    """Deputies of the stations whose visits this year (attended duties,
    receptions, activities) are under the installation's minimum, from the
    yearly summary: the rule, then two counts."""
    minimum = selectors.minimum_visits()
    member_ids = StationMembership.objects.filter(_in_scope(scope, "station")).values(
        "deputy_id"
    )
    _total, below = selectors.deputies_below_minimum(member_ids, scope.year, minimum)
    return [
        Figure(
            _("Deputies below the minimum of station visits"),
            below,
            url=url,
        ),
        Figure(_("Minimum visits a year"), minimum, url=url),
    ]
