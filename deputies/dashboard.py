"""The deputies' section of the leadership dashboard (congress.dashboard):
serving deputies by level and composition, confirmed activity per month,
deputies without activity this quarter, the points ranking and the annual
evaluations. Six aggregate queries whatever the number of deputies."""

import calendar
import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
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
    AnnualEvaluation,
    Deputy,
    EvaluationResult,
    Level,
    Mandate,
    MandateStatus,
    PerformanceRecord,
    RecordStatus,
)

RANKING_SIZE = 10
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


def dashboard_figures(scope: Scope) -> SectionData:
    serving = _serving(scope)
    deputies = Deputy.objects.filter(Exists(serving.filter(deputy=OuterRef("pk"))))
    records = PerformanceRecord.objects.filter(
        status=RecordStatus.CONFIRMED,
        date__range=(scope.start, scope.end),
        deputy__in=deputies.values("pk"),
    )
    # Query 1: serving mandates per level.
    levels = dict(serving.values_list("level").annotate(n=Count("pk")).order_by())
    # Query 2: deputies, and those with a confirmed record this quarter (an
    # uncorrelated IN: the quarter's records are read once, by date).
    quarter_end = min(scope.today, scope.end)
    quarter = PerformanceRecord.objects.filter(
        status=RecordStatus.CONFIRMED,
        date__range=(scope.quarter_start, quarter_end),
    ).values("deputy_id")
    totals = deputies.order_by().aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(pk__in=quarter))
    )
    totals["idle"] = totals["total"] - totals["active"]
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
    data.charts.append(_monthly_chart(scope, records))  # query 3
    data.tables.append(_composition_table(scope, deputies))  # query 4
    data.tables.append(_ranking_table(records))  # query 5
    evaluations, evaluation_figures = _evaluations(scope, deputies)  # query 6
    data.figures.extend(evaluation_figures)
    data.tables.append(evaluations)
    return data


def _monthly_chart(scope: Scope, records: QuerySet[PerformanceRecord]) -> Chart:
    counts = dict(
        records.annotate(month=ExtractMonth("date"))
        .values_list("month")
        .annotate(n=Count("deputy_id"))
        .order_by()
    )
    months = range(1, 13)
    urls = []
    for month in months:
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
        [counts.get(month, 0) for month in months],
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


def _ranking_table(records: QuerySet[PerformanceRecord]) -> Table:
    # Counted on the covering index (record_confirmed_date); the names of the
    # ten come after, by primary key.
    rows = list(
        records.values("deputy_id")
        .annotate(points=Sum("points"), count=Count("deputy_id"))
        .order_by("-points", "deputy_id")[:RANKING_SIZE]
    )
    names = dict(
        Deputy.objects.filter(pk__in=[row["deputy_id"] for row in rows]).values_list(
            "pk", "name"
        )
    )
    return Table(
        _("Points ranking of the year"),
        [_("Deputy"), _("Points"), _("Confirmed activities")],
        [
            [
                Cell(
                    names.get(row["deputy_id"], ""),
                    list_url("deputies:detail", row["deputy_id"]),
                ),
                Cell(row["points"] or 0),
                Cell(row["count"]),
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
