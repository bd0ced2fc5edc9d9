"""The supervision workflows in one place: the item and opinion maps (who may
take each edge) and the installation's rules for the statutory clock.

The item's map (再审制): planned → preparing (the report on the statutory
clock) → deliberated at a meeting → opinions sent → handling reported →
satisfaction vote → closed; a failed vote sends the item back for
rectification and a second vote, and a second failure refers it to the
chairpersons' meeting, which decides what follows (never automatically).
"""

from django.utils.translation import gettext_lazy as _

from congress import rules
from congress.roles import Role
from congress.workflow import SYSTEM, Machine
from supervision.models import (
    AppraisalStatus,
    FilingStatus,
    InterpellationStatus,
    InvestigationStatus,
    ItemStatus,
    MatterStatus,
    OpinionStatus,
    ProjectStatus,
    SelectionStatus,
)

S = ItemStatus
STAFF = {Role.OFFICE}
ORG = {Role.ORG_LIAISON, Role.ORG_HEAD}

ITEM = Machine(
    "supervision.Item",
    ItemStatus,
    {
        S.PLANNED: {S.PREPARING: STAFF, S.CANCELLED: STAFF},
        S.PREPARING: {S.DELIBERATED: STAFF, S.CANCELLED: STAFF},
        # Some items end at the meeting (a decision, a filing review).
        S.DELIBERATED: {S.OPINION_SENT: STAFF, S.CLOSED: STAFF},
        S.OPINION_SENT: {S.REPORTED: ORG},
        S.REPORTED: {S.VOTING: STAFF, S.CLOSED: STAFF},
        S.VOTING: {S.CLOSED: {SYSTEM}, S.RECTIFYING: {SYSTEM}, S.ESCALATED: {SYSTEM}},
        S.RECTIFYING: {S.REPORTED: ORG},
        S.ESCALATED: {S.CLOSED: STAFF},
        S.CLOSED: {},
        S.CANCELLED: {},
    },
)

OS = OpinionStatus
OPINION = Machine(
    "supervision.Opinion",
    OpinionStatus,
    {
        OS.DRAFT: {OS.AGREED: STAFF},
        OS.AGREED: {OS.SENT: STAFF},
        OS.SENT: {},
    },
)

PS = ProjectStatus
# The selection vote's close sets SELECTED/NOT_SELECTED for all candidates at
# once (staff close it); 100 % progress completes; the ballot's close rates.
PROJECT = Machine(
    "supervision.LivelihoodProject",
    ProjectStatus,
    {
        PS.CANDIDATE: {PS.SELECTED: STAFF, PS.NOT_SELECTED: STAFF},
        PS.SELECTED: {PS.COMPLETED: ORG, PS.EVALUATED: {SYSTEM}},
        PS.NOT_SELECTED: {},
        PS.COMPLETED: {PS.EVALUATED: {SYSTEM}},
        PS.EVALUATED: {},
    },
)
SS = SelectionStatus
SELECTION = Machine(
    "supervision.SelectionVote",
    SelectionStatus,
    {
        SS.DRAFT: {SS.OPEN: STAFF},
        SS.OPEN: {SS.CLOSED: STAFF},
        SS.CLOSED: {},
    },
)

IS = InterpellationStatus
INTERPELLATION = Machine(
    "supervision.Interpellation",
    InterpellationStatus,
    {
        IS.DRAFT: {IS.SUBMITTED: STAFF, IS.WITHDRAWN: STAFF},
        IS.SUBMITTED: {IS.ANSWERED: STAFF},
        IS.ANSWERED: {IS.CLOSED: STAFF},
        IS.CLOSED: {},
        IS.WITHDRAWN: {},
    },
)

AS = AppraisalStatus
# Work appraisals (工作评议): the committee's vote selects a candidate (its
# ballot's close, by the system); the working body's staff move it through
# 准备、调查、审议、整改; the department reports its rectification; the
# satisfaction vote's close passes it or sends it back to rectify.
APPRAISAL = Machine(
    "supervision.Appraisal",
    AppraisalStatus,
    {
        AS.CANDIDATE: {AS.SELECTED: {SYSTEM}, AS.NOT_SELECTED: {SYSTEM}},
        AS.NOT_SELECTED: {},
        AS.SELECTED: {AS.PREPARATION: STAFF},
        AS.PREPARATION: {AS.INVESTIGATION: STAFF},
        AS.INVESTIGATION: {AS.DELIBERATION: STAFF},
        AS.DELIBERATION: {AS.RECTIFICATION: STAFF},
        AS.RECTIFICATION: {AS.REPORTED: ORG | STAFF},
        AS.REPORTED: {AS.VOTING: STAFF},
        AS.VOTING: {AS.CLOSED: {SYSTEM}, AS.RECTIFICATION: {SYSTEM}},
        AS.CLOSED: {},
    },
)

VS = InvestigationStatus
# Special investigations: every step is a meeting's decision recorded by staff.
INVESTIGATION = Machine(
    "supervision.SpecialInvestigation",
    InvestigationStatus,
    {
        VS.PROPOSED: {VS.ESTABLISHED: STAFF, VS.DROPPED: STAFF},
        VS.ESTABLISHED: {VS.REPORTED: STAFF},
        VS.REPORTED: {VS.RESOLVED: STAFF},
        VS.RESOLVED: {},
        VS.DROPPED: {},
    },
)

MS = MatterStatus
# Major matters: research before submission (the county's rule); the
# government submits its motion (or staff record it); the committee decides
# or files it for record.
MATTER = Machine(
    "supervision.MajorMatter",
    MatterStatus,
    {
        MS.LISTED: {MS.RESEARCHED: STAFF, MS.REMOVED: STAFF},
        MS.RESEARCHED: {MS.SUBMITTED: ORG | STAFF, MS.REMOVED: STAFF},
        MS.SUBMITTED: {MS.DECIDED: STAFF, MS.FILED: STAFF},
        MS.DECIDED: {},
        MS.FILED: {},
        MS.REMOVED: {},
    },
)

FS = FilingStatus
FILING = Machine(
    "supervision.NormativeDocument",
    FilingStatus,
    {
        FS.AWAITING: {FS.FILED: ORG | STAFF},
        FS.FILED: {FS.UNDER_REVIEW: STAFF},
        FS.UNDER_REVIEW: {FS.NO_ISSUE: STAFF, FS.CORRECTION: STAFF},
        FS.NO_ISSUE: {},
        FS.CORRECTION: {FS.CORRECTED: STAFF, FS.REVOKED: STAFF},
        FS.CORRECTED: {},
        FS.REVOKED: {},
    },
)
FILING_DAYS = rules.register(
    rules.Rule(
        "supervision.filing_days",
        _("Normative documents filed within (days after publication)"),
        30,
        min_value=1,
        max_value=90,
    )
)

# 监督法 and the county's rules: the report reaches the working body 20 days
# before the meeting, revised 10 days before, and the members 7 days before.
REPORT_DAYS = rules.register(
    rules.Rule(
        "supervision.report_days_before_meeting",
        _("Work report to the working body (days before the meeting)"),
        20,
        min_value=1,
        max_value=90,
    )
)
REVISED_DAYS = rules.register(
    rules.Rule(
        "supervision.revised_days_before_meeting",
        _("Revised work report (days before the meeting)"),
        10,
        min_value=1,
        max_value=60,
    )
)
CIRCULATE_DAYS = rules.register(
    rules.Rule(
        "supervision.circulate_days_before_meeting",
        _("Work report to the members (days before the meeting)"),
        7,
        min_value=1,
        max_value=30,
    )
)
HANDLING_MONTHS = rules.register(
    rules.Rule(
        "supervision.handling_months",
        _("Handling report on deliberation opinions due (months)"),
        2,
        min_value=1,
        max_value=6,
    )
)
RECTIFICATION_MONTHS = rules.register(
    rules.Rule(
        "supervision.rectification_months",
        _("Rectification after a failed satisfaction vote (months)"),
        2,
        min_value=1,
        max_value=12,
    )
)
