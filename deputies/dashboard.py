"""The deputies' section of the leadership dashboard (congress.dashboard):
serving deputies by level and composition, confirmed activity per month,
deputies without activity this quarter, the points ranking and the annual
evaluations. Six aggregate queries whatever the number of deputies; the
activity figures read the activity summary (deputies.summary: one row per
deputy and year), never the records themselves."""

import calendar
import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.dashboard import (
    Cell,
    Chart,
    Figure,
    Scope,
    SectionData,
    Table,
    list_url,
    month_labels,
    rate,
)
from deputies.models import (
    ActivitySummary,
    AnnualEvaluation,
    Deputy,
    EvaluationResult,
    Level,
    Mandate,
    MandateStatus,
)

RANKING_SIZE = 10
MONTHS = range(1, 13)
TITLE = _("Deputies")


def _serving(scope: Scope) -> QuerySet[Mandate]:
    mandates = Mandate.objects.filter(status=MandateStatus.SERVING)
    if scope.term is not None:
        mandates = mandates.filter(term=scope.term)
    if scope.division is not None:
        mandates = mandates.filter(division=scope.division)
    return mandates


def _registry(scope: Scope, **query) -> str:
    return list_url(
        "deputies:registry",
        status=MandateStatus.SERVING,
        term=scope.term.pk if scope.term else None,
        division=scope.division.pk if scope.division else None,
        **query,
    )


def _month(number: int) -> F:
    return F(f"months__{number - 1}")  # SQL arrays count from 1, Django from 0


def dashboard_figures(scope: Scope) -> SectionData:
    serving = _serving(scope)
    deputies = Deputy.objects.filter(Exists(serving.filter(deputy=OuterRef("pk"))))
    # The year's totals rows (kind "") of the deputies in scope.
    year_rows = ActivitySummary.objects.filter(
        Exists(serving.filter(deputy=OuterRef("deputy"))),
        year=scope.year,
        kind=ActivitySummary.ALL_KINDS,
    )
    # Query 1: serving mandates per level.
    levels = dict(serving.values_list("level").annotate(n=Count("pk")).order_by())
    # Query 2: the deputies in scope.
    total = deputies.order_by().count()
    # Query 3: confirmed activities per month, and the deputies with one this
    # quarter (the quarter is in the year asked for; no record is dated after
    # today), from the year's rows alone.
    months = year_rows.aggregate(
        **{str(m): Sum(_month(m)) for m in MONTHS},
        active=Count("pk", filter=_active_in_quarter(scope.quarter_start.month)),
    )
    totals = {"total": total, "idle": total - months["active"]}
    quarter_end = min(scope.today, scope.end)
    data = SectionData()
    idle_url = _registry(
        scope,
        active_from=scope.quarter_start.isoformat(),
        active_to=quarter_end.isoformat(),
        inactive=1,
    )
    data.figures = [
        Figure(
            _("Serving deputies"), totals["total"], url=_registry(scope), headline=True
        ),
        *(
            Figure(label, levels[value], url=_registry(scope, level=value))
            for value, label in Level.choices
            if value in levels
        ),
        Figure(
            _("Without activity this quarter"),
            totals["idle"],
            url=idle_url,
            headline=True,
        ),
        Figure(
            _("Share without activity this quarter"),
            rate(totals["idle"], totals["total"]),
            unit="%",
            url=idle_url,
        ),
    ]
    data.charts.append(_monthly_chart(scope, months))
    data.tables.append(_composition_table(scope, deputies))  # query 4
    data.tables.append(_ranking_table(year_rows))  # query 5
    evaluations, evaluation_figures = _evaluations(scope, deputies)  # query 6
    data.figures.extend(evaluation_figures)
    data.tables.append(evaluations)
    return data


def _active_in_quarter(first_month: int) -> Q:
    return Q(
        *(
            Q(**{f"months__{m - 1}__gt": 0})
            for m in range(first_month, first_month + 3)
        ),
        _connector=Q.OR,
    )


def _monthly_chart(scope: Scope, counts: dict) -> Chart:
    urls = []
    for month in MONTHS:
        last = calendar.monthrange(scope.year, month)[1]
        urls.append(
            _registry(
                scope,
                active_from=datetime.date(scope.year, month, 1).isoformat(),
                active_to=datetime.date(scope.year, month, last).isoformat(),
            )
        )
    return Chart(
        _("Confirmed activities per month"),
        month_labels(),
        [counts[str(month)] or 0 for month in MONTHS],
        kind="columns",
        urls=urls,
    )


def _composition_table(scope: Scope, deputies: QuerySet[Deputy]) -> Table:
    rows = (
        deputies.values_list("composition")
        .annotate(n=Count("pk"))
        .order_by("-n", "composition")
    )
    return Table(
        _("Serving deputies by composition"),
        [_("composition category"), _("Deputies")],
        [
            [
                Cell(composition or gettext("Not given")),
                Cell(
                    count,
                    _registry(scope, composition=composition) if composition else "",
                ),
            ]
            for composition, count in rows
        ],
    )


def _ranking_table(year_rows: QuerySet[ActivitySummary]) -> Table:
    rows = list(
        year_rows.select_related("deputy")
        .only("deputy__name", "points", "records")
        .order_by("-points", "deputy_id")[:RANKING_SIZE]
    )
    return Table(
        _("Points ranking of the year"),
        [_("Deputy"), _("Points"), _("Confirmed activities")],
        [
            [
                Cell(row.deputy.name, list_url("deputies:detail", row.deputy_id)),
                Cell(row.points),
                Cell(row.records),
            ]
            for row in rows
        ],
    )


def _evaluations(
    scope: Scope, deputies: QuerySet[Deputy]
) -> tuple[Table, list[Figure]]:
    """The evaluations of the year, or of the year before while this year's
    are not made yet (they are made at its end): one query for both."""
    rows = (
        AnnualEvaluation.objects.filter(
            year__in=(scope.year - 1, scope.year), deputy__in=deputies.values("pk")
        )
        .values_list("year", "result")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_year: dict[int, dict[str, int]] = {}
    for year, result, count in rows:
        by_year.setdefault(year, {})[result] = count
    year = max(by_year, default=scope.year)
    counts = by_year.get(year, {})
    urls = {
        value: _registry(scope, evaluation=value, evaluation_year=year)
        for value in EvaluationResult.values
    }
    table = Table(
        gettext("Annual evaluations of %(year)s") % {"year": year},
        [_("Result"), _("Deputies")],
        [
            [Cell(label), Cell(counts.get(value, 0), urls[value])]
            for value, label in EvaluationResult.choices
        ],
    )
    figures = [
        Figure(
            _("Evaluated excellent"),
            counts.get(EvaluationResult.EXCELLENT, 0),
            url=urls[EvaluationResult.EXCELLENT],
        )
    ]
    return table, figures
