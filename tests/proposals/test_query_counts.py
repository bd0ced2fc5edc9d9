"""Query counts of the most visited proposals pages, pinned at N and 2N rows
(CONVENTIONS §18): a page whose count grows with its rows has an N+1 bug.

Each builder makes `rows` of what the page lists; the comment above each pin
names its queries.
"""

import datetime
import itertools

import pytest
from django.urls import reverse

from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Contact,
    ExtensionRequest,
    ProposalEvent,
    ProposalStatus,
    Signer,
    SignerStatus,
)
from tests.factories.congress import OrganizationFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.proposals import CategoryFactory, ProposalFactory

pytestmark = pytest.mark.django_db

S, A = ProposalStatus, AssignmentStatus
ASSIGNED_ON = datetime.date(2026, 6, 1)
DUE = datetime.date(2026, 9, 1)
SUBMITTED_AT = datetime.datetime(2026, 1, 12, 9, tzinfo=datetime.UTC)
NUMBERS = itertools.count(1)
ROWS = [5, 10]


def _assignment(proposal, organization, *, status=A.ACCEPTED, role="lead"):
    return Assignment.objects.create(
        proposal=proposal,
        organization=organization,
        role=role,
        status=status,
        assigned_on=ASSIGNED_ON,
        due_date=DUE,
    )


def _assigned(organization, **fields):
    proposal = ProposalFactory(
        status=S.ASSIGNED,
        number=next(NUMBERS),
        category=CategoryFactory(name="城乡建设"),
        **fields,
    )
    _assignment(proposal, organization)
    return proposal


def _get(client, user, url, expected, django_assert_num_queries):
    client.force_login(user)
    client.get(url)  # warm the caches (rules, the user's roles)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


# 1 session, 2 user, 3 the user's roles: every page below starts with these;
# the last query of each is the unread-notices badge in the navigation.


@pytest.mark.parametrize("rows", ROWS)
def test_office_queue(client, office, rows, django_assert_num_queries):
    for _ in range(rows):
        ProposalFactory(status=S.SUBMITTED, submitted_at=SUBMITTED_AT)
    # 4 count, 5 page of submitted items with their deputies and categories,
    # 6 categories for the register form, 7 unread notices.
    _get(
        client, office, reverse("proposals:office_queue"), 7, django_assert_num_queries
    )


@pytest.mark.parametrize("rows", ROWS)
def test_office_numbering(client, office, rows, django_assert_num_queries):
    for _ in range(rows):
        ProposalFactory(status=S.REGISTERED, category=CategoryFactory(name="城乡建设"))
    # 4 count, 5 unread notices, 6 page of unnumbered registered items.
    _get(
        client, office, reverse("proposals:office_number"), 6, django_assert_num_queries
    )


@pytest.mark.parametrize("rows", ROWS)
def test_office_extensions(client, office, liaison_a, rows, django_assert_num_queries):
    for _ in range(rows):
        proposal = _assigned(liaison_a.organization)
        ExtensionRequest.objects.create(
            assignment=proposal.assignments.get(),
            requested_due=DUE + datetime.timedelta(days=30),
            reason="需要协调资金。",
            requested_by=liaison_a,
        )
    # 4 count, 5 unread notices, 6 page of pending requests with their
    # assignments, proposals and organisations.
    _get(
        client,
        office,
        reverse("proposals:office_extensions"),
        6,
        django_assert_num_queries,
    )


@pytest.mark.parametrize("rows", ROWS)
def test_office_look_back(client, office, liaison_a, rows, django_assert_num_queries):
    for _ in range(rows):
        proposal = _assigned(liaison_a.organization, is_key=True)
        proposal.status = S.CLOSED
        proposal.save(update_fields=["status"])
    # 4 count, 5 unread notices, 6 page of closed key suggestions.
    _get(
        client,
        office,
        reverse("proposals:office_look_back"),
        6,
        django_assert_num_queries,
    )


@pytest.mark.parametrize("rows", ROWS)
def test_key_suggestions(client, leader, liaison_a, rows, django_assert_num_queries):
    for _ in range(rows):
        proposal = _assigned(liaison_a.organization, is_key=True)
        proposal.supervising_leaders.add(leader)
    # 4 count, 5 unread notices, 6 page of assignments with proposal, lead
    # deputy, category and organisation (before: 2 more per row).
    _get(
        client,
        leader,
        reverse("proposals:office_key_suggestions"),
        6,
        django_assert_num_queries,
    )


@pytest.mark.parametrize("rows", ROWS)
def test_office_assignment_page(client, office, rows, django_assert_num_queries):
    category = CategoryFactory(name="城乡建设")
    for _ in range(rows):
        ProposalFactory(status=S.REGISTERED, number=next(NUMBERS), category=category)
    OrganizationFactory.create_batch(rows)
    # 4–5 the split rows' organisations and leaders in charge (one query
    # each, shared by the rows), 6 unread notices, 7 the filter's categories,
    # 8 the items awaiting assignment, 9–10 the organisations of the lead and
    # co-handling fields, 11 the leaders in charge, 12 the leaders for key
    # suggestions.
    _get(
        client,
        office,
        reverse("proposals:office_assign"),
        12,
        django_assert_num_queries,
    )


def _busy_proposal(rows, liaison, deputy_user):
    """One proposal with `rows` co-signers, co-handling organisations,
    contacts and timeline events."""
    proposal = _assigned(
        liaison.organization, lead_deputy=DeputyFactory(user=deputy_user)
    )
    lead = proposal.assignments.get()
    for index in range(rows):
        Signer.objects.create(
            proposal=proposal, deputy=DeputyFactory(), status=SignerStatus.CONFIRMED
        )
        _assignment(proposal, OrganizationFactory(), role=AssignmentRole.CO)
        Contact.objects.create(
            assignment=lead,
            method=Contact.Method.PHONE,
            date=ASSIGNED_ON,
            participants=f"代表{index}",
        )
        ProposalEvent.objects.create(
            proposal=proposal, assignment=lead, type="proposals.urged", actor=liaison
        )
    return proposal, lead


@pytest.mark.parametrize("rows", ROWS)
def test_proposal_page(
    client, office, liaison_a, deputy, rows, django_assert_num_queries
):
    proposal, _lead = _busy_proposal(rows, liaison_a, deputy)
    # 4 the proposal, 5 unread notices, 6 co-signers with deputies,
    # 7 assignments (with their leaders in charge), 8 their ratings, 9 their
    # contacts, 10 replies, 11 the timeline events (filtered by audience) with
    # actors, 12 a motion's deliberation, 13 return visits.
    _get(client, office, proposal.get_absolute_url(), 13, django_assert_num_queries)


@pytest.mark.parametrize("rows", ROWS)
def test_organisation_assignment_page(
    client, liaison_a, deputy, rows, django_assert_num_queries
):
    _proposal, lead = _busy_proposal(rows, liaison_a, deputy)
    for _ in range(rows):
        ExtensionRequest.objects.create(
            assignment=lead,
            requested_due=DUE + datetime.timedelta(days=30),
            reason="需要协调资金。",
            status=ExtensionRequest.Status.REFUSED,
        )
    # 4 the organisations acted for, 5 the assignment, 6–7 replies (ours and
    # the current draft), 8 the calendar (contest window), 9 unread notices,
    # 10 contacts, 11 extension requests, 12 the other organisations' parts.
    _get(
        client,
        liaison_a,
        reverse("proposals:org_assignment", args=[lead.pk]),
        12,
        django_assert_num_queries,
    )
