"""Cases: creating them, moving them along the installation's step order,
the pre-appointment checklist, texts, withdrawal and candidate accounts.

The vote (votes.py), the exam (exams.py), certificates and oaths
(ceremonies.py) move the case through the steps they own.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appointments.models import (
    APPOINTING_TYPES,
    DEFAULT_STEP_ORDERS,
    NO_EXAM_TYPES,
    POST_VOTE_STEPS,
    PRE_VOTE_STEPS,
    VOTED_STATUSES,
    Batch,
    Case,
    CaseCheck,
    CaseEvent,
    CaseStatus,
    CaseType,
    ChecklistItem,
    Person,
    Post,
    Step,
    StepOrder,
    Tenure,
)
from appointments.workflow import CASE
from congress.exceptions import DomainError, TransitionNotAllowed
from congress.history import history_context
from congress.models import Meeting, Organization, User
from congress.roles import Role
from congress.workflow import transition


class CaseRefused(DomainError):
    """A business rule of the appointment procedure refuses the step."""


def validate_step_order(case_type: str, steps: list[str]) -> None:
    """Raise ValidationError unless `steps` is a usable order for the type."""
    errors = []
    if len(set(steps)) != len(steps):
        errors.append(_("A step appears twice."))
    if Step.VOTE not in steps:
        errors.append(_("Every order needs the vote."))
    else:
        vote = steps.index(Step.VOTE)
        if any(step in POST_VOTE_STEPS for step in steps[:vote]):
            errors.append(_("Certificate and oath come after the vote."))
        if any(step in PRE_VOTE_STEPS for step in steps[vote + 1 :]):
            errors.append(_("Only the certificate and the oath follow the vote."))
    if case_type in NO_EXAM_TYPES and Step.EXAM in steps:
        errors.append(_("The exam applies to appointments, not to this case type."))
    if case_type not in APPOINTING_TYPES and (
        Step.CERTIFICATE in steps or Step.OATH in steps
    ):
        errors.append(_("Removals have no certificate and no oath."))
    if errors:
        raise ValidationError(errors)


def step_order_for(case_type: str) -> list[str]:
    """The installation's order for the type (the default when none is set)."""
    order = StepOrder.objects.filter(case_type=case_type).first()
    return list(order.steps) if order else list(DEFAULT_STEP_ORDERS[case_type])


def checklist_items_for(case_type: str, organization: Organization):
    return [
        item
        for item in ChecklistItem.objects.filter(
            is_active=True, case_types__contains=[case_type]
        )
        if not item.organization_kinds or organization.kind in item.organization_kinds
    ]


def case_event(
    case: Case,
    type: str,
    *,
    user: User | None,
    now: datetime.datetime,
    comment: str = "",
    data: dict | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        type=type,
        actor=user,
        comment=comment,
        data=data or {},
        created_at=now,
    )


def batch_create(*, title: str, meeting: Meeting | None, user: User, now=None) -> Batch:
    """A batch of cases handled together (one meeting, many assessors)."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        return Batch.objects.create(title=title, meeting=meeting, created_at=now)


def case_create(
    *,
    case_type: str,
    person: Person,
    post: Post,
    nominating_body: Organization,
    user: User,
    letter_number: str = "",
    letter_date: datetime.date | None = None,
    meeting: Meeting | None = None,
    batch: Batch | None = None,
    ends_tenure: Tenure | None = None,
    now: datetime.datetime | None = None,
) -> Case:
    """A case at the first step of the installation's order for its type,
    with the checklist the installation requires for it.

    Raises CaseRefused for a removal without the tenure it ends (or one
    already ended), or an appointment naming one.
    """
    now = now or timezone.now()
    case_type = CaseType(case_type)
    if case_type in APPOINTING_TYPES and ends_tenure is not None:
        raise CaseRefused(_("An appointment does not end a tenure."))
    if case_type not in APPOINTING_TYPES:
        if ends_tenure is None or ends_tenure.end_date is not None:
            raise CaseRefused(_("Name the post currently held that this case ends."))
        if ends_tenure.person_id != person.pk:
            raise CaseRefused(_("The tenure ended must be this person's."))
    steps = step_order_for(case_type)
    with transaction.atomic(), history_context(user):
        case = Case.objects.create(
            case_type=case_type,
            person=person,
            post=post,
            nominating_body=nominating_body,
            letter_number=letter_number,
            letter_date=letter_date,
            meeting=meeting or (batch.meeting if batch else None),
            batch=batch,
            ends_tenure=ends_tenure,
            steps=steps,
            status=CaseStatus(steps[0]),
            created_at=now,
        )
        CaseCheck.objects.bulk_create(
            CaseCheck(case=case, item=item)
            for item in checklist_items_for(case_type, post.organization)
        )
        case_event(case, "appointments.created", user=user, now=now)
    return case


def next_status(case: Case, after: str) -> str:
    """The status following step `after` in the case's own order."""
    steps = list(case.steps)
    position = steps.index(after)
    if position + 1 < len(steps):
        return CaseStatus(steps[position + 1])
    return CaseStatus.COMPLETED


def open_checks(case: Case) -> list[CaseCheck]:
    return [check for check in case.checks.all() if check.done_on is None]


def vote_blockers(case: Case) -> list[str]:
    """Why the case cannot go to the vote yet (empty: it may)."""
    blockers = []
    if case.exam_required and not case.attempts.filter(passed=True).exists():
        blockers.append(_("The nominee has not passed the legal-knowledge exam."))
    missing = [str(check.item) for check in open_checks(case)]
    if missing:
        blockers.append(
            _("Pre-appointment checks not done: %(items)s")
            % {"items": "、".join(missing)}
        )
    return blockers


def _require_no_blockers(case: Case) -> None:
    blockers = vote_blockers(case)
    if blockers:
        raise CaseRefused(" ".join(blockers))


def case_advance(case: Case, *, user: User, now=None) -> Case:
    """Mark the current pre-vote step done and move to the next one.

    Raises TransitionNotAllowed at the exam (its result moves the case), the
    vote or later; CaseRefused when the step's record is missing (the
    introduction, the statement) or, before the vote, a gate is not passed.
    """
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        current = Case.objects.get(pk=case.pk)
        if current.status in (CaseStatus.EXAM, CaseStatus.POSTPONED):
            raise TransitionNotAllowed(
                _("The exam result moves this case; record the exam instead.")
            )
        if current.status not in PRE_VOTE_STEPS:
            raise TransitionNotAllowed(
                _("A case “%(status)s” does not move on by hand.")
                % {"status": current.get_status_display()}
            )
        if current.status == CaseStatus.INTRODUCTION and not current.introduction:
            raise CaseRefused(_("Record the introduction of the nominee first."))
        if current.status == CaseStatus.STATEMENT and not current.statement:
            raise CaseRefused(_("Record the nominee's statement first."))
        target = next_status(current, current.status)
        if target == CaseStatus.VOTE:
            _require_no_blockers(current)
        source = current.status
        case = transition(current, target, machine=CASE, user=user)
        case.save(update_fields=["status"])
        case_event(
            case,
            "appointments.advanced",
            user=user,
            now=now,
            data={"from": source, "to": target},
        )
    return case


def case_withdraw(case: Case, *, user: User, reason: str, now=None) -> Case:
    """The nominating body withdraws the case (before the vote's result)."""
    now = now or timezone.now()
    if not reason.strip():
        raise CaseRefused(_("Give the reason for withdrawing."))
    with transaction.atomic(), history_context(user):
        case = transition(case, CaseStatus.WITHDRAWN, machine=CASE, user=user)
        case.save(update_fields=["status"])
        case_event(case, "appointments.withdrawn", user=user, now=now, comment=reason)
    return case


def case_texts_update(
    case: Case, *, user: User, introduction: str, statement: str, now=None
) -> Case:
    """The introduction (情况介绍) and the statement (供职发言); fixed after
    the vote."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if case.status in VOTED_STATUSES or case.is_closed:
            raise CaseRefused(_("The file is fixed once the case is decided."))
        case.introduction, case.statement = introduction, statement
        case.save(update_fields=["introduction", "statement"])
        case_event(case, "appointments.texts_updated", user=user, now=now)
    return case


def check_record(
    check: CaseCheck,
    *,
    user: User,
    done_on: datetime.date | None,
    note: str = "",
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    now=None,
) -> CaseCheck:
    """Record a pre-appointment check done (or undone, with done_on=None)
    while the case has not gone to the vote."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        case = Case.objects.select_for_update(of=("self",)).get(pk=check.case_id)
        if case.status not in PRE_VOTE_STEPS and case.status != CaseStatus.POSTPONED:
            raise CaseRefused(
                _("The checklist is fixed once the case goes to the vote.")
            )
        check = CaseCheck.objects.select_related("item").get(pk=check.pk)
        if check.item.with_dates and done_on and not (period_start and period_end):
            raise CaseRefused(_("Give the first and last day of the public notice."))
        check.done_on, check.note = done_on, note
        check.period_start, check.period_end = period_start, period_end
        check.done_by = user if done_on else None
        check.save()
        case_event(
            case,
            "appointments.check_recorded",
            user=user,
            now=now,
            data={"item": check.item.name, "done": done_on is not None},
        )
    return check


def person_account_create(person: Person, *, username: str, user: User) -> str:
    """A login for the candidate (their exams only); returns the temporary
    password, which they must change. Raises CaseRefused if one exists."""
    if person.user_id:
        raise CaseRefused(_("This person already has an account."))
    if User.objects.filter(username=username).exists():
        raise CaseRefused(_("This user name is taken."))
    password = secrets.token_urlsafe(9)
    with transaction.atomic(), history_context(user):
        account = User(
            username=username, real_name=person.name, must_change_password=True
        )
        account.set_password(password)
        account.save()
        account.groups.add(Role.CANDIDATE.group())
        Person.objects.filter(pk=person.pk).update(user=account)
        person.user = account
    return password
