"""Factories (initial states) and state builders (later states, reached
through the services, as the portal reaches them).

Factories build a row in its first state: a draft proposal, a category.
Builders take an item further by calling the same services the views call,
so the events, notices and derived fields are those of real use:

    submitted() → registered() → numbered() → assigned() → accepted()
    → replied() → rated(satisfied=...) ; contested()

Each builder returns the proposal (up to numbered) or the lead assignment.
Dates default to a Monday assignment (ASSIGNED_ON) with a reply due three
months later (DUE); pass `assigned_on=`/`due_date=` for others.
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from congress.choices import Satisfaction
from congress.models import User
from congress.roles import Role
from deputies.models import Level, Mandate
from proposals import services
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Category,
    Period,
    Proposal,
    ProposalKind,
)
from tests.factories.congress import OrganizationFactory, TermFactory, UserFactory
from tests.factories.deputies import DeputyFactory


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试类别{n}")


class DeputyWithLoginFactory(DeputyFactory):
    """A deputy who can log in (role deputy)."""

    user = factory.SubFactory(
        UserFactory,
        roles=["deputy"],
        real_name=factory.SelfAttribute("..name"),
    )


class ProposalFactory(DjangoModelFactory):
    """A recess suggestion in draft, as a deputy starts it."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    kind = ProposalKind.SUGGESTION
    title = factory.Sequence(lambda n: f"关于改善第{n}号乡村道路的建议")
    body = "本村道路年久失修，雨天泥泞，群众出行不便，建议尽快硬化。"
    term = factory.SubFactory(TermFactory)
    period = Period.RECESS
    lead_deputy = factory.SubFactory(DeputyWithLoginFactory)

    @factory.post_generation
    def lead_mandate(self, create, extracted, **kwargs):
        """The lead holds a serving county mandate in the item's term (the
        services refuse any other lead); pass lead_mandate=False for none."""
        if create and extracted is not False:
            Mandate.objects.get_or_create(
                deputy=self.lead_deputy, term=self.term, level=Level.COUNTY
            )


# State builders -------------------------------------------------------------------

ASSIGNED_ON = datetime.date(2026, 6, 1)  # a Monday
DUE = datetime.date(2026, 9, 1)  # three months later
SUBMITTED_AT = datetime.datetime(2026, 1, 12, 9, tzinfo=datetime.UTC)
REPLY = {
    "text": "该路段已列入今年道路硬化计划，预计十月完工。",
    "reference_number": "县交〔2026〕12号",
    "category": "A",
    "signer": "王局长",
    "contact": "李科长 13900000000",
}


def office_user():
    """The office staff member the builders act as."""
    return UserFactory(username="b_office", roles=[Role.OFFICE], is_staff=True)


def organization_user(organization, role: Role):
    """The organisation's liaison or head: its first one, or one created
    for the builders."""
    existing = (
        User.objects.with_role(role)
        .filter(organization=organization)
        .order_by("pk")
        .first()
    )
    return existing or UserFactory(
        username=f"b_{role.value}_{organization.pk}",
        roles=[role],
        organization=organization,
    )


def submitted(*, now=SUBMITTED_AT, **fields) -> Proposal:
    """A proposal its lead deputy submitted (proposal_submit)."""
    proposal = ProposalFactory(**fields)
    return services.proposal_submit(proposal, user=proposal.lead_deputy.user, now=now)


def registered(*, category=None, **fields) -> Proposal:
    """Reviewed and classified by the office (proposals_register)."""
    proposal = submitted(**fields)
    (proposal,) = services.proposals_register(
        [proposal], user=office_user(), category=category or CategoryFactory()
    )
    return proposal


def numbered(**fields) -> Proposal:
    """Registered and numbered (proposals_number)."""
    proposal = registered(**fields)
    (proposal,) = services.proposals_number([proposal], user=office_user())
    return proposal


def assigned(
    organization=None,
    *,
    proposal: Proposal | None = None,
    co=(),
    assigned_on: datetime.date = ASSIGNED_ON,
    due_date: datetime.date | None = DUE,
    key_leaders=None,
    **fields,
) -> Assignment:
    """The lead assignment of a numbered proposal (proposals_assign); with
    `co`, co-handling organisations too; `due_date=None` lets the service
    compute the statutory due date."""
    organization = organization or OrganizationFactory()
    proposal = proposal or numbered(**fields)
    created = services.proposals_assign(
        [proposal],
        lead=organization,
        co=list(co),
        assigned_on=assigned_on,
        due_date=due_date,
        key_leaders=key_leaders,
        user=office_user(),
    )
    return next(a for a in created if a.role == AssignmentRole.LEAD)


def split_assigned(
    parts,
    *,
    proposal: Proposal | None = None,
    assigned_on: datetime.date = ASSIGNED_ON,
    due_date: datetime.date | None = DUE,
    **fields,
) -> list[Assignment]:
    """A numbered proposal split by portfolio (分口办理): `parts` is a list of
    (organisation, part handled) or (organisation, part, leader in charge)."""
    proposal = proposal or numbered(**fields)
    return services.proposals_assign(
        [proposal],
        parts=[services.SplitPart(*part) for part in parts],
        assigned_on=assigned_on,
        due_date=due_date,
        user=office_user(),
    )


def reply_sent(assignment: Assignment, *, now=None, **reply) -> Assignment:
    """The organisation of an assigned `assignment` accepts it, drafts and
    signs its reply: it awaits rating (any role, e.g. a split part)."""
    liaison = organization_user(assignment.organization, Role.ORG_LIAISON)
    head = organization_user(assignment.organization, Role.ORG_HEAD)
    services.assignment_accept(assignment, user=liaison)
    draft = services.reply_draft(assignment, user=liaison, **(REPLY | reply))
    services.reply_approve(draft, user=head, now=now)
    return Assignment.objects.get(pk=assignment.pk)


def accepted(organization=None, **kwargs) -> Assignment:
    """Accepted by the organisation's liaison (assignment_accept)."""
    assignment = assigned(organization, **kwargs)
    liaison = organization_user(assignment.organization, Role.ORG_LIAISON)
    return services.assignment_accept(assignment, user=liaison)


def contested(organization=None, *, reason="不属于本单位职责", **kwargs) -> Assignment:
    """The organisation asked to be relieved, within the window."""
    assignment = assigned(organization, **kwargs)
    liaison = organization_user(assignment.organization, Role.ORG_LIAISON)
    return services.assignment_contest(
        assignment, user=liaison, reason=reason, today=assignment.assigned_on
    )


def drafted(organization=None, *, reply=None, **kwargs) -> Assignment:
    """Accepted, with a draft reply awaiting the head's signature."""
    assignment = accepted(organization, **kwargs)
    liaison = organization_user(assignment.organization, Role.ORG_LIAISON)
    services.reply_draft(assignment, user=liaison, **(REPLY | (reply or {})))
    return Assignment.objects.get(pk=assignment.pk)


def replied(organization=None, *, now=None, **kwargs) -> Assignment:
    """The head signed the reply: the assignment awaits rating."""
    assignment = drafted(organization, **kwargs)
    head = organization_user(assignment.organization, Role.ORG_HEAD)
    draft = assignment.replies.get(round=assignment.round)
    services.reply_approve(draft, user=head, now=now)
    return Assignment.objects.get(pk=assignment.pk)


def rated(organization=None, *, satisfied: bool = True, now=None, **kwargs):
    """The lead deputy rated the reply: done when satisfied, re-handled
    (round 2) when not."""
    assignment = replied(organization, now=now, **kwargs)
    grade = Satisfaction.SATISFIED if satisfied else Satisfaction.DISSATISFIED
    services.rating_submit(
        assignment,
        user=assignment.proposal.lead_deputy.user,
        attitude=grade,
        result=grade,
        now=now,
    )
    return Assignment.objects.get(pk=assignment.pk)


def replied_again(organization=None, *, now=None, **kwargs) -> Assignment:
    """Dissatisfied in round 1, handled again and replied: round 2 awaits
    rating."""
    assignment = rated(organization, satisfied=False, now=now, **kwargs)
    liaison = organization_user(assignment.organization, Role.ORG_LIAISON)
    head = organization_user(assignment.organization, Role.ORG_HEAD)
    draft = services.reply_draft(assignment, user=liaison, **REPLY)
    services.reply_approve(draft, user=head, now=now)
    return Assignment.objects.get(pk=assignment.pk)


def escalated(organization=None, *, now=None, **kwargs) -> Assignment:
    """Dissatisfied twice: escalated for supervision."""
    assignment = replied_again(organization, now=now, **kwargs)
    grade = Satisfaction.DISSATISFIED
    services.rating_submit(
        assignment,
        user=assignment.proposal.lead_deputy.user,
        attitude=grade,
        result=grade,
        now=now,
    )
    return Assignment.objects.get(pk=assignment.pk)


def withdrawn(organization=None, **kwargs) -> Assignment:
    """Relieved by the office after asking to be relieved."""
    assignment = contested(organization, **kwargs)
    relieved, _new = services.assignment_relieve(
        assignment, user=office_user(), today=assignment.assigned_on
    )
    return relieved


A = AssignmentStatus
BUILDERS = {
    A.ASSIGNED: assigned,
    A.ACCEPTED: accepted,
    A.CONTESTED: contested,
    A.REPLIED: replied,
    A.DONE: lambda organization=None, **kw: rated(organization, satisfied=True, **kw),
    A.RE_HANDLING: lambda organization=None, **kw: rated(
        organization, satisfied=False, **kw
    ),
    A.ESCALATED: escalated,
    A.WITHDRAWN: withdrawn,
}


def assignment_in(status: str, organization=None, **kwargs) -> Assignment:
    """A lead assignment in `status`, reached through the services."""
    return BUILDERS[status](organization, **kwargs)


__all__ = [
    "ASSIGNED_ON",
    "DUE",
    "CategoryFactory",
    "DeputyWithLoginFactory",
    "ProposalFactory",
    "accepted",
    "assigned",
    "assignment_in",
    "contested",
    "drafted",
    "escalated",
    "numbered",
    "rated",
    "registered",
    "replied",
    "replied_again",
    "reply_sent",
    "split_assigned",
    "submitted",
    "withdrawn",
]
