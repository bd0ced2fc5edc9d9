"""The handling evaluation form (办理情况测评表): filled in when the handling
period ends by the roles the installation names (`proposals.evaluation_roles`:
by default the standing committee's leaders and the working committees),
rating six dimensions of the lead organisation's handling.

It is not the deputy's satisfaction rating of each reply (满意度测评,
proposals.services.rating), which decides re-handling and the statistics:
the lead deputy fills in this form too only where the installation names
deputies, and sees the form and its results only then.

The results feed the satisfaction vote on the "一府一委两院" and the
evaluation of appointed officials; both read `evaluation_summary`.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import rules
from congress.access import scoped_working_body_id
from congress.exceptions import DomainError
from congress.history import history_context
from congress.roles import Role
from proposals import workflow
from proposals.models import (
    AFTER_REPLY,
    ANSWERING_ROLES,
    Assignment,
    AssignmentStatus,
    EvaluatorRole,
    HandlingEvaluation,
    ProposalEvent,
    Satisfaction,
)

__all__ = [
    "DIMENSIONS",
    "EVALUABLE_STATUSES",
    "evaluation_evaluator_role",
    "evaluation_is_open",
    "evaluation_summary",
    "evaluations_readable_by",
    "evaluator_roles",
    "handling_evaluation_submit",
]

A = AssignmentStatus
# Who reads evaluators' names and comments: the summary's readers (office
# staff, leaders, viewers and the proposal's lead deputy), never the
# evaluated organisation or other deputies (issue 9, item 4).
EVALUATION_AUDIENCE = (
    Role.OFFICE,
    Role.LEADER,
    Role.VIEWER,
    ProposalEvent.LEAD_DEPUTY,
)
DIMENSIONS = HandlingEvaluation.DIMENSIONS
# The handling period has ended once the organisation has replied.
EVALUABLE_STATUSES = AFTER_REPLY


EVALUATION_ROLES = rules.register(
    rules.Rule(
        "proposals.evaluation_roles",
        gettext_lazy("Who fills in the handling evaluation form"),
        [EvaluatorRole.LEADER, EvaluatorRole.WORKING_BODY],
        help_text=gettext_lazy(
            "leader (standing committee leaders), working_body (the working "
            "committees' staff), deputy (the lead deputy, besides the "
            "satisfaction rating of the reply)."
        ),
        choices=tuple(EvaluatorRole.values),
    )
)


def evaluator_roles() -> list[str]:
    """The capacities the installation has evaluate the handling."""
    return list(rules.get(EVALUATION_ROLES.key))


def evaluation_evaluator_role(assignment: Assignment, user) -> str | None:
    """The capacity in which the user evaluates this assignment, or None:
    one of the installation's evaluator roles (evaluator_roles()).

    Leaders evaluate as leaders; office staff (the supervising working
    committee's, or the general office's) as the working committee; the
    proposal's lead deputy as the deputy.
    """
    role = _capacity(assignment, user)
    return role if role is not None and role in evaluator_roles() else None


def _capacity(assignment: Assignment, user) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    if user.has_role(Role.LEADER):
        return EvaluatorRole.LEADER
    if user.has_role(Role.OFFICE) and _supervises(assignment, user):
        return EvaluatorRole.WORKING_BODY
    if assignment.proposal.lead_deputy.user_id == user.pk:
        return EvaluatorRole.DEPUTY
    return None


def _supervises(assignment: Assignment, user) -> bool:
    """A working committee's staff evaluate the items of the categories it
    supervises (and those of no committee's); other office staff, all."""
    body = scoped_working_body_id(user)
    if body is None:
        return True
    category = assignment.proposal.category
    return category is None or category.supervising_body_id in (None, body)


def evaluations_readable_by(assignment: Assignment, user) -> bool:
    """Whether `user` may read the evaluations of `assignment` (the summary):
    office staff, leaders and viewers, and the lead deputy where deputies
    fill in the form."""
    return user.has_role(Role.LEADER, Role.OFFICE, Role.VIEWER) or (
        user.is_active
        and assignment.proposal.lead_deputy.user_id == user.pk
        and EvaluatorRole.DEPUTY in evaluator_roles()
    )


def evaluation_is_open(assignment: Assignment) -> bool:
    """Whether the lead assignment's handling period has ended (it replied)."""
    return (
        assignment.role in ANSWERING_ROLES and assignment.status in EVALUABLE_STATUSES
    )


def _audience() -> tuple[str, ...]:
    """The summary's readers: the lead deputy only where deputies evaluate."""
    if EvaluatorRole.DEPUTY in evaluator_roles():
        return EVALUATION_AUDIENCE
    return tuple(r for r in EVALUATION_AUDIENCE if r != ProposalEvent.LEAD_DEPUTY)


def _check_scores(scores: dict[str, str]) -> None:
    if set(scores) != set(DIMENSIONS):
        raise DomainError(_("Rate all six dimensions of the handling."))
    if any(value not in Satisfaction.values for value in scores.values()):
        raise DomainError(_("Choose satisfied, basically satisfied or dissatisfied."))


def handling_evaluation_submit(
    assignment: Assignment,
    *,
    user,
    comment: str = "",
    now: datetime.datetime | None = None,
    **scores: str,
) -> HandlingEvaluation:
    """Record one evaluator's evaluation form for the lead assignment.

    Raises PermissionDenied unless the user is a leader, office staff or the
    lead deputy; DomainError for a co-handling assignment, one that has not
    replied yet, a second evaluation by the same person or a missing grade.
    """
    _check_scores(scores)
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        locked = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("proposal__lead_deputy", "proposal__category")
            .get(pk=assignment.pk)
        )
        role = evaluation_evaluator_role(locked, user)
        if role is None:
            raise PermissionDenied(_("You may not evaluate this handling."))
        if not evaluation_is_open(locked):
            raise DomainError(
                _(
                    "Only a lead organisation's or a split part's handling is "
                    "evaluated, once it has replied."
                )
            )
        if HandlingEvaluation.objects.filter(
            assignment=locked, evaluator=user
        ).exists():
            raise DomainError(_("You have evaluated this handling already."))
        evaluation = HandlingEvaluation.objects.create(
            assignment=locked,
            evaluator=user,
            evaluator_role=role,
            comment=comment,
            created_at=now,
            **scores,
        )
        # Comments and names reach only the summary's readers.
        workflow.record_event(
            locked.proposal,
            "proposals.evaluated",
            actor=user,
            assignment=locked,
            now=now,
            audience=_audience(),
            comment=comment,
            evaluator_role=role,
            **scores,
        )
    return evaluation


def evaluation_summary(assignment: Assignment) -> list[dict]:
    """Per dimension (in the form's order): its label, the count of each grade,
    the total and the satisfaction share (satisfied plus basically satisfied,
    over all; None when nobody has evaluated yet)."""
    rows = list(
        HandlingEvaluation.objects.filter(assignment=assignment).values(*DIMENSIONS)
    )
    summary = []
    for name in DIMENSIONS:
        counts = dict.fromkeys(Satisfaction.values, 0)
        for row in rows:
            counts[row[name]] += 1
        total = len(rows)
        satisfied = total - counts[Satisfaction.DISSATISFIED]
        summary.append(
            {
                "name": name,
                "label": HandlingEvaluation._meta.get_field(name).verbose_name,
                "counts": counts,
                "grades": [counts[value] for value in Satisfaction.values],
                "total": total,
                "share": satisfied / total if total else None,
            }
        )
    return summary
