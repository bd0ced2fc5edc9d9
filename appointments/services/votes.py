"""The vote (票决): one secret ballot per case through congress ballots.

Staff prepare the case's ballot here (refused while a gate is not passed),
then open, count and close it on the congress ballot pages. When a ballot
closes, congress sends `ballot_closed`; `on_ballot_closed` applies the fixed
result to the case: passed (more than half of **all** members of the
committee, the ballot's MAJORITY_OF_ALL rule over the statutory roll) → the
next step and the register; otherwise → not appointed. The result is never
recomputed.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appointments.models import Batch, Case, CaseStatus, Step, Tenure
from appointments.services.cases import (
    CaseRefused,
    _require_no_blockers,
    case_event,
    next_status,
)
from appointments.workflow import CASE, OATH_WINDOW_DAYS
from congress import ballots, rules
from congress.history import history_context
from congress.models import Ballot, Meeting, User
from congress.workflow import transition


def case_ballot_create(
    case: Case, *, user: User, mode: str = Ballot.Mode.PAPER, now=None
) -> Ballot:
    """The case's draft ballot (secret, committee, majority of all members).

    Raises CaseRefused unless the case awaits the vote at a committee
    meeting, has no ballot yet and passed its gates (exam, checklist).
    """
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if case.status != CaseStatus.VOTE:
            raise CaseRefused(
                _("Only a case awaiting the vote gets a ballot; this one is “%(s)s”.")
                % {"s": case.get_status_display()}
            )
        if case.ballot_id:
            raise CaseRefused(_("This case already has its ballot."))
        meeting = case.meeting
        if meeting is None or meeting.kind != Meeting.Kind.COMMITTEE_MEETING:
            raise CaseRefused(_("Put the case on a standing-committee meeting first."))
        _require_no_blockers(case)
        ballot = ballots.ballot_create(
            title=_("%(name)s as %(post)s")
            % {"name": case.person.name, "post": case.post},
            kind=Ballot.Kind.VOTE,
            body=Ballot.Body.COMMITTEE,
            mode=mode,
            pass_rule=Ballot.PassRule.MAJORITY_OF_ALL,
            subject=case,
            meeting=meeting,
            user=user,
        )
        case.ballot = ballot
        case.save(update_fields=["ballot"])
        case_event(
            case,
            "appointments.ballot_prepared",
            user=user,
            now=now,
            data={"ballot": ballot.pk},
        )
    return ballot


def batch_ballots_create(
    batch: Batch, *, user: User, mode: str = Ballot.Mode.PAPER
) -> tuple[list[Ballot], list[tuple[Case, str]]]:
    """A ballot for each case of the batch that awaits the vote (each case
    its own options); returns (ballots made, [(case, why not)])."""
    made, refused = [], []
    cases = batch.cases.filter(status=CaseStatus.VOTE, ballot__isnull=True)
    for case in cases.select_related("person", "post__organization").order_by("pk"):
        try:
            made.append(case_ballot_create(case, user=user, mode=mode))
        except CaseRefused as error:
            refused.append((case, str(error.message)))
    return made, refused


def on_ballot_closed(sender, ballot: Ballot, **kwargs) -> None:
    """Receiver of congress's `ballot_closed`: apply a case ballot's result."""
    if ballot.content_type_id != ContentType.objects.get_for_model(Case).pk:
        return
    case = Case.objects.filter(pk=ballot.object_id).first()
    if case is not None:
        case_vote_result(case, ballot=ballot)


def case_vote_result(case: Case, *, ballot: Ballot, now=None) -> Case:
    """Apply the closed ballot's fixed result (by the system, once).

    A case no longer awaiting the vote is left as it is, so a repeated
    signal changes nothing.
    """
    now = now or timezone.now()
    if ballot.status != Ballot.Status.CLOSED or ballot.passed is None:
        raise CaseRefused(_("The ballot is not closed yet."))
    with transaction.atomic():
        current = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if current.status != CaseStatus.VOTE or current.ballot_id != ballot.pk:
            return current
        decided_on = timezone.localdate(ballot.closed_at or now)
        target = (
            next_status(current, Step.VOTE) if ballot.passed else CaseStatus.REJECTED
        )
        case = transition(current, target, machine=CASE, user=None)
        case.decided_on = decided_on
        if ballot.passed and Step.OATH in case.steps:
            days = rules.get(OATH_WINDOW_DAYS.key)
            case.oath_due_on = decided_on + datetime.timedelta(days=days)
        case.save(update_fields=["status", "decided_on", "oath_due_on"])
        if ballot.passed:
            _update_register(case, decided_on)
        case_event(
            case,
            "appointments.voted",
            user=None,
            now=now,
            data={"passed": ballot.passed, "result": ballot.result},
        )
    return case


def _update_register(case: Case, decided_on: datetime.date) -> None:
    if case.is_appointing:
        Tenure.objects.create(
            person=case.person,
            post=case.post,
            acting=case.case_type == Case.Type.ACTING,
            start_date=decided_on,
            appointed_by=case,
        )
    elif case.ends_tenure_id:
        Tenure.objects.filter(pk=case.ends_tenure_id, end_date__isnull=True).update(
            end_date=decided_on, ended_by=case
        )
