import datetime

import pytest

from appointments import services
from appointments.models import Case, CaseStatus, StepOrder, Tenure
from tests.appointments.conftest import tick_checks
from tests.appointments.helpers import to_vote, vote
from tests.factories.appointments import PersonFactory, PostFactory

S = CaseStatus


def test_case_passes_with_a_majority_of_all_members(make_case, personnel, committee):
    case = to_vote(make_case("assessor"), personnel)
    case = vote(case, personnel, committee, present=5, for_=4)
    assert case.status == S.CERTIFICATE
    assert case.decided_on is not None
    assert case.oath_due_on > case.decided_on
    tenure = Tenure.objects.get(appointed_by=case)
    assert tenure.end_date is None
    assert tenure.person == case.person


def test_majority_of_present_but_not_of_all_members_is_rejected(
    make_case, personnel, committee
):
    case = to_vote(make_case("assessor"), personnel)
    # 3 of 5 present is a majority of those present, not of the 7 members.
    case = vote(case, personnel, committee, present=5, for_=3)
    assert case.status == S.REJECTED
    assert not Tenure.objects.filter(appointed_by=case).exists()
    assert case.events.last().data["passed"] is False


def test_a_second_signal_changes_nothing(make_case, personnel, committee):
    case = to_vote(make_case("assessor"), personnel)
    case = vote(case, personnel, committee, present=5, for_=4)
    services.on_ballot_closed(None, ballot=case.ballot)
    assert Tenure.objects.filter(appointed_by=case).count() == 1


def test_ballot_refused_before_the_vote_step(make_case, personnel):
    case = make_case("assessor")
    with pytest.raises(services.CaseRefused, match=r"Only a case|表决"):
        services.case_ballot_create(case, user=personnel)


def test_ballot_refused_without_a_committee_meeting(make_case, personnel):
    case = to_vote(make_case("assessor", meeting=None), personnel)
    with pytest.raises(services.CaseRefused):
        services.case_ballot_create(case, user=personnel)


def test_ballot_refused_when_a_check_was_undone(make_case, personnel):
    StepOrder.objects.filter(case_type="assessor").update(
        steps=["vote", "certificate", "oath"]
    )
    case = make_case("assessor")
    assert case.status == S.VOTE
    with pytest.raises(services.CaseRefused, match="主任会议"):
        services.case_ballot_create(case, user=personnel)


def test_ballot_refused_without_a_passed_exam(make_case, personnel):
    case = make_case("appoint")
    tick_checks(case, personnel)
    # However the case got there, the gate is checked again at the ballot.
    Case.objects.filter(pk=case.pk).update(status=S.VOTE)
    with pytest.raises(services.CaseRefused, match=r"exam|考试"):
        services.case_ballot_create(case, user=personnel)


def test_removal_passed_ends_the_tenure(make_case, personnel, committee):
    person = PersonFactory()
    tenure = Tenure.objects.create(
        person=person, post=PostFactory(), start_date=datetime.date(2020, 1, 1)
    )
    case = make_case("resign", person=person, post=tenure.post, ends_tenure=tenure)
    case = vote(to_vote(case, personnel), personnel, committee, present=6, for_=6)
    assert case.status == S.COMPLETED
    tenure.refresh_from_db()
    assert tenure.end_date == case.decided_on
    assert tenure.ended_by == case


def test_batch_ballots_one_per_ready_case(make_case, personnel, meeting):
    batch = services.batch_create(
        title="第26次会议任免", meeting=meeting, user=personnel
    )
    ready = to_vote(make_case("assessor", batch=batch), personnel)
    waiting = make_case("assessor", batch=batch)
    made, refused = services.batch_ballots_create(batch, user=personnel)
    assert [ballot.object_id for ballot in made] == [ready.pk]
    assert refused == []
    assert waiting.ballot_id is None
