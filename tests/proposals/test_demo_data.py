"""The demo motions and suggestions (proposals.demo)."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from congress import demo
from congress.models import Notification, User
from proposals import demo as proposals_demo
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Category,
    Contact,
    ExtensionRequest,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Rating,
    Reply,
    Signer,
    Urge,
)

pytestmark = pytest.mark.django_db

A = AssignmentStatus
MODELS = (
    Category,
    Proposal,
    Signer,
    Assignment,
    Contact,
    Reply,
    Rating,
    ExtensionRequest,
    Urge,
    ProposalEvent,
    Notification,
    User,
)


@pytest.fixture
def seeded(demo_db, db):
    """The demo county, proposals included (seeded once for the module)."""


def counts() -> list[int]:
    return [model.objects.count() for model in MODELS]


def states() -> set[str]:
    """Each item's state: its status, or its lead assignment's once assigned."""
    result = set()
    for proposal in Proposal.objects.prefetch_related("assignments"):
        lead = [a for a in proposal.assignments.all() if a.answers_deputy]
        if proposal.status == ProposalStatus.ASSIGNED:
            result.add(f"assigned/{lead[0].status}")
        else:
            result.add(proposal.status)
    return result


def login(client, username: str) -> None:
    response = client.post(
        reverse("login"), {"username": username, "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302, username


def test_seeding_twice_changes_nothing(seeded):
    first = counts()
    proposals_demo.seed_proposals()
    demo.seed_all()
    assert counts() == first
    assert 38 <= Proposal.objects.count() <= 45


def test_items_are_in_every_state(seeded):
    found = states()
    assert len(found) >= 8
    assert set(ProposalStatus.values) <= {s.split("/")[0] for s in found}
    for status in (A.ASSIGNED, A.ACCEPTED, A.REPLIED, A.RE_HANDLING, A.ESCALATED):
        assert f"assigned/{status}" in found
    # The demo's seven, added to the default list of the data migration.
    demo_categories = {name for name, _body in proposals_demo.CATEGORIES}
    assert demo_categories <= set(Category.objects.values_list("name", flat=True))
    assert Proposal.objects.filter(kind="motion").exists()


def test_timelines_are_dated_in_the_past(seeded):
    now = timezone.now()
    assert not ProposalEvent.objects.filter(created_at__gt=now).exists()
    session = Proposal.objects.filter(period="session").first()
    assert session.events.order_by("created_at").first().created_at.month == 1
    for proposal in Proposal.objects.exclude(status="draft"):
        assert proposal.submitted_at <= now
        events = list(proposal.events.values_list("created_at", flat=True))
        assert events == sorted(events)
    old = Notification.objects.filter(
        created_at__lt=now - timezone.timedelta(days=30), read_at__isnull=True
    )
    assert not old.exists()


def test_demo_deputy_has_replies_to_rate(seeded, client):
    to_rate = Assignment.objects.filter(
        role=AssignmentRole.LEAD,
        status=A.REPLIED,
        proposal__lead_deputy__user__username="deputy",
    ).select_related("proposal")
    assert to_rate.count() >= 2
    login(client, "deputy")
    page = client.get(reverse("proposals:deputy_list")).content.decode()
    assert to_rate[0].proposal.title in page
    assert Signer.objects.filter(
        deputy__user__username="deputy", status="invited"
    ).exists()


def test_demo_split_item_is_seen_by_the_office_both_parts_and_the_deputy(
    seeded, client
):
    parts = list(
        Assignment.objects.filter(role=AssignmentRole.SPLIT)
        .select_related("proposal", "organization")
        .order_by("pk")
    )
    assert [part.status for part in parts] == [A.DONE, A.REPLIED]
    proposal = parts[0].proposal
    assert proposal.status == ProposalStatus.ASSIGNED
    leaders = {part.leader_in_charge_id for part in parts}
    assert len(leaders) == 2
    for username in ("office", "deputy", "liaison", "jt_liaison"):
        client.logout()
        login(client, username)
        page = client.get(proposal.get_absolute_url()).content.decode()
        assert all(part.part in page for part in parts), username
    client.logout()
    login(client, "deputy")
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert f'data-testid="deputy-rate-{parts[1].pk}"' in page


def test_demo_liaison_has_open_assignments(seeded, client):
    liaison = User.objects.get(username="liaison")
    mine = Assignment.objects.filter(organization=liaison.organization_id)
    assert mine.filter(status=A.ASSIGNED).exists()
    assert mine.open().count() >= 3
    assert Reply.objects.filter(
        assignment__organization=liaison.organization_id, status="draft"
    ).exists()
    login(client, "liaison")
    response = client.get(reverse("proposals:org_assignments"))
    assert response.status_code == 200
    assert mine.filter(status=A.ASSIGNED).first().proposal.title in (
        response.content.decode()
    )


def test_overdue_key_and_extension_items(seeded):
    today = timezone.localdate()
    assert Assignment.objects.open().filter(due_date__lt=today).exists()
    leader = User.objects.get(username="leader")
    assert leader.supervised_proposals.filter(status="assigned").exists()
    assert ExtensionRequest.objects.filter(status="pending").exists()
    assert Assignment.objects.filter(status=A.CONTESTED).exists()


def test_statistics_and_public_page(seeded, client):
    login(client, "office")
    assert client.get(reverse("proposals:reports_statistics")).status_code == 200
    client.logout()
    published = Proposal.objects.filter(published=True)
    assert published.count() >= 5
    assert set(
        Reply.objects.filter(assignment__proposal__in=published).values_list(
            "category", flat=True
        )
    ) == {"A", "B", "C"}
    response = client.get(reverse("proposals:reports_published"))
    assert response.status_code == 200
    assert published.first().title in response.content.decode()


PAGES = {
    "office": [
        "proposals:office_queue",
        "proposals:office_number",
        "proposals:office_assign",
        "proposals:office_board",
        "proposals:office_extensions",
        "proposals:office_look_back",
        "proposals:reports_statistics",
        "proposals:reports_search",
    ],
    "leader": ["proposals:office_key_suggestions", "proposals:reports_statistics"],
    "deputy": ["proposals:deputy_list", "proposals:reports_search"],
    "liaison": ["proposals:org_assignments"],
    "edu_head": ["proposals:org_assignments"],
    "zfb_liaison": ["proposals:org_assignments"],
    "jt_liaison": ["proposals:org_assignments"],
}


def test_demo_pages_open(seeded, client):
    for username, names in PAGES.items():
        login(client, username)
        for name in names:
            assert client.get(reverse(name)).status_code == 200, (username, name)
        client.logout()


def test_every_item_and_assignment_page_opens(seeded, client):
    login(client, "office")
    for proposal in Proposal.objects.all():
        assert client.get(proposal.get_absolute_url()).status_code == 200
    client.logout()
    login(client, "liaison")
    liaison = User.objects.get(username="liaison")
    for assignment in Assignment.objects.filter(organization=liaison.organization):
        url = reverse("proposals:org_assignment", args=[assignment.pk])
        assert client.get(url).status_code == 200


def test_seed_demo_command(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    proposals_demo.seed_proposals()
    assert Proposal.objects.filter(published=True).exists()
