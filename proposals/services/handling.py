"""Proposals services: handling, from assignment (交办) to acceptance.

Office staff assign a proposal to one lead organisation and any number of
co-handling ones; each organisation accepts (签收) or asks to be relieved
(申请调整) and may ask for an extension (延期申请). The reply stage is in
proposals.services.replies; this module also holds the reply-due and
promise-due reminder rules.
"""

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import reminders, rules
from congress.calendar import (
    add_months_to_workday,
)
from congress.exceptions import DomainError, TransitionNotAllowed
from congress.history import history_context
from congress.models import Organization, User
from congress.notifications import notify_bulk, register_kind
from congress.roles import Role
from congress.workflow import transition
from proposals import access
from proposals.access import organizations_acting_for
from proposals.models import (
    HANDLING,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    ExtensionRequest,
    ImplementationStatus,
    LeaderInCharge,
    Proposal,
    ProposalKind,
    ProposalStatus,
    ReplyCategory,
)
from proposals.workflow import (
    ASSIGNMENT,
    EXTENSION,
    HANDLING_MONTHS,
    HARD_CASE_MONTHS,
    PROPOSAL,
    record_event,
)

__all__ = [
    "PROMISE_DUE",
    "REPLY_DUE",
    "SplitPart",
    "assignment_accept",
    "assignment_contest",
    "assignment_details_set",
    "assignment_relieve",
    "extension_decide",
    "extension_request",
    "proposal_mark_key",
    "proposals_assign",
]

A = AssignmentStatus
# The implementation an approved reply implies until the organisation says more.
IMPLEMENTATION_BY_CATEGORY = {
    ReplyCategory.A: ImplementationStatus.SOLVED,
    ReplyCategory.B: ImplementationStatus.IN_PROGRESS,
    ReplyCategory.C: ImplementationStatus.CANNOT_SOLVE,
}


# Notice kinds ----------------------------------------------------------------

register_kind(
    "proposals.assigned",
    title=gettext_lazy("New assignment: %(title)s"),
    body=gettext_lazy(
        "“%(title)s” (No. %(number)s) was assigned to %(organization)s. "
        "The reply is due on %(due_date)s."
    ),
    label=gettext_lazy("Motions and suggestions assigned to my organisation"),
)
register_kind(
    "proposals.key_supervision",
    title=gettext_lazy("Key suggestion to supervise: %(title)s"),
    body=gettext_lazy(
        "You were named to lead the supervision of the key suggestion “%(title)s”."
    ),
    label=gettext_lazy("Key suggestions I supervise"),
)
register_kind(
    "proposals.contested",
    title=gettext_lazy("Request to be relieved: %(title)s"),
    body=gettext_lazy(
        "%(organization)s asks to be relieved of “%(title)s”: %(reason)s"
    ),
    label=gettext_lazy("Organisations asking to be relieved of an assignment"),
)
register_kind(
    "proposals.relieved",
    title=gettext_lazy("Relieved of an assignment: %(title)s"),
    body=gettext_lazy("%(organization)s no longer handles “%(title)s”."),
    label=gettext_lazy("Assignments my organisation was relieved of"),
)
register_kind(
    "proposals.extension_requested",
    title=gettext_lazy("Extension requested: %(title)s"),
    body=gettext_lazy(
        "%(organization)s asks to move the reply deadline of “%(title)s” "
        "from %(due_date)s to %(requested_due)s: %(reason)s"
    ),
    label=gettext_lazy("Extension requests"),
)
register_kind(
    "proposals.extension_granted",
    title=gettext_lazy("Extension granted: %(title)s"),
    body=gettext_lazy("The reply to “%(title)s” is now due on %(due_date)s."),
    label=gettext_lazy("Decisions on extension requests"),
)
register_kind(
    "proposals.extension_refused",
    title=gettext_lazy("Extension refused: %(title)s"),
    body=gettext_lazy("The reply to “%(title)s” remains due on %(due_date)s."),
    label=gettext_lazy("Decisions on extension requests"),
)
register_kind(
    "proposals.reply_to_sign",
    title=gettext_lazy("A reply awaits your signature: %(title)s"),
    body=gettext_lazy(
        "The draft reply of %(organization)s to “%(title)s” awaits approval."
    ),
    label=gettext_lazy("Replies awaiting my signature"),
)
register_kind(
    "proposals.reply_to_rate",
    title=gettext_lazy("Please rate the reply: %(title)s"),
    body=gettext_lazy(
        "%(organization)s has replied to “%(title)s” (category %(category)s). "
        "Please rate its handling."
    ),
    label=gettext_lazy("Replies awaiting my rating"),
)
register_kind(
    "proposals.co_opinion",
    title=gettext_lazy("Co-handling opinion received: %(title)s"),
    body=gettext_lazy(
        "%(organization)s has sent its opinion on “%(title)s” to your organisation."
    ),
    label=gettext_lazy("Opinions of co-handling organisations"),
)
register_kind(
    "proposals.reply_sent_back",
    title=gettext_lazy("Reply sent back: %(title)s"),
    body=gettext_lazy("The office sent back the reply to “%(title)s”: %(reason)s"),
    label=gettext_lazy("Replies sent back by the office"),
)
register_kind(
    "proposals.reply_due",
    title=gettext_lazy("Reply due on %(deadline)s: %(title)s"),
    body=gettext_lazy(
        "The reply of %(organization)s to “%(title)s” (No. %(number)s) is due "
        "on %(deadline)s."
    ),
    label=gettext_lazy("Reply deadlines"),
)
register_kind(
    "proposals.promise_due",
    title=gettext_lazy("Promised completion on %(deadline)s: %(title)s"),
    body=gettext_lazy(
        "%(organization)s promised to complete what “%(title)s” asks for by "
        "%(deadline)s. Record how far it has been implemented."
    ),
    label=gettext_lazy("Promises coming due"),
)


# Helpers ---------------------------------------------------------------------


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(message)
    return text


def _require_office(user: User) -> None:
    if not user.has_role(Role.OFFICE):
        raise PermissionDenied(_("Only office staff can do this."))


def _require_acting_for(user: User, assignment: Assignment, *roles: Role) -> None:
    """The user holds one of `roles` and acts for the assigned organisation
    (the government office also for the departments it coordinates)."""
    acting_for = organizations_acting_for(user)
    if not user.has_role(*roles) or assignment.organization_id not in acting_for:
        raise PermissionDenied(_("You do not act for the assigned organisation."))


def _lock(assignment: Assignment, allowed: Iterable[str], message: str) -> Assignment:
    """Lock an assignment (its row only) for a step that does not change its
    status."""
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("proposal", "organization")
        .get(pk=assignment.pk)
    )
    if locked.status not in allowed:
        raise TransitionNotAllowed(message)
    return locked


def _users_by_org(org_ids: Iterable[Any], role: Role = Role.ORG_LIAISON):
    """{organisation id: [users with `role`]} in one query."""
    by_org: dict[int, list[User]] = {}
    ids = {pk for pk in org_ids if pk}
    for user in User.objects.with_role(role).filter(organization_id__in=ids):
        by_org.setdefault(user.organization_id, []).append(user)
    return by_org


def _org_users(assignment: Assignment, role: Role = Role.ORG_LIAISON) -> list[User]:
    return _users_by_org([assignment.organization_id], role).get(
        assignment.organization_id, []
    )


def _office_staff() -> list[User]:
    return list(User.objects.with_role(Role.OFFICE))


def _url(proposal: Proposal) -> str:
    try:
        return proposal.get_absolute_url()
    except NoReverseMatch:  # the pages are not wired yet
        return ""


def _params(assignment: Assignment, **extra: Any) -> dict[str, Any]:
    proposal = assignment.proposal
    return {
        "title": proposal.title,
        "number": proposal.number,
        "organization": assignment.organization.name,
        **extra,
    }


def _send(users: Iterable[User], kind: str, *, target, params: dict) -> None:
    """One notice per distinct user, in the caller's transaction."""
    unique = {user.pk: user for user in users}
    proposal = target if isinstance(target, Proposal) else target.proposal
    url = _url(proposal)
    notify_bulk([(user, kind, params, target, url) for user in unique.values()])


def _hub() -> Organization | None:
    """The government office that coordinates the departments, if any."""
    return Organization.objects.filter(
        kind=Organization.Kind.GOVERNMENT_OFFICE, is_active=True
    ).first()


def _via_hub(organization: Organization, hub: Organization | None):
    if organization.kind == Organization.Kind.GOVERNMENT_DEPARTMENT:
        return hub
    return None


def legal_maximum(assigned_on: datetime.date) -> datetime.date:
    """The latest reply deadline the law allows (hard-case months)."""
    return add_months_to_workday(assigned_on, rules.get(HARD_CASE_MONTHS.key))


def _due_date(
    assigned_on: datetime.date, *, hard_case: bool, due_date: datetime.date | None
) -> datetime.date:
    if due_date is None:
        rule = HARD_CASE_MONTHS if hard_case else HANDLING_MONTHS
        return add_months_to_workday(assigned_on, rules.get(rule.key))
    if due_date <= assigned_on:
        raise DomainError(
            _("The reply deadline must be after the assignment date (%(date)s).")
            % {"date": _day(assigned_on)}
        )
    maximum = legal_maximum(assigned_on)
    if due_date > maximum:
        raise DomainError(
            _("The reply deadline cannot be later than %(date)s, the legal maximum.")
            % {"date": _day(maximum)}
        )
    return due_date


# Assignment (交办) -------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SplitPart:
    """One part of a suggestion handled apart (分口办理): the organisation,
    what it handles, and the vice head in charge (default: the one whose
    portfolio holds the organisation)."""

    organization: Organization
    part: str
    leader_in_charge: LeaderInCharge | None = None


def proposals_assign(
    proposals: Iterable[Proposal],
    *,
    lead: Organization | None = None,
    co: Iterable[Organization] = (),
    parts: Sequence[SplitPart] = (),
    assigned_on: datetime.date,
    user: User,
    hard_case: bool = False,
    due_date: datetime.date | None = None,
    now: datetime.datetime | None = None,
    key_leaders: Iterable[User] | None = None,
    leader_in_charge: LeaderInCharge | None = None,
    handler: str = "",
    supervisor: str = "",
) -> list[Assignment]:
    """Assign numbered proposals, one by one or as a batch sharing a due date,
    either to a lead organisation and co-handling ones, or split by portfolio
    (分口办理: `parts`, two or more, each replied, rated and counted on its
    own); government departments go through the government office (the hub).
    Notifies the organisations. With `key_leaders`, the items also become key
    suggestions supervised by those leaders (proposal_mark_key), in the same
    transaction.

    The 交办表's people: the leader in charge goes on the lead assignment
    (default: the one whose portfolio holds the organisation; co-handling
    assignments take theirs that way) or on each part (its own, or by
    default); the handler (领办人) on the lead only, the supervisor (督办人)
    on the lead or on every part.

    Raises PermissionDenied (not office staff), DomainError (neither or both
    of a lead and parts, co-handling with parts, fewer than two parts, a part
    without its text, an organisation named twice or inactive, an unnumbered
    item, a due date on or before the assignment date or beyond the legal
    maximum) and TransitionNotAllowed (an item not classified and numbered,
    or assigned already).
    """
    _require_office(user)
    proposals = list(proposals)
    specs = _specs(
        lead, list(co), list(parts), people=(leader_in_charge, handler, supervisor)
    )
    organizations = [spec["organization"] for spec in specs]
    due = _due_date(assigned_on, hard_case=hard_case, due_date=due_date)
    hub = _hub()
    liaisons = _users_by_org([org.pk for org in organizations] + [hub and hub.pk])
    defaults = _leaders_for(organizations)
    for spec in specs:
        spec["leader_in_charge"] = spec["leader_in_charge"] or defaults.get(
            spec["organization"].pk
        )
    created: list[Assignment] = []
    with transaction.atomic(), history_context(user):
        # A fixed order, so that two overlapping batches cannot deadlock.
        for proposal in sorted(proposals, key=lambda item: item.pk):
            locked = transition(
                proposal, ProposalStatus.ASSIGNED, machine=PROPOSAL, user=user
            )
            if locked.kind == ProposalKind.MOTION:
                raise DomainError(
                    _(
                        "“%(title)s” is a motion on the agenda: it is referred to "
                        "a special committee, not assigned for a reply."
                    )
                    % {"title": locked.title}
                )
            assignments = _assign_one(locked, specs, assigned_on, due, hub=hub)
            _notify_assigned(assignments, liaisons)
            created += assignments
            record_event(
                locked,
                "proposals.assigned",
                actor=user,
                now=now,
                organizations=[org.pk for org in organizations],
                due_date=due.isoformat(),
                hard_case=hard_case,
                **({"parts": [spec["part"] for spec in specs]} if parts else {}),
            )
        if key_leaders is not None:
            leaders = list(key_leaders)
            for proposal in sorted(proposals, key=lambda item: item.pk):
                proposal_mark_key(proposal, leaders=leaders, user=user)
    return created


def _specs(
    lead: Organization | None,
    co: list[Organization],
    parts: list[SplitPart],
    *,
    people: tuple[LeaderInCharge | None, str, str],
) -> list[dict[str, Any]]:
    """The assignments to create for each item, as field values, checked."""
    leader, handler, supervisor = people
    if (lead is None) == (not parts):
        raise DomainError(_("Name a lead organisation or split the item into parts."))
    if parts and co:
        raise DomainError(
            _("Split handling has no co-handling organisations: make each a part.")
        )
    if parts and len(parts) < 2:
        raise DomainError(_("Split handling needs at least two parts."))
    if any(not part.part.strip() for part in parts):
        raise DomainError(_("Say which part of the item each organisation handles."))
    if lead is None:  # split: the parts were checked above
        specs = [
            _spec(p.organization, AssignmentRole.SPLIT, p.leader_in_charge)
            | {"part": p.part.strip(), "supervisor": supervisor.strip()}
            for p in parts
        ]
    else:
        specs = [
            _spec(lead, AssignmentRole.LEAD, leader)
            | {"handler": handler.strip(), "supervisor": supervisor.strip()},
            *(_spec(org, AssignmentRole.CO, None) for org in co),
        ]
    organizations = [spec["organization"] for spec in specs]
    if len({org.pk for org in organizations}) != len(organizations):
        raise DomainError(_("Name each organisation only once."))
    if inactive := [org.name for org in organizations if not org.is_active]:
        raise DomainError(
            _("%(names)s no longer handles suggestions.")
            % {"names": "、".join(inactive)}
        )
    return specs


def _spec(
    organization: Organization, role: str, leader: LeaderInCharge | None
) -> dict[str, Any]:
    return {
        "organization": organization,
        "role": role,
        "leader_in_charge": leader,
        "part": "",
        "handler": "",
        "supervisor": "",
    }


def _assign_one(
    proposal: Proposal,
    specs: list[dict[str, Any]],
    assigned_on: datetime.date,
    due: datetime.date,
    *,
    hub: Organization | None,
) -> list[Assignment]:
    if proposal.number is None:
        raise DomainError(
            _("“%(title)s” has no number yet: classify and number it first.")
            % {"title": proposal.title}
        )
    assignments = Assignment.objects.bulk_create(
        Assignment(
            proposal=proposal,
            assigned_on=assigned_on,
            due_date=due,
            via_hub=_via_hub(spec["organization"], hub),
            **spec,
        )
        for spec in specs
    )
    proposal.save(update_fields=["status"])
    return assignments


def _leaders_for(organizations: list[Organization]) -> dict[int, LeaderInCharge]:
    """Per organisation, the first active leader whose portfolio holds it."""
    found: dict[int, LeaderInCharge] = {}
    through = LeaderInCharge.organizations.through.objects.filter(
        organization__in=organizations, leaderincharge__is_active=True
    ).select_related("leaderincharge")
    for row in through.order_by("leaderincharge__sort_order", "leaderincharge_id"):
        found.setdefault(row.organization_id, row.leaderincharge)
    return found


def assignment_details_set(
    assignment: Assignment,
    *,
    user: User,
    leader_in_charge: LeaderInCharge | None,
    handler: str,
    supervisor: str,
    part: str | None = None,
    now: datetime.datetime | None = None,
) -> Assignment:
    """Office staff set the 交办表's people of one assignment: the leader in
    charge (分管领导), the handler (领办人) and the supervisor (督办人); and
    of a split part (分口办理), with `part`, the part it handles.
    Raises PermissionDenied, DomainError (a retired leader, an empty part, a
    part for an assignment that is not split) and TransitionNotAllowed (a
    relieved assignment)."""
    _require_office(user)
    if leader_in_charge is not None and not leader_in_charge.is_active:
        raise DomainError(
            _("%(name)s is no longer in charge.") % {"name": leader_in_charge}
        )
    with transaction.atomic(), history_context(user):
        locked = Assignment.objects.select_for_update(of=("self",)).get(
            pk=assignment.pk
        )
        if locked.status == A.WITHDRAWN:
            raise TransitionNotAllowed(_("The organisation was relieved of it."))
        locked.leader_in_charge = leader_in_charge
        locked.handler, locked.supervisor = handler.strip(), supervisor.strip()
        if part is not None:
            locked.part = _part(locked, part)
        locked.save(update_fields=["leader_in_charge", "handler", "supervisor", "part"])
        record_event(
            locked.proposal,
            "proposals.details_set",
            actor=user,
            now=now,
            assignment=locked,
            leader=leader_in_charge.pk if leader_in_charge else None,
            handler=locked.handler,
            supervisor=locked.supervisor,
            part=locked.part,
        )
    return locked


def _part(assignment: Assignment, part: str) -> str:
    if assignment.role != AssignmentRole.SPLIT:
        raise DomainError(_("Only a split part names the part it handles."))
    return _required(part, _("Say which part of the item this organisation handles."))


def _notify_assigned(
    assignments: list[Assignment], liaisons: dict[int, list[User]]
) -> None:
    """Each organisation's liaisons, and the hub's once per proposal."""
    items, hub_told = [], set()
    for assignment in assignments:
        users = list(liaisons.get(assignment.organization_id, []))
        for user in liaisons.get(assignment.via_hub_id, []):
            if user.pk not in hub_told:
                hub_told.add(user.pk)
                users.append(user)
        params = _params(assignment, due_date=assignment.due_date.isoformat())
        url = _url(assignment.proposal)
        items += [
            (user, "proposals.assigned", params, assignment, url) for user in users
        ]
    notify_bulk(items)


def proposal_mark_key(
    proposal: Proposal,
    *,
    leaders: Iterable[User],
    user: User,
    now: datetime.datetime | None = None,
) -> Proposal:
    """Mark a numbered or assigned item as a key suggestion (重点建议) with the
    leaders who supervise it; newly named leaders are notified.

    Raises PermissionDenied (not office staff) and DomainError (no leader, a
    person without the leader role, an item not numbered yet or closed).
    """
    _require_office(user)
    leaders = list(leaders)
    if not leaders:
        raise DomainError(_("Name at least one leader to supervise a key suggestion."))
    if any(not leader.has_role(Role.LEADER) for leader in leaders):
        raise DomainError(_("Only committee leaders can supervise key suggestions."))
    with transaction.atomic(), history_context(user):
        locked = Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
        if locked.status not in (ProposalStatus.REGISTERED, ProposalStatus.ASSIGNED):
            raise DomainError(
                _("Only a numbered item that is not closed can be marked key.")
            )
        before = set(locked.supervising_leaders.values_list("pk", flat=True))
        locked.is_key = True
        locked.save(update_fields=["is_key"])
        locked.supervising_leaders.set(leaders)
        record_event(
            locked,
            "proposals.marked_key",
            actor=user,
            now=now,
            leaders=[leader.pk for leader in leaders],
        )
        _send(
            [leader for leader in leaders if leader.pk not in before],
            "proposals.key_supervision",
            target=locked,
            params={"title": locked.title, "number": locked.number},
        )
    return locked


# Accept, contest, relieve ----------------------------------------------------


def assignment_accept(
    assignment: Assignment, *, user: User, now: datetime.datetime | None = None
) -> Assignment:
    """The organisation's liaison (or the hub's, for a government department)
    accepts the assignment (签收), or withdraws its request to be relieved.
    A replied assignment is never reopened here: only the office's send-back
    returns it to handling.

    Raises PermissionDenied and TransitionNotAllowed.
    """
    _require_acting_for(user, assignment, Role.ORG_LIAISON)
    with transaction.atomic(), history_context(user):
        locked = transition(assignment, A.ACCEPTED, machine=ASSIGNMENT, user=user)
        locked.save(update_fields=["status"])
        record_event(
            locked.proposal,
            "proposals.accepted",
            actor=user,
            assignment=locked,
            now=now,
        )
    return locked


def assignment_contest(
    assignment: Assignment,
    *,
    user: User,
    reason: str,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Assignment:
    """Ask to be relieved of an assignment (申请调整) within the window of
    working days after the assignment date; office staff are notified.

    Raises PermissionDenied, TransitionNotAllowed and DomainError (no reason,
    the window has closed).
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    _require_acting_for(user, assignment, Role.ORG_LIAISON)
    reason = _required(reason, _("Give a reason for asking to be relieved."))
    with transaction.atomic(), history_context(user):
        locked = transition(assignment, A.CONTESTED, machine=ASSIGNMENT, user=user)
        if not access.contest_window_open(locked, today=today):
            raise DomainError(
                _("The window to ask to be relieved closed on %(date)s.")
                % {"date": _day(access.contest_closes(locked))}
            )
        locked.save(update_fields=["status"])
        record_event(
            locked.proposal,
            "proposals.contested",
            actor=user,
            now=now,
            assignment=locked,
            comment=reason,
        )
        _send(
            _office_staff(),
            "proposals.contested",
            target=locked,
            params=_params(locked, reason=reason),
        )
    return locked


def assignment_relieve(
    assignment: Assignment,
    *,
    user: User,
    reassign_to: Organization | None = None,
    today: datetime.date | None = None,
) -> tuple[Assignment, Assignment | None]:
    """Office staff relieve an organisation that asked to be relieved and may
    assign the item to another one with the same role and due date.

    Returns (relieved assignment, new assignment or None). Raises
    PermissionDenied, TransitionNotAllowed and DomainError (the other
    organisation is assigned already, or the due date has passed).
    """
    today = today or timezone.localdate()
    _require_office(user)
    with transaction.atomic(), history_context(user):
        locked = transition(assignment, A.WITHDRAWN, machine=ASSIGNMENT, user=user)
        locked.save(update_fields=["status"])
        record_event(
            locked.proposal,
            "proposals.relieved",
            actor=user,
            assignment=locked,
            reassigned_to=reassign_to.pk if reassign_to else None,
        )
        _send(
            _org_users(locked),
            "proposals.relieved",
            target=locked,
            params=_params(locked),
        )
        new = _reassign(locked, reassign_to, user=user, today=today)
    return locked, new


def _reassign(
    old: Assignment,
    organization: Organization | None,
    *,
    user: User,
    today: datetime.date,
) -> Assignment | None:
    if organization is None:
        return None
    if old.proposal.assignments.filter(organization=organization).exists():
        raise DomainError(
            _("%(organization)s is assigned this item already.")
            % {"organization": organization.name}
        )
    if old.due_date <= today:
        raise DomainError(
            _("The reply deadline %(date)s has passed: assign the item anew.")
            % {"date": _day(old.due_date)}
        )
    new = Assignment.objects.create(
        proposal=old.proposal,
        organization=organization,
        role=old.role,
        # A split part keeps what it handles and its leader's portfolio.
        part=old.part,
        leader_in_charge=old.leader_in_charge if old.part else None,
        assigned_on=today,
        due_date=old.due_date,
        via_hub=_via_hub(organization, _hub()),
    )
    record_event(
        old.proposal,
        "proposals.assigned",
        actor=user,
        assignment=new,
        organizations=[organization.pk],
        due_date=new.due_date.isoformat(),
        replaces=old.pk,
    )
    liaisons = _users_by_org([organization.pk, new.via_hub_id])
    _notify_assigned([new], liaisons)
    return new


# Extensions (延期申请) ----------------------------------------------------------


def _check_extension(assignment: Assignment, requested_due: datetime.date) -> None:
    if requested_due <= assignment.due_date:
        raise DomainError(
            _("The new deadline must be after the current one (%(date)s).")
            % {"date": _day(assignment.due_date)}
        )
    maximum = legal_maximum(assignment.assigned_on)
    if requested_due > maximum:
        raise DomainError(
            _("A deadline cannot be extended beyond %(date)s, the legal maximum.")
            % {"date": _day(maximum)}
        )


def extension_request(
    assignment: Assignment,
    *,
    user: User,
    requested_due: datetime.date,
    reason: str,
    now: datetime.datetime | None = None,
) -> ExtensionRequest:
    """The organisation asks to move its reply deadline; office staff are
    notified.

    Raises PermissionDenied, TransitionNotAllowed (not being handled) and
    DomainError (no reason, not later than the current deadline, beyond the
    legal maximum, another request pending).
    """
    _require_acting_for(user, assignment, Role.ORG_LIAISON, Role.ORG_HEAD)
    reason = _required(reason, _("Give a reason for the extension."))
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        locked = _lock(
            assignment,
            HANDLING,
            _("Only an assignment being handled can have its deadline extended."),
        )
        _check_extension(locked, requested_due)
        pending = ExtensionRequest.Status.PENDING
        if locked.extension_requests.filter(status=pending).exists():
            raise DomainError(_("An extension request is already awaiting a decision."))
        request = ExtensionRequest.objects.create(
            assignment=locked,
            requested_due=requested_due,
            reason=reason,
            requested_by=user,
            created_at=now,
        )
        record_event(
            locked.proposal,
            "proposals.extension_requested",
            actor=user,
            assignment=locked,
            now=now,
            comment=reason,
            requested_due=requested_due.isoformat(),
        )
        params = _params(
            locked,
            due_date=locked.due_date.isoformat(),
            requested_due=requested_due.isoformat(),
            reason=reason,
        )
        _send(
            _office_staff(),
            "proposals.extension_requested",
            target=locked,
            params=params,
        )
    return request


def extension_decide(
    request: ExtensionRequest,
    *,
    user: User,
    grant: bool,
    now: datetime.datetime | None = None,
) -> ExtensionRequest:
    """Office staff grant (the due date moves) or refuse an extension request;
    the organisation's liaisons are notified.

    Raises PermissionDenied, TransitionNotAllowed (decided already, or the
    assignment is no longer being handled) and DomainError (the legal maximum).
    """
    _require_office(user)
    decisions = ExtensionRequest.Status
    target = decisions.GRANTED if grant else decisions.REFUSED
    with transaction.atomic(), history_context(user):
        # Parent before child: the assignment, then its request.
        assignment = _lock(
            Assignment(pk=request.assignment_id),
            HANDLING if grant else A.values,
            _("Only an assignment being handled can have its deadline extended."),
        )
        locked = transition(request, target, machine=EXTENSION, user=user)
        previous = assignment.due_date
        if grant:
            _check_extension(assignment, locked.requested_due)
            assignment.due_date = locked.requested_due
            assignment.save(update_fields=["due_date"])
        locked.decided_by = user
        locked.save(update_fields=["status", "decided_by"])
        record_event(
            assignment.proposal,
            f"proposals.extension_{locked.status}",
            actor=user,
            assignment=assignment,
            now=now,
            previous_due=previous.isoformat(),
            requested_due=locked.requested_due.isoformat(),
        )
        _send(
            _org_users(assignment),
            f"proposals.extension_{locked.status}",
            target=assignment,
            params=_params(assignment, due_date=assignment.due_date.isoformat()),
        )
    return locked


# Deadline reminders ----------------------------------------------------------


def _reply_due_recipients(
    assignments: list[Assignment], step: str
) -> dict[int, list[User]]:
    """The organisation's liaisons; when overdue also the hub's and the office."""
    overdue = step == "overdue"
    org_ids = {a.organization_id for a in assignments}
    if overdue:
        org_ids |= {a.via_hub_id for a in assignments}
    liaisons = _users_by_org(org_ids)
    office = _office_staff() if overdue else []
    return {
        a.pk: [
            *liaisons.get(a.organization_id, []),
            *(liaisons.get(a.via_hub_id, []) if overdue else []),
            *office,
        ]
        for a in assignments
    }


def _promise_recipients(
    assignments: list[Assignment], step: str
) -> dict[int, list[User]]:
    liaisons = _users_by_org({a.organization_id for a in assignments})
    return {a.pk: liaisons.get(a.organization_id, []) for a in assignments}


def _reminder_params(assignment: Assignment) -> dict[str, Any]:
    return _params(assignment)


def _reminder_url(assignment: Assignment) -> str:
    return _url(assignment.proposal)


REPLY_DUE = reminders.register(
    reminders.DeadlineRule(
        key="proposals.reply_due",
        queryset=lambda: Assignment.objects.open().select_related(
            "proposal", "organization"
        ),
        deadline_field="due_date",
        steps={"due_in_15": 15, "due_in_7": 7, "due_in_1": 1, "overdue": -1},
        recipients=_reply_due_recipients,
        kind="proposals.reply_due",
        params=_reminder_params,
        url=_reminder_url,
    )
)
PROMISE_DUE = reminders.register(
    reminders.DeadlineRule(
        key="proposals.promise_due",
        queryset=lambda: (
            Assignment.objects.filter(
                promised_date__isnull=False,
                implementation=ImplementationStatus.IN_PROGRESS,
            )
            .exclude(status=A.WITHDRAWN)
            .select_related("proposal", "organization")
        ),
        deadline_field="promised_date",
        steps={"due_in_30": 30, "due_in_7": 7, "overdue": -1},
        recipients=_promise_recipients,
        kind="proposals.promise_due",
        params=_reminder_params,
        url=_reminder_url,
    )
)
