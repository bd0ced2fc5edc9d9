"""The proposals workflow in one place: the status machines (who may take
each edge), the installation's rules and the timeline.

Views and templates (which buttons to show) ask the machines (`may`); the
generated diagram in docs/workflows.md is drawn from them; only the services
in proposals.services change `status`, each through congress.workflow's
`transition()`.
"""

import datetime
import itertools

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from congress import rules
from congress.roles import Role
from congress.workflow import SYSTEM, Machine
from proposals.models import (
    Assignment,
    AssignmentStatus,
    ExtensionRequest,
    MotionReviewStatus,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    ReplyStatus,
    SignerStatus,
)

P = ProposalStatus
A = AssignmentStatus

OFFICE, DEPUTY = Role.OFFICE, Role.DEPUTY
LIAISON, HEAD = Role.ORG_LIAISON, Role.ORG_HEAD

PROPOSAL = Machine(
    "proposals.Proposal",
    ProposalStatus,
    {
        P.DRAFT: {P.SUBMITTED: {DEPUTY}},
        P.SUBMITTED: {
            P.RETURNED: {OFFICE},
            P.WITHDRAWN: {DEPUTY, OFFICE},
            P.REGISTERED: {OFFICE},
        },
        P.RETURNED: {P.SUBMITTED: {DEPUTY}, P.WITHDRAWN: {DEPUTY, OFFICE}},
        P.WITHDRAWN: {},
        # A motion on the agenda is not assigned: it closes with the
        # resolution or decision on it (proposals.services.motions).
        P.REGISTERED: {P.ASSIGNED: {OFFICE}, P.CLOSED: {OFFICE}},
        P.ASSIGNED: {P.CLOSED: {OFFICE}},
        P.CLOSED: {},
    },
)

# REPLIED -> ACCEPTED / RE_HANDLING is the office's send-back only: an
# organisation never takes back a reply it has signed (issue 9, item 2).
# REPLIED -> DONE by the system: co-handling assignments finish with the lead.
ASSIGNMENT = Machine(
    "proposals.Assignment",
    AssignmentStatus,
    {
        A.ASSIGNED: {A.ACCEPTED: {LIAISON}, A.CONTESTED: {LIAISON}},
        A.CONTESTED: {A.ACCEPTED: {LIAISON}, A.WITHDRAWN: {OFFICE}},
        A.ACCEPTED: {A.REPLIED: {HEAD}},
        A.REPLIED: {
            A.DONE: {DEPUTY, SYSTEM},
            A.RE_HANDLING: {DEPUTY, OFFICE},
            A.ESCALATED: {DEPUTY},
            A.ACCEPTED: {OFFICE},
        },
        A.RE_HANDLING: {A.REPLIED: {HEAD}},
        A.ESCALATED: {A.DONE: {OFFICE}},
        A.DONE: {},
        A.WITHDRAWN: {},
    },
)

# A signed reply is never edited: after a send-back the organisation writes a
# new reply (a new row) and the sent-back one stays on the record.
REPLY = Machine(
    "proposals.Reply",
    ReplyStatus,
    {
        # The head signs a draft or returns it to the liaison with comments;
        # the liaison's next save makes it a draft again.
        ReplyStatus.DRAFT: {ReplyStatus.APPROVED: {HEAD}, ReplyStatus.RETURNED: {HEAD}},
        ReplyStatus.RETURNED: {ReplyStatus.DRAFT: {LIAISON}},
        ReplyStatus.APPROVED: {ReplyStatus.SENT_BACK: {OFFICE}},
        ReplyStatus.SENT_BACK: {},
    },
)

SIGNER = Machine(
    "proposals.Signer",
    SignerStatus,
    {
        # The invited deputy answers; the lead deputy may ask a decliner again.
        SignerStatus.INVITED: {
            SignerStatus.CONFIRMED: {DEPUTY},
            SignerStatus.DECLINED: {DEPUTY},
        },
        SignerStatus.DECLINED: {SignerStatus.INVITED: {DEPUTY}},
        SignerStatus.CONFIRMED: {},
    },
)

MR = MotionReviewStatus
MOTION_REVIEW = Machine(
    "proposals.MotionReview",
    MotionReviewStatus,
    {
        MR.REFERRED: {MR.REPORTED: {OFFICE}},
        MR.REPORTED: {MR.RESOLVED: {OFFICE}},
        MR.RESOLVED: {},
    },
)

E = ExtensionRequest.Status
EXTENSION = Machine(
    "proposals.ExtensionRequest",
    E,
    {
        E.PENDING: {E.GRANTED: {OFFICE}, E.REFUSED: {OFFICE}},
        E.GRANTED: {},
        E.REFUSED: {},
    },
)

# Plain maps, for code that only asks "what may follow".
PROPOSAL_TRANSITIONS = PROPOSAL.as_map()
ASSIGNMENT_TRANSITIONS = ASSIGNMENT.as_map()

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


def record_event(
    proposal: Proposal,
    type_: str,
    *,
    actor,
    assignment: Assignment | None = None,
    comment: str = "",
    audience: list[str] | tuple[str, ...] = (),
    now: datetime.datetime | None = None,
    **data,
) -> ProposalEvent:
    """Append to the proposal's timeline (namespaced type, e.g.
    proposals.assigned), dated `now` (default: the current time); `audience`
    limits who reads it (see ProposalEvent.objects.visible_to)."""
    return ProposalEvent.objects.create(
        proposal=proposal,
        assignment=assignment,
        type=type_,
        actor=actor,
        comment=comment,
        audience=list(audience),
        created_at=now or timezone.now(),
        data=data,
    )


def all_assignments_done(proposal: Proposal) -> bool:
    """A proposal follows its assignments: it may close once none is open."""
    open_statuses = [s for s in A.values if s not in (A.DONE, A.WITHDRAWN)]
    return not proposal.assignments.filter(status__in=open_statuses).exists()


def bigrams(*texts: str) -> list[str]:
    """What Proposal.search_bigrams stores: the distinct character bigrams
    of the texts and their single characters (letters and digits only, in
    lower case), so that one- and two-character searches are index look-ups."""
    grams: set[str] = set()
    for text in texts:
        chars = [c for c in text.lower() if c.isalnum()]
        grams.update(chars)
        grams.update(a + b for a, b in itertools.pairwise(chars))
    return sorted(grams)


def search(proposals: models.QuerySet, query: str) -> models.QuerySet:
    """Substring search in title and body through the bigram index: a word
    of one or two characters is a stored term itself and the index answers
    alone (ignoring punctuation between two characters); a longer one must
    contain all its bigrams, then icontains confirms."""
    query = query.strip()
    if not query:
        return proposals
    text = models.Q(title__icontains=query) | models.Q(body__icontains=query)
    terms = bigrams(query)
    if query.lower() in terms:
        return proposals.filter(search_bigrams__contains=[query.lower()])
    pairs = [term for term in terms if len(term) == 2]
    if pairs:
        return proposals.filter(search_bigrams__contains=pairs).filter(text)
    return proposals.filter(text)
