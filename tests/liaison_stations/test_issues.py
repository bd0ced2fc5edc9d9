"""Citizens' issues followed to an answer: routing, the organisation's answer,
feedback (reopened once), a suggestion draft, screening, reminders."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from congress import reminders
from congress.exceptions import TransitionNotAllowed
from congress.models import Notification
from liaison_stations import services
from liaison_stations.models import IssueStatus
from proposals.models import Proposal
from tests.factories.deputies import DeputyFactory
from tests.factories.liaison_stations import StationFactory, member

pytestmark = pytest.mark.django_db

RECEIVED = datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture
def station(station_manager):
    return StationFactory(managers=[station_manager])


@pytest.fixture
def issue(station, station_manager):
    deputy = member(station)
    reception = services.reception_record(
        station,
        user=station_manager,
        kind="sitting",
        date=datetime.date(2026, 11, 2),
        deputies=[deputy],
        visitor_count=2,
        summary="",
    )
    return services.issue_record(
        reception,
        user=station_manager,
        citizen_name="何秀珍",
        citizen_phone="13905810001",
        content="村道坑洼积水",
        category="infrastructure",
        now=RECEIVED,
    )


def test_referral_is_due_one_month_later_on_a_working_day(
    issue, station_manager, liaison_a
):
    issue = services.issue_refer(
        issue, user=station_manager, organization=liaison_a.organization
    )
    assert issue.status == IssueStatus.REFERRED
    # 2 December 2026 is a Wednesday.
    assert issue.due_date == datetime.date(2026, 12, 2)
    assert Notification.objects.filter(
        recipient=liaison_a, kind="liaison_stations.issue_referred"
    ).exists()


def test_the_organisation_answers_and_satisfied_feedback_closes(
    issue, station_manager, liaison_a
):
    issue = services.issue_refer(
        issue, user=station_manager, organization=liaison_a.organization
    )
    issue = services.issue_answer(issue, user=liaison_a, reply="已修补。")
    assert issue.status == IssueStatus.ANSWERED
    issue = services.issue_feedback(issue, user=station_manager, feedback="satisfied")
    assert issue.status == IssueStatus.CLOSED
    assert [e.type for e in issue.events.all()] == [
        "liaison_stations.received",
        "liaison_stations.routed.referred",
        "liaison_stations.answered",
        "liaison_stations.closed",
    ]


def test_not_satisfied_reopens_once_then_closes(issue, station_manager, liaison_a):
    org = liaison_a.organization
    issue = services.issue_refer(issue, user=station_manager, organization=org)
    issue = services.issue_answer(issue, user=liaison_a, reply="已研究。")
    issue = services.issue_feedback(
        issue, user=station_manager, feedback="dissatisfied"
    )
    assert issue.status == IssueStatus.RECEIVED
    assert issue.reopened
    issue = services.issue_refer(issue, user=station_manager, organization=org)
    issue = services.issue_answer(issue, user=liaison_a, reply="已重新办理。")
    issue = services.issue_feedback(
        issue, user=station_manager, feedback="dissatisfied"
    )
    assert issue.status == IssueStatus.CLOSED
    assert issue.feedback == "dissatisfied"


def test_another_organisation_cannot_answer(
    issue, station_manager, liaison_a, liaison_b
):
    from liaison_stations.access import issue_get_for_user

    services.issue_refer(
        issue, user=station_manager, organization=liaison_a.organization
    )
    with pytest.raises(Http404):
        issue_get_for_user(liaison_b, issue.pk, action="answer")


def test_a_deputy_cannot_route(issue, deputy):
    with pytest.raises(PermissionDenied):
        services.issue_solve(issue, user=deputy, reply="x")


def test_answering_a_received_issue_is_not_a_transition(issue, station_manager):
    with pytest.raises(TransitionNotAllowed):
        services.issue_answer(issue, user=station_manager, reply="x")


def test_issue_becomes_a_suggestion_draft_of_the_deputy(issue, station_manager, deputy):
    person = member(issue.station, DeputyFactory(user=deputy))
    issue = services.issue_to_suggestion(issue, user=station_manager, deputy=person)
    issue, proposal = services.issue_draft_suggestion(
        issue, user=deputy, title="关于修缮村道的建议", body="村道坑洼积水……"
    )
    assert proposal.status == "draft"
    assert proposal.lead_deputy == person
    assert proposal.kind == "suggestion"
    assert issue.proposal == proposal
    assert issue.status == IssueStatus.ANSWERED
    assert Proposal.objects.filter(lead_deputy=person).count() == 1


def test_screening_out_needs_a_reason(issue, station_manager):
    with pytest.raises(services.IssueRefused):
        services.issue_screen_out(issue, user=station_manager, reason=" ")
    issue = services.issue_screen_out(
        issue, user=station_manager, reason="属于诉讼中的个案"
    )
    assert issue.status == IssueStatus.SCREENED_OUT


def test_reply_reminders_before_and_after_the_deadline(
    issue, station_manager, liaison_a
):
    services.issue_refer(
        issue, user=station_manager, organization=liaison_a.organization
    )
    keys = ["liaison_stations.issue_due"]
    week_before = reminders.scan(datetime.date(2026, 11, 25), keys=keys)
    assert [(r.step, r.recipient) for r in week_before] == [("due_in_7", liaison_a)]
    assert reminders.scan(datetime.date(2026, 11, 26), keys=keys) == []
    overdue = reminders.scan(datetime.date(2026, 12, 3), keys=keys)
    assert {(r.step, r.recipient) for r in overdue} == {
        ("overdue", liaison_a),
        ("overdue", station_manager),
    }


def test_lookup_needs_code_and_phone(issue):
    assert services.issue_lookup(issue.tracking_code, "13905810001") == issue
    assert services.issue_lookup(issue.tracking_code, "13905810002") is None
    assert services.issue_lookup("", "13905810001") is None
