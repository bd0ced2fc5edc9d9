"""Every role opens on the congress workspace: panels from every app, each
with the count of what waits for this person; registries refuse duplicates."""

import datetime

import pytest
from django.urls import reverse

from congress import notifications, reminders, reports, rules
from congress.roles import Role
from deputies.models import PerformanceRecord, RecordStatus
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    ProposalStatus,
    Reply,
    ReplyStatus,
)
from tests.factories.deputies import DeputyFactory, PerformanceRecordFactory
from tests.factories.proposals import ProposalFactory

A = AssignmentStatus


def _panels(client, user, role: Role) -> dict[str, int | None]:
    client.force_login(user)
    response = client.get(reverse(f"workspace_{role.value}"))
    assert response.status_code == 200
    return {panel["key"]: panel["count"] for panel in response.context["panels"]}


def _assignment(organization, status, **fields) -> Assignment:
    return Assignment.objects.create(
        proposal=ProposalFactory(status=ProposalStatus.ASSIGNED, **fields),
        organization=organization,
        role=AssignmentRole.LEAD,
        status=status,
        assigned_on=datetime.date(2026, 3, 2),
        due_date=datetime.date(2099, 6, 2),
    )


@pytest.mark.parametrize(
    ("persona", "role"),
    [
        ("office", Role.OFFICE),
        ("leader", Role.LEADER),
        ("member", Role.MEMBER),
        ("deputy", Role.DEPUTY),
        ("liaison_a", Role.ORG_LIAISON),
        ("station_manager", Role.STATION_MANAGER),
    ],
)
def test_every_role_opens_on_the_congress_workspace(client, request, persona, role):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse(f"workspace_{role.value}")


def test_office_sees_what_waits_in_proposals_and_deputies(client, office):
    ProposalFactory.create_batch(3, status=ProposalStatus.SUBMITTED)
    PerformanceRecordFactory.create_batch(2)
    PerformanceRecordFactory(status=RecordStatus.CONFIRMED)

    panels = _panels(client, office, Role.OFFICE)

    assert panels["proposals.to_review"] == 3
    assert panels["deputies.records_to_confirm"] == 2
    assert panels["proposals.extensions"] == 0


def test_liaison_sees_only_its_own_organisations_work(client, liaison_a, liaison_b):
    _assignment(liaison_a.organization, A.ASSIGNED)
    _assignment(liaison_a.organization, A.ASSIGNED)
    _assignment(liaison_a.organization, A.ACCEPTED)
    _assignment(liaison_b.organization, A.ASSIGNED)

    panels = _panels(client, liaison_a, Role.ORG_LIAISON)

    assert (panels["proposals.to_accept"], panels["proposals.to_reply"]) == (2, 1)


def test_head_sees_the_replies_awaiting_signature(client, liaison_a):
    from tests.factories.congress import UserFactory

    head = UserFactory(roles=[Role.ORG_HEAD], organization=liaison_a.organization)
    assignment = _assignment(liaison_a.organization, A.ACCEPTED)
    Reply.objects.create(
        assignment=assignment,
        round=1,
        text="草稿",
        reference_number="1",
        category="A",
        signer="王",
        contact="李 139",
        status=ReplyStatus.DRAFT,
    )

    panels = _panels(client, head, Role.ORG_HEAD)

    assert panels["proposals.to_sign"] == 1
    assert panels["proposals.to_reply"] == 0


def test_deputy_sees_ratings_waiting_and_returned_records(client, deputy, liaison_a):
    own = DeputyFactory(user=deputy)
    _assignment(liaison_a.organization, A.REPLIED, lead_deputy=own)
    PerformanceRecordFactory(deputy=own, status=RecordStatus.RETURNED)

    panels = _panels(client, deputy, Role.DEPUTY)

    assert panels["proposals.ratings"] == 1
    assert panels["deputies.my_file"] == 1
    assert panels["deputies.my_pending"] == 0
    page = client.get(reverse("workspace_deputy")).content.decode()
    assert reverse("deputies:my_file") in page
    assert reverse("proposals:deputy_list") in page


# The office workspace: session, user, the user's roles, the unread-notices
# badge, then one count per panel (proposals: 8, deputies: 2, supervision: 2,
# liaison stations: 2, appointments: 3 — open cases by step, overdue oaths,
# appraisals awaiting an interpellation) and the supervision deadlines panel's
# list of items.
OFFICE_WORKSPACE_QUERIES = 22


@pytest.mark.parametrize("rows", [3, 6])
def test_office_workspace_query_count_is_pinned(
    client, office, rows, django_assert_num_queries
):
    ProposalFactory.create_batch(rows, status=ProposalStatus.SUBMITTED)
    PerformanceRecordFactory.create_batch(rows)
    client.force_login(office)
    url = reverse("workspace_office")
    client.get(url)  # warm the caches

    with django_assert_num_queries(OFFICE_WORKSPACE_QUERIES):
        assert client.get(url).status_code == 200


# Registries refuse a second registration of a key -----------------------------


def test_registries_refuse_duplicate_keys():
    rule = rules.registered()[0]
    with pytest.raises(ValueError, match="already registered"):
        rules.register(rule)
    reminder = reminders.registered()[0]
    with pytest.raises(ValueError, match="already registered"):
        reminders.register(reminder)
    kind = notifications.registered_kinds()[0]
    with pytest.raises(ValueError, match="already registered"):
        notifications.register_kind(kind.key, title=kind.title, body=kind.body)
    with pytest.raises(ValueError, match="already registered"):
        reports.register_section(
            "deputies.activities", order=1, build=lambda d, y: None, template="x"
        )


def test_pending_records_panel_counts_pending_only(db):
    from deputies import panels

    PerformanceRecordFactory(status=RecordStatus.PENDING)
    PerformanceRecordFactory(status=RecordStatus.RETURNED)
    assert panels.records_to_confirm(None) == 1
    assert PerformanceRecord.objects.count() == 2
