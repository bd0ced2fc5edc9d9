"""Walking a case to the vote and through its ballot in tests."""

from django.test import TestCase

from appointments import services
from appointments.models import CaseStatus
from congress import ballots
from congress.models import Ballot
from tests.appointments.conftest import tick_checks


def to_vote(case, user):
    """Checks done and steps advanced until the vote (no exam step)."""
    tick_checks(case, user)
    while case.status != CaseStatus.VOTE:
        if case.status == CaseStatus.INTRODUCTION:
            services.case_texts_update(
                case, user=user, introduction="情况介绍", statement="供职发言"
            )
        case = services.case_advance(case, user=user)
    return case


def vote(case, user, committee, *, present, for_):
    """Prepare, open, count on paper and close the case's ballot; returns the
    case as the ballot_closed receiver left it."""
    ballot = services.case_ballot_create(case, user=user, mode=Ballot.Mode.PAPER)
    # The electorate and the base of "all members" are the statutory roll.
    ballot = ballots.ballot_open(ballot, present=committee[:present], user=user)
    ballots.ballot_record_paper_totals(
        ballot, totals={"for": for_, "against": present - for_}, user=user
    )
    # ballot_closed is sent after the commit; the app's receiver applies it.
    with TestCase.captureOnCommitCallbacks(execute=True):
        ballots.ballot_close(ballot, user=user)
    case.refresh_from_db()
    return case
