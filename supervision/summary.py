"""The year's supervision in figures (年度监督工作总结) as a page, an Excel
workbook and a PDF, and the appraisal coverage of the term ("在每届任期内，要
对每个政府组成部门至少评议一次")."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from congress.models import Ballot, Organization, Term
from congress.pdf import render_pdf
from supervision import filings
from supervision.models import (
    APPRAISAL_COUNTED,
    Appraisal,
    Form,
    HandlingReport,
    Interpellation,
    Item,
    ItemStatus,
    ItemVote,
    LivelihoodProject,
    OpinionPoint,
    PointStatus,
    ProjectStatus,
)

S = ItemStatus
DONE = [ProjectStatus.COMPLETED, ProjectStatus.EVALUATED]


@dataclass
class FormRow:
    label: str
    planned: int = 0
    closed: int = 0
    cancelled: int = 0


@dataclass
class Summary:
    year: int
    forms: list[FormRow] = field(default_factory=list)
    figures: list[tuple[str, int]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


def year_summary(year: int) -> Summary:
    """The year's figures in a fixed number of queries (about eight)."""
    summary = Summary(year)
    rows = {value: FormRow(str(label)) for value, label in Form.choices}
    counts = (
        Item.objects.filter(plan__year=year)
        .values("form")
        .annotate(
            planned=Count("pk"),
            closed=Count("pk", filter=Q(status=S.CLOSED)),
            cancelled=Count("pk", filter=Q(status=S.CANCELLED)),
        )
    )
    for row in counts:
        target = rows[row["form"]]
        target.planned, target.closed = row["planned"], row["closed"]
        target.cancelled = row["cancelled"]
    summary.forms = list(rows.values())
    points = OpinionPoint.objects.filter(opinion__item__plan__year=year).aggregate(
        total=Count("pk"), closed=Count("pk", filter=Q(status=PointStatus.CLOSED))
    )
    votes = ItemVote.objects.filter(
        item__plan__year=year, ballot__status=Ballot.Status.CLOSED
    ).aggregate(total=Count("pk"), passed=Count("pk", filter=Q(ballot__passed=True)))
    reports = HandlingReport.objects.filter(item__plan__year=year).aggregate(
        total=Count("pk"), late=Count("pk", filter=Q(late=True))
    )
    projects = LivelihoodProject.objects.filter(year=year).aggregate(
        selected=Count("pk", filter=~Q(status__in=["candidate", "not_selected"])),
        completed=Count(
            "pk",
            filter=Q(status__in=[ProjectStatus.COMPLETED, ProjectStatus.EVALUATED]),
        ),
    )
    documents = filings.yearly_counts(year)
    summary.figures = [
        (str(_("Opinion points issued")), points["total"]),
        (str(_("Opinion points closed")), points["closed"]),
        (str(_("Handling reports received")), reports["total"]),
        (str(_("Handling reports received late")), reports["late"]),
        (str(_("Satisfaction votes held")), votes["total"]),
        (str(_("Satisfaction votes passed")), votes["passed"]),
        (
            str(_("Items referred to the chairpersons' meeting")),
            Item.objects.filter(plan__year=year, flagged_for_council=True).count(),
        ),
        (
            str(_("Interpellations")),
            Interpellation.objects.filter(created_at__year=year).count(),
        ),
        (str(_("Normative documents reviewed")), documents["reviewed"]),
        (str(_("Livelihood projects selected")), projects["selected"]),
        (str(_("Livelihood projects completed")), projects["completed"]),
    ]
    summary.items = list(
        Item.objects.filter(plan__year=year)
        .select_related("organization", "working_body")
        .annotate(
            points_total=Count("opinion__points", distinct=True),
            points_open=Count(
                "opinion__points",
                filter=~Q(opinion__points__status=PointStatus.CLOSED),
                distinct=True,
            ),
        )
        .order_by("planned_month", "pk")
    )
    return summary


def summary_workbook(summary: Summary) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Summary"))
    sheet.append(
        [str(_("Form")), str(_("Planned")), str(_("Closed")), str(_("Cancelled"))]
    )
    for row in summary.forms:
        sheet.append([row.label, row.planned, row.closed, row.cancelled])
    sheet.append([])
    for label, value in summary.figures:
        sheet.append([label, value])
    sheet.column_dimensions["A"].width = 36
    items = workbook.create_sheet(str(_("Items")))
    items.append(
        [
            str(_("Topic")),
            str(_("Form")),
            str(_("Organisation supervised")),
            str(_("Working body in charge")),
            str(_("State")),
            str(_("Points")),
            str(_("Open points")),
        ]
    )
    for item in summary.items:
        items.append(
            [
                item.topic,
                item.get_form_display(),
                item.organization.name,
                item.working_body.name,
                item.get_status_display(),
                item.points_total,
                item.points_open,
            ]
        )
    items.column_dimensions["A"].width = 48
    for sheet in workbook.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    return workbook


def summary_pdf(summary: Summary) -> bytes:
    return render_pdf(
        "supervision/pdf/summary.html",
        {"summary": summary, "today": timezone.localdate()},
    )


@dataclass
class CoverageRow:
    organization: Organization
    by_year: list[int]
    total: int


def appraisal_coverage(term: Term, today: datetime.date) -> tuple[list, list]:
    """(years of the term, a row per government department with 1 for each
    year it was appraised): a work appraisal selected by the committee's vote,
    or an appraisal item of the year's plan (not cancelled). Three queries."""
    last = (term.end_date or today).year
    years = list(range(term.start_date.year, last + 1))
    departments = Organization.objects.filter(
        kind=Organization.Kind.GOVERNMENT_DEPARTMENT, is_active=True
    ).order_by("sort_order", "name")
    appraised = set(
        Item.objects.filter(form=Form.APPRAISAL, plan__year__in=years)
        .exclude(status=S.CANCELLED)
        .values_list("organization", "plan__year")
    ) | set(
        Appraisal.objects.filter(
            year__in=years, status__in=APPRAISAL_COUNTED
        ).values_list("department", "year")
    )
    rows = []
    for department in departments:
        by_year = [int((department.pk, year) in appraised) for year in years]
        rows.append(CoverageRow(department, by_year, sum(by_year)))
    return years, rows
