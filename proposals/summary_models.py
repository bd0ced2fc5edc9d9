"""Precomputed handling figures (imported by proposals.models).

Derived tables, written only by proposals.summaries: database triggers on
assignments, replies, contacts, ratings and proposals queue the assignments
whose figures a change may move (SummaryQueue); readers and a beat task
recompute those assignments' AssignmentFigures and move the summaries by the
difference; a command rebuilds everything. Nothing here is edited by hand or
tracked in history.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from proposals.models import AssignmentStatus, ReplyCategory

A = AssignmentStatus
STATISTIC_FIELDS = (
    "assigned",
    "co_handled",
    "replied",
    "contacted",
    "on_time",
    "closed",
    "implemented",
    "category_a",
    "category_b",
    "category_c",
    "satisfied",
    "basically",
    "dissatisfied",
)
GRAIN_FIELDS = [
    "organization",
    "term",
    "year",
    "kind",
    "period",
    "meeting",
    "category",
    "leader_in_charge",
]
# The board's column of each assignment state.
STATUS_FIELDS = {status: f"status_{status}" for status in AssignmentStatus.values}


def _status_count(status: AssignmentStatus) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(status.label, default=0)


def _reference(model: str, label, *, null: bool = True) -> models.ForeignKey:
    return models.ForeignKey(
        model,
        verbose_name=label,
        null=null,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )


class Grain(models.Model):
    """What the statistics, the dashboard and the board filter and group by:
    organisation, term, year submitted, kind, period, session, category and
    leader in charge."""

    # Indexed only where they are looked up (HandlingSummary.Meta).
    organization = _reference(
        "congress.Organization", _("handling organisation"), null=False
    )
    term = _reference("congress.Term", _("term"), null=False)
    year = models.PositiveSmallIntegerField(_("year"), null=True)
    kind = models.CharField(_("kind"), max_length=16)
    period = models.CharField(_("submitted"), max_length=16)
    meeting = _reference("congress.Meeting", _("session"))
    category = _reference("proposals.Category", _("category"))
    leader_in_charge = _reference("proposals.LeaderInCharge", _("leader in charge"))

    class Meta:
        abstract = True


class Counts(models.Model):
    """The figures one assignment adds to its grain."""

    # The counts of the handling statistics (selectors.StatRow) but `overdue`,
    # which moves with the date and is counted live from the open assignments.
    assigned = models.PositiveIntegerField(_("Assigned"), default=0)
    co_handled = models.PositiveIntegerField(_("Co-handled"), default=0)
    replied = models.PositiveIntegerField(_("Replied"), default=0)
    contacted = models.PositiveIntegerField(_("Contacted"), default=0)
    on_time = models.PositiveIntegerField(_("Replied on time"), default=0)
    closed = models.PositiveIntegerField(_("Handling done"), default=0)
    implemented = models.PositiveIntegerField(_("Implemented"), default=0)
    category_a = models.PositiveIntegerField(ReplyCategory.A.label, default=0)
    category_b = models.PositiveIntegerField(ReplyCategory.B.label, default=0)
    category_c = models.PositiveIntegerField(ReplyCategory.C.label, default=0)
    satisfied = models.PositiveIntegerField(_("Satisfied"), default=0)
    basically = models.PositiveIntegerField(_("Basically satisfied"), default=0)
    dissatisfied = models.PositiveIntegerField(_("Dissatisfied"), default=0)
    # Assignments per state, lead or co-handling, relieved ones too (the board).
    status_assigned = _status_count(A.ASSIGNED)
    status_accepted = _status_count(A.ACCEPTED)
    status_contested = _status_count(A.CONTESTED)
    status_replied = _status_count(A.REPLIED)
    status_re_handling = _status_count(A.RE_HANDLING)
    status_escalated = _status_count(A.ESCALATED)
    status_done = _status_count(A.DONE)
    status_withdrawn = _status_count(A.WITHDRAWN)

    class Meta:
        abstract = True


class HandlingSummary(Grain, Counts):
    """The handling figures of the assignments of one grain (Grain)."""

    class Meta:
        verbose_name = _("handling summary")
        verbose_name_plural = _("handling summaries")
        indexes = [models.Index(fields=["term", "year"], name="handling_summary_term")]
        constraints = [
            # Also the index of the refresh's look-up by organisation.
            models.UniqueConstraint(
                fields=GRAIN_FIELDS,
                name="handling_summary_once",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.term_id} {self.year}"


class SatisfactionSummary(models.Model):
    """One organisation's lead assignments rated by the lead deputy in a year
    (the latest round rated that year) and how many were satisfied or
    basically satisfied: the satisfaction part of the yearly assessment."""

    organization = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("handling organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rated = models.PositiveIntegerField(_("rated"), default=0)
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)

    class Meta:
        verbose_name = _("satisfaction summary")
        verbose_name_plural = _("satisfaction summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "organization"], name="satisfaction_summary_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year}"


class AssignmentFigures(Grain, Counts):
    """What one assignment adds to HandlingSummary and SatisfactionSummary,
    as last counted: a change subtracts it and adds the new figures. Not a
    foreign key: the figures of a deleted assignment are subtracted."""

    assignment_id = models.BigIntegerField(_("assignment"), primary_key=True)
    # {"<year>": [rated, satisfied]}: the lead deputy's latest rating of
    # each year (SatisfactionSummary).
    ratings = models.JSONField(_("ratings"), default=dict)

    class Meta:
        verbose_name = _("assignment figures")
        verbose_name_plural = _("assignment figures")

    def __str__(self) -> str:
        return str(self.assignment_id)


class SummaryQueue(models.Model):
    """An assignment whose figures a committed change may have moved;
    written by database triggers, drained by proposals.summaries."""

    id = models.BigAutoField(primary_key=True)
    assignment_id = models.BigIntegerField(_("assignment"))

    class Meta:
        verbose_name = _("summary queue entry")
        verbose_name_plural = _("summary queue")

    def __str__(self) -> str:
        return str(self.assignment_id)


class ProposalStateCount(models.Model):
    """How many proposals of a term, kind and category are in each state
    (the board's line of states); kept by a database trigger on every
    insert, update and delete of a proposal, in the same transaction."""

    term = _reference("congress.Term", _("term"), null=False)
    kind = models.CharField(_("kind"), max_length=16)
    category = _reference("proposals.Category", _("category"))
    status = models.CharField(_("status"), max_length=16)
    n = models.IntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("proposal state count")
        verbose_name_plural = _("proposal state counts")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "kind", "category", "status"],
                name="proposal_state_count_once",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.term_id} {self.kind} {self.category_id} {self.status}: {self.n}"
