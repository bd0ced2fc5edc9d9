"""Reads across the proposals' models: search, the handling statistics, the data
behind the PDFs and the public page.

Each function runs a fixed number of queries whatever the row count; the
tests pin them. The statistics are SQL aggregates grouped at the finest grain
(organisation × category × meeting); Python only adds up those few group rows
into the three tables, never proposal rows.
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import ExtractYear, TruncDate
from django.utils import timezone
from django.utils.translation import gettext

from congress.models import Meeting, Organization, Term
from deputies.models import Mandate
from proposals import workflow
from proposals.models import (
    AFTER_REPLY,
    ANSWERING_ROLES,
    AWAITING_ORGANIZATION,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Category,
    Contact,
    ImplementationStatus,
    LeaderInCharge,
    Period,
    Proposal,
    ProposalStateCount,
    ProposalStatus,
    Rating,
    Reply,
    ReplyCategory,
    ReplyStatus,
    Satisfaction,
)
from proposals.summary_models import STATUS_FIELDS

A = AssignmentStatus
# The assignments that answer the deputy: a lead or a split part (分口办理),
# each replied, rated and counted on its own.
LEAD = Q(role__in=ANSWERING_ROLES)
# The grouping keys of the finest grain, relative to an Assignment.
KEYS = (
    "organization_id",
    "proposal__category_id",
    "proposal__period",
    "leader_in_charge_id",
)
MEETING_KEY = "proposal__meeting_id"
# The statistics' tables: per organisation, category, leader in charge and
# session (the period for items of no session).
DIMENSIONS = {
    "org": ("organization_id",),
    "cat": ("proposal__category_id",),
    "leader": ("leader_in_charge_id",),
    "meeting": ("proposal__period", MEETING_KEY),
}
# The summary's figures are counted per assignment, with its grain: the keys,
# the term, the kind and the year submitted (proposals.summaries).
SUMMARY_KEYS = ("id", *KEYS, MEETING_KEY, "proposal__term_id", "proposal__kind")


# Search ----------------------------------------------------------------------


def proposals_search(proposals: QuerySet, *, filters: dict) -> QuerySet:
    """Proposals matching the search form: serial number, lead deputy's name,
    organisation, category, state, kind, and any Chinese word of the title or
    text (proposals.workflow.search: the bigram index, confirmed by icontains).

    `proposals` is already limited to what the user may see (visible_to).
    """
    if filters.get("number"):
        proposals = proposals.filter(number=filters["number"])
    if deputy := (filters.get("deputy") or "").strip():
        proposals = proposals.filter(lead_deputy__name__icontains=deputy)
    if filters.get("organization"):
        proposals = proposals.filter(
            Exists(
                Assignment.objects.filter(
                    proposal=OuterRef("pk"), organization=filters["organization"]
                ).exclude(status=A.WITHDRAWN)
            )
        )
    for field in ("category", "status", "kind", "term"):
        if filters.get(field):
            proposals = proposals.filter(**{field: filters[field]})
    proposals = _dashboard_filters(proposals, filters)
    proposals = workflow.search(proposals, filters.get("q") or "")
    # Lead deputies fetched for the page only: the planner cannot estimate a
    # word's frequency and would join every match before sorting.
    return (
        proposals.select_related("category")
        .prefetch_related("lead_deputy")
        .order_by("-pk")
    )


def _dashboard_filters(proposals: QuerySet, filters: dict) -> QuerySet:
    """year submitted, key suggestions, the lead deputy's division and the
    handling stage, counted as the statistics count them (lead assignment)."""
    if filters.get("year"):
        proposals = proposals.filter(submitted_at__year=filters["year"])
    if filters.get("key"):
        proposals = proposals.filter(is_key=True)
    if filters.get("division"):
        proposals = proposals.filter(
            Exists(
                Mandate.objects.filter(
                    deputy=OuterRef("lead_deputy"), division=filters["division"]
                )
            )
        )
    stage = STAGES.get(filters.get("stage") or "")
    if stage is not None:
        today = timezone.localdate()
        if filters["stage"] == "overdue":
            # A few dozen of a province's assignments, read first from their
            # partial index: as a subquery the planner walked every proposal.
            overdue = Assignment.objects.filter(stage(today))
            return proposals.filter(
                pk__in=list(overdue.values_list("proposal_id", flat=True))
            )
        assignments = Assignment.objects.filter(proposal=OuterRef("pk"))
        proposals = proposals.filter(Exists(assignments.filter(stage(today))))
    return proposals


STAGES = {
    "assigned": lambda today: LEAD & ~Q(status=A.WITHDRAWN),
    "replied": lambda today: (
        LEAD
        & Exists(
            Reply.objects.filter(
                assignment=OuterRef("pk"), round=1, status=ReplyStatus.APPROVED
            )
        )
    ),
    "overdue": lambda today: Q(status__in=AWAITING_ORGANIZATION, due_date__lt=today),
    "closed": lambda today: LEAD & Q(status=A.DONE),
}


def search_page_organizations(proposals: Iterable[Proposal]) -> None:
    """Set `proposal.handlers` (lead first) on a page of results, one query."""
    proposals = list(proposals)
    by_proposal: dict[int, list[Assignment]] = defaultdict(list)
    assignments = (
        Assignment.objects.filter(proposal__in=[p.pk for p in proposals])
        .exclude(status=A.WITHDRAWN)
        .select_related("organization")
        .order_by("-role", "organization__sort_order", "pk")
    )
    for assignment in assignments:
        by_proposal[assignment.proposal_id].append(assignment)
    for proposal in proposals:
        proposal.handlers = by_proposal.get(proposal.pk, [])


# Statistics ------------------------------------------------------------------


@dataclasses.dataclass
class StatRow:
    """The figures of one organisation, category or meeting (or the total)."""

    label: str = ""
    # Answering assignments (主办件数): the lead of an assigned proposal, or
    # each of its split parts (分口办理), counted under its own organisation
    # and leader in charge.
    assigned: int = 0
    co_handled: int = 0  # co-handling assignments (协办件数)
    replied: int = 0  # answering assignments with a signed reply
    contacted: int = 0  # ... with a contact dated on or before the first reply
    on_time: int = 0  # ... whose first reply went out by the due date
    closed: int = 0  # answering assignments done (办结)
    implemented: int = 0  # replied and implementation solved (落实)
    category_a: int = 0  # latest signed reply's result category
    category_b: int = 0
    category_c: int = 0
    satisfied: int = 0  # the lead deputy's rating of the latest reply's result
    basically: int = 0
    dissatisfied: int = 0
    overdue: int = 0  # open assignments (any role) past their due date today

    def add(self, values: dict) -> None:
        for name, value in values.items():
            setattr(self, name, getattr(self, name) + value)

    @property
    def rated(self) -> int:
        return self.satisfied + self.basically + self.dissatisfied

    @property
    def unrated(self) -> int:
        """Replies the lead deputy has not rated (未反馈): never satisfied."""
        return self.replied - self.rated

    def _rate(self, part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def contact_rate(self):  # 见面率
        return self._rate(self.contacted, self.replied)

    @property
    def on_time_rate(self):  # 按期答复率
        return self._rate(self.on_time, self.replied)

    @property
    def closed_rate(self):  # 办结率
        return self._rate(self.closed, self.assigned)

    @property
    def implemented_rate(self):  # 落实率
        return self._rate(self.implemented, self.replied)

    @property
    def solved_rate(self):  # 解决率: share of A among the replies
        return self._rate(self.category_a, self.replied)

    @property
    def satisfaction_rate(self):  # 满意率: (满意 + 基本满意) / rated
        return self._rate(self.satisfied + self.basically, self.rated)


@dataclasses.dataclass
class Statistics:
    term: Term | None
    by_organization: list[StatRow]
    by_category: list[StatRow]
    by_meeting: list[StatRow]
    total: StatRow
    computed_at: datetime.datetime | None = None
    # Per leader in charge (分管领导), the one named on each assignment.
    by_leader: list[StatRow] = dataclasses.field(default_factory=list)

    def chart_data(self) -> dict:
        """Per organisation rates for the bar chart (json_script)."""
        rows = self.by_organization
        return {
            "labels": [row.label for row in rows],
            "series": [
                {
                    "label": gettext("Replied on time (%)"),
                    "values": [row.on_time_rate for row in rows],
                },
                {
                    "label": gettext("Solved (%)"),
                    "values": [row.solved_rate for row in rows],
                },
                {
                    "label": gettext("Satisfied (%)"),
                    "values": [row.satisfaction_rate for row in rows],
                },
            ],
        }


def statistics_scope(
    *,
    term: Term,
    meeting: Meeting | None = None,
    period: str = "",
    kind: str = "",
    prefix: str = "",
    year: int | None = None,
    division=None,
) -> Q:
    """The assignments the statistics count, as a condition on the
    Assignment at `prefix`: the term's, not relieved, optionally of one
    meeting, period (session/recess), kind, year submitted and the lead
    deputy's division (a mandate there)."""
    conditions: dict = {"proposal__term": term}
    if meeting is not None:
        conditions["proposal__meeting"] = meeting
    if period:
        conditions["proposal__period"] = period
    if kind:
        conditions["proposal__kind"] = kind
    if year:
        conditions["proposal__submitted_at__year"] = year
    scope = Q(**{prefix + name: value for name, value in conditions.items()})
    if division is not None:
        scope &= Q(
            Exists(
                Mandate.objects.filter(
                    deputy=OuterRef(prefix + "proposal__lead_deputy"),
                    division=division,
                )
            )
        )
    return scope & ~Q(**{prefix + "status": A.WITHDRAWN})


def handling_statistics(*, term: Term, today=None, **filters) -> Statistics:
    """Per organisation, category, meeting and leader in charge: assigned,
    见面, 按期答复, 办结, 落实, A/B/C, satisfaction and overdue now (StatRow).

    `filters`: meeting, period, kind, year, division (statistics_scope). Read
    from the summary rows (proposals.summaries, brought up to date first),
    with `overdue` counted live from the open assignments; a division, which
    the summary does not record, is computed live. Ten queries: the queue,
    the summary rows of each of the four tables, the overdue assignments
    and the four kinds of names (_labels).
    """
    if (division := filters.pop("division", None)) is not None:
        return handling_statistics_live(
            term=term, today=today, division=division, **filters
        )
    from proposals import summaries

    today = today or timezone.localdate()
    summaries.summaries_refresh()
    groups = _groups()
    for name, keys in DIMENSIONS.items():
        for row in summaries.summary_counts(keys, term=term, **filters):
            groups[name][_dimension_key(row, keys)] = StatRow(**_counts(row))
    assignments = Assignment.objects.filter(statistics_scope(term=term, **filters))
    for row in _overdue_counts(assignments, today):
        _add(groups, row)
    return _fold(groups, term)


def handling_statistics_live(*, term: Term, today=None, **filters) -> Statistics:
    """handling_statistics computed from the assignments, replies, contacts
    and ratings themselves: the definition the summary rows must equal.

    Nine queries: five grouped counts (assignments, first replies, contacts
    before them, latest replies, lead deputies' ratings) and the names of
    the organisations, categories, leaders in charge and meetings that occur;
    none reads proposal rows into Python.
    """
    today = today or timezone.localdate()
    groups = _groups()
    for row, prefix in grouped_counts(
        lambda prefix: statistics_scope(term=term, prefix=prefix, **filters),
        today=today,
    ):
        _add(groups, row, prefix)
    return _fold(groups, term)


def grouped_counts(scope, *, today=None, summary: bool = False):
    """The five grouped counts of the statistics over the assignments that
    `scope(prefix)` selects (a Q on the Assignment at `prefix`), as (row,
    prefix) pairs; relieved assignments count only in the summary's states.
    `summary`: per assignment, with its term, kind and year submitted and a
    count of its state, without `overdue` (`today` None)."""
    assignments = Assignment.objects.filter(scope(""))
    for row in _assignment_counts(assignments, today, summary=summary):
        yield row, ""
    replies = Reply.objects.filter(
        scope("assignment__"),
        status=ReplyStatus.APPROVED,
        assignment__role__in=ANSWERING_ROLES,
    ).exclude(assignment__status=A.WITHDRAWN)
    ratings = Rating.objects.filter(scope("assignment__")).exclude(
        assignment__status=A.WITHDRAWN
    )
    for rows in (
        _first_reply_counts(replies, summary),
        _contact_counts(replies, summary),
        _latest_reply_counts(replies, summary),
        _rating_counts(ratings, summary),
    ):
        for row in rows:
            yield row, "assignment__"


def _counts(row: dict) -> dict:
    return {name: value for name, value in row.items() if name in STAT_FIELDS}


STAT_FIELDS = {field.name for field in dataclasses.fields(StatRow)} - {"label"}


def _grouped(queryset: QuerySet, prefix: str, summary: bool = False, **counts):
    keys = SUMMARY_KEYS if summary else (*KEYS, MEETING_KEY)
    year = {"year": ExtractYear(prefix + "proposal__submitted_at")} if summary else {}
    fields = [prefix + key for key in keys]
    return list(queryset.values(*fields, **year).annotate(**counts).order_by())


NOT_RELIEVED = ~Q(status=A.WITHDRAWN)


def _assignment_counts(assignments: QuerySet, today, *, summary: bool = False):
    """Query 1: counts that need only the assignment rows."""
    counts = {
        "assigned": Count("pk", filter=LEAD & NOT_RELIEVED),
        "co_handled": Count("pk", filter=Q(role=AssignmentRole.CO) & NOT_RELIEVED),
        "closed": Count("pk", filter=LEAD & Q(status=A.DONE)),
        "implemented": Count(
            "pk",
            filter=LEAD
            & Q(status__in=AFTER_REPLY, implementation=ImplementationStatus.SOLVED),
        ),
    }
    if today is not None:
        counts["overdue"] = _overdue_count(today)
    if summary:
        for status, field in STATUS_FIELDS.items():
            counts[field] = Count("pk", filter=Q(status=status))
    return _grouped(assignments, "", summary, **counts)


def _overdue_count(today: datetime.date) -> Count:
    return Count("pk", filter=Q(status__in=AWAITING_ORGANIZATION, due_date__lt=today))


def _overdue_counts(assignments: QuerySet, today: datetime.date):
    """Open assignments past their due date, grouped: they are read through
    the partial index of the open assignments, a few thousand rows."""
    overdue = assignments.filter(status__in=AWAITING_ORGANIZATION, due_date__lt=today)
    return _grouped(overdue, "", overdue=Count("pk"))


def _first_reply_counts(replies: QuerySet[Reply], summary: bool = False):
    """Query 2: the first signed reply (round 1; a second round exists only
    after the first was rated): replied, on time."""
    return _grouped(
        replies.filter(round=1),
        "assignment__",
        summary,
        replied=Count("pk"),
        on_time=Count("pk", filter=Q(sent_at__date__lte=F("assignment__due_date"))),
    )


def _contact_counts(replies: QuerySet[Reply], summary: bool = False):
    """Query 3: first replies with a contact with the deputy dated on or
    before the day the reply went out (见面)."""
    contact_before = Contact.objects.filter(
        assignment=OuterRef("assignment"), date__lte=OuterRef("sent_day")
    )
    return _grouped(
        replies.filter(round=1)
        .alias(sent_day=TruncDate("sent_at"))
        .filter(Exists(contact_before)),
        "assignment__",
        summary,
        contacted=Count("pk"),
    )


def _latest(replies: QuerySet[Reply], outer: str = "") -> QuerySet[Reply]:
    later = Reply.objects.filter(
        assignment=OuterRef(outer + "assignment"),
        status=ReplyStatus.APPROVED,
        round__gt=OuterRef(outer + "round"),
    )
    return replies.filter(~Exists(later))


def _latest_reply_counts(replies: QuerySet[Reply], summary: bool = False):
    """Query 4: result categories of each assignment's latest signed reply."""
    return _grouped(
        _latest(replies),
        "assignment__",
        summary,
        **{
            f"category_{value.lower()}": Count("pk", filter=Q(category=value))
            for value in ReplyCategory.values
        },
    )


def _rating_counts(ratings: QuerySet[Rating], summary: bool = False):
    """Query 5: the lead deputy's rating of the result of the latest signed
    reply. A reply without it stays 未反馈 (StatRow.unrated)."""
    latest_reply = _latest(
        Reply.objects.filter(
            assignment=OuterRef("assignment"),
            round=OuterRef("round"),
            status=ReplyStatus.APPROVED,
        ),
        outer="",
    )
    ratings = ratings.filter(
        assignment__role__in=ANSWERING_ROLES,
        deputy=F("assignment__proposal__lead_deputy"),
    ).filter(Exists(latest_reply))
    return _grouped(
        ratings,
        "assignment__",
        summary,
        satisfied=Count("pk", filter=Q(result=Satisfaction.SATISFIED)),
        basically=Count("pk", filter=Q(result=Satisfaction.BASICALLY)),
        dissatisfied=Count("pk", filter=Q(result=Satisfaction.DISSATISFIED)),
    )


def _labels(groups: dict[str, dict]) -> dict[str, dict]:
    """Four queries: sort keys and names of the groups that occur."""
    org_ids = set(groups["org"])
    category_ids = {key for key in groups["cat"] if key}
    leader_ids = {key for key in groups["leader"] if key}
    meeting_ids = {meeting for _period, meeting in groups["meeting"] if meeting}
    labels: dict[str, dict] = {
        "org": {
            org.pk: (org.sort_order, org.name)
            for org in Organization.objects.filter(pk__in=org_ids)
        },
        "cat": {None: (1, 0, gettext("Not classified"))},
        "leader": {None: (1, 0, gettext("Not named"))},
        "meeting": {},
    }
    for leader in LeaderInCharge.objects.filter(pk__in=leader_ids):
        labels["leader"][leader.pk] = (0, leader.sort_order, str(leader))
    for category in Category.objects.filter(pk__in=category_ids):
        labels["cat"][category.pk] = (0, category.sort_order, category.name)
    meetings = {m.pk: m for m in Meeting.objects.filter(pk__in=meeting_ids)}
    for period, meeting_id in groups["meeting"]:
        if meeting_id in meetings:
            meeting = meetings[meeting_id]
            label = (0, meeting.start_date, meeting_label(meeting.kind, meeting.number))
        else:
            label = (1, None, Period(period).label if period in Period.values else "")
        labels["meeting"][period, meeting_id] = label
    return labels


def meeting_label(kind: str, number: int) -> str:
    return gettext("%(kind)s no. %(number)s") % {
        "kind": Meeting.Kind(kind).label,
        "number": number,
    }


def _groups() -> dict[str, dict]:
    return {name: {} for name in DIMENSIONS}


def _add(groups: dict[str, dict], row: dict, prefix: str = "") -> None:
    """Add a row grouped at the finest grain (KEYS, MEETING_KEY) to each
    dimension's row."""
    for name, keys in DIMENSIONS.items():
        key = _dimension_key(row, keys, prefix)
        groups[name].setdefault(key, StatRow()).add(_counts(row))


def _dimension_key(row: dict, keys: tuple, prefix: str = ""):
    values = tuple(row[prefix + key] for key in keys)
    return values if len(values) > 1 else values[0]


def _fold(groups: dict[str, dict], term: Term | None) -> Statistics:
    """The Statistics of the dimensions' rows: named, ordered and totalled
    (every assignment has one organisation: their rows add up to the total)."""
    labels = _labels(groups)
    total = StatRow(label=gettext("Total"))
    for row in groups["org"].values():
        total.add({name: getattr(row, name) for name in STAT_FIELDS})

    def ordered(name: str) -> list[StatRow]:
        keyed = sorted(
            groups[name].items(), key=lambda item: _sort(labels[name][item[0]])
        )
        rows = []
        for key, row in keyed:
            row.label = str(labels[name][key][-1])
            rows.append(row)
        return rows

    return Statistics(
        term=term,
        by_organization=ordered("org"),
        by_category=ordered("cat"),
        by_meeting=ordered("meeting"),
        total=total,
        by_leader=ordered("leader"),
    )


def _sort(label: tuple) -> tuple:
    # Dates and None do not compare: sessions by date (latest last), then recess.
    return tuple(
        (part is None, part.toordinal() if isinstance(part, datetime.date) else part)
        for part in label
    )


# PDFs ------------------------------------------------------------------------


def assignment_letter_data(assignment: Assignment) -> dict:
    """The assignment letter and form (交办函/交办表) of one assignment: the
    proposal, the lead deputy, every organisation handling it. One query."""
    others = (
        Assignment.objects.filter(proposal=assignment.proposal_id)
        .exclude(status=A.WITHDRAWN)
        .select_related("organization")
        .order_by("-role", "organization__sort_order")
    )
    return {
        "assignment": assignment,
        "proposal": assignment.proposal,
        "handlers": list(others),
    }


def compilation_proposals(meeting: Meeting) -> QuerySet[Proposal]:
    """The numbered motions and suggestions of a session, in number order, with
    their confirmed co-signers (汇编). Two queries."""
    from proposals.models import Signer, SignerStatus

    return (
        Proposal.objects.filter(meeting=meeting, number__isnull=False)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .select_related("lead_deputy", "category")
        .prefetch_related(
            Prefetch(
                "signers",
                queryset=Signer.objects.filter(status=SignerStatus.CONFIRMED)
                .select_related("deputy")
                .order_by("pk"),
                to_attr="confirmed_signers",
            )
        )
        .order_by("kind", "number")
    )


# Public page -----------------------------------------------------------------


def published_proposals(*, query: str = "") -> QuerySet[Proposal]:
    """Closed, published, non-confidential proposals (the public page). Only
    public fields are read: no deputy contact data."""
    proposals = Proposal.objects.filter(
        status=ProposalStatus.CLOSED, published=True, confidential=False
    )
    proposals = workflow.search(proposals, query)
    return (
        proposals.select_related("category")
        .only(
            "pk",
            "number",
            "kind",
            "period",
            "title",
            "body",
            "term_id",
            "category__name",
            "lead_deputy__name",
        )
        .select_related("lead_deputy")
        .order_by("-pk")
    )


def published_replies(proposals: Iterable[Proposal]) -> None:
    """Set `proposal.public_replies` (the lead organisations' signed replies,
    by round) on a page of published proposals. One query."""
    proposals = list(proposals)
    replies = (
        Reply.objects.filter(
            status=ReplyStatus.APPROVED,
            assignment__proposal__in=[p.pk for p in proposals],
            assignment__role__in=ANSWERING_ROLES,
        )
        .select_related("assignment__organization")
        .only(
            "pk",
            "round",
            "text",
            "reference_number",
            "category",
            "signer",
            "sent_at",
            "assignment__proposal_id",
            "assignment__organization__name",
        )
        .order_by("assignment_id", "round")
    )
    by_proposal: dict[int, list[Reply]] = defaultdict(list)
    for reply in replies:
        by_proposal[reply.assignment.proposal_id].append(reply)
    for proposal in proposals:
        proposal.public_replies = by_proposal.get(proposal.pk, [])


# The office's board ----------------------------------------------------------


def proposal_state_counts(*, body: int | None = None) -> dict[str, int]:
    """How many proposals are in each state (of a working committee's
    categories when `body` is given), from the counts a trigger keeps. One
    query."""
    counts = ProposalStateCount.objects.all()
    if body is not None:
        counts = counts.filter(category__supervising_body_id=body)
    return dict(counts.values_list("status").annotate(n=Sum("n")).order_by())


def board_cells(*, filters: dict, body: int | None, today: datetime.date) -> list:
    """Assignments per organisation × state (lead and co-handling, relieved
    ones too) for the board's filters (organisation, state, category, kind,
    term, overdue) and a working committee's categories (`body`), each
    organisation's first cell carrying its overdue count (still with the
    organisation after the due date). Dicts of organization_id,
    organization__name, status, n and overdue, by the organisations' order.

    From the summary rows (three queries: the queue, the summary, the overdue
    ones); with "overdue only", from the overdue assignments (one query).
    """
    overdue = Assignment.objects.overdue(today).filter(_board_filter(filters, body))
    overdue_cells = (
        overdue.values("organization_id", "organization__name", "status")
        .annotate(n=Count("pk"), overdue=Count("pk"))
        .order_by("organization__sort_order", "organization__name", "status")
    )
    if filters.get("overdue"):
        return list(overdue_cells)
    from proposals import summaries

    summaries.summaries_refresh()
    late = dict(
        overdue.values_list("organization_id").annotate(n=Count("pk")).order_by()
    )
    cells = []
    for row in summaries.board_counts(filters=filters, body=body):
        first = True
        for status, field in STATUS_FIELDS.items():
            if row.get(field):
                cells.append(
                    {
                        "organization_id": row["organization_id"],
                        "organization__name": row["organization__name"],
                        "status": status,
                        "n": row[field],
                        "overdue": late.get(row["organization_id"], 0) if first else 0,
                    }
                )
                first = False
    return cells


def _board_filter(filters: dict, body: int | None) -> Q:
    """The board's filters as one Q on Assignment (but `overdue`)."""
    q = Q()
    for field, lookup in BOARD_FILTERS.items():
        if filters.get(field):
            q &= Q(**{lookup: filters[field]})
    if body is not None:
        q &= Q(proposal__category__supervising_body_id=body)
    return q


BOARD_FILTERS = {
    "organization": "organization",
    "status": "status",
    "category": "proposal__category",
    "kind": "proposal__kind",
    "term": "proposal__term",
}
