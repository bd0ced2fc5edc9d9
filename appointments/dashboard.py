"""The appointments section of the leadership dashboard (congress.dashboard):
the year's cases, exams, oaths pending and appraisals. Four aggregate
queries."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from appointments.models import (
    Appraisal,
    AppraisalOutcome,
    Attempt,
    Case,
    CaseStatus,
    CaseType,
)
from congress.dashboard import (
    Cell,
    Figure,
    Scope,
    SectionData,
    Table,
    list_url,
    rate,
)

TITLE = _("Appointments and removals")


def dashboard_figures(scope: Scope) -> SectionData:
    year, today = scope.year, scope.today
    statistics = list_url("appointments:statistics", year=year)
    # Query 1: cases created or decided in the year, by type.
    cases = (
        Case.objects.filter(Q(created_at__year=year) | Q(decided_on__year=year))
        .values("case_type")
        .annotate(
            n=Count("pk"),
            decided=Count("pk", filter=Q(decided_on__year=year)),
            rejected=Count(
                "pk", filter=Q(decided_on__year=year, status=CaseStatus.REJECTED)
            ),
        )
        .order_by()
    )
    by_type = {row["case_type"]: row for row in cases}
    decided = sum(row["decided"] for row in by_type.values())
    # Query 2: marked exam attempts of the year.
    exams = Attempt.objects.filter(
        session__starts_at__year=year, passed__isnull=False
    ).aggregate(total=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
    # Query 3: appointees awaiting the oath now, and those past its due date.
    oaths = Case.objects.filter(status=CaseStatus.OATH).aggregate(
        pending=Count("pk"), late=Count("pk", filter=Q(oath_due_on__lt=today))
    )
    oath_url = list_url("appointments:ceremony_list")
    data = SectionData()
    data.figures = [
        Figure(_("Cases decided this year"), decided, url=statistics, headline=True),
        Figure(
            _("Not passed by the vote"),
            sum(row["rejected"] for row in by_type.values()),
            url=statistics,
        ),
        Figure(_("Exam papers marked"), exams["total"], url=statistics),
        Figure(
            _("Exam pass rate"),
            rate(exams["passed"], exams["total"]),
            unit="%",
            url=statistics,
        ),
        Figure(_("Oaths pending"), oaths["pending"], url=oath_url, headline=True),
        Figure(_("Oaths past their due date"), oaths["late"], url=oath_url),
    ]
    data.tables.append(
        Table(
            _("Cases of the year by type"),
            [_("Type"), _("Cases"), _("Decided")],
            [
                [
                    Cell(label),
                    Cell(by_type[value]["n"], statistics),
                    Cell(by_type[value]["decided"], statistics),
                ]
                for value, label in CaseType.choices
                if value in by_type
            ],
        )
    )
    data.tables.append(_appraisals(year))  # query 4
    data.notes.append(
        _("Appointments cover the whole county: not narrowed by term or division.")
    )
    return data


def _appraisals(year: int) -> Table:
    rows = (
        Appraisal.objects.filter(year=year)
        .values_list("status", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    statuses: dict[str, int] = {}
    outcomes: dict[str, int] = {}
    for status, outcome, count in rows:
        statuses[status] = statuses.get(status, 0) + count
        if outcome:
            outcomes[outcome] = outcomes.get(outcome, 0) + count
    url = list_url("appointments:appraisal_list", year=year)
    return Table(
        _("Appraisals of officials by report"),
        [_("State or outcome"), _("Appraisals")],
        [
            *(
                [Cell(label), Cell(statuses[value], url)]
                for value, label in Appraisal.Status.choices
                if value in statuses
            ),
            *(
                [Cell(label), Cell(outcomes[value], url)]
                for value, label in AppraisalOutcome.choices
                if value in outcomes
            ),
        ],
    )
