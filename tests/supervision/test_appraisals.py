"""Work appraisals (工作评议): candidates chosen by the committee's vote, the
four stages, the satisfaction vote on the rectification, the coverage of
the term; who sees and does what."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from congress import ballots
from congress.exceptions import TransitionNotAllowed
from congress.models import Ballot, Notification, Organization
from supervision import appraisals as services
from supervision.appraisals import AppraisalRefused
from supervision.models import AppraisalStatus
from tests.factories.congress import OrganizationFactory, TermFactory, UserFactory

A = AppraisalStatus
NOW = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
FOR = ["for", "for", "for", "against", "abstain"]
AGAINST = ["against", "against", "for", "against", "abstain"]
PASS = ["satisfied", "satisfied", "basically_satisfied", "dissatisfied", "satisfied"]
FAIL = ["dissatisfied", "dissatisfied", "satisfied", "dissatisfied", "satisfied"]


@pytest.fixture
def candidate(liaison_a, working_body, office):
    return services.appraisal_propose(
        year=2026,
        department=liaison_a.organization,
        working_body=working_body,
        user=office,
        now=NOW,
    )


def _close(ballot, office, members, choices, capture):
    ballot = ballots.ballot_open(ballot, present=members, user=office)
    for member, option in zip(members, choices, strict=True):
        ballots.ballot_cast(ballot, voter=member, option=option)
    with capture(execute=True):
        ballots.ballot_close(ballot, user=office)


def _selected(candidate, office, members, capture):
    [ballot] = services.appraisal_vote_create(year=2026, user=office, now=NOW)
    _close(ballot, office, members, FOR, capture)
    candidate.refresh_from_db()
    return candidate


def _rectifying(appraisal, office):
    appraisal = services.appraisal_prepare(
        appraisal,
        user=office,
        work_plan="评议工作方案",
        team="评议调查组",
        announced_on=datetime.date(2026, 3, 10),
        now=NOW,
    )
    appraisal = services.appraisal_investigate(appraisal, user=office, now=NOW)
    appraisal = services.appraisal_deliberate(
        appraisal,
        user=office,
        investigation="走访座谈12次，查阅资料，现场察看。",
        opinions_collected=86,
        problems_found=9,
        meeting=None,
        now=NOW,
    )
    return services.appraisal_opinion_send(
        appraisal, user=office, opinion="审议意见：……", now=NOW
    )


@pytest.fixture
def selected(candidate, office, members, django_capture_on_commit_callbacks):
    return _selected(candidate, office, members, django_capture_on_commit_callbacks)


def test_only_government_departments_are_candidates(office, working_body):
    court = OrganizationFactory(name="县人民法院", kind=Organization.Kind.COURT)
    with pytest.raises(AppraisalRefused):
        services.appraisal_propose(
            year=2026, department=court, working_body=working_body, user=office
        )


def test_a_department_is_a_candidate_once_a_year(candidate, office, working_body):
    with pytest.raises(AppraisalRefused):
        services.appraisal_propose(
            year=2026,
            department=candidate.department,
            working_body=working_body,
            user=office,
        )


def test_vote_is_a_committee_ballot_of_all_members_per_candidate(candidate, office):
    [ballot] = services.appraisal_vote_create(year=2026, user=office)
    assert ballot.body == Ballot.Body.COMMITTEE
    assert ballot.pass_rule == Ballot.PassRule.MAJORITY_OF_ALL
    assert ballot.content_type.model == "appraisal"
    assert ballot.object_id == candidate.pk
    with pytest.raises(AppraisalRefused):
        services.appraisal_vote_create(year=2026, user=office)


def test_vote_passed_selects_and_tells_the_department(selected, liaison_a):
    assert selected.status == A.SELECTED
    assert Notification.objects.filter(
        recipient=liaison_a, kind="supervision.appraisal_selected"
    ).exists()


def test_vote_failed_drops_the_candidate(
    candidate, office, members, django_capture_on_commit_callbacks
):
    [ballot] = services.appraisal_vote_create(year=2026, user=office)
    _close(ballot, office, members, AGAINST, django_capture_on_commit_callbacks)
    candidate.refresh_from_db()
    assert candidate.status == A.NOT_SELECTED


def test_a_member_outside_the_electorate_cannot_vote(candidate, office, members):
    [ballot] = services.appraisal_vote_create(year=2026, user=office)
    ballot = ballots.ballot_open(ballot, present=members, user=office)
    deputy = UserFactory(username="t_not_member")
    with pytest.raises(ballots.NotEligible):
        ballots.ballot_cast(ballot, voter=deputy, option="for")


def test_a_member_votes_once(candidate, office, members):
    [ballot] = services.appraisal_vote_create(year=2026, user=office)
    ballot = ballots.ballot_open(ballot, present=members, user=office)
    ballots.ballot_cast(ballot, voter=members[0], option="for")
    with pytest.raises(ballots.AlreadyVoted):
        ballots.ballot_cast(ballot, voter=members[0], option="for")


def test_stages_cannot_be_skipped(selected, office):
    with pytest.raises(TransitionNotAllowed):
        services.appraisal_investigate(selected, user=office)


def test_a_candidate_cannot_be_prepared_before_the_vote(candidate, office):
    with pytest.raises(TransitionNotAllowed):
        services.appraisal_prepare(
            candidate,
            user=office,
            work_plan="方案",
            team="",
            announced_on=datetime.date(2026, 3, 10),
        )


def test_opinion_sets_the_rectification_deadline(selected, office, liaison_a):
    appraisal = _rectifying(selected, office)
    assert appraisal.status == A.RECTIFICATION
    assert appraisal.rectification_due_on == datetime.date(2026, 5, 2)
    assert Notification.objects.filter(
        recipient=liaison_a, kind="supervision.appraisal_opinion"
    ).exists()


def test_another_organisation_cannot_report(selected, office, liaison_b):
    appraisal = _rectifying(selected, office)
    with pytest.raises(AppraisalRefused):
        services.appraisal_rectification_report(
            appraisal, user=liaison_b, report="整改报告"
        )


def test_satisfaction_vote_below_threshold_sends_back_to_rectify(
    selected, office, liaison_a, members, django_capture_on_commit_callbacks
):
    appraisal = _rectifying(selected, office)
    services.appraisal_rectification_report(appraisal, user=liaison_a, report="整改")
    ballot = services.appraisal_satisfaction_create(appraisal, user=office)
    with time_machine.travel(NOW, tick=False):
        _close(ballot, office, members, FAIL, django_capture_on_commit_callbacks)
    appraisal.refresh_from_db()
    assert appraisal.status == A.RECTIFICATION


def test_satisfaction_vote_passed_closes_and_feedback_is_recorded(
    selected, office, liaison_a, members, django_capture_on_commit_callbacks
):
    appraisal = _rectifying(selected, office)
    services.appraisal_rectification_report(appraisal, user=liaison_a, report="整改")
    ballot = services.appraisal_satisfaction_create(appraisal, user=office)
    _close(ballot, office, members, PASS, django_capture_on_commit_callbacks)
    appraisal.refresh_from_db()
    assert appraisal.status == A.CLOSED
    services.appraisal_feedback(appraisal, user=office, feedback="已向县委报告。")
    appraisal.refresh_from_db()
    assert appraisal.feedback == "已向县委报告。"


def test_feedback_refused_before_the_close(selected, office):
    with pytest.raises(AppraisalRefused):
        services.appraisal_feedback(selected, user=office, feedback="x")


# Pages ------------------------------------------------------------------------


def test_department_sees_its_appraisal_once_selected(client, candidate, liaison_a):
    client.force_login(liaison_a)
    url = reverse("supervision:appraisal_detail", args=[candidate.pk])
    assert client.get(url).status_code == 404


def test_department_reports_from_its_page(client, selected, office, liaison_a):
    _rectifying(selected, office)
    client.force_login(liaison_a)
    page = client.get(reverse("supervision:appraisal_detail", args=[selected.pk]))
    assert page.status_code == 200
    step = reverse("supervision:appraisal_step", args=[selected.pk, "report"])
    assert step in page.content.decode()
    response = client.post(step, {"report": "整改情况报告"})
    assert response.status_code == 302
    selected.refresh_from_db()
    assert selected.status == A.REPORTED


def test_another_organisation_sees_nothing(client, selected, liaison_b):
    client.force_login(liaison_b)
    assert (
        client.get(
            reverse("supervision:appraisal_detail", args=[selected.pk])
        ).status_code
        == 404
    )
    page = client.get(reverse("supervision:appraisals_year", args=[2026]))
    assert selected.department.name not in page.content.decode()


def test_department_cannot_take_the_staff_steps(client, selected, liaison_a):
    client.force_login(liaison_a)
    url = reverse("supervision:appraisal_step", args=[selected.pk, "prepare"])
    assert client.get(url).status_code == 403


def test_members_read_but_do_not_manage(client, selected, member):
    client.force_login(member)
    assert (
        client.get(
            reverse("supervision:appraisal_detail", args=[selected.pk])
        ).status_code
        == 200
    )
    url = reverse("supervision:appraisal_step", args=[selected.pk, "prepare"])
    assert client.get(url).status_code == 403


def test_staff_propose_and_prepare_through_the_pages(
    client, office, liaison_a, working_body
):
    client.force_login(office)
    response = client.post(
        reverse("supervision:appraisal_create", args=[2026]),
        {"department": liaison_a.organization.pk, "working_body": working_body.pk},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("supervision:appraisal_vote", args=[2026]), {"mode": "paper"}
    )
    assert response.status_code == 302
    assert Ballot.objects.filter(mode="paper").count() == 1


def test_bad_date_is_named_not_a_500(client, selected, office):
    client.force_login(office)
    url = reverse("supervision:appraisal_step", args=[selected.pk, "prepare"])
    response = client.post(url, {"work_plan": "方案", "announced_on": "明天"})
    assert response.status_code == 200
    assert response.context["form"].errors["announced_on"]


def test_coverage_counts_selected_appraisals(client, leader, selected, candidate):
    TermFactory()
    OrganizationFactory(name="测试局丙")
    client.force_login(leader)
    rows = {
        row.organization.name: row
        for row in client.get(reverse("supervision:coverage")).context["rows"]
    }
    assert rows[selected.department.name].total == 1
    assert rows["测试局丙"].total == 0


def test_coverage_ignores_candidates_not_selected(client, leader, candidate):
    TermFactory()
    client.force_login(leader)
    rows = {
        row.organization.name: row
        for row in client.get(reverse("supervision:coverage")).context["rows"]
    }
    assert rows[candidate.department.name].total == 0


@pytest.mark.parametrize("n", [3, 6])
def test_list_query_count(client, office, working_body, n, django_assert_num_queries):
    for index in range(n):
        services.appraisal_propose(
            year=2026,
            department=OrganizationFactory(name=f"测试部门{index}"),
            working_body=working_body,
            user=office,
        )
    services.appraisal_vote_create(year=2026, user=office)
    client.force_login(office)
    # session, user, roles, the appraisals with department, working body and
    # ballot, the unread notices; none per appraisal.
    with django_assert_num_queries(5):
        client.get(reverse("supervision:appraisals_year", args=[2026]))
