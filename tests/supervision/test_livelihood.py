"""Livelihood projects (民生实事票决): ten candidates, the deputies choose five
at the session in one secret vote, progress, the problem list and the
year-end satisfaction vote."""

import datetime

import pytest

from congress import ballots
from congress.exceptions import TransitionNotAllowed
from congress.models import Ballot
from congress.roles import Role
from supervision import livelihood
from supervision.livelihood import SelectionRefused
from supervision.models import LivelihoodProject, ProjectStatus, SelectionChoice
from tests.factories.congress import OrganizationFactory, UserFactory
from tests.factories.deputies import DeputyFactory, MandateFactory

P = ProjectStatus
NOW = datetime.datetime(2026, 1, 8, 9, tzinfo=datetime.UTC)


@pytest.fixture
def deputies(db):
    """Six serving county deputies with logins."""
    users = []
    for n in range(6):
        user = UserFactory(username=f"t_dep_{n}", roles=[Role.DEPUTY])
        MandateFactory(deputy=DeputyFactory(user=user))
        users.append(user)
    return users


@pytest.fixture
def candidates(db, office):
    department = OrganizationFactory(name="测试局甲")
    return [
        livelihood.project_propose(
            year=2026,
            title=f"民生实事候选项目{n}",
            source="public" if n % 2 else "government",
            department=department,
            user=office,
        )
        for n in range(10)
    ]


@pytest.fixture
def open_vote(candidates, deputies, office):
    vote = livelihood.selection_create(year=2026, seats=5, meeting=None, user=office)
    return livelihood.selection_open(vote, present_count=6, user=office, now=NOW)


def test_candidates_are_numbered_in_order(candidates):
    assert [p.number for p in candidates] == list(range(1, 11))


def test_deputies_choose_five_of_ten(open_vote, candidates, deputies, office):
    favourites = [p.pk for p in candidates[2:7]]
    for n, deputy in enumerate(deputies):
        chosen = favourites if n < 4 else [p.pk for p in candidates[:5]]
        livelihood.selection_cast(open_vote, voter=deputy, project_ids=chosen)
    selected = livelihood.selection_close(open_vote, user=office)
    assert [p.number for p in selected] == [3, 4, 5, 6, 7]
    statuses = dict(LivelihoodProject.objects.values_list("number", "status"))
    assert list(statuses.values()).count(P.SELECTED) == 5
    assert statuses[10] == P.NOT_SELECTED
    assert LivelihoodProject.objects.get(number=3).votes == 6


def test_a_deputy_votes_once(open_vote, candidates, deputies):
    livelihood.selection_cast(
        open_vote, voter=deputies[0], project_ids=[candidates[0].pk]
    )
    with pytest.raises(ballots.AlreadyVoted):
        livelihood.selection_cast(
            open_vote, voter=deputies[0], project_ids=[candidates[1].pk]
        )
    assert SelectionChoice.objects.count() == 1


def test_more_choices_than_seats_refused(open_vote, candidates, deputies):
    with pytest.raises(SelectionRefused):
        livelihood.selection_cast(
            open_vote, voter=deputies[0], project_ids=[p.pk for p in candidates[:6]]
        )


def test_only_deputies_on_the_roll_vote(open_vote, candidates, member):
    with pytest.raises(ballots.NotEligible):
        livelihood.selection_cast(
            open_vote, voter=member, project_ids=[candidates[0].pk]
        )


def test_no_more_ballots_than_present(candidates, deputies, office):
    vote = livelihood.selection_create(year=2026, seats=5, meeting=None, user=office)
    vote = livelihood.selection_open(vote, present_count=4, user=office)
    for deputy in deputies[:4]:
        livelihood.selection_cast(vote, voter=deputy, project_ids=[candidates[0].pk])
    with pytest.raises(ballots.TooManyVotes):
        livelihood.selection_cast(
            vote, voter=deputies[4], project_ids=[candidates[0].pk]
        )


def test_no_quorum_no_vote(candidates, deputies, office):
    vote = livelihood.selection_create(year=2026, seats=5, meeting=None, user=office)
    with pytest.raises(ballots.QuorumNotMet):
        livelihood.selection_open(vote, present_count=3, user=office)


def test_no_candidates_after_the_vote_opened(open_vote, office):
    with pytest.raises(SelectionRefused):
        livelihood.project_propose(
            year=2026,
            title="迟到的候选",
            source="deputies",
            department=OrganizationFactory(name="测试局甲"),
            user=office,
        )


def test_seats_fewer_than_candidates(candidates, office):
    with pytest.raises(SelectionRefused):
        livelihood.selection_create(year=2026, seats=10, meeting=None, user=office)


def test_member_cannot_open_the_vote(candidates, deputies, office, member):
    vote = livelihood.selection_create(year=2026, seats=5, meeting=None, user=office)
    with pytest.raises(TransitionNotAllowed):
        livelihood.selection_open(vote, present_count=6, user=member)


def _selected(open_vote, candidates, deputies, office):
    for deputy in deputies:
        livelihood.selection_cast(
            open_vote, voter=deputy, project_ids=[p.pk for p in candidates[:5]]
        )
    return livelihood.selection_close(open_vote, user=office)


def test_progress_to_completion_and_year_end_vote_published(
    open_vote,
    candidates,
    deputies,
    office,
    liaison_a,
    django_capture_on_commit_callbacks,
):
    project = _selected(open_vote, candidates, deputies, office)[0]
    livelihood.project_progress_report(project, user=liaison_a, percent=60, text="过半")
    livelihood.project_progress_report(
        project, user=liaison_a, percent=100, text="完工"
    )
    project.refresh_from_db()
    assert project.status == P.COMPLETED
    members = [UserFactory(username=f"t_cm_{n}", roles=[Role.MEMBER]) for n in range(3)]
    ballot = livelihood.project_evaluation_create(project, user=office)
    ballot = ballots.ballot_open(ballot, present=members, user=office)
    ballots.ballot_record_paper_totals(
        ballot, totals={"satisfied": 2, "basically_satisfied": 1}, user=office
    )
    with django_capture_on_commit_callbacks(execute=True):
        ballot = ballots.ballot_close(ballot, user=office)
    ballot = ballots.ballot_publish(ballot, user=office)
    project.refresh_from_db()
    assert project.status == P.EVALUATED
    assert ballot.published
    assert ballot.passed


def test_progress_refused_on_a_project_not_selected(
    open_vote, candidates, deputies, office, liaison_a
):
    _selected(open_vote, candidates, deputies, office)
    loser = LivelihoodProject.objects.get(number=10)
    with pytest.raises(TransitionNotAllowed):
        livelihood.project_progress_report(loser, user=liaison_a, percent=10, text="x")


def test_issue_resolved_only_with_text(open_vote, candidates, deputies, office):
    project = _selected(open_vote, candidates, deputies, office)[0]
    issue = livelihood.issue_add(
        project,
        user=office,
        text="施工进度滞后",
        responsible="测试局甲",
        due_on=datetime.date(2026, 9, 30),
    )
    with pytest.raises(SelectionRefused):
        livelihood.issue_resolve(issue, user=office, resolution=" ")
    issue = livelihood.issue_resolve(issue, user=office, resolution="已追加施工力量")
    assert issue.status == "resolved"


def test_ballot_on_another_subject_does_not_evaluate(office):
    ballot = ballots.ballot_create(
        title="x",
        kind=Ballot.Kind.VOTE,
        body=Ballot.Body.COMMITTEE,
        mode=Ballot.Mode.PAPER,
        pass_rule=Ballot.PassRule.MAJORITY_OF_ALL,
        user=office,
    )
    assert livelihood.project_evaluation_settle(ballot) is None


def test_paper_totals_then_close(open_vote, candidates, office):
    totals = {p.pk: 6 - n for n, p in enumerate(candidates[:6])}
    livelihood.selection_record_paper(
        open_vote, ballots_cast=6, totals=totals, user=office
    )
    selected = livelihood.selection_close(open_vote, user=office)
    assert [p.number for p in selected] == [1, 2, 3, 4, 5]


def test_paper_totals_cannot_exceed_the_ballots(open_vote, candidates, office):
    with pytest.raises(SelectionRefused):
        livelihood.selection_record_paper(
            open_vote, ballots_cast=2, totals={candidates[0].pk: 3}, user=office
        )
    with pytest.raises(ballots.TooManyVotes):
        livelihood.selection_record_paper(
            open_vote, ballots_cast=7, totals={}, user=office
        )
