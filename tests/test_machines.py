"""Every workflow machine of proposals and deputies, walked through the real
services: each edge works for the roles it names, is refused to every other
role, and each service is refused from every state that has no such edge.

A Step is one service taking one edge: `build(status)` makes its subject in
that status (with the ORM: the state is the input here), `act(subject, user)`
calls the service, `status(subject)` reads the status it changed.
"""

import dataclasses
import datetime
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from congress.exceptions import DomainError
from congress.models import Organization
from congress.roles import Role
from congress.workflow import SYSTEM, Machine
from deputies import elections
from deputies import services as deputy_services
from deputies.models import (
    ExitCase,
    ExitKind,
    ExitStatus,
    Mandate,
    MandateStatus,
    PerformanceRecord,
    RecordStatus,
)
from proposals import services, workflow
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    ExtensionRequest,
    MotionReview,
    MotionReviewStatus,
    PresidiumDecision,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Reply,
    ReplyStatus,
    Satisfaction,
    Signer,
    SignerStatus,
)
from tests.factories.congress import OrganizationFactory, TermFactory, UserFactory
from tests.factories.deputies import (
    DeputyFactory,
    MandateFactory,
    PerformanceRecordFactory,
)
from tests.factories.proposals import CategoryFactory, ProposalFactory

A, P, R, M = AssignmentStatus, ProposalStatus, RecordStatus, MandateStatus
ASSIGNED_ON = datetime.date(2026, 3, 2)  # a Monday
DUE = datetime.date(2026, 6, 2)
DAY = datetime.date(2026, 3, 3)
NUMBERS = itertools.count(1)
REFUSALS = (PermissionDenied, DomainError)  # TransitionNotAllowed is a DomainError


@dataclasses.dataclass
class World:
    """The people of one test: office staff, an organisation's liaison and
    head, and a lead deputy with a login."""

    office: Any
    org: Any
    liaison: Any
    head: Any
    deputy: Any  # the Deputy; deputy.user logs in

    def person(self, role: Role):
        """The user who may act in `role` on this world's objects."""
        return {
            Role.OFFICE: self.office,
            Role.ORG_LIAISON: self.liaison,
            Role.ORG_HEAD: self.head,
            Role.DEPUTY: self.deputy.user,
        }[role]

    def stranger(self, role: Role):
        """Someone holding only `role` (in the same organisation, so that only
        the role tells them apart)."""
        return UserFactory(roles=[role], organization=self.org)


@pytest.fixture
def world(db):
    org = OrganizationFactory(name="测试局甲")
    return World(
        office=UserFactory(roles=[Role.OFFICE]),
        org=org,
        liaison=UserFactory(roles=[Role.ORG_LIAISON], organization=org),
        head=UserFactory(roles=[Role.ORG_HEAD], organization=org, real_name="王局长"),
        deputy=DeputyFactory(user=UserFactory(roles=[Role.DEPUTY])),
    )


# Builders ---------------------------------------------------------------------


def _proposal(w: World, status: str) -> Proposal:
    return ProposalFactory(status=status, lead_deputy=w.deputy, number=next(NUMBERS))


def _assignment(w: World, status: str, *, round_=1, reply=None) -> Assignment:
    assignment = Assignment.objects.create(
        proposal=_proposal(w, P.ASSIGNED),
        organization=w.org,
        role=AssignmentRole.LEAD,
        status=status,
        round=round_,
        assigned_on=ASSIGNED_ON,
        due_date=DUE,
    )
    if reply:
        _reply(assignment, reply)
    return assignment


def _reply(assignment: Assignment, status: str) -> Reply:
    return Reply.objects.create(
        assignment=assignment,
        round=assignment.round,
        text="已列入今年道路硬化计划。",
        reference_number="县交〔2026〕12号",
        category="A",
        signer="王局长",
        contact="李科长 13900000000",
        status=status,
    )


def _latest_reply(assignment: Assignment) -> Reply:
    return assignment.replies.order_by("-pk").first()


def _signer(w: World, status: str) -> Signer:
    other = DeputyFactory(user=UserFactory(roles=[Role.DEPUTY]))
    return Signer.objects.create(
        proposal=_proposal(w, P.DRAFT), deputy=other, status=status
    )


def _motion_review(w: World, status: str, *, proposal_status=P.REGISTERED):
    motion = ProposalFactory(
        status=proposal_status,
        lead_deputy=w.deputy,
        number=next(NUMBERS),
        kind=ProposalKind.MOTION,
        period="session",
        presidium_decision=PresidiumDecision.ON_AGENDA,
    )
    resolved = status == MotionReviewStatus.RESOLVED
    return MotionReview.objects.create(
        proposal=motion,
        committee=OrganizationFactory(kind=Organization.Kind.SPECIAL_COMMITTEE),
        status=status,
        referred_on=DAY,
        outcome="resolution" if resolved else "",
        outcome_on=DAY if resolved else None,
    )


def _resolve(review, user):
    services.motion_resolve(
        review,
        outcome="resolution",
        title="关于水源地保护的决议",
        adopted_on=DAY,
        user=user,
    )


def _extension(w: World, status: str) -> ExtensionRequest:
    return ExtensionRequest.objects.create(
        assignment=_assignment(w, A.ACCEPTED),
        requested_due=DUE + datetime.timedelta(days=20),
        reason="需要协调资金。",
        status=status,
    )


def _record(w: World, status: str) -> PerformanceRecord:
    return PerformanceRecordFactory(deputy=w.deputy, status=status)


def _mandate(w: World, status: str) -> Mandate:
    ground = "recall" if status == M.TERMINATED else ""
    term = TermFactory(number=8, start_date=datetime.date(2017, 1, 1), is_current=False)
    return MandateFactory(
        deputy=DeputyFactory(), term=term, status=status, termination_ground=ground
    )


def _exit_case(w: World, status: str) -> ExitCase:
    decided = None if status == ExitStatus.PROPOSED else DAY
    return ExitCase.objects.create(
        mandate=MandateFactory(deputy=DeputyFactory()),
        kind=ExitKind.VOLUNTARY_RESIGNATION,
        reason="因工作调动。",
        status=status,
        decision_date=decided,
    )


# Steps ------------------------------------------------------------------------


@dataclasses.dataclass
class Step:
    name: str
    machine: Machine
    edges: list[tuple[str, str]]  # (source, target) this service takes
    build: Callable[[World, str], Any]
    act: Callable[[Any, Any], Any]
    status: Callable[[Any], str] = lambda obj: obj.status
    # From a state without the edge the service leaves the subject alone
    # instead of refusing (re-inviting a confirmed co-signer, say).
    quiet_elsewhere: bool = False
    elsewhere: tuple[str, ...] | None = None  # sources to refuse (default: all)
    # The roles this service takes the edge for, when two services share it
    # (REPLIED -> RE_HANDLING: the deputy's rating and the office's send-back).
    roles: frozenset[Role] | None = None

    def __str__(self) -> str:
        return self.name


def _rate(result):
    def act(assignment, user):
        services.rating_submit(
            assignment, user=user, attitude=result, result=result, comment=""
        )

    return act


PROPOSAL, ASSIGNMENT = workflow.PROPOSAL, workflow.ASSIGNMENT
STEPS = [
    Step(
        "proposal_submit",
        PROPOSAL,
        [(P.DRAFT, P.SUBMITTED), (P.RETURNED, P.SUBMITTED)],
        _proposal,
        lambda p, user: services.proposal_submit(p, user=user),
    ),
    Step(
        "proposal_return",
        PROPOSAL,
        [(P.SUBMITTED, P.RETURNED)],
        _proposal,
        lambda p, user: services.proposal_return(p, user=user, reason="请补充。"),
    ),
    Step(
        "proposal_withdraw",
        PROPOSAL,
        [(P.SUBMITTED, P.WITHDRAWN), (P.RETURNED, P.WITHDRAWN)],
        _proposal,
        lambda p, user: services.proposal_withdraw(p, user=user),
    ),
    Step(
        "proposal_register",
        PROPOSAL,
        [(P.SUBMITTED, P.REGISTERED)],
        _proposal,
        lambda p, user: services.proposal_register(
            p, user=user, category=CategoryFactory()
        ),
    ),
    Step(
        "proposals_assign",
        PROPOSAL,
        [(P.REGISTERED, P.ASSIGNED)],
        _proposal,
        lambda p, user: services.proposals_assign(
            [p], lead=OrganizationFactory(), assigned_on=ASSIGNED_ON, user=user
        ),
    ),
    Step(
        "proposal_close",
        PROPOSAL,
        [(P.ASSIGNED, P.CLOSED)],
        _proposal,
        lambda p, user: services.proposal_close(p, user=user),
    ),
    Step(
        "motion_resolve (proposal)",
        PROPOSAL,
        [(P.REGISTERED, P.CLOSED)],
        lambda w, s: (
            _motion_review(w, MotionReviewStatus.REPORTED, proposal_status=s).proposal
        ),
        lambda p, user: _resolve(p.motion_review, user),
    ),
    Step(
        "motion_report",
        workflow.MOTION_REVIEW,
        [(MotionReviewStatus.REFERRED, MotionReviewStatus.REPORTED)],
        _motion_review,
        lambda r, user: services.motion_report(
            r, report="建议作出决议。", reported_on=DAY, user=user
        ),
    ),
    Step(
        "motion_resolve",
        workflow.MOTION_REVIEW,
        [(MotionReviewStatus.REPORTED, MotionReviewStatus.RESOLVED)],
        _motion_review,
        _resolve,
    ),
    Step(
        "assignment_accept",
        ASSIGNMENT,
        [(A.ASSIGNED, A.ACCEPTED), (A.CONTESTED, A.ACCEPTED)],
        _assignment,
        lambda a, user: services.assignment_accept(a, user=user),
    ),
    Step(
        "assignment_contest",
        ASSIGNMENT,
        [(A.ASSIGNED, A.CONTESTED)],
        _assignment,
        lambda a, user: services.assignment_contest(
            a, user=user, reason="不属于我单位职责。", today=DAY
        ),
    ),
    Step(
        "assignment_relieve",
        ASSIGNMENT,
        [(A.CONTESTED, A.WITHDRAWN)],
        _assignment,
        lambda a, user: services.assignment_relieve(a, user=user, today=DAY),
    ),
    Step(
        "reply_approve (assignment)",
        ASSIGNMENT,
        [(A.ACCEPTED, A.REPLIED), (A.RE_HANDLING, A.REPLIED)],
        lambda w, s: _assignment(w, s, reply=ReplyStatus.DRAFT),
        lambda a, user: services.reply_approve(_latest_reply(a), user=user),
    ),
    Step(
        "rating_submit satisfied",
        ASSIGNMENT,
        [(A.REPLIED, A.DONE)],
        lambda w, s: _assignment(w, s, reply=ReplyStatus.APPROVED),
        _rate(Satisfaction.SATISFIED),
    ),
    Step(
        "rating_submit dissatisfied, first round",
        ASSIGNMENT,
        [(A.REPLIED, A.RE_HANDLING)],
        lambda w, s: _assignment(w, s, reply=ReplyStatus.APPROVED),
        _rate(Satisfaction.DISSATISFIED),
        roles=frozenset({Role.DEPUTY}),
    ),
    Step(
        "rating_submit dissatisfied, second round",
        ASSIGNMENT,
        [(A.REPLIED, A.ESCALATED)],
        lambda w, s: _assignment(w, s, round_=2, reply=ReplyStatus.APPROVED),
        _rate(Satisfaction.DISSATISFIED),
    ),
    Step(
        "reply_send_back (assignment), first round",
        ASSIGNMENT,
        [(A.REPLIED, A.ACCEPTED)],
        lambda w, s: _assignment(w, s, reply=ReplyStatus.APPROVED),
        lambda a, user: services.reply_send_back(
            _latest_reply(a), user=user, reason="类别不符。"
        ),
    ),
    Step(
        "reply_send_back (assignment), second round",
        ASSIGNMENT,
        [(A.REPLIED, A.RE_HANDLING)],
        lambda w, s: _assignment(w, s, round_=2, reply=ReplyStatus.APPROVED),
        lambda a, user: services.reply_send_back(
            _latest_reply(a), user=user, reason="类别不符。"
        ),
        roles=frozenset({Role.OFFICE}),
    ),
    Step(
        "assignment_finish_supervision",
        ASSIGNMENT,
        [(A.ESCALATED, A.DONE)],
        _assignment,
        lambda a, user: services.assignment_finish_supervision(
            a, user=user, note="经督办已解决。"
        ),
    ),
    Step(
        "reply_approve",
        workflow.REPLY,
        [(ReplyStatus.DRAFT, ReplyStatus.APPROVED)],
        lambda w, s: _reply(_assignment(w, A.ACCEPTED), s),
        lambda r, user: services.reply_approve(r, user=user),
    ),
    Step(
        "reply_return",
        workflow.REPLY,
        [(ReplyStatus.DRAFT, ReplyStatus.RETURNED)],
        lambda w, s: _reply(_assignment(w, A.ACCEPTED), s),
        lambda r, user: services.reply_return(r, user=user, comment="请补充数据。"),
    ),
    Step(
        "reply_draft after a return",
        workflow.REPLY,
        [(ReplyStatus.RETURNED, ReplyStatus.DRAFT)],
        lambda w, s: _reply(_assignment(w, A.ACCEPTED), s),
        lambda r, user: services.reply_draft(
            r.assignment,
            user=user,
            text="已补充数据。",
            reference_number="县交〔2026〕13号",
            category="A",
            signer="王局长",
            contact="李科长 13900000000",
        ),
        # Beside a reply sent back, the liaison writes a new draft: that
        # reply keeps its status.
        quiet_elsewhere=True,
        elsewhere=(ReplyStatus.SENT_BACK,),
    ),
    Step(
        "reply_send_back",
        workflow.REPLY,
        [(ReplyStatus.APPROVED, ReplyStatus.SENT_BACK)],
        lambda w, s: _reply(_assignment(w, A.REPLIED), s),
        lambda r, user: services.reply_send_back(r, user=user, reason="类别不符。"),
    ),
    Step(
        "signer_answer yes",
        workflow.SIGNER,
        [(SignerStatus.INVITED, SignerStatus.CONFIRMED)],
        _signer,
        lambda s, user: services.signer_answer(s, accept=True, user=user),
    ),
    Step(
        "signer_answer no",
        workflow.SIGNER,
        [(SignerStatus.INVITED, SignerStatus.DECLINED)],
        _signer,
        lambda s, user: services.signer_answer(s, accept=False, user=user),
    ),
    Step(
        "signer_invite again",
        workflow.SIGNER,
        [(SignerStatus.DECLINED, SignerStatus.INVITED)],
        _signer,
        lambda s, user: services.signer_invite(
            s.proposal, deputies=[s.deputy], user=user
        ),
        quiet_elsewhere=True,
    ),
    Step(
        "extension_decide grant",
        workflow.EXTENSION,
        [(ExtensionRequest.Status.PENDING, ExtensionRequest.Status.GRANTED)],
        _extension,
        lambda e, user: services.extension_decide(e, user=user, grant=True),
    ),
    Step(
        "extension_decide refuse",
        workflow.EXTENSION,
        [(ExtensionRequest.Status.PENDING, ExtensionRequest.Status.REFUSED)],
        _extension,
        lambda e, user: services.extension_decide(e, user=user, grant=False),
    ),
    Step(
        "record_confirm",
        deputy_services.RECORD,
        [(R.PENDING, R.CONFIRMED)],
        _record,
        lambda r, user: deputy_services.record_confirm(r, user=user),
    ),
    Step(
        "record_return",
        deputy_services.RECORD,
        [(R.PENDING, R.RETURNED)],
        _record,
        lambda r, user: deputy_services.record_return(
            r, user=user, reason="请补照片。"
        ),
    ),
    Step(
        "record_update",
        deputy_services.RECORD,
        [(R.RETURNED, R.PENDING)],
        _record,
        lambda r, user: deputy_services.record_update(
            r, user=user, date=DAY, description="到村里走访群众并记录意见"
        ),
        # A pending record is corrected in place: an edit, not a step.
        elsewhere=(R.CONFIRMED,),
    ),
    Step(
        "exit_case_decide accept",
        deputy_services.EXIT_CASE,
        [(ExitStatus.PROPOSED, ExitStatus.ACCEPTED)],
        _exit_case,
        lambda c, user: deputy_services.exit_case_decide(
            c, accepted=True, decision_date=DAY, user=user
        ),
    ),
    Step(
        "exit_case_decide refuse",
        deputy_services.EXIT_CASE,
        [(ExitStatus.PROPOSED, ExitStatus.REFUSED)],
        _exit_case,
        lambda c, user: deputy_services.exit_case_decide(
            c, accepted=False, decision_date=DAY, user=user
        ),
    ),
    Step(
        "mandate_suspend",
        deputy_services.MANDATE,
        [(M.SERVING, M.SUSPENDED)],
        _mandate,
        lambda m, user: deputy_services.mandate_suspend(
            m, date=DAY, reason="因涉嫌刑事案件被羁押。", user=user
        ),
    ),
    Step(
        "mandate_resume",
        deputy_services.MANDATE,
        [(M.SUSPENDED, M.SERVING)],
        _mandate,
        lambda m, user: deputy_services.mandate_resume(
            m, date=DAY, reason="羁押已解除。", user=user
        ),
    ),
    Step(
        "mandate_terminate",
        deputy_services.MANDATE,
        [(M.SERVING, M.TERMINATED), (M.SUSPENDED, M.TERMINATED)],
        _mandate,
        lambda m, user: deputy_services.mandate_terminate(
            m, ground="recall", date=DAY, reason="被罢免。", user=user
        ),
    ),
    Step(
        "term_close_mandates",
        deputy_services.MANDATE,
        [(M.SERVING, M.TERM_ENDED), (M.SUSPENDED, M.TERM_ENDED)],
        _mandate,
        lambda m, user: elections.term_close_mandates(m.term, user=user, on=DAY),
        # Ended mandates keep their own status: the sweep passes them by.
        quiet_elsewhere=True,
    ),
]

# The system's edge: co-handling assignments finish with the lead's rating
# (tests/proposals/test_rating.py and test_lock_order.py walk it).
SYSTEM_ONLY = {(ASSIGNMENT.name, A.REPLIED, A.DONE)}


def _reload(obj):
    return type(obj)._default_manager.get(pk=obj.pk)


def _refused(step: Step, obj, user) -> bool:
    """Call the service in a savepoint; True when it raised a refusal and the
    subject kept its status."""
    before = step.status(_reload(obj))
    try:
        with transaction.atomic():
            step.act(obj, user)
    except REFUSALS:
        return step.status(_reload(obj)) == before
    return False


def test_every_edge_is_walked_by_a_step():
    machines = {step.machine.name: step.machine for step in STEPS}
    edges = {
        (name, source, target)
        for name, machine in machines.items()
        for source in machine.edges
        for target in machine.targets(source)
    }
    walked = {(s.machine.name, src, dst) for s in STEPS for src, dst in s.edges}
    assert edges - walked == set()
    assert walked <= edges
    assert set(machines) == {
        "proposals.Proposal",
        "proposals.Assignment",
        "proposals.Reply",
        "proposals.Signer",
        "proposals.ExtensionRequest",
        "proposals.MotionReview",
        "deputies.PerformanceRecord",
        "deputies.ExitCase",
        "deputies.Mandate",
    }


def _actors(step: Step, source: str, target: str) -> set[Role]:
    roles = {Role(role) for role in step.machine.actors(source, target) - {SYSTEM}}
    return roles & step.roles if step.roles else roles


def _person(world: World, step: Step, obj, role: Role):
    if role == Role.DEPUTY and isinstance(obj, Signer):
        return obj.deputy.user  # the invited deputy answers
    return world.person(role)


def _signer_invite_by_lead(step: Step, obj, world: World, role: Role):
    # The lead deputy invites again; the invited deputy answers.
    if step.name == "signer_invite again":
        return world.deputy.user
    return _person(world, step, obj, role)


@pytest.mark.parametrize("step", STEPS, ids=str)
def test_each_edge_works_for_its_roles(world, step):
    for source, target in step.edges:
        for role in _actors(step, source, target):
            obj = step.build(world, source)
            user = _signer_invite_by_lead(step, obj, world, role)
            step.act(obj, user)
            assert step.status(_reload(obj)) == target, (source, target, role)


@pytest.mark.parametrize("step", STEPS, ids=str)
def test_each_edge_is_refused_to_every_other_role(world, step):
    for source, target in step.edges:
        others = set(Role) - _actors(step, source, target)
        for role in sorted(others):
            obj = step.build(world, source)
            assert _refused(step, obj, world.stranger(role)), (source, target, role)


@pytest.mark.parametrize("step", STEPS, ids=str)
def test_each_service_is_refused_from_every_other_state(world, step):
    sources = {source for source, _target in step.edges}
    target = step.edges[0][1]
    elsewhere = step.elsewhere or [
        state for state in step.machine.states.values if state not in sources
    ]
    role = sorted(_actors(step, *step.edges[0]))[0]
    for state in elsewhere:
        obj = step.build(world, state)
        user = _signer_invite_by_lead(step, obj, world, role)
        if step.quiet_elsewhere:
            with transaction.atomic():
                step.act(obj, user)
            assert step.status(_reload(obj)) == state, (state, target)
        else:
            assert _refused(step, obj, user), (state, target)
