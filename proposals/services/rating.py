"""Proposals services: rating (满意度测评), re-handling and escalation, closing
(办结), publication, urging (催办), look-back (回头看) and one-tap rating links.
"""

import datetime
from collections.abc import Iterable

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import calendar, reminders, rules
from congress.exceptions import DomainError, TransitionNotAllowed
from congress.history import history_context
from congress.models import User
from congress.notifications import notify, notify_bulk, register_kind
from congress.roles import Role
from congress.workflow import transition
from deputies.models import Deputy
from proposals import access, workflow
from proposals.models import (
    ANSWERING_ROLES,
    AWAITING_ORGANIZATION,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    FollowUpVisit,
    Proposal,
    ProposalStatus,
    Rating,
    Reply,
    ReplyStatus,
    Satisfaction,
    Urge,
)

__all__ = [
    "RATING_LINK_SALT",
    "assignment_finish_supervision",
    "assignment_urge",
    "follow_up_visit_record",
    "proposal_close",
    "proposal_publish",
    "proposals_select_look_back",
    "rating_link",
    "rating_link_read",
    "rating_submit",
]

A = AssignmentStatus
RATING_LINK_SALT = "proposals.rating"
# The rating reminder's "deadline" is the reply's sent date plus this many
# days: the first step fires at once, the second when it is reached.
RATING_REMINDER_DAYS = 7

register_kind(
    "proposals.rated",
    title=gettext_lazy("Your reply to “%(title)s” was rated"),
    label=gettext_lazy("A reply was rated"),
    body=gettext_lazy(
        "%(deputy)s rated the handling: attitude %(attitude)s, result %(result)s."
    ),
)
register_kind(
    "proposals.rehandling",
    title=gettext_lazy("Handle “%(title)s” again"),
    label=gettext_lazy("Re-handling after dissatisfaction"),
    body=gettext_lazy(
        "The lead deputy is not satisfied with the result of your reply. "
        "Handle it again and reply by %(due_date)s."
    ),
)
register_kind(
    "proposals.escalated",
    title=gettext_lazy("Escalated for supervision: “%(title)s”"),
    label=gettext_lazy("Escalations for supervision"),
    body=gettext_lazy(
        "The lead deputy is still not satisfied with the second reply of "
        "%(organization)s. The item goes to the chairpersons' meeting for "
        "supervision."
    ),
)
register_kind(
    "proposals.supervision_finished",
    title=gettext_lazy("Supervision finished: “%(title)s”"),
    label=gettext_lazy("Supervision finished"),
    body=gettext_lazy("The supervision of %(organization)s has ended: %(note)s"),
)
register_kind(
    "proposals.closed",
    title=gettext_lazy("“%(title)s” is closed"),
    label=gettext_lazy("Items closed"),
    body=gettext_lazy("The handling of your item is complete and it is closed."),
)
register_kind(
    "proposals.urged",
    title=gettext_lazy("Urged: “%(title)s”"),
    label=gettext_lazy("Urgings"),
    body=gettext_lazy("%(name)s urges you to handle this item. %(note)s"),
)
register_kind(
    "proposals.rating_due",
    title=gettext_lazy("Please rate the reply to “%(title)s”"),
    label=gettext_lazy("Replies awaiting your rating"),
    body=gettext_lazy(
        "%(organization)s has replied. Please rate its attitude and the result "
        "of its handling."
    ),
    default_channels=["sms"],
)


# Helpers ------------------------------------------------------------------


def _require_office(user) -> None:
    if not user.has_role(Role.OFFICE):
        raise PermissionDenied(_("Only office staff may do this."))


def _liaisons(assignment: Assignment) -> list[User]:
    """The liaisons of the organisation (and of the hub it goes through)."""
    organizations = [assignment.organization_id, assignment.via_hub_id]
    return list(
        User.objects.with_role(Role.ORG_LIAISON).filter(
            organization_id__in=[pk for pk in organizations if pk]
        )
    )


def _notify_all(users: Iterable[User], kind: str, params: dict, target) -> None:
    notify_bulk([(user, kind, params, target) for user in users])


def _params(assignment: Assignment, **extra) -> dict:
    return {
        "title": assignment.proposal.title,
        "organization": assignment.organization.name,
        **extra,
    }


# Rating ---------------------------------------------------------------------


def _rater(assignment: Assignment, user) -> Deputy:
    """The rating deputy (access.rating_deputy); PermissionDenied otherwise."""
    deputy = access.rating_deputy(user, assignment.proposal)
    if deputy is not None:
        return deputy
    if rules.get(workflow.COSIGNERS_RATE.key):
        raise PermissionDenied(_("Only the lead deputy and co-signers rate."))
    raise PermissionDenied(_("Only the lead deputy rates the handling."))


def _check_ratable(assignment: Assignment, deputy: Deputy) -> None:
    if assignment.role not in ANSWERING_ROLES:
        raise DomainError(
            _(
                "Only the lead organisation's reply is rated; co-handling "
                "organisations answer to the lead organisation."
            )
        )
    rated = Rating.objects.filter(
        assignment=assignment, round=assignment.round, deputy=deputy
    )
    if rated.exists():
        raise DomainError(_("You have already rated this reply."))
    if assignment.status != A.REPLIED:
        raise TransitionNotAllowed(
            _("Only a reply awaiting rating can be rated; this one is “%(status)s”.")
            % {"status": assignment.get_status_display()}
        )


def _check_satisfaction(*values: str) -> None:
    if any(value not in Satisfaction.values for value in values):
        raise DomainError(_("Choose satisfied, basically satisfied or dissatisfied."))


def rating_submit(
    assignment: Assignment,
    *,
    user,
    attitude: str,
    result: str,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> Rating:
    """Record a deputy's rating of the lead organisation's reply.

    The lead deputy rates (co-signers too when the installation says so); the
    lead deputy's rating decides: satisfied or basically satisfied closes the
    assignment (and its co-handling ones), a dissatisfied result sends it back
    for re-handling in round 1 and escalates it after that. Raises
    PermissionDenied for anyone else, DomainError for a second rating or a
    co-handling assignment, TransitionNotAllowed unless it awaits rating.
    """
    _check_satisfaction(attitude, result)
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        # The assignment's row only (never the proposal, the organisation or
        # the deputy), so that it cannot deadlock with a send-back.
        locked = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("proposal__lead_deputy", "organization")
            .get(pk=assignment.pk)
        )
        deputy = _rater(locked, user)
        _check_ratable(locked, deputy)
        rating = Rating.objects.create(
            assignment=locked,
            round=locked.round,
            deputy=deputy,
            attitude=attitude,
            result=result,
            comment=comment,
            rated_at=now,
        )
        if deputy.pk == locked.proposal.lead_deputy_id:
            _apply_lead_rating(locked, rating, user=user, now=now)
        else:
            workflow.record_event(
                locked.proposal,
                "proposals.rated",
                actor=user,
                now=now,
                assignment=locked,
                comment=comment,
                round=rating.round,
                deputy=deputy.pk,
                attitude=attitude,
                result=result,
            )
    return rating


def _outcome(assignment: Assignment, rating: Rating) -> str:
    if rating.result != Satisfaction.DISSATISFIED:
        return A.DONE
    return A.RE_HANDLING if assignment.round == 1 else A.ESCALATED


def _apply_lead_rating(
    assignment: Assignment, rating: Rating, *, user, now: datetime.datetime
) -> None:
    today = timezone.localdate(now)
    target = _outcome(assignment, rating)
    # Checks the outcome for the deputy; the row is already ours.
    proposal, organization = assignment.proposal, assignment.organization
    assignment = transition(assignment, target, machine=workflow.ASSIGNMENT, user=user)
    assignment.proposal, assignment.organization = proposal, organization
    fields = ["status"]
    if target == A.RE_HANDLING:
        months = rules.get(workflow.REHANDLING_MONTHS.key)
        assignment.round += 1
        assignment.due_date = calendar.add_months_to_workday(today, months)
        fields += ["round", "due_date"]
    assignment.save(update_fields=fields)
    workflow.record_event(
        assignment.proposal,
        "proposals.rated",
        actor=user,
        assignment=assignment,
        now=now,
        comment=rating.comment,
        round=rating.round,
        deputy=rating.deputy_id,
        attitude=rating.attitude,
        result=rating.result,
        outcome=target,
        **(
            {"due_date": assignment.due_date.isoformat()}
            if target == A.RE_HANDLING
            else {}
        ),
    )
    _announce_outcome(assignment, rating, user=user, now=now)


def _announce_outcome(
    assignment: Assignment, rating: Rating, *, user, now: datetime.datetime
) -> None:
    if assignment.status == A.DONE:
        _finish_co_handling(assignment, user=user, now=now)
        params = _params(
            assignment,
            deputy=str(rating.deputy),
            attitude=rating.get_attitude_display(),
            result=rating.get_result_display(),
        )
        _notify_all(_liaisons(assignment), "proposals.rated", params, assignment)
    elif assignment.status == A.RE_HANDLING:
        params = _params(assignment, due_date=assignment.due_date.isoformat())
        _notify_all(_liaisons(assignment), "proposals.rehandling", params, assignment)
    else:
        supervisors = User.objects.filter(
            models.Q(groups__name__in=[Role.OFFICE, Role.LEADER])
            | models.Q(supervised_proposals=assignment.proposal_id),
            is_active=True,
        ).distinct()
        _notify_all(supervisors, "proposals.escalated", _params(assignment), assignment)


def _finish_co_handling(lead: Assignment, *, user, now: datetime.datetime) -> None:
    """The co-handling organisations replied to the lead: they are done when
    the lead's assignment is. Those still handling stay open (and keep the
    proposal from closing) until they reply.

    Siblings after the lead, by primary key (congress.workflow's lock order);
    one sent back meanwhile is no longer replied and is left to handle."""
    co_handling = (
        Assignment.objects.select_for_update(of=("self",))
        .filter(proposal=lead.proposal_id, role=AssignmentRole.CO, status=A.REPLIED)
        .order_by("pk")
    )
    for assignment in co_handling:
        # The system's step: it follows from the lead's outcome.
        assignment = transition(
            assignment, A.DONE, machine=workflow.ASSIGNMENT, user=None
        )
        assignment.save(update_fields=["status"])
        workflow.record_event(
            lead.proposal,
            "proposals.co_handling_done",
            actor=user,
            assignment=assignment,
            now=now,
            lead=lead.pk,
        )


def assignment_finish_supervision(
    assignment: Assignment,
    *,
    user,
    note: str,
    now: datetime.datetime | None = None,
) -> Assignment:
    """Office staff end the supervision of an escalated assignment (→ done);
    the note says what the supervision achieved. Raises PermissionDenied,
    DomainError without a note, TransitionNotAllowed unless escalated."""
    _require_office(user)
    if not note.strip():
        raise DomainError(_("Say what the supervision achieved."))
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        current = Assignment.objects.get(pk=assignment.pk)
        if current.status != A.ESCALATED:
            raise TransitionNotAllowed(
                _(
                    "Only an escalated assignment is under supervision; this one "
                    "is “%(status)s”."
                )
                % {"status": current.get_status_display()}
            )
        locked = transition(current, A.DONE, machine=workflow.ASSIGNMENT, user=user)
        locked.save(update_fields=["status"])
        workflow.record_event(
            locked.proposal,
            "proposals.supervision_finished",
            actor=user,
            assignment=locked,
            now=now,
            comment=note,
        )
        _finish_co_handling(locked, user=user, now=now)
        if lead_user := locked.proposal.lead_deputy.user:
            notify(
                lead_user,
                "proposals.supervision_finished",
                params=_params(locked, note=note),
                target=locked,
            )
    return locked


# Closing and publishing ---------------------------------------------------


def proposal_close(
    proposal: Proposal, *, user, now: datetime.datetime | None = None
) -> Proposal:
    """Office staff close (办结) a proposal once every assignment is done (an
    escalated one must have finished its supervision). Raises PermissionDenied,
    DomainError while an assignment is open, TransitionNotAllowed."""
    _require_office(user)
    with transaction.atomic(), history_context(user):
        locked = transition(
            proposal, ProposalStatus.CLOSED, machine=workflow.PROPOSAL, user=user
        )
        # REGISTERED -> CLOSED is a motion's resolution (motion_resolve) only.
        if Proposal.objects.get(pk=locked.pk).status != ProposalStatus.ASSIGNED:
            raise TransitionNotAllowed(
                _("Only an assigned item is closed when its handling ends.")
            )
        if not workflow.all_assignments_done(locked):
            open_ = locked.assignments.exclude(status__in=[A.DONE, A.WITHDRAWN])
            names = "、".join(open_.values_list("organization__name", flat=True))
            raise DomainError(
                _("It cannot be closed yet: still open at %(organizations)s.")
                % {"organizations": names}
            )
        locked.save(update_fields=["status"])
        workflow.record_event(locked, "proposals.closed", actor=user, now=now)
        if lead_user := locked.lead_deputy.user:
            notify(
                lead_user,
                "proposals.closed",
                params={"title": locked.title},
                target=locked,
            )
    return locked


def proposal_publish(
    proposal: Proposal, *, user, now: datetime.datetime | None = None
) -> Proposal:
    """Office staff publish a closed, not confidential item: its replies become
    visible to every deputy and on the public pages. Raises PermissionDenied
    or DomainError."""
    _require_office(user)
    with transaction.atomic(), history_context(user):
        locked = Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
        if locked.status != ProposalStatus.CLOSED:
            raise DomainError(_("Only a closed item can be published."))
        if locked.confidential:
            raise DomainError(_("A confidential item is not published."))
        if locked.published:
            raise DomainError(_("This item is already published."))
        locked.published = True
        locked.save(update_fields=["published"])
        workflow.record_event(locked, "proposals.published", actor=user, now=now)
    return locked


def proposals_select_look_back(
    proposals: Iterable[Proposal], *, user, now: datetime.datetime | None = None
) -> list[Proposal]:
    """Office staff select closed key suggestions for next year's look-back
    (回头看). All or nothing: DomainError names the items that do not qualify."""
    _require_office(user)
    pks = [proposal.pk for proposal in proposals]
    with transaction.atomic(), history_context(user):
        locked = list(
            Proposal.objects.select_for_update(of=("self",))
            .filter(pk__in=pks)
            .order_by("pk")
        )
        unfit = [
            p.title for p in locked if p.status != ProposalStatus.CLOSED or not p.is_key
        ]
        if unfit:
            raise DomainError(
                _("Only closed key suggestions are selected for look-back: %(titles)s.")
                % {"titles": "、".join(unfit)}
            )
        for proposal in locked:
            if not proposal.look_back:
                proposal.look_back = True
                proposal.save(update_fields=["look_back"])
                workflow.record_event(
                    proposal, "proposals.look_back_selected", actor=user, now=now
                )
    return locked


# Urging -------------------------------------------------------------------


def _check_urge_interval(assignment: Assignment, user, now: datetime.datetime) -> None:
    days = rules.get(workflow.URGE_INTERVAL_DAYS.key)
    last = (
        Urge.objects.filter(assignment=assignment, user=user)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last and now < last + datetime.timedelta(days=days):
        next_at = timezone.localtime(last + datetime.timedelta(days=days))
        raise DomainError(
            _(
                "You urged this organisation recently; you may urge it again "
                "from %(time)s."
            )
            % {"time": formats.date_format(next_at, "SHORT_DATETIME_FORMAT")}
        )


def assignment_urge(
    assignment: Assignment,
    *,
    user,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Urge:
    """Urge (催办) an organisation on an open assignment: the lead deputy,
    co-signers, office staff and the supervising leaders may, each at most
    once per the installation's interval. Raises PermissionDenied or
    DomainError (closed assignment, too soon)."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        locked = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("proposal__lead_deputy", "organization")
            .get(pk=assignment.pk)
        )
        if not access.may_urge(user, locked.proposal):
            raise PermissionDenied(
                _("Only the deputies, office staff and supervising leaders urge.")
            )
        if locked.status not in AWAITING_ORGANIZATION:
            raise DomainError(_("Only an assignment still being handled is urged."))
        _check_urge_interval(locked, user, now)
        urge = Urge.objects.create(
            assignment=locked, user=user, note=note, created_at=now
        )
        workflow.record_event(
            locked.proposal,
            "proposals.urged",
            actor=user,
            now=now,
            assignment=locked,
            comment=note,
        )
        params = _params(locked, name=str(user), note=note)
        _notify_all(_liaisons(locked), "proposals.urged", params, locked)
    return urge


# One-tap rating links -------------------------------------------------------


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=RATING_LINK_SALT)


def rating_link(assignment: Assignment, deputy: Deputy) -> str:
    """The signed token of a one-tap rating link for this deputy and the
    assignment's current round (the view's URL is built around it)."""
    payload = {"a": assignment.pk, "r": assignment.round, "d": deputy.pk}
    return _signer().sign_object(payload, compress=True)


def rating_url(assignment: Assignment, deputy: Deputy) -> str:
    """The one-tap rating page for this deputy, as sent in notices."""
    return reverse("proposals:deputy_rate_link", args=[rating_link(assignment, deputy)])


def rating_link_read(
    token: str, *, max_age_days: int = 14
) -> tuple[Assignment, Deputy]:
    """(assignment, deputy) of a rating link; DomainError when it expired, was
    tampered with, or belongs to an earlier handling round."""
    try:
        payload = _signer().unsign_object(
            token, max_age=datetime.timedelta(days=max_age_days)
        )
    except signing.SignatureExpired:
        raise DomainError(_("The link has expired.")) from None
    except signing.BadSignature:
        raise DomainError(_("The link is not valid.")) from None
    assignment = (
        Assignment.objects.select_related("proposal", "organization")
        .filter(pk=payload["a"])
        .first()
    )
    deputy = Deputy.objects.filter(pk=payload["d"]).first()
    if assignment is None or deputy is None:
        raise DomainError(_("The link is not valid."))
    if assignment.round != payload["r"]:
        raise DomainError(_("The link was for an earlier reply; it is not valid."))
    return assignment, deputy


# Reminders ------------------------------------------------------------------


def _awaiting_rating() -> models.QuerySet:
    sent_at = Reply.objects.filter(
        assignment=models.OuterRef("pk"),
        round=models.OuterRef("round"),
        status=ReplyStatus.APPROVED,
        sent_at__isnull=False,
    ).values("sent_at")[:1]
    due = models.ExpressionWrapper(
        models.Subquery(sent_at) + datetime.timedelta(days=RATING_REMINDER_DAYS),
        output_field=models.DateTimeField(),
    )
    return (
        Assignment.objects.filter(role__in=ANSWERING_ROLES, status=A.REPLIED)
        .select_related("proposal__lead_deputy__user", "organization")
        .annotate(rating_due=TruncDate(due))
        .filter(rating_due__isnull=False)
    )


def _lead_deputy_users(assignments: list[Assignment], step: str) -> dict:
    return {
        assignment.pk: [assignment.proposal.lead_deputy.user]
        for assignment in assignments
        if assignment.proposal.lead_deputy.user_id
    }


RATING_DUE = reminders.register(
    reminders.DeadlineRule(
        key="proposals.rating_due",
        queryset=_awaiting_rating,
        deadline_field="rating_due",
        # The deadline is the reply's sent date + 7: "awaiting" applies at
        # once, "again" once the 7 days have passed.
        steps={"awaiting": RATING_REMINDER_DAYS, "again": 0},
        recipients=_lead_deputy_users,
        kind="proposals.rating_due",
        params=_params,
        url=lambda assignment: rating_url(assignment, assignment.proposal.lead_deputy),
    )
)


def follow_up_visit_record(
    proposal: Proposal,
    *,
    user,
    date: datetime.date,
    visitors: str,
    method: str,
    deputy_said: str,
    now: datetime.datetime | None = None,
) -> FollowUpVisit:
    """Office staff record a return visit (回访) to the lead deputy of a
    closed item: when, who, how and what the deputy said about the
    implementation. Raises PermissionDenied, DomainError (missing fields, a
    future date, a date before the item was closed) and TransitionNotAllowed
    (the item is not closed)."""
    _require_office(user)
    now = now or timezone.now()
    if method not in FollowUpVisit.Method.values:
        raise DomainError(_("Choose how the deputy was visited."))
    if not visitors.strip():
        raise DomainError(_("Name who visited the deputy."))
    if not deputy_said.strip():
        raise DomainError(_("Write what the deputy said."))
    if date > timezone.localdate(now):
        raise DomainError(_("A visit cannot be recorded for a future date."))
    with transaction.atomic(), history_context(user):
        locked = Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
        if locked.status != ProposalStatus.CLOSED:
            raise TransitionNotAllowed(
                _("A return visit is made after the item is closed.")
            )
        visit = FollowUpVisit.objects.create(
            proposal=locked,
            date=date,
            visitors=visitors.strip(),
            method=method,
            deputy_said=deputy_said.strip(),
            recorded_by=user,
            created_at=now,
        )
        workflow.record_event(
            locked,
            "proposals.follow_up_visited",
            actor=user,
            now=now,
            comment=visit.deputy_said,
            visit=visit.pk,
            date=date.isoformat(),
            method=method,
        )
    return visit
