"""Satisfaction votes through congress ballots (再审制): a vote below the
threshold orders rectification and a second vote linked to the first; a
second failure refers the item to the chairpersons' meeting."""

import datetime

import pytest
import time_machine

from congress import ballots
from congress.exceptions import TransitionNotAllowed
from congress.models import Ballot, Notification
from supervision import services
from supervision.models import ItemStatus, PointStatus
from tests.supervision.conftest import NOW

S = ItemStatus
LATER = datetime.datetime(2026, 7, 10, 9, tzinfo=datetime.UTC)


def _vote(item, office, members, choices, capture):
    """Create, open (everyone present), cast and close the item's ballot."""
    vote = services.item_vote_create(item, user=office, now=LATER)
    ballot = ballots.ballot_open(vote.ballot, present=members, user=office)
    for member, option in zip(members, choices, strict=True):
        ballots.ballot_cast(ballot, voter=member, option=option)
    with time_machine.travel(LATER, tick=False), capture(execute=True):
        ballots.ballot_close(ballot, user=office)
    item.refresh_from_db()
    return vote


PASS = ["satisfied", "satisfied", "basically_satisfied", "dissatisfied", "satisfied"]
FAIL = ["dissatisfied", "dissatisfied", "satisfied", "dissatisfied", "satisfied"]


def _answer_all(item, liaison):
    for point in item.opinion.points.exclude(status=PointStatus.CLOSED):
        services.point_answer(point, user=liaison, answer="整改已完成。", now=LATER)


def test_vote_is_a_committee_satisfaction_ballot_on_the_report(
    reported_item, office, members
):
    vote = services.item_vote_create(reported_item, user=office)
    assert vote.ballot.kind == Ballot.Kind.SATISFACTION
    assert vote.ballot.pass_rule == Ballot.PassRule.SATISFACTION_THRESHOLD
    assert vote.ballot.content_type.model == "handlingreport"
    assert vote.ballot.object_id == vote.report.pk
    reported_item.refresh_from_db()
    assert reported_item.status == S.VOTING


def test_vote_passed_closes_the_item(
    reported_item, office, members, django_capture_on_commit_callbacks
):
    _vote(reported_item, office, members, PASS, django_capture_on_commit_callbacks)
    assert reported_item.status == S.CLOSED
    assert set(reported_item.opinion.points.values_list("status", flat=True)) == {
        PointStatus.CLOSED
    }


def test_vote_below_threshold_orders_rectification(
    reported_item, office, members, liaison_a, django_capture_on_commit_callbacks
):
    _vote(reported_item, office, members, FAIL, django_capture_on_commit_callbacks)
    assert reported_item.status == S.RECTIFYING
    assert reported_item.review_round == 2
    assert reported_item.rectification_due_on == datetime.date(2026, 9, 10)
    assert set(reported_item.opinion.points.values_list("status", flat=True)) == {
        PointStatus.OPEN
    }
    assert Notification.objects.filter(
        recipient=liaison_a, kind="supervision.rectification"
    ).exists()


def test_second_vote_is_linked_to_the_first_and_passes(
    reported_item, office, members, liaison_a, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    first = _vote(reported_item, office, members, FAIL, capture)
    _answer_all(reported_item, liaison_a)
    report = services.handling_report_submit(
        reported_item, user=liaison_a, summary="整改情况报告", now=LATER
    )
    assert report.review_round == 2
    second = _vote(reported_item, office, members, PASS, capture)
    assert second.previous == first
    assert reported_item.status == S.CLOSED


def test_two_failures_flag_the_item_for_the_chairpersons(
    reported_item, office, members, liaison_a, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _vote(reported_item, office, members, FAIL, capture)
    _answer_all(reported_item, liaison_a)
    services.handling_report_submit(
        reported_item, user=liaison_a, summary="整改情况报告", now=LATER
    )
    _vote(reported_item, office, members, FAIL, capture)
    assert reported_item.status == S.ESCALATED
    assert reported_item.flagged_for_council
    # Nothing follows automatically: the council's decision is recorded by staff.
    with pytest.raises(services.SupervisionRefused):
        services.item_close(reported_item, user=office)
    services.item_close(reported_item, user=office, comment="主任会议决定开展专题询问")
    reported_item.refresh_from_db()
    assert reported_item.status == S.CLOSED


def test_member_cannot_vote_twice(reported_item, office, members):
    vote = services.item_vote_create(reported_item, user=office)
    ballot = ballots.ballot_open(vote.ballot, present=members, user=office)
    ballots.ballot_cast(ballot, voter=members[0], option="satisfied")
    with pytest.raises(ballots.AlreadyVoted):
        ballots.ballot_cast(ballot, voter=members[0], option="dissatisfied")
    assert ballot.votes.count() == 1


def test_vote_cannot_start_before_the_report(sent_item, office):
    with pytest.raises(TransitionNotAllowed):
        services.item_vote_create(sent_item, user=office)


def test_other_ballots_do_not_move_items(reported_item, office, members):
    ballot = ballots.ballot_create(
        title="其他表决",
        kind=Ballot.Kind.VOTE,
        body=Ballot.Body.COMMITTEE,
        mode=Ballot.Mode.ONLINE,
        pass_rule=Ballot.PassRule.MAJORITY_OF_ALL,
        user=office,
    )
    assert services.item_vote_settle(ballot, now=NOW) is None
