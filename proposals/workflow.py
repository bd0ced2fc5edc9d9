"""The proposals workflow in one place: allowed transitions, the installation's
rules, the timeline and the row locks every service uses.

Views, templates (which buttons to show) and the generated diagram in docs/
read TRANSITIONS; only the services in proposals.services change `status`.
"""

import itertools

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import rules
from congress.exceptions import TransitionNotAllowed
from proposals.models import (
    Assignment,
    AssignmentStatus,
    Proposal,
    ProposalEvent,
    ProposalStatus,
)

P = ProposalStatus
A = AssignmentStatus

PROPOSAL_TRANSITIONS: dict[str, set[str]] = {
    P.DRAFT: {P.SUBMITTED},
    P.SUBMITTED: {P.RETURNED, P.WITHDRAWN, P.REGISTERED},
    P.RETURNED: {P.SUBMITTED, P.WITHDRAWN},
    P.WITHDRAWN: set(),
    P.REGISTERED: {P.ASSIGNED},
    P.ASSIGNED: {P.CLOSED},
    P.CLOSED: set(),
}

ASSIGNMENT_TRANSITIONS: dict[str, set[str]] = {
    A.ASSIGNED: {A.ACCEPTED, A.CONTESTED},
    A.CONTESTED: {A.ACCEPTED, A.WITHDRAWN},
    A.ACCEPTED: {A.REPLIED},
    A.REPLIED: {A.DONE, A.RE_HANDLING, A.ESCALATED, A.ACCEPTED},
    A.RE_HANDLING: {A.REPLIED},
    A.ESCALATED: {A.DONE},
    A.DONE: set(),
    A.WITHDRAWN: set(),
}

# 代表法 Art. 43: reply within three months of assignment, six for matters
# that are broad or hard to handle; provinces add re-handling periods.
MOTION_MIN_SIGNERS = rules.register(
    rules.Rule(
        "proposals.motion_min_signers",
        gettext_lazy("Deputies needed for a motion (the lead included)"),
        10,
        min_value=2,
        max_value=100,
    )
)
HANDLING_MONTHS = rules.register(
    rules.Rule(
        "proposals.handling_months",
        gettext_lazy("Handling period (months)"),
        3,
        min_value=1,
        max_value=6,
    )
)
HARD_CASE_MONTHS = rules.register(
    rules.Rule(
        "proposals.hard_case_months",
        gettext_lazy("Handling period for hard cases (months, the legal maximum)"),
        6,
        min_value=1,
        max_value=12,
    )
)
REHANDLING_MONTHS = rules.register(
    rules.Rule(
        "proposals.rehandling_months",
        gettext_lazy("Re-handling period after dissatisfaction (months)"),
        1,
        min_value=1,
        max_value=3,
    )
)
CONTEST_WINDOW_DAYS = rules.register(
    rules.Rule(
        "proposals.contest_window_working_days",
        gettext_lazy("Working days to ask to be relieved of an assignment"),
        5,
        min_value=1,
        max_value=30,
    )
)
COSIGNERS_RATE = rules.register(
    rules.Rule(
        "proposals.cosigners_rate",
        gettext_lazy("Co-signers rate the handling too"),
        False,
    )
)
URGE_INTERVAL_DAYS = rules.register(
    rules.Rule(
        "proposals.urge_interval_days",
        gettext_lazy("Days between two urgings by the same person"),
        3,
        min_value=1,
        max_value=30,
    )
)


def _refuse(label_of, current: str, target: str) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        _("This step is not allowed: “%(current)s” cannot become “%(target)s”.")
        % {"current": label_of(current).label, "target": label_of(target).label}
    )


def lock_proposal(proposal: Proposal, target: str) -> Proposal:
    """Re-read the proposal under a row lock and check it may become `target`."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if target not in PROPOSAL_TRANSITIONS[locked.status]:
        raise _refuse(ProposalStatus, locked.status, target)
    return locked


def lock_assignment(assignment: Assignment, target: str) -> Assignment:
    locked = (
        Assignment.objects.select_for_update()
        .select_related("proposal", "organization")
        .get(pk=assignment.pk)
    )
    if target not in ASSIGNMENT_TRANSITIONS[locked.status]:
        raise _refuse(AssignmentStatus, locked.status, target)
    return locked


def record_event(
    proposal: Proposal,
    type_: str,
    *,
    actor,
    assignment: Assignment | None = None,
    comment: str = "",
    **data,
) -> ProposalEvent:
    """Append to the proposal's timeline (namespaced type, e.g. proposals.assigned)."""
    return ProposalEvent.objects.create(
        proposal=proposal,
        assignment=assignment,
        type=type_,
        actor=actor,
        comment=comment,
        data=data,
    )


def all_assignments_done(proposal: Proposal) -> bool:
    """A proposal follows its assignments: it may close once none is open."""
    open_statuses = [s for s in A.values if s not in (A.DONE, A.WITHDRAWN)]
    return not proposal.assignments.filter(status__in=open_statuses).exists()


def bigrams(*texts: str) -> list[str]:
    """The distinct character bigrams of the texts (letters and digits only)."""
    grams: set[str] = set()
    for text in texts:
        chars = [c for c in text.lower() if c.isalnum()]
        grams.update(a + b for a, b in itertools.pairwise(chars))
    return sorted(grams)


def search(proposals: models.QuerySet, query: str) -> models.QuerySet:
    """Substring search in title and body that uses the bigram index for
    queries of two or more characters (then confirms with icontains)."""
    query = query.strip()
    if not query:
        return proposals
    text = models.Q(title__icontains=query) | models.Q(body__icontains=query)
    grams = bigrams(query)
    if grams:
        return proposals.filter(search_bigrams__contains=grams).filter(text)
    return proposals.filter(text)
