"""The case machine and the installation's rules for appointments.

A case's status is the step it is at. Which steps follow which is the
installation's order for the case type (StepOrder, copied onto the case when
it is created); the machine below allows every edge some order may need, and
the services pick the one edge the case's own order names.
"""

from django.utils.translation import gettext_lazy as _

from appointments.models import PRE_VOTE_STEPS, AppraisalStatus, CaseStatus
from congress import rules
from congress.roles import Role
from congress.workflow import SYSTEM, Machine

S = CaseStatus
OFFICE = {Role.OFFICE.value}
OFFICE_OR_SYSTEM = {Role.OFFICE.value, SYSTEM}
AFTER_VOTE = (S.CERTIFICATE, S.OATH, S.COMPLETED)


def _edges() -> dict:
    edges: dict = {}
    for step in PRE_VOTE_STEPS:
        status = S(step.value)
        # The exam's result moves the case, by staff marking or automatically.
        roles = OFFICE_OR_SYSTEM if status == S.EXAM else OFFICE
        edges[status] = {
            S(other.value): roles for other in PRE_VOTE_STEPS if other != step
        }
        edges[status][S.VOTE] = roles
        edges[status][S.WITHDRAWN] = OFFICE
    edges[S.EXAM][S.POSTPONED] = OFFICE_OR_SYSTEM
    edges[S.POSTPONED] = {S.EXAM: OFFICE, S.WITHDRAWN: OFFICE}
    # The ballot's result is applied by the system when the ballot closes.
    edges[S.VOTE] = {
        **{status: {SYSTEM} for status in AFTER_VOTE},
        S.REJECTED: {SYSTEM},
        S.WITHDRAWN: OFFICE,
    }
    edges[S.CERTIFICATE] = {S.OATH: OFFICE, S.COMPLETED: OFFICE}
    edges[S.OATH] = {S.COMPLETED: OFFICE}
    edges[S.COMPLETED] = {}
    edges[S.REJECTED] = {}
    edges[S.WITHDRAWN] = {}
    return edges


CASE = Machine("appointments.Case", CaseStatus, _edges())

EXAM_PASS_PERCENT = rules.register(
    rules.Rule(
        "appointments.exam_pass_percent",
        _("Legal-knowledge exam: pass mark (percent of full marks)"),
        60,
        _("Copied onto each exam session when it is created."),
        min_value=1,
        max_value=100,
    )
)
MEMBER_ACCESS_DAYS = rules.register(
    rules.Rule(
        "appointments.member_access_days",
        _("Days before the meeting from which members see the nominees' files"),
        7,
        _(
            "Until then only the personnel working committee and leaders see "
            "them; after the vote the files are no longer confidential."
        ),
        min_value=0,
        max_value=60,
    )
)
OATH_WINDOW_DAYS = rules.register(
    rules.Rule(
        "appointments.oath_window_days",
        _("Days after the vote within which the appointee takes the oath"),
        30,
        _("An appointee not sworn by then is flagged and the office reminded."),
        min_value=0,
        max_value=365,
    )
)
OATH_TEXT = rules.register(
    rules.Rule(
        "appointments.oath_text",
        _("Text of the constitutional oath"),
        "我宣誓：忠于中华人民共和国宪法，维护宪法权威，履行法定职责，忠于祖国、"
        "忠于人民，恪尽职守、廉洁奉公，接受人民监督，为建设富强民主文明和谐美丽的"
        "社会主义现代化强国努力奋斗！",
        _("The national text by default; copied onto each ceremony."),
    )
)

A = AppraisalStatus
APPRAISAL = Machine(
    "appointments.Appraisal",
    AppraisalStatus,
    {
        # The chairpersons' meeting's secret ballot fixes the subjects.
        A.CANDIDATE: {A.SELECTED: {SYSTEM}, A.NOT_SELECTED: {SYSTEM}},
        A.NOT_SELECTED: {},
        A.SELECTED: {A.REPORTED: OFFICE},
        # The satisfaction vote's result decides, applied by the system.
        A.REPORTED: {A.PASSED: {SYSTEM}, A.RECTIFICATION: {SYSTEM}},
        A.PASSED: {},
        A.RECTIFICATION: {A.RECTIFIED: OFFICE},
        A.RECTIFIED: {},
    },
)

RECTIFICATION_DAYS = rules.register(
    rules.Rule(
        "appointments.rectification_days",
        _("Days an official rated dissatisfied has to rectify"),
        90,
        min_value=1,
        max_value=365,
    )
)
