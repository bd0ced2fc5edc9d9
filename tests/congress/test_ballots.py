import threading

import pytest
from django.db import connection
from django.urls import reverse

from congress import ballots, rules
from congress.ballots import (
    AlreadyVoted,
    NotEligible,
    QuorumNotMet,
    TooManyVotes,
    UnknownOption,
    WrongMode,
)
from congress.exceptions import DomainError, TransitionNotAllowed
from congress.models import Ballot, BallotVote, BallotVoter
from congress.roles import Role
from tests.factories.congress import UserFactory

Kind, Body, Mode, Rule = Ballot.Kind, Ballot.Body, Ballot.Mode, Ballot.PassRule


def make_members(count: int, prefix: str = "m") -> list:
    return [
        UserFactory(username=f"{prefix}{n}", roles=[Role.MEMBER]) for n in range(count)
    ]


def make_ballot(
    user,
    *,
    kind=Kind.VOTE,
    body=Body.COMMITTEE,
    mode=Mode.PAPER,
    pass_rule=Rule.MAJORITY_OF_ALL,
) -> Ballot:
    return ballots.ballot_create(
        title="关于任命某某为局长的表决",
        kind=kind,
        body=body,
        mode=mode,
        pass_rule=pass_rule,
        user=user,
    )


def open_ballot(user, *, members=10, present=8, **kwargs):
    people = make_members(members)
    ballot = ballots.ballot_open(
        make_ballot(user, **kwargs),
        electorate=people,
        present=people[:present],
        user=user,
    )
    return ballot, people


# Quorum


def test_ballot_open_refused_at_exactly_half_of_committee(office):
    people = make_members(10)
    ballot = make_ballot(office)

    with pytest.raises(QuorumNotMet):
        ballots.ballot_open(ballot, electorate=people, present=people[:5], user=office)

    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.DRAFT
    assert not BallotVoter.objects.filter(ballot=ballot).exists()


def test_ballot_open_accepted_above_half_of_committee(office):
    people = make_members(10)

    ballot = ballots.ballot_open(
        make_ballot(office), electorate=people, present=people[:6], user=office
    )

    assert ballot.status == Ballot.Status.OPEN
    assert (ballot.electorate_size, ballot.present_count) == (10, 6)
    assert (ballot.quorum_numerator, ballot.quorum_denominator) == (1, 2)
    assert ballot.voters.filter(present=True).count() == 6


def test_ballot_open_does_not_count_observers(office, deputy):
    people = make_members(10)

    with pytest.raises(QuorumNotMet):
        ballots.ballot_open(
            make_ballot(office),
            electorate=people,
            present=[*people[:5], deputy],
            user=office,
        )


def test_ballot_open_uses_committee_quorum_rule(office):
    rules.rule_set("ballots.committee_quorum_numerator", 2)
    rules.rule_set("ballots.committee_quorum_denominator", 3)
    people = make_members(9)

    with pytest.raises(QuorumNotMet):
        ballots.ballot_open(
            make_ballot(office), electorate=people, present=people[:6], user=office
        )


def test_ballot_open_twice_refused(office):
    ballot, people = open_ballot(office)

    with pytest.raises(TransitionNotAllowed):
        ballots.ballot_open(ballot, electorate=people, present=people, user=office)


# Paper totals


def test_paper_totals_exceeding_present_refused(office):
    ballot, _people = open_ballot(office, present=8)

    with pytest.raises(TooManyVotes, match="9"):
        ballots.ballot_record_paper_totals(
            ballot, totals={"for": 5, "against": 3, "abstain": 1}, user=office
        )


def test_paper_totals_unknown_option_refused(office):
    ballot, _people = open_ballot(office)

    with pytest.raises(UnknownOption):
        ballots.ballot_record_paper_totals(
            ballot, totals={"for": 5, "satisfied": 1}, user=office
        )


def test_paper_totals_replace_previous_totals(office):
    ballot, _people = open_ballot(office)
    ballots.ballot_record_paper_totals(ballot, totals={"for": 8}, user=office)

    ballots.ballot_record_paper_totals(
        ballot, totals={"for": 4, "against": 4}, user=office
    )

    assert dict(ballot.tallies.values_list("option", "count")) == {
        "for": 4,
        "against": 4,
    }


def test_paper_totals_refused_on_online_ballot(office):
    ballot, _people = open_ballot(office, mode=Mode.ONLINE)

    with pytest.raises(WrongMode):
        ballots.ballot_record_paper_totals(ballot, totals={"for": 1}, user=office)


def test_paper_totals_refused_before_open(office):
    ballot = make_ballot(office)

    with pytest.raises(TransitionNotAllowed):
        ballots.ballot_record_paper_totals(ballot, totals={"for": 1}, user=office)


def test_paper_totals_negative_refused(office):
    ballot, _people = open_ballot(office)

    with pytest.raises(DomainError):
        ballots.ballot_record_paper_totals(ballot, totals={"for": -1}, user=office)


# Pass rules


@pytest.mark.parametrize(
    ("pass_rule", "passed"),
    [(Rule.MAJORITY_OF_ALL, False), (Rule.MAJORITY_OF_VOTING, True)],
)
def test_ballot_close_pass_rule_decides_on_same_numbers(office, pass_rule, passed):
    ballot, _people = open_ballot(office, members=10, present=8, pass_rule=pass_rule)
    ballots.ballot_record_paper_totals(
        ballot, totals={"for": 5, "against": 2, "abstain": 1}, user=office
    )

    ballot = ballots.ballot_close(ballot, user=office)

    assert ballot.passed is passed
    assert ballot.result == {
        "for": 5,
        "against": 2,
        "abstain": 1,
        "voting": 8,
        "present": 8,
        "electorate": 10,
        "approval_percent": 62.5,
    }


def test_ballot_close_majority_of_all_passes_above_half(office):
    ballot, _people = open_ballot(office, members=10, present=8)
    ballots.ballot_record_paper_totals(
        ballot, totals={"for": 6, "against": 2}, user=office
    )

    assert ballots.ballot_close(ballot, user=office).passed is True


@pytest.mark.parametrize(
    ("satisfied", "basically", "dissatisfied", "passed"),
    [(3, 3, 4, True), (3, 2, 4, False)],
)
def test_ballot_close_satisfaction_threshold(
    office, satisfied, basically, dissatisfied, passed
):
    ballot, _people = open_ballot(
        office,
        members=10,
        present=10,
        kind=Kind.SATISFACTION,
        pass_rule=Rule.SATISFACTION_THRESHOLD,
    )
    totals = {
        "satisfied": satisfied,
        "basically_satisfied": basically,
        "dissatisfied": dissatisfied,
    }
    ballots.ballot_record_paper_totals(ballot, totals=totals, user=office)

    ballot = ballots.ballot_close(ballot, user=office)

    # 6 of 10 is exactly the default 60 %; 5 of 9 is 55.56 %.
    assert ballot.threshold_percent == 60
    assert ballot.passed is passed


def test_closed_result_unchanged_after_rule_change(office):
    ballot, _people = open_ballot(
        office, kind=Kind.SATISFACTION, pass_rule=Rule.SATISFACTION_THRESHOLD
    )
    ballots.ballot_record_paper_totals(
        ballot, totals={"satisfied": 5, "dissatisfied": 3}, user=office
    )
    ballot = ballots.ballot_close(ballot, user=office)
    result = ballot.result

    rules.rule_set("ballots.satisfaction_threshold_percent", 90)
    ballot.refresh_from_db()

    assert ballot.passed is True
    assert ballot.result == result
    assert ballot.threshold_percent == 60


def test_rule_change_does_not_affect_open_ballot(office):
    ballot, _people = open_ballot(
        office, kind=Kind.SATISFACTION, pass_rule=Rule.SATISFACTION_THRESHOLD
    )
    rules.rule_set("ballots.satisfaction_threshold_percent", 90)
    ballots.ballot_record_paper_totals(
        ballot, totals={"satisfied": 5, "dissatisfied": 3}, user=office
    )

    assert ballots.ballot_close(ballot, user=office).passed is True


def test_ballot_close_twice_refused(office):
    ballot, _people = open_ballot(office)
    ballots.ballot_close(ballot, user=office)

    with pytest.raises(TransitionNotAllowed, match=str(Ballot.Status.CLOSED.label)):
        ballots.ballot_close(ballot, user=office)


def test_ballot_close_refused_without_quorum(office):
    # Presence is fixed when the ballot opens; a ballot that somehow lost its
    # quorum (edited outside the services) must still not close.
    ballot, _people = open_ballot(office)
    Ballot.objects.filter(pk=ballot.pk).update(present_count=5)

    with pytest.raises(QuorumNotMet):
        ballots.ballot_close(ballot, user=office)


def test_ballot_close_refused_with_more_votes_than_present(office):
    ballot, _people = open_ballot(office, present=8)
    ballots.ballot_record_paper_totals(ballot, totals={"for": 8}, user=office)
    Ballot.objects.filter(pk=ballot.pk).update(present_count=6)

    with pytest.raises(TooManyVotes):
        ballots.ballot_close(ballot, user=office)


# Online votes


def test_ballot_cast_counts_once_per_member(office):
    ballot, people = open_ballot(office, mode=Mode.ONLINE)
    ballots.ballot_cast(ballot, voter=people[0], option="for")

    with pytest.raises(AlreadyVoted):
        ballots.ballot_cast(ballot, voter=people[0], option="against")

    assert list(ballot.votes.values_list("option", flat=True)) == ["for"]


def test_ballot_cast_by_non_member_refused(office, deputy):
    ballot, _people = open_ballot(office, mode=Mode.ONLINE)

    with pytest.raises(NotEligible):
        ballots.ballot_cast(ballot, voter=deputy, option="for")

    assert not ballot.votes.exists()


def test_ballot_cast_by_absent_member_refused(office):
    ballot, people = open_ballot(office, members=10, present=8, mode=Mode.ONLINE)

    with pytest.raises(NotEligible):
        ballots.ballot_cast(ballot, voter=people[9], option="for")


def test_ballot_cast_unknown_option_refused(office):
    ballot, people = open_ballot(office, mode=Mode.ONLINE)

    with pytest.raises(UnknownOption):
        ballots.ballot_cast(ballot, voter=people[0], option="satisfied")


def test_ballot_cast_refused_on_paper_ballot(office):
    ballot, people = open_ballot(office)

    with pytest.raises(WrongMode):
        ballots.ballot_cast(ballot, voter=people[0], option="for")


def test_ballot_cast_refused_after_close(office):
    ballot, people = open_ballot(office, mode=Mode.ONLINE)
    ballots.ballot_close(ballot, user=office)

    with pytest.raises(TransitionNotAllowed):
        ballots.ballot_cast(ballot, voter=people[0], option="for")


def test_online_votes_are_counted_at_close(office):
    ballot, people = open_ballot(
        office, members=10, present=8, mode=Mode.ONLINE, pass_rule=Rule.MAJORITY_OF_ALL
    )
    for person, option in zip(people[:7], "FFFFFAX", strict=True):
        choice = {"F": "for", "A": "against", "X": "abstain"}[option]
        ballots.ballot_cast(ballot, voter=person, option=choice)

    ballot = ballots.ballot_close(ballot, user=office)

    assert ballot.passed is False  # 5 is not more than half of 10
    assert (ballot.result["for"], ballot.result["voting"]) == (5, 7)


def test_vote_has_no_link_to_voter():
    fields = {field.name: field for field in BallotVote._meta.get_fields()}

    assert set(fields) == {"id", "ballot", "option"}
    assert not any(
        field.is_relation and field.related_model is not Ballot
        for field in fields.values()
    )


def test_voter_row_does_not_store_choice(office):
    ballot, people = open_ballot(office, mode=Mode.ONLINE)
    ballots.ballot_cast(ballot, voter=people[0], option="against")

    row = BallotVoter.objects.filter(ballot=ballot, user=people[0]).values().get()

    assert row["voted"] is True
    assert "against" not in {str(value) for value in row.values()}
    assert {field.name for field in BallotVoter._meta.fields} == {
        "id",
        "ballot",
        "user",
        "present",
        "voted",
    }


@pytest.mark.django_db(transaction=True)
def test_ballot_cast_same_member_at_same_moment_counts_once():
    office = UserFactory(username="t_office_tx", roles=[Role.OFFICE])
    ballot, people = open_ballot(office, mode=Mode.ONLINE)
    voter = people[0]
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def cast(option: str) -> None:
        try:
            barrier.wait(timeout=10)
            ballots.ballot_cast(ballot, voter=voter, option=option)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(o,)) for o in ("for", "against")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes.count("ok") == 1
    assert [type(o) for o in outcomes if o != "ok"] == [AlreadyVoted]
    assert BallotVote.objects.filter(ballot=ballot).count() == 1
    assert BallotVoter.objects.filter(ballot=ballot, voted=True).count() == 1


# Publishing


def test_ballot_publish_refused_before_close(office):
    ballot, _people = open_ballot(office)

    with pytest.raises(TransitionNotAllowed):
        ballots.ballot_publish(ballot, user=office)

    ballot.refresh_from_db()
    assert ballot.published is False


def test_ballot_publish_after_close(office):
    ballot, _people = open_ballot(office)
    ballots.ballot_close(ballot, user=office)

    ballot = ballots.ballot_publish(ballot, user=office)

    assert ballot.published is True


def test_ballot_create_links_subject_and_stays_draft(office, deputy):
    ballot = ballots.ballot_create(
        title="满意度测评",
        kind=Kind.SATISFACTION,
        body=Body.COMMITTEE,
        mode=Mode.ONLINE,
        pass_rule=Rule.SATISFACTION_THRESHOLD,
        subject=deputy,
        user=office,
    )

    assert ballot.status == Ballot.Status.DRAFT
    assert (ballot.content_type.model, ballot.object_id) == ("user", deputy.pk)


def test_committee_members_lists_active_members(member, deputy):
    UserFactory(username="gone", roles=[Role.MEMBER], is_active=False)

    assert list(ballots.committee_members()) == [member]


# Admin


def test_admin_publish_action_publishes_closed_ballots_only(client, office):
    closed, _people = open_ballot(office)
    ballots.ballot_close(closed, user=office)
    draft = make_ballot(office)
    client.force_login(office)

    response = client.post(
        reverse("admin:congress_ballot_changelist"),
        {"action": "publish_result", "_selected_action": [closed.pk, draft.pk]},
        follow=True,
    )

    assert response.status_code == 200
    closed.refresh_from_db()
    draft.refresh_from_db()
    assert (closed.published, draft.published) == (True, False)


def test_admin_change_page_shows_no_choices_while_open(client, office):
    ballot, people = open_ballot(office, mode=Mode.ONLINE)
    ballots.ballot_cast(ballot, voter=people[0], option="against")
    client.force_login(office)

    response = client.get(reverse("admin:congress_ballot_change", args=[ballot.pk]))

    assert response.status_code == 200
    assert b"against" not in response.content


def test_admin_add_creates_draft_through_service(client, office):
    client.force_login(office)

    response = client.post(
        reverse("admin:congress_ballot_add"),
        {
            "title": "测试表决",
            "kind": Kind.VOTE,
            "body": Body.COMMITTEE,
            "mode": Mode.PAPER,
            "pass_rule": Rule.MAJORITY_OF_ALL,
            **_empty_inlines(),
        },
    )

    assert response.status_code == 302
    ballot = Ballot.objects.get(title="测试表决")
    assert (ballot.status, ballot.created_by) == (Ballot.Status.DRAFT, office)


def _empty_inlines() -> dict[str, str]:
    data = {}
    for prefix in ("voters", "tallies"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data
