"""Keeping the summary tables (proposals.summary_models) equal to the live
figures.

Guarantees:
- Every committed insert, update or delete of an assignment, reply, contact
  or rating, and every change of a proposal's term, kind, period, session,
  category, lead deputy or submission time, queues the assignments it
  touches (statement-level database triggers: bulk writes, `update()`, the
  admin and migrations are caught as well as the services).
- `summaries_refresh()` recounts the queued assignments with the grouped
  queries the live statistics run (selectors.grouped_counts,
  scores.satisfaction_counts), stores their AssignmentFigures and moves the
  summaries by the difference from what they counted before. Readers call it
  before reading, so what they show is never older than their own
  transaction; the beat task calls it every minute, so readers rarely find
  anything to do. Its cost follows the number of queued assignments, not the
  size of the tables.
- Refreshes and rebuilds hold one advisory lock: two never interleave. A
  change committed while a refresh runs leaves its queue row behind (the
  refresh deleted only the rows it could see), for the next one.
- `summaries_rebuild()` (command `rebuild_proposal_summaries`, nightly task)
  recounts everything.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q, Sum

from proposals import scores, selectors
from proposals.models import (
    AssignmentFigures,
    AssignmentStatus,
    HandlingSummary,
    SatisfactionSummary,
    SummaryQueue,
)
from proposals.summary_models import STATISTIC_FIELDS, STATUS_FIELDS

# pg_advisory_xact_lock's key ("PROPSUM").
LOCK_KEY = 0x5052_4F50_5355_4D
COUNT_FIELDS = (*STATISTIC_FIELDS, *STATUS_FIELDS.values())
# The grain's columns → selectors' grouping keys (relative to an Assignment).
GRAIN = {
    "organization_id": "organization_id",
    "term_id": "proposal__term_id",
    "year": "year",
    "kind": "proposal__kind",
    "period": "proposal__period",
    "meeting_id": "proposal__meeting_id",
    "category_id": "proposal__category_id",
    "leader_in_charge_id": "leader_in_charge_id",
}
COLUMN = {key: column for column, key in GRAIN.items()}
BATCH = 2000
# A queue longer than this (a bulk load, the first refresh after migrating)
# is cheaper to recount whole than assignment by assignment.
REBUILD_ABOVE = 20_000


def summaries_refresh() -> int:
    """Recount the queued assignments and move the summaries by the
    difference; returns how many assignments were queued. One query when
    nothing is queued."""
    if not SummaryQueue.objects.exists():
        return 0
    with transaction.atomic():
        _lock()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM proposals_summaryqueue RETURNING assignment_id")
            queued = sorted({row[0] for row in cursor.fetchall()})
        if len(queued) > REBUILD_ABOVE:
            _rebuild()
        elif queued:
            _apply(queued)
    return len(queued)


def summaries_rebuild() -> None:
    """Recount every assignment and rebuild the summaries from the counts."""
    with transaction.atomic():
        _lock()
        SummaryQueue.objects.all().delete()
        _rebuild()


def _rebuild() -> None:
    AssignmentFigures.objects.all().delete()
    HandlingSummary.objects.all().delete()
    SatisfactionSummary.objects.all().delete()
    figures = _figures(None)
    AssignmentFigures.objects.bulk_create(figures.values(), batch_size=BATCH)
    _move(old=[], new=list(figures.values()))


def _lock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def _apply(assignments: list[int]) -> None:
    old = list(AssignmentFigures.objects.filter(assignment_id__in=assignments))
    new = _figures(assignments)
    AssignmentFigures.objects.filter(assignment_id__in=assignments).delete()
    AssignmentFigures.objects.bulk_create(new.values(), batch_size=BATCH)
    _move(old=old, new=list(new.values()))


def _figures(assignments: list[int] | None) -> dict[int, AssignmentFigures]:
    """What each assignment adds now (None: every assignment)."""

    def scope(prefix: str) -> Q:
        if assignments is None:
            return Q()
        return Q(**{prefix + "pk__in": assignments})

    figures: dict[int, AssignmentFigures] = {}
    for row, prefix in selectors.grouped_counts(scope, summary=True):
        pk = row[prefix + "id"]
        if pk not in figures:
            # The assignment rows come first and carry the grain.
            grain = {
                field: row[key if key == "year" else prefix + key]
                for field, key in GRAIN.items()
            }
            figures[pk] = AssignmentFigures(assignment_id=pk, **grain)
        for name in COUNT_FIELDS:
            if row.get(name):
                setattr(figures[pk], name, getattr(figures[pk], name) + row[name])
    for row in scores.satisfaction_counts(assignments=assignments):
        if row["assignment_id"] in figures:
            ratings = figures[row["assignment_id"]].ratings
            ratings[str(row["year"])] = [row["rated"], row["satisfied"]]
    return figures


def _move(*, old: list[AssignmentFigures], new: list[AssignmentFigures]) -> None:
    """Subtract the old figures from the summaries and add the new ones."""
    handling: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(COUNT_FIELDS, 0))
    satisfaction: dict[tuple, list] = defaultdict(lambda: [0, 0])
    for sign, figures in ((-1, old), (1, new)):
        for figure in figures:
            grain = tuple(getattr(figure, field) for field in GRAIN)
            for name in COUNT_FIELDS:
                handling[grain][name] += sign * getattr(figure, name)
            for year, (rated, satisfied) in figure.ratings.items():
                totals = satisfaction[figure.organization_id, int(year)]
                totals[0] += sign * rated
                totals[1] += sign * satisfied
    _move_handling(handling)
    _move_satisfaction(satisfaction)


def _move_handling(deltas: dict[tuple, dict]) -> None:
    """Apply the differences to the grains they touch: update the rows that
    stay, add the new ones, delete those left without an assignment."""
    deltas = {grain: delta for grain, delta in deltas.items() if any(delta.values())}
    organizations = {grain[0] for grain in deltas}
    rows = HandlingSummary.objects.filter(organization_id__in=organizations)
    existing = {tuple(getattr(row, field) for field in GRAIN): row for row in rows}
    changed, added, emptied = [], [], []
    for grain, delta in deltas.items():
        row = existing.get(grain) or HandlingSummary(
            **dict(zip(GRAIN, grain, strict=True))
        )
        for name, value in delta.items():
            setattr(row, name, getattr(row, name) + value)
        if row.pk is None:
            added.append(row)
        # Every assignment counts in exactly one state: no state, no assignment.
        elif _assignments(row):
            changed.append(row)
        else:
            emptied.append(row.pk)
    HandlingSummary.objects.filter(pk__in=emptied).delete()
    HandlingSummary.objects.bulk_update(changed, COUNT_FIELDS, batch_size=BATCH)
    HandlingSummary.objects.bulk_create(added, batch_size=BATCH)


def _assignments(row: HandlingSummary) -> int:
    return sum(getattr(row, field) for field in STATUS_FIELDS.values())


def _move_satisfaction(deltas: dict[tuple, list]) -> None:
    organizations = {organization for organization, _year in deltas}
    rows = SatisfactionSummary.objects.filter(organization_id__in=organizations)
    totals = {(row.organization_id, row.year): row for row in rows}
    for (organization, year), (rated, satisfied) in deltas.items():
        row = totals.setdefault(
            (organization, year),
            SatisfactionSummary(organization_id=organization, year=year),
        )
        row.rated += rated
        row.satisfied += satisfied
    SatisfactionSummary.objects.filter(organization_id__in=organizations).delete()
    SatisfactionSummary.objects.bulk_create(row for row in totals.values() if row.rated)


def summary_counts(
    keys: tuple[str, ...],
    *,
    term,
    meeting=None,
    period: str = "",
    kind: str = "",
    year: int | None = None,
) -> Iterable[dict]:
    """The statistics of the term's summary rows (the filters of
    selectors.statistics_scope but the division) grouped by `keys`, named as
    selectors names them (relative to an Assignment). One query."""
    # The statistics leave relieved assignments out: so are groups of them.
    current = Q()
    for status, field in STATUS_FIELDS.items():
        if status != AssignmentStatus.WITHDRAWN:
            current |= Q(**{field + "__gt": 0})
    rows = HandlingSummary.objects.filter(current, term=term)
    for name, value in (("meeting", meeting), ("period", period), ("kind", kind)):
        if value:
            rows = rows.filter(**{name: value})
    if year:
        rows = rows.filter(year=year)
    columns = {key: COLUMN[key] for key in keys}
    grouped = rows.values(*columns.values()).annotate(
        **{name: Sum(name) for name in STATISTIC_FIELDS}
    )
    for row in grouped.order_by():
        yield {key: row[column] for key, column in columns.items()} | {
            name: row[name] for name in STATISTIC_FIELDS
        }


def board_counts(*, filters: dict, body: int | None) -> Iterable[dict]:
    """Per organisation, its assignments in each state (STATUS_FIELDS) for
    the board's filters (organisation, state, category, kind, term) and a
    working committee's categories (`body`), in the organisations' order.
    One query."""
    rows = HandlingSummary.objects.all()
    for name in ("organization", "category", "kind", "term"):
        if filters.get(name):
            rows = rows.filter(**{name: filters[name]})
    if body is not None:
        rows = rows.filter(category__supervising_body_id=body)
    fields = STATUS_FIELDS
    if filters.get("status"):
        fields = {filters["status"]: STATUS_FIELDS[filters["status"]]}
    return (
        rows.values("organization_id", "organization__name")
        .annotate(**{field: Sum(field) for field in fields.values()})
        .order_by("organization__sort_order", "organization__name")
    )
