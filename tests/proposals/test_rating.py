"""Rating, re-handling and escalation, closing, publishing, urging, look-back,
one-tap rating links and the rating reminder (proposals.services.rating).

Earlier states are reached through the services (tests.factories.proposals);
assertions see only the events and notices written after the state was built.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.utils import translation

from congress import calendar, reminders, rules
from congress.exceptions import DomainError, TransitionNotAllowed
from congress.models import Notification
from congress.roles import Role
from proposals import services, workflow
from proposals.models import (
    Assignment,
    AssignmentStatus,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Rating,
    Satisfaction,
    Signer,
    SignerStatus,
    Urge,
)
from tests.factories import proposals as build
from tests.factories.congress import UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.proposals import ProposalFactory

A = AssignmentStatus
TZ = ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 6, 1)  # a Monday
NOW = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=TZ)
ASSIGNED_ON = datetime.date(2026, 3, 2)
DUE = datetime.date(2026, 6, 2)
SATISFIED = Satisfaction.SATISFIED
DISSATISFIED = Satisfaction.DISSATISFIED


DATES = {"assigned_on": ASSIGNED_ON, "due_date": DUE}
# What the builders wrote on the way (events, notices) is not what a test
# checks: assertions see only rows written after the state was built.
_BUILT = {"event": 0, "notice": 0}


@pytest.fixture(autouse=True)
def _nothing_built_yet():
    _BUILT.update(event=0, notice=0)


def _built(value):
    _BUILT["event"] = ProposalEvent.objects.aggregate(m=Max("pk"))["m"] or 0
    _BUILT["notice"] = Notification.objects.aggregate(m=Max("pk"))["m"] or 0
    return value


def _events():
    return ProposalEvent.objects.filter(pk__gt=_BUILT["event"])


def _assignment(proposal, organization, *, status=A.REPLIED, round_=1):
    """The lead assignment of `proposal` in `status` (in round 2: replied
    again after a dissatisfied first round), through the services."""
    if round_ == 2:
        built = build.replied_again(organization, proposal=proposal, now=NOW, **DATES)
    elif status in (A.ASSIGNED, A.ACCEPTED, A.CONTESTED):
        built = build.assignment_in(status, organization, proposal=proposal, **DATES)
    else:
        built = build.assignment_in(
            status, organization, proposal=proposal, now=NOW, **DATES
        )
    return _built(built)


def _with_co(proposal, lead_org, co_org):
    """Lead and co-handling assignments; the co-handling organisation signed
    its opinion, then the lead organisation its reply (awaiting rating)."""
    lead = build.accepted(lead_org, proposal=proposal, co=[co_org], **DATES)
    co = proposal.assignments.get(organization=co_org)
    for assignment in (co, lead):
        if assignment is co:
            services.assignment_accept(
                co, user=build.organization_user(co_org, Role.ORG_LIAISON)
            )
        liaison = build.organization_user(assignment.organization, Role.ORG_LIAISON)
        head = build.organization_user(assignment.organization, Role.ORG_HEAD)
        draft = services.reply_draft(assignment, user=liaison, **build.REPLY)
        services.reply_approve(draft, user=head, now=NOW)
    lead.refresh_from_db()
    co.refresh_from_db()
    return _built((lead, co))


@pytest.fixture(autouse=True)
def _english():
    # The refusals below are matched on their English msgids.
    with translation.override("en"):
        yield


@pytest.fixture
def proposal(deputy):
    """The deputy's item, numbered and ready to be assigned."""
    return _built(build.numbered(lead_deputy=DeputyFactory(user=deputy)))


@pytest.fixture
def lead(request, proposal, liaison_a, liaison_b):
    """The lead organisation's reply awaiting rating (with a co-handling
    organisation's signed opinion when the test also asks for `co`)."""
    if "co" in request.fixturenames:
        return _with_co(proposal, liaison_a.organization, liaison_b.organization)[0]
    return _assignment(proposal, liaison_a.organization)


@pytest.fixture
def co(lead, proposal, liaison_b):
    return proposal.assignments.get(organization=liaison_b.organization)


@pytest.fixture
def cosigner(proposal, other_deputy):
    Signer.objects.create(
        proposal=proposal,
        deputy=DeputyFactory(user=other_deputy),
        status=SignerStatus.CONFIRMED,
    )
    return other_deputy


@pytest.fixture
def cosigners_rate(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rules.rule_set(workflow.COSIGNERS_RATE.key, True)


def _rate(assignment, user, result=SATISFIED, **options):
    return services.rating_submit(
        assignment,
        user=user,
        attitude=SATISFIED,
        result=result,
        comment="办理认真",
        now=NOW,
        **options,
    )


def _snapshot(assignment):
    assignment.refresh_from_db()
    return (assignment.status, assignment.round, assignment.due_date)


def _kinds(user) -> list[str]:
    return list(
        Notification.objects.filter(
            pk__gt=_BUILT["notice"], recipient=user
        ).values_list("kind", flat=True)
    )


# Rating ---------------------------------------------------------------------


def test_rating_satisfied_closes_the_lead_and_co_handling_assignments(lead, co, deputy):
    _rate(lead, deputy)

    lead.refresh_from_db()
    co.refresh_from_db()
    assert (lead.status, co.status) == (A.DONE, A.DONE)
    assert list(_events().values_list("type", flat=True)) == [
        "proposals.rated",
        "proposals.co_handling_done",
    ]


def test_rating_satisfied_tells_the_organisation(lead, deputy, liaison_a):
    _rate(lead, deputy, result=Satisfaction.BASICALLY)

    assert _kinds(liaison_a) == ["proposals.rated"]


def test_rating_dissatisfied_in_round_one_sends_it_back_for_rehandling(
    lead, deputy, liaison_a
):
    _rate(lead, deputy, result=DISSATISFIED)

    status, round_, due_date = _snapshot(lead)
    assert (status, round_) == (A.RE_HANDLING, 2)
    assert due_date == calendar.add_months_to_workday(TODAY, 1) > DUE
    assert _kinds(liaison_a) == ["proposals.rehandling"]
    event = _events().get()
    assert event.data["outcome"] == A.RE_HANDLING


def test_rating_dissatisfied_in_round_two_escalates_to_office_and_leaders(
    proposal, liaison_a, deputy, office, leader, member
):
    supervising = UserFactory(roles=[Role.MEMBER])
    proposal.supervising_leaders.add(supervising, leader)
    lead = _assignment(proposal, liaison_a.organization, round_=2)

    _rate(lead, deputy, result=DISSATISFIED)

    assert _snapshot(lead)[:2] == (A.ESCALATED, 2)
    assert (
        _kinds(office)
        == _kinds(leader)
        == _kinds(supervising)
        == ["proposals.escalated"]
    )
    assert _kinds(member) == []


def test_rating_by_a_non_signer_is_refused_and_changes_nothing(lead, other_deputy):
    DeputyFactory(user=other_deputy)
    before = _snapshot(lead)

    with pytest.raises(PermissionDenied):
        _rate(lead, other_deputy, result=DISSATISFIED)

    assert _snapshot(lead) == before
    assert not Rating.objects.exists()
    assert not _events().exists()


def test_rating_by_a_cosigner_is_refused_by_default(lead, cosigner):
    with pytest.raises(PermissionDenied):
        _rate(lead, cosigner)

    assert not Rating.objects.exists()


def test_rating_by_a_cosigner_is_recorded_when_the_rule_allows_it(
    lead, cosigner, cosigners_rate
):
    rating = _rate(lead, cosigner, result=DISSATISFIED)

    assert rating.deputy.user == cosigner
    # Only the lead deputy's rating decides the outcome.
    assert _snapshot(lead)[0] == A.REPLIED
    assert _events().get().type == "proposals.rated"


def test_rating_by_the_lead_deputy_leaves_silent_cosigners_unrated(
    lead, deputy, cosigner, cosigners_rate
):
    _rate(lead, deputy)

    # 未反馈: no rating row stands in for the co-signer who did not answer.
    assert list(Rating.objects.values_list("deputy__user", flat=True)) == [deputy.pk]


def test_rating_twice_is_refused(lead, cosigner, cosigners_rate):
    _rate(lead, cosigner)

    with pytest.raises(DomainError, match="already rated"):
        _rate(lead, cosigner, result=DISSATISFIED)

    assert Rating.objects.get().result == SATISFIED


def test_rating_before_the_reply_is_refused(proposal, liaison_a, deputy):
    lead = _assignment(proposal, liaison_a.organization, status=A.ACCEPTED)

    with pytest.raises(TransitionNotAllowed):
        _rate(lead, deputy)

    assert not Rating.objects.exists()


def test_rating_a_co_handling_assignment_is_refused(lead, co, deputy):
    with pytest.raises(DomainError):
        _rate(co, deputy)

    assert _snapshot(co)[0] == A.REPLIED


# Supervision, closing, publishing -----------------------------------------


def test_assignment_finish_supervision_marks_the_escalated_assignment_done(
    proposal, liaison_a, office, deputy
):
    lead = _assignment(proposal, liaison_a.organization, status=A.ESCALATED)

    services.assignment_finish_supervision(
        lead, user=office, note="主任会议督办后已落实"
    )

    assert _snapshot(lead)[0] == A.DONE
    assert _kinds(deputy) == ["proposals.supervision_finished"]


def test_assignment_finish_supervision_is_refused_for_a_reply_awaiting_rating(
    lead, office
):
    with pytest.raises(TransitionNotAllowed):
        services.assignment_finish_supervision(lead, user=office, note="已督办")

    assert _snapshot(lead)[0] == A.REPLIED
    assert not _events().exists()


def test_proposal_close_is_refused_while_an_assignment_is_open(
    proposal, liaison_a, liaison_b, office
):
    _assignment(proposal, liaison_b.organization, status=A.ACCEPTED)

    with pytest.raises(DomainError, match=liaison_b.organization.name):
        services.proposal_close(proposal, user=office)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ASSIGNED
    assert not _events().exists()


def test_proposal_close_is_refused_while_escalated(proposal, liaison_a, office):
    _assignment(proposal, liaison_a.organization, status=A.ESCALATED)

    with pytest.raises(DomainError):
        services.proposal_close(proposal, user=office)


def test_proposal_close_closes_and_tells_the_lead_deputy(
    proposal, liaison_a, office, deputy
):
    _assignment(proposal, liaison_a.organization, status=A.DONE)

    services.proposal_close(proposal, user=office)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLOSED
    assert _kinds(deputy) == ["proposals.closed"]


def test_proposal_close_is_refused_for_a_deputy(proposal, liaison_a, deputy):
    _assignment(proposal, liaison_a.organization, status=A.DONE)

    with pytest.raises(PermissionDenied):
        services.proposal_close(proposal, user=deputy)


def test_proposal_publish_publishes_a_closed_item(proposal, office):
    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.CLOSED)

    services.proposal_publish(proposal, user=office)

    proposal.refresh_from_db()
    assert proposal.published
    assert _events().get().type == "proposals.published"


def test_proposal_publish_is_refused_when_confidential(proposal, office):
    Proposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.CLOSED, confidential=True
    )

    with pytest.raises(DomainError, match="confidential"):
        services.proposal_publish(proposal, user=office)

    proposal.refresh_from_db()
    assert not proposal.published
    assert not _events().exists()


def test_proposal_publish_is_refused_before_closing(proposal, office):
    with pytest.raises(DomainError):
        services.proposal_publish(proposal, user=office)


# Look-back ------------------------------------------------------------------


def test_proposals_select_look_back_marks_closed_key_suggestions(proposal, office):
    Proposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.CLOSED, is_key=True
    )

    services.proposals_select_look_back([proposal], user=office)

    proposal.refresh_from_db()
    assert proposal.look_back


def test_proposals_select_look_back_refuses_the_batch_with_an_ordinary_item(
    proposal, office
):
    Proposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.CLOSED, is_key=True
    )
    ordinary = ProposalFactory(status=ProposalStatus.CLOSED)

    with pytest.raises(DomainError, match=ordinary.title):
        services.proposals_select_look_back([proposal, ordinary], user=office)

    assert not Proposal.objects.filter(look_back=True).exists()


# Urging -----------------------------------------------------------------------


@pytest.fixture
def handling(proposal, liaison_a):
    return _assignment(proposal, liaison_a.organization, status=A.ACCEPTED)


def test_assignment_urge_records_and_tells_the_liaisons(handling, deputy, liaison_a):
    services.assignment_urge(handling, user=deputy, note="群众反映强烈", now=NOW)

    assert Urge.objects.get().user == deputy
    assert _kinds(liaison_a) == ["proposals.urged"]
    assert _events().get().type == "proposals.urged"


def test_assignment_urge_again_too_soon_is_refused_then_allowed(handling, deputy):
    with time_machine.travel(NOW, tick=False) as clock:
        services.assignment_urge(handling, user=deputy)
        clock.shift(datetime.timedelta(days=2))

        with (
            translation.override("zh-hans"),
            pytest.raises(DomainError, match="6月4日 10:00"),
        ):
            services.assignment_urge(handling, user=deputy)

        clock.shift(datetime.timedelta(days=1))
        services.assignment_urge(handling, user=deputy)

    assert Urge.objects.count() == 2


def test_assignment_urge_limit_is_per_person(handling, deputy, office):
    with time_machine.travel(NOW, tick=False):
        services.assignment_urge(handling, user=deputy)
        services.assignment_urge(handling, user=office)

    assert Urge.objects.count() == 2


def test_assignment_urge_by_a_supervising_leader(handling, proposal, leader):
    proposal.supervising_leaders.add(leader)

    services.assignment_urge(handling, user=leader, now=NOW)

    assert Urge.objects.get().user == leader


def test_assignment_urge_by_an_unrelated_deputy_is_refused(handling, other_deputy):
    with pytest.raises(PermissionDenied):
        services.assignment_urge(handling, user=other_deputy, now=NOW)

    assert not Urge.objects.exists()
    assert not Notification.objects.filter(pk__gt=_BUILT["notice"]).exists()


def test_assignment_urge_after_the_reply_is_refused(lead, deputy):
    with pytest.raises(DomainError):
        services.assignment_urge(lead, user=deputy, now=NOW)

    assert not Urge.objects.exists()


# Rating links -------------------------------------------------------------


def test_rating_link_round_trip(lead, proposal):
    token = services.rating_link(lead, proposal.lead_deputy)

    assert services.rating_link_read(token) == (lead, proposal.lead_deputy)


def test_rating_link_tampered_is_refused(lead, proposal):
    token = services.rating_link(lead, proposal.lead_deputy)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    with pytest.raises(DomainError, match="not valid"):
        services.rating_link_read(tampered)


def test_rating_link_expired_is_refused(lead, proposal):
    with time_machine.travel(NOW, tick=False) as clock:
        token = services.rating_link(lead, proposal.lead_deputy)
        clock.shift(datetime.timedelta(days=15))

        with pytest.raises(DomainError, match="expired"):
            services.rating_link_read(token)


def test_rating_link_of_an_earlier_round_is_refused(lead, proposal):
    token = services.rating_link(lead, proposal.lead_deputy)
    Assignment.objects.filter(pk=lead.pk).update(round=2)

    with pytest.raises(DomainError, match="earlier"):
        services.rating_link_read(token)


# Rating reminder ----------------------------------------------------------


def _scan(day: datetime.date) -> list[str]:
    logs = reminders.scan(day, keys=["proposals.rating_due"])
    return [(log.step, log.recipient.username) for log in logs]


def test_rating_reminder_reaches_the_lead_deputy_once_after_seven_days(lead, deputy):
    assert _scan(TODAY) == [("awaiting", deputy.username)]
    assert _scan(TODAY + datetime.timedelta(days=6)) == []
    assert _scan(TODAY + datetime.timedelta(days=7)) == [("again", deputy.username)]
    assert _scan(TODAY + datetime.timedelta(days=8)) == []
    assert _kinds(deputy) == ["proposals.rating_due", "proposals.rating_due"]


def test_rating_reminder_stops_once_rated(lead, deputy):
    _rate(lead, deputy)

    assert _scan(TODAY + datetime.timedelta(days=7)) == []


def test_rating_reminder_skips_co_handling_assignments(lead, co, deputy):
    # One reminder, for the lead organisation's reply; none for the opinion.
    assert _scan(TODAY) == [("awaiting", deputy.username)]
