"""The motions and suggestions section of the leadership dashboard
(congress.dashboard): assigned, replied, overdue and closed; on-time reply,
contact (见面), satisfaction and implementation rates by organisation; key
suggestions' progress. The handling statistics' eight grouped queries
(selectors.handling_statistics) and one for the key suggestions."""

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from congress.dashboard import (
    Cell,
    Chart,
    Figure,
    Scope,
    SectionData,
    Table,
    list_url,
)
from congress.models import Organization
from deputies.models import Mandate
from proposals.models import Proposal, ProposalStatus
from proposals.selectors import StatRow, handling_statistics

TITLE = _("Motions and suggestions")


def _search(scope: Scope, **query) -> str:
    return list_url(
        "proposals:reports_search",
        term=scope.term.pk if scope.term else None,
        year=scope.year,
        division=scope.division.pk if scope.division else None,
        **query,
    )


def dashboard_figures(scope: Scope) -> SectionData:
    data = SectionData()
    if scope.term is None:
        data.notes.append(_("No term is recorded yet."))
        return data
    statistics = handling_statistics(
        term=scope.term, today=scope.today, year=scope.year, division=scope.division
    )
    total = statistics.total
    rates_url = list_url("proposals:reports_statistics", term=scope.term.pk)
    data.figures = [
        Figure(_("Assigned"), total.assigned, url=_search(scope, stage="assigned")),
        Figure(_("Replied"), total.replied, url=_search(scope, stage="replied")),
        Figure(
            _("Overdue now"),
            total.overdue,
            url=_search(scope, stage="overdue"),
            headline=True,
        ),
        Figure(_("Handling done"), total.closed, url=_search(scope, stage="closed")),
        Figure(
            _("Replied on time"),
            total.on_time_rate,
            unit="%",
            url=rates_url,
            headline=True,
        ),
        Figure(_("Contact rate"), total.contact_rate, unit="%", url=rates_url),
        Figure(
            _("Satisfaction rate"),
            total.satisfaction_rate,
            unit="%",
            url=rates_url,
            headline=True,
        ),
        Figure(
            _("Implementation rate"), total.implemented_rate, unit="%", url=rates_url
        ),
    ]
    organizations = _organization_ids(statistics.by_organization)
    data.tables.append(
        _organization_table(scope, statistics.by_organization, organizations)
    )
    data.charts.append(
        Chart(
            _("Satisfaction rate by organisation"),
            [row.label for row in statistics.by_organization],
            [row.satisfaction_rate for row in statistics.by_organization],
            unit="%",
            maximum=100,
            urls=[
                _search(scope, organization=organizations.get(row.label))
                for row in statistics.by_organization
            ],
        )
    )
    data.tables.append(_key_table(scope))
    if statistics.by_leader:
        data.charts.append(
            Chart(
                _("Satisfaction rate by vice county head in charge"),
                [row.label for row in statistics.by_leader],
                [row.satisfaction_rate for row in statistics.by_leader],
                unit="%",
                maximum=100,
                urls=[rates_url for _row in statistics.by_leader],
            )
        )
    data.notes.append(
        _(
            "Rates are shares of the replies "
            "(satisfaction: of the rated ones); overdue counts assignments, "
            "lead, split or co-handling, still with the organisation after their "
            "due date."
        )
    )
    return data


def _organization_ids(rows: list[StatRow]) -> dict[str, int]:
    # The statistics carry organisation names; one query maps them back.
    names = [row.label for row in rows]
    return dict(Organization.objects.filter(name__in=names).values_list("name", "pk"))


def _organization_table(scope: Scope, rows: list[StatRow], ids: dict) -> Table:
    return Table(
        _("By handling organisation"),
        [
            _("Organisation"),
            _("Assigned"),
            _("Replied"),
            _("Overdue now"),
            _("Replied on time"),
            _("Contact rate"),
            _("Satisfaction rate"),
            _("Implementation rate"),
        ],
        [
            [
                Cell(row.label, _search(scope, organization=ids.get(row.label))),
                Cell(row.assigned),
                Cell(row.replied),
                Cell(row.overdue),
                _percent(row.on_time_rate),
                _percent(row.contact_rate),
                _percent(row.satisfaction_rate),
                _percent(row.implemented_rate),
            ]
            for row in rows
        ],
    )


def _percent(value: float | None) -> Cell:
    return Cell(None if value is None else f"{value}%")


def _key_table(scope: Scope) -> Table:
    proposals = Proposal.objects.filter(
        term=scope.term, is_key=True, submitted_at__year=scope.year
    )
    if scope.division is not None:
        proposals = proposals.filter(
            Exists(
                Mandate.objects.filter(
                    deputy=OuterRef("lead_deputy"), division=scope.division
                )
            )
        )
    counts = dict(proposals.values_list("status").annotate(n=Count("pk")).order_by())
    return Table(
        _("Key suggestions' progress"),
        [_("State"), _("Key suggestions")],
        [
            [Cell(label), Cell(counts[value], _search(scope, key=1, status=value))]
            for value, label in ProposalStatus.choices
            if value in counts
        ],
    )
