"""Who sees which proposal and assignment, and who may do what now: one place.

- Lists: `proposals_visible_to(user)` / `Proposal.objects.visible_to(user)` and
  `assignments_visible_to(user)` / `Assignment.objects.visible_to(user)`.
- Details and steps: `proposal_get_for_user(user, pk, *, action)` and
  `assignment_get_for_user(user, pk, *, action)`: invisible → 404, visible but
  not allowed → 403 (PermissionDenied).
- "May this user do X now": `can_rate`, `can_urge`, `contest_window_open`,
  `organization_steps`. Services enforce them (raising their own precise
  message); views and templates only read them to offer buttons.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from congress import rules
from congress.calendar import add_working_days
from congress.models import Organization
from congress.roles import Role
from proposals import workflow
from proposals.models import (
    AFTER_REPLY,
    ANSWERING_ROLES,
    AWAITING_ORGANIZATION,
    CONTACT_ALLOWED,
    HANDLING,
    Assignment,
    AssignmentStatus,
    Proposal,
    Rating,
    Reply,
    ReplyStatus,
    Signer,
    SignerStatus,
)

A = AssignmentStatus
STAFF_ROLES = (Role.OFFICE, Role.LEADER, Role.VIEWER)
ORGANIZATION_ROLES = (Role.ORG_LIAISON, Role.ORG_HEAD)
# Steps on an assignment only one of the organisation's two roles takes.
LIAISON_STEPS = frozenset({"accept", "contest", "reply"})
HEAD_STEPS = frozenset({"sign", "return"})
_UNASSIGNED = ["draft", "submitted", "returned", "withdrawn", "registered"]


# Visibility (lists) ------------------------------------------------------------


def organizations_acting_for(user) -> list[int]:
    """The organisation the user acts for, and for the government office (the
    hub) also every government department it coordinates."""
    if not user.organization_id or not user.has_role(*ORGANIZATION_ROLES):
        return []
    ids = [user.organization_id]
    if user.organization.kind == Organization.Kind.GOVERNMENT_OFFICE:
        ids += list(
            Organization.objects.filter(
                kind=Organization.Kind.GOVERNMENT_DEPARTMENT
            ).values_list("pk", flat=True)
        )
    return ids


def proposals_visible_to(user, proposals: QuerySet | None = None) -> QuerySet:
    """Staff and leaders: all; an organisation: what is assigned to it (the
    hub: to any government department); a deputy: their own, co-signed, and
    published replies; supervising leaders: their key suggestions."""
    if proposals is None:
        proposals = Proposal.objects.all()
    if not user.is_authenticated or not user.is_active:
        return proposals.none()
    if user.has_role(*STAFF_ROLES):
        return proposals
    visible = Q(pk__in=[])
    if organizations := organizations_acting_for(user):
        visible |= Q(
            assignments__organization_id__in=organizations,
        ) & ~Q(status__in=_UNASSIGNED)
    if user.has_role(Role.DEPUTY):
        visible |= (
            Q(lead_deputy__user=user)
            | Q(signers__deputy__user=user)
            | Q(published=True, confidential=False)
        )
    visible |= Q(supervising_leaders=user)
    return proposals.filter(pk__in=proposals.filter(visible).values("pk"))


def assignments_visible_to(user, assignments: QuerySet | None = None) -> QuerySet:
    """The assignments of every proposal the user sees (an organisation also
    sees the other organisations' parts in its proposals)."""
    if assignments is None:
        assignments = Assignment.objects.all()
    if not user.is_authenticated or not user.is_active:
        return assignments.none()
    if user.has_role(*STAFF_ROLES):
        return assignments
    return assignments.filter(proposal_id__in=proposals_visible_to(user).values("pk"))


# Who may do what now ------------------------------------------------------------


def is_confirmed_signer(user, proposal: Proposal) -> bool:
    return Signer.objects.filter(
        proposal=proposal, deputy__user=user, status=SignerStatus.CONFIRMED
    ).exists()


def rating_deputy(user, proposal: Proposal):
    """The deputy who rates the handling as `user`: the lead deputy, or a
    confirmed co-signer when the installation lets co-signers rate; else None."""
    if not user.is_authenticated:
        return None
    if proposal.lead_deputy.user_id == user.pk:
        return proposal.lead_deputy
    if rules.get(workflow.COSIGNERS_RATE.key) and is_confirmed_signer(user, proposal):
        return user.deputy
    return None


def rates_as(proposal: Proposal, *, is_lead: bool, confirmed_signer: bool) -> bool:
    """The rating rule on rows already loaded (the proposal page's buttons)."""
    return is_lead or (
        confirmed_signer and bool(rules.get(workflow.COSIGNERS_RATE.key))
    )


def awaiting_rating(assignment: Assignment, deputy_id: int) -> bool:
    """The lead organisation's reply awaits this deputy's rating this round
    (reads `assignment.ratings.all()`, prefetched or not)."""
    return (
        assignment.role in ANSWERING_ROLES
        and assignment.status == A.REPLIED
        and not any(
            rating.round == assignment.round and rating.deputy_id == deputy_id
            for rating in assignment.ratings.all()
        )
    )


def raters(proposal: Proposal) -> list:
    """The deputies who rate the proposal's handling (and are asked to): the
    lead deputy, and the confirmed co-signers when the rule says they rate
    too; deputies without a login are left out."""
    deputies = [proposal.lead_deputy]
    if rules.get(workflow.COSIGNERS_RATE.key):
        signers = Signer.objects.filter(
            proposal=proposal, status=SignerStatus.CONFIRMED
        ).select_related("deputy__user")
        deputies += [signer.deputy for signer in signers]
    return [deputy for deputy in deputies if deputy.user_id]


def awaiting_rating_by(deputy) -> QuerySet[Assignment]:
    """Lead organisations' replies in their current round that `deputy` rates
    and has not rated yet (the queryset form of `awaiting_rating`)."""
    mine = Q(proposal__lead_deputy=deputy)
    if rules.get(workflow.COSIGNERS_RATE.key):
        mine |= Exists(
            Signer.objects.filter(
                proposal=OuterRef("proposal"),
                deputy=deputy,
                status=SignerStatus.CONFIRMED,
            )
        )
    rated = Rating.objects.filter(
        assignment=OuterRef("pk"), round=OuterRef("round"), deputy=deputy
    )
    return Assignment.objects.filter(
        mine, role__in=ANSWERING_ROLES, status=A.REPLIED
    ).exclude(Exists(rated))


def can_rate(user, assignment: Assignment) -> bool:
    """Whether `user` may rate the assignment's reply now."""
    deputy = rating_deputy(user, assignment.proposal)
    return deputy is not None and awaiting_rating(assignment, deputy.pk)


def may_urge(user, proposal: Proposal) -> bool:
    """Who urges (催办): office staff, the lead deputy, confirmed co-signers
    and the proposal's supervising leaders."""
    if not user.is_authenticated:
        return False
    return (
        user.has_role(Role.OFFICE)
        or proposal.lead_deputy.user_id == user.pk
        or is_confirmed_signer(user, proposal)
        or proposal.supervising_leaders.filter(pk=user.pk).exists()
    )


def can_urge(user, assignment: Assignment) -> bool:
    """Whether `user` may urge the organisation now: a person who urges, on
    an assignment still waiting for the organisation (the interval between
    two urgings is the service's to check)."""
    return assignment.status in AWAITING_ORGANIZATION and may_urge(
        user, assignment.proposal
    )


def contest_closes(assignment: Assignment) -> datetime.date:
    """The last day to ask to be relieved: the N-th working day after the
    assignment date."""
    return add_working_days(
        assignment.assigned_on, rules.get(workflow.CONTEST_WINDOW_DAYS.key)
    )


def contest_window_open(assignment: Assignment, *, today: datetime.date) -> bool:
    """Whether the organisation may still ask to be relieved today (a weekend
    after the last working day of the window is after the window)."""
    return today <= contest_closes(assignment)


def current_draft(assignment: Assignment) -> Reply | None:
    return Reply.objects.filter(
        assignment=assignment, round=assignment.round, status=ReplyStatus.DRAFT
    ).first()


def organization_steps(user, assignment: Assignment, *, today) -> set[str]:
    """The steps the organisation's user may take now (the page's buttons):
    accept, contest, reply, extension, sign, contact, implementation."""
    status = assignment.status
    following = workflow.ASSIGNMENT_TRANSITIONS[status]
    steps = set()
    if status in (A.ASSIGNED, A.CONTESTED) and A.ACCEPTED in following:
        steps.add("accept")
    if A.CONTESTED in following and contest_window_open(assignment, today=today):
        steps.add("contest")
    if status in HANDLING:
        steps |= {"reply", "extension"}
        own_org = user.organization_id == assignment.organization_id
        if own_org and A.REPLIED in following and current_draft(assignment):
            steps |= {"sign", "return"}
    if status in CONTACT_ALLOWED:
        steps.add("contact")
    if status in AFTER_REPLY:
        steps.add("implementation")
    if not user.has_role(Role.ORG_LIAISON):
        steps -= LIAISON_STEPS
    if not user.has_role(Role.ORG_HEAD):
        steps -= HEAD_STEPS
    return steps


def lead_deputy_phone(user, assignment: Assignment) -> str:
    """The lead deputy's mobile number, for the organisation handling the
    assignment (it must meet the deputy, 见面): only a user acting for that
    organisation, while the assignment is not relieved; else ""."""
    if assignment.status == A.WITHDRAWN:
        return ""
    if assignment.organization_id not in organizations_acting_for(user):
        return ""
    return assignment.proposal.lead_deputy.mobile


def evaluator_role(user, assignment: Assignment) -> str | None:
    from proposals.evaluations import evaluation_evaluator_role

    return evaluation_evaluator_role(assignment, user)


def evaluations_readable(user, assignment: Assignment) -> bool:
    from proposals.evaluations import evaluations_readable_by

    return evaluations_readable_by(assignment, user)


# Details (404 / 403) ---------------------------------------------------------------


def proposal_get_for_user(user, pk: int, *, action: str = "view") -> Proposal:
    """The proposal for `action`: view (anyone who sees it) or lead (its lead
    deputy). Invisible → 404; visible but not allowed → 403."""
    proposal = (
        proposals_visible_to(user)
        .select_related("lead_deputy", "category", "meeting", "term")
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404
    allowed = {
        "view": lambda: True,
        "lead": lambda: proposal.lead_deputy.user_id == user.pk,
    }[action]
    if not allowed():
        raise PermissionDenied
    return proposal


_ASSIGNMENT_JOINS = (
    "proposal__lead_deputy",
    "proposal__category",
    "organization",
    "via_hub",
)
_LETTER_JOINS = (
    *_ASSIGNMENT_JOINS,
    "proposal__term",
    "proposal__meeting__term",
    "proposal__category",
)


def assignment_get_for_user(user, pk: int, *, action: str = "view") -> Assignment:
    """One assignment for `action`:

    - view: anyone who sees its proposal;
    - handle: the organisation's own users (the government office also its
      departments'); any other assignment is invisible to them (404);
    - letter (the assignment letter PDF): office staff, or its organisation;
    - rate: the deputy who rates its reply (`rating_deputy`);
    - urge: who urges (`may_urge`);
    - evaluate: who fills in the handling evaluation form;
    - evaluation_results: staff, leaders, viewers and the lead deputy.

    Invisible → 404; visible but not allowed → 403. Whether the step is
    open *now* (state, window) is `can_*`'s and the service's to say.
    """
    if action == "handle":
        assignments = Assignment.objects.filter(
            organization_id__in=organizations_acting_for(user)
        )
    elif action == "letter":
        assignments = (
            Assignment.objects.all()
            if user.has_role(Role.OFFICE)
            else Assignment.objects.filter(
                organization_id__in=organizations_acting_for(user)
            )
        )
    else:
        assignments = assignments_visible_to(user)
    joins = _LETTER_JOINS if action == "letter" else _ASSIGNMENT_JOINS
    assignment = assignments.select_related(*joins).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    allowed = {
        "view": lambda: True,
        "handle": lambda: True,
        "letter": lambda: True,
        "rate": lambda: rating_deputy(user, assignment.proposal) is not None,
        "urge": lambda: may_urge(user, assignment.proposal),
        "evaluate": lambda: evaluator_role(user, assignment) is not None,
        "evaluation_results": lambda: evaluations_readable(user, assignment),
    }[action]
    if not allowed():
        raise PermissionDenied
    return assignment
