"""The supervision section of the leadership dashboard (congress.dashboard):
the year's plan progress, open review-opinion points and overdue handling
reports, satisfaction vote results and livelihood projects. Five aggregate
queries."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from congress.dashboard import (
    Cell,
    Chart,
    Figure,
    Scope,
    SectionData,
    Table,
    list_url,
    rate,
)
from congress.models import Ballot
from supervision.models import (
    Item,
    ItemStatus,
    ItemVote,
    LivelihoodProject,
    OpinionPoint,
    OpinionStatus,
    PointStatus,
    ProjectStatus,
)

TITLE = _("Supervision")
S = ItemStatus


def dashboard_figures(scope: Scope) -> SectionData:
    year, today = scope.year, scope.today
    board = list_url("supervision:board_year", year)
    # Query 1: the year's items by state.
    by_status = dict(
        Item.objects.filter(plan__year=year)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    planned = sum(n for status, n in by_status.items() if status != S.CANCELLED)
    closed = by_status.get(S.CLOSED, 0)
    # Query 2: points of sent opinions not closed, and those past their due date.
    points = OpinionPoint.objects.filter(
        opinion__item__plan__year=year, opinion__status=OpinionStatus.SENT
    ).aggregate(
        open=Count("pk", filter=~Q(status=PointStatus.CLOSED)),
        late=Count(
            "pk",
            filter=~Q(status=PointStatus.CLOSED)
            & Q(opinion__handling_due_on__lt=today),
        ),
    )
    # Query 3: handling or rectification reports late today.
    overdue = Item.objects.filter(
        Q(status=S.OPINION_SENT, opinion__handling_due_on__lt=today)
        | Q(status=S.RECTIFYING, rectification_due_on__lt=today),
        plan__year=year,
    ).count()
    # Query 4: closed satisfaction votes.
    votes = ItemVote.objects.filter(
        item__plan__year=year, ballot__status=Ballot.Status.CLOSED
    ).aggregate(total=Count("pk"), passed=Count("pk", filter=Q(ballot__passed=True)))
    points_url = list_url("supervision:open_points")
    summary = list_url("supervision:summary", year)
    data = SectionData()
    data.figures = [
        Figure(_("Items in the year's plan"), planned, url=board),
        Figure(_("Items closed"), closed, url=board),
        Figure(
            _("Plan progress"),
            rate(closed, planned),
            unit="%",
            url=board,
            headline=True,
        ),
        Figure(_("Open opinion points"), points["open"], url=points_url),
        Figure(_("Opinion points past their due date"), points["late"], url=points_url),
        Figure(_("Overdue handling reports"), overdue, url=points_url, headline=True),
        Figure(_("Satisfaction votes held"), votes["total"], url=summary),
        Figure(_("Satisfaction votes passed"), votes["passed"], url=summary),
    ]
    data.charts.append(
        Chart(
            _("The year's items by state"),
            [str(label) for value, label in S.choices if value in by_status],
            [by_status[value] for value in S.values if value in by_status],
            urls=[board for value in S.values if value in by_status],
        )
    )
    data.tables.append(_projects(year))  # query 5
    data.notes.append(
        _("Supervision covers the whole county: not narrowed by term or division.")
    )
    return data


def _projects(year: int) -> Table:
    counts = dict(
        LivelihoodProject.objects.filter(year=year)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    url = list_url("supervision:projects_year", year)
    return Table(
        _("Livelihood projects of the year"),
        [_("State"), _("Projects")],
        [
            [Cell(label), Cell(counts[value], url)]
            for value, label in ProjectStatus.choices
            if value in counts
        ],
    )
