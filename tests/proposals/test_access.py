"""Who may do what, in one place (proposals.access), and the state builders
that reach each state through the services (tests.factories.proposals)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from congress.exceptions import DomainError
from congress.redirects import next_url
from congress.roles import Role
from proposals import access, services
from proposals.models import (
    AFTER_REPLY,
    AWAITING_ORGANIZATION,
    HANDLING,
    UNFINISHED,
    Assignment,
    AssignmentStatus,
    ExtensionRequest,
    ProposalEvent,
    ProposalStatus,
)
from tests.factories import proposals as build
from tests.factories.congress import OrganizationFactory, UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.proposals import CategoryFactory

pytestmark = pytest.mark.django_db

A = AssignmentStatus
ASSIGNED_FRIDAY = datetime.date(2026, 5, 29)
FRIDAY_CLOSES = datetime.date(2026, 6, 5)  # the 5th working day after it
SATURDAY_AFTER = datetime.date(2026, 6, 6)


# Builders ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("builder", "status"),
    [
        (build.assigned, A.ASSIGNED),
        (build.accepted, A.ACCEPTED),
        (build.contested, A.CONTESTED),
        (build.drafted, A.ACCEPTED),
        (build.replied, A.REPLIED),
    ],
)
def test_builders_reach_each_state_through_the_services(builder, status):
    assignment = builder()
    assert assignment.status == status
    assert assignment.proposal.status == ProposalStatus.ASSIGNED
    types = set(
        ProposalEvent.objects.filter(proposal=assignment.proposal).values_list(
            "type", flat=True
        )
    )
    assert {"proposals.submitted", "proposals.registered", "proposals.assigned"} <= (
        types
    )


def test_rated_builder_closes_or_sends_back_for_re_handling():
    assert build.rated(satisfied=True).status == A.DONE
    again = build.rated(satisfied=False)
    assert (again.status, again.round) == (A.RE_HANDLING, 2)


# Status groups -------------------------------------------------------------------


def test_status_groups_are_named_once_with_queryset_methods():
    assert set(UNFINISHED) == set(A.values) - {A.DONE, A.WITHDRAWN}
    assert set(HANDLING) < set(AWAITING_ORGANIZATION)
    assignment = build.accepted()
    assert Assignment.objects.awaiting_organization().filter(pk=assignment.pk)
    assert Assignment.objects.handling().filter(pk=assignment.pk)
    assert not Assignment.objects.after_reply().filter(pk=assignment.pk)
    assert Assignment.objects.unfinished().filter(pk=assignment.pk)
    assert assignment.awaits_organization
    assert not assignment.is_after_reply
    assert A.REPLIED in AFTER_REPLY


# The contest window: one rule for the page and the service ------------------------


def test_contest_window_closes_on_its_last_working_day():
    assignment = build.assigned(assigned_on=ASSIGNED_FRIDAY)
    assert access.contest_closes(assignment) == FRIDAY_CLOSES
    assert access.contest_window_open(assignment, today=FRIDAY_CLOSES)
    assert not access.contest_window_open(assignment, today=SATURDAY_AFTER)


def test_contest_service_refuses_on_the_weekend_after_the_window():
    # The service used to count working days and let the weekend through.
    assignment = build.assigned(assigned_on=ASSIGNED_FRIDAY)
    liaison = build.organization_user(assignment.organization, Role.ORG_LIAISON)
    with pytest.raises(DomainError):
        services.assignment_contest(
            assignment, user=liaison, reason="不属于本单位职责", today=SATURDAY_AFTER
        )
    contested = services.assignment_contest(
        assignment, user=liaison, reason="不属于本单位职责", today=FRIDAY_CLOSES
    )
    assert contested.status == A.CONTESTED


# can_rate / can_urge ------------------------------------------------------------


def test_only_the_lead_deputy_rates_a_reply_awaiting_rating(other_deputy):
    assignment = build.replied()
    lead = assignment.proposal.lead_deputy.user
    assert access.can_rate(lead, assignment)
    assert not access.can_rate(other_deputy, assignment)
    services.rating_submit(
        assignment, user=lead, attitude="satisfied", result="satisfied"
    )
    assignment.refresh_from_db()
    assert not access.can_rate(lead, assignment)


def test_urging_is_for_the_deputies_the_office_and_supervising_leaders(
    office, leader, other_deputy
):
    assignment = build.accepted(key_leaders=[leader])
    lead = assignment.proposal.lead_deputy.user
    assert access.can_urge(lead, assignment)
    assert access.can_urge(office, assignment)
    assert access.can_urge(leader, assignment)
    assert not access.can_urge(other_deputy, assignment)
    assert not access.can_urge(UserFactory(roles=[Role.LEADER]), assignment)


# *_get_for_user: invisible → 404, visible but not allowed → 403 --------------------


def test_assignment_get_for_user_by_action(liaison_a, liaison_b, other_deputy, office):
    assignment = build.replied(liaison_a.organization)
    lead = assignment.proposal.lead_deputy.user
    assert access.assignment_get_for_user(lead, assignment.pk, action="rate")
    assert access.assignment_get_for_user(liaison_a, assignment.pk, action="handle")
    assert access.assignment_get_for_user(office, assignment.pk, action="letter")
    with pytest.raises(Http404):
        access.assignment_get_for_user(liaison_b, assignment.pk, action="handle")
    with pytest.raises(Http404):
        access.assignment_get_for_user(other_deputy, assignment.pk, action="view")
    with pytest.raises(PermissionDenied):
        access.assignment_get_for_user(office, assignment.pk, action="rate")
    with pytest.raises(PermissionDenied):
        access.assignment_get_for_user(liaison_a, assignment.pk, action="urge")


def test_proposal_get_for_user_lead_action_refuses_a_co_signer_with_403(deputy):
    proposal = build.submitted()
    lead = proposal.lead_deputy.user
    assert access.proposal_get_for_user(lead, proposal.pk, action="lead") == proposal
    DeputyFactory(user=deputy)
    with pytest.raises(Http404):
        access.proposal_get_for_user(deputy, proposal.pk, action="lead")


def test_visible_to_querysets_agree(liaison_a, liaison_b):
    assignment = build.accepted(liaison_a.organization)
    assert list(Assignment.objects.visible_to(liaison_a)) == [assignment]
    assert not Assignment.objects.visible_to(liaison_b).exists()


# Batch services ---------------------------------------------------------------------


def test_proposals_register_registers_all_or_none(office):
    first, second = build.submitted(), build.submitted()
    category = CategoryFactory()
    registered = services.proposals_register(
        [second, first], user=office, category=category
    )
    assert [p.pk for p in registered] == sorted([first.pk, second.pk])
    third = build.submitted()
    with pytest.raises(DomainError):
        services.proposals_register([third, first], user=office, category=category)
    third.refresh_from_db()
    assert third.status == ProposalStatus.SUBMITTED


def test_proposals_assign_with_key_leaders_marks_the_items_key(leader):
    assignment = build.assigned(key_leaders=[leader])
    proposal = assignment.proposal
    proposal.refresh_from_db()
    assert proposal.is_key
    assert list(proposal.supervising_leaders.all()) == [leader]


def test_proposals_assign_with_no_key_leader_refuses_the_whole_batch(office):
    proposal = build.numbered()
    with pytest.raises(DomainError):
        services.proposals_assign(
            [proposal],
            lead=OrganizationFactory(),
            assigned_on=build.ASSIGNED_ON,
            due_date=build.DUE,
            key_leaders=[],
            user=office,
        )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REGISTERED


# Views: the extension decision's bound form, safe redirects ---------------------------


def test_extension_decision_with_a_mistyped_value_shows_the_form_again(
    client, office, liaison_a
):
    assignment = build.accepted(liaison_a.organization)
    extension = services.extension_request(
        assignment,
        user=liaison_a,
        requested_due=build.DUE + datetime.timedelta(days=30),
        reason="需要协调多部门",
    )
    client.force_login(office)
    url = reverse("proposals:office_extension_decide", args=[extension.pk])
    response = client.post(url, {"decision": "grnat"})
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.PENDING
    response = client.post(url, {"decision": "grant"})
    assert response.status_code == 302
    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.GRANTED


def test_next_url_refuses_another_site(rf):
    request = rf.post("/", {"next": "https://evil.example/"})
    assert next_url(request, "/home/") == "/home/"
    request = rf.post("/", {"next": "/proposals/1/"})
    assert next_url(request, "/home/") == "/proposals/1/"


@time_machine.travel(datetime.datetime(2026, 6, 2, 10, tzinfo=datetime.UTC))
def test_org_page_offers_contest_within_the_window(client, liaison_a):
    assignment = build.assigned(liaison_a.organization)
    client.force_login(liaison_a)
    page = client.get(reverse("proposals:org_assignment", args=[assignment.pk]))
    assert reverse("proposals:org_contest", args=[assignment.pk]) in (
        page.content.decode()
    )
