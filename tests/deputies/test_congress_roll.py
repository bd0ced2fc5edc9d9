"""A congress-session ballot: the serving county deputies are the electorate,
and "all deputies" counts every one of them on the day, login or not."""

import datetime

import pytest

from congress import ballots
from congress.ballots import QuorumNotMet
from congress.models import Ballot
from congress.roles import Role
from deputies.models import Level, MandateStatus, TerminationGround
from tests.factories.congress import TermFactory, UserFactory
from tests.factories.deputies import DeputyFactory, MandateFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)


def serving_deputies(term, count, *, with_login=True):
    people = []
    for n in range(count):
        user = (
            UserFactory(username=f"d{n}", roles=[Role.DEPUTY]) if with_login else None
        )
        MandateFactory(deputy=DeputyFactory(user=user), term=term, level=Level.COUNTY)
        people.append(user)
    return people


def congress_ballot(office):
    return ballots.ballot_create(
        title="关于民生实事项目的票决",
        kind=Ballot.Kind.VOTE,
        body=Ballot.Body.CONGRESS,
        mode=Ballot.Mode.PAPER,
        pass_rule=Ballot.PassRule.MAJORITY_OF_ALL,
        user=office,
    )


@pytest.fixture
def term():
    return TermFactory(start_date=datetime.date(2026, 1, 1), is_current=True)


def test_congress_roll_counts_serving_county_deputies_with_or_without_login(term):
    serving_deputies(term, 3)
    serving_deputies(term, 2, with_login=False)
    MandateFactory(term=term, level=Level.TOWNSHIP)
    MandateFactory(
        term=term,
        level=Level.COUNTY,
        status=MandateStatus.TERMINATED,
        status_date=datetime.date(2026, 6, 1),
        termination_ground=TerminationGround.RESIGNATION,
    )

    roll = ballots.body_roll(Ballot.Body.CONGRESS, on=TODAY)
    before_termination = ballots.body_roll(
        Ballot.Body.CONGRESS, on=datetime.date(2026, 5, 1)
    )

    assert roll.size == 5
    assert sorted(u.username for u in roll.users) == ["d0", "d1", "d2"]
    assert before_termination.size == 6


def test_congress_ballot_quorum_is_two_thirds_of_all_deputies(office, term):
    people = serving_deputies(term, 9)

    with pytest.raises(QuorumNotMet):
        ballots.ballot_open(congress_ballot(office), present=people[:5], user=office)
    # 三分之二以上 includes two thirds itself: 6 of 9.
    ballot = ballots.ballot_open(
        congress_ballot(office), present=people[:6], user=office
    )

    assert ballot.status == Ballot.Status.OPEN
    assert (ballot.electorate_size, ballot.present_count) == (9, 6)
    assert (ballot.quorum_numerator, ballot.quorum_denominator) == (2, 3)


def test_paper_congress_ballot_takes_the_count_present_for_deputies_without_login(
    office, term
):
    serving_deputies(term, 10, with_login=False)

    ballot = ballots.ballot_open(
        congress_ballot(office), present=[], present_count=8, user=office
    )

    assert (ballot.electorate_size, ballot.present_count) == (10, 8)


def test_committee_majority_of_all_uses_every_member_not_those_ticked(office):
    members = [UserFactory(username=f"m{n}", roles=[Role.MEMBER]) for n in range(10)]
    ballot = ballots.ballot_create(
        title="任命表决",
        kind=Ballot.Kind.VOTE,
        body=Ballot.Body.COMMITTEE,
        mode=Ballot.Mode.PAPER,
        pass_rule=Ballot.PassRule.MAJORITY_OF_ALL,
        user=office,
    )
    ballot = ballots.ballot_open(
        ballot, electorate=members[:7], present=members[:7], user=office
    )
    ballots.ballot_record_paper_totals(
        ballot, totals={"for": 5, "against": 2}, user=office
    )

    closed = ballots.ballot_close(ballot, user=office)

    # 5 of 7 ticked is a majority of those ticked, not of the 10 members.
    assert closed.electorate_size == 10
    assert closed.passed is False
