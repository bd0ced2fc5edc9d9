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

from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncDate
from django.utils import timezone, translation
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
    ProposalStatus,
    Rating,
    Reply,
    ReplyCategory,
    ReplyStatus,
    Satisfaction,
)

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
STATISTICS_CACHE_SECONDS = 300


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
    return proposals.select_related("lead_deputy", "category").order_by("-pk")


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
    """Per organisation, category and meeting: assigned, 见面, 按期答复, 办结,
    落实, A/B/C, satisfaction and overdue now (see StatRow).

    `filters`: meeting, period, kind (statistics_scope). Nine queries: five
    grouped counts (assignments, first replies, contacts before them, latest
    replies, lead deputies' ratings) and the names of the organisations,
    categories, leaders in charge and meetings that occur; none reads
    proposal rows into Python.
    """
    today = today or timezone.localdate()
    fine: dict[tuple, dict] = defaultdict(dict)
    assignments = Assignment.objects.filter(statistics_scope(term=term, **filters))
    for row in _assignment_counts(assignments, today):
        fine[_key(row, "")].update(_counts(row))
    replies = Reply.objects.filter(
        statistics_scope(term=term, prefix="assignment__", **filters),
        status=ReplyStatus.APPROVED,
        assignment__role__in=ANSWERING_ROLES,
    )
    for rows in (
        _first_reply_counts(replies),
        _contact_counts(replies),
        _latest_reply_counts(replies),
        _rating_counts(
            Rating.objects.filter(
                statistics_scope(term=term, prefix="assignment__", **filters)
            )
        ),
    ):
        for row in rows:
            fine[_key(row, "assignment__")].update(_counts(row))
    return _fold(fine, _labels(fine), term)


def cached_handling_statistics(*, term: Term, today=None, **filters) -> Statistics:
    """handling_statistics for the term and filters, kept in the cache for
    STATISTICS_CACHE_SECONDS: a whole term's figures take a few hundred
    milliseconds to aggregate, and they change slowly."""
    today = today or timezone.localdate()
    meeting = filters.get("meeting")
    key = "proposals:statistics:" + ":".join(
        str(part)
        for part in (
            term.pk,
            meeting.pk if meeting else "",
            filters.get("period") or "",
            filters.get("kind") or "",
            today.isoformat(),
            translation.get_language(),
        )
    )
    statistics = cache.get(key)
    if statistics is None:
        statistics = handling_statistics(term=term, today=today, **filters)
        statistics.computed_at = timezone.now()
        cache.set(key, statistics, STATISTICS_CACHE_SECONDS)
    return statistics


def _key(row: dict, prefix: str) -> tuple:
    return tuple(row[prefix + key] for key in (*KEYS, MEETING_KEY))


def _counts(row: dict) -> dict:
    return {name: value for name, value in row.items() if name in STAT_FIELDS}


STAT_FIELDS = {field.name for field in dataclasses.fields(StatRow)} - {"label"}


def _grouped(queryset: QuerySet, prefix: str, **counts):
    fields = [prefix + key for key in (*KEYS, MEETING_KEY)]
    return list(queryset.values(*fields).annotate(**counts).order_by())


def _assignment_counts(assignments: QuerySet, today: datetime.date):
    """Query 1: counts that need only the assignment rows."""
    return _grouped(
        assignments,
        "",
        assigned=Count("pk", filter=LEAD),
        co_handled=Count("pk", filter=Q(role=AssignmentRole.CO)),
        closed=Count("pk", filter=LEAD & Q(status=A.DONE)),
        implemented=Count(
            "pk",
            filter=LEAD
            & Q(status__in=AFTER_REPLY, implementation=ImplementationStatus.SOLVED),
        ),
        overdue=Count(
            "pk", filter=Q(status__in=AWAITING_ORGANIZATION, due_date__lt=today)
        ),
    )


def _first_reply_counts(replies: QuerySet[Reply]):
    """Query 2: the first signed reply (round 1; a second round exists only
    after the first was rated): replied, on time."""
    return _grouped(
        replies.filter(round=1),
        "assignment__",
        replied=Count("pk"),
        on_time=Count("pk", filter=Q(sent_at__date__lte=F("assignment__due_date"))),
    )


def _contact_counts(replies: QuerySet[Reply]):
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
        contacted=Count("pk"),
    )


def _latest(replies: QuerySet[Reply], outer: str = "") -> QuerySet[Reply]:
    later = Reply.objects.filter(
        assignment=OuterRef(outer + "assignment"),
        status=ReplyStatus.APPROVED,
        round__gt=OuterRef(outer + "round"),
    )
    return replies.filter(~Exists(later))


def _latest_reply_counts(replies: QuerySet[Reply]):
    """Query 4: result categories of each assignment's latest signed reply."""
    return _grouped(
        _latest(replies),
        "assignment__",
        **{
            f"category_{value.lower()}": Count("pk", filter=Q(category=value))
            for value in ReplyCategory.values
        },
    )


def _rating_counts(ratings: QuerySet[Rating]):
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
        satisfied=Count("pk", filter=Q(result=Satisfaction.SATISFIED)),
        basically=Count("pk", filter=Q(result=Satisfaction.BASICALLY)),
        dissatisfied=Count("pk", filter=Q(result=Satisfaction.DISSATISFIED)),
    )


def _labels(fine: dict) -> dict[str, dict]:
    """Queries 6-9: sort keys and names of the groups that occur."""
    org_ids = {key[0] for key in fine}
    category_ids = {key[1] for key in fine if key[1]}
    leader_ids = {key[3] for key in fine if key[3]}
    meeting_ids = {key[4] for key in fine if key[4]}
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
    for _org, _category, period, _leader, meeting_id in fine:
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


def _fold(fine: dict, labels: dict, term: Term | None) -> Statistics:
    groups: dict[str, dict] = {"org": {}, "cat": {}, "leader": {}, "meeting": {}}
    total = StatRow(label=gettext("Total"))
    for (org, category, period, leader, meeting), values in fine.items():
        for name, key in (
            ("org", org),
            ("cat", category),
            ("leader", leader),
            ("meeting", (period, meeting)),
        ):
            groups[name].setdefault(key, StatRow()).add(values)
        total.add(values)

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
