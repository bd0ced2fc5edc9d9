"""并案 on its screen (the item beside the candidates) and confidential marking
at registration."""

import pytest
from django.urls import reverse
from django.utils import translation

from congress.roles import Role
from proposals import services, workflow
from proposals.models import Proposal, ProposalEvent
from tests.factories.congress import UserFactory
from tests.factories.proposals import (
    CategoryFactory,
    ProposalFactory,
    office_user,
    registered,
    submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def category(db):
    return CategoryFactory(name="城建交通")


@pytest.fixture
def items(category):
    """The item to merge into and two related ones, all reviewed."""
    return [
        registered(category=category, title=f"关于修缮第{n}号村道的建议")
        for n in range(3)
    ]


def test_merge_page_shows_the_item_beside_its_candidates(client, office, items):
    into, *others = items
    client.force_login(office)
    page = client.get(reverse("proposals:office_merge", args=[into.pk]))
    text = page.content.decode()
    assert 'data-testid="merge-into"' in text
    for other in others:
        assert f'data-testid="candidate-{other.pk}"' in text
    assert f'data-testid="candidate-{into.pk}"' not in text


def test_office_merges_from_the_screen(client, office, items):
    into, first, second = items
    client.force_login(office)
    client.post(
        reverse("proposals:office_merge", args=[into.pk]),
        {"proposals": [first.pk, second.pk]},
    )
    merged = Proposal.objects.filter(merged_into=into).order_by("pk")
    assert list(merged) == [first, second]
    assert ProposalEvent.objects.filter(
        proposal=into, type="proposals.merged_with"
    ).exists()
    detail = client.get(first.get_absolute_url()).content.decode()
    assert 'data-testid="merged-into"' in detail


def test_merge_search_narrows_the_candidates(client, office, items, category):
    into = items[0]
    distinct = registered(category=category, title="关于增设路灯的建议")
    for item in [*items, distinct]:
        item.search_bigrams = workflow.bigrams(item.title, item.body)
        item.save(update_fields=["search_bigrams"])
    client.force_login(office)
    page = client.get(
        reverse("proposals:office_merge", args=[into.pk]), {"q": "路灯"}
    ).content.decode()
    assert f'data-testid="candidate-{distinct.pk}"' in page
    assert f'data-testid="candidate-{items[1].pk}"' not in page


def test_merging_an_item_into_itself_is_refused_with_a_message(client, office, items):
    into = items[0]
    client.force_login(office)
    response = client.post(
        reverse("proposals:office_merge", args=[into.pk]),
        {"proposals": [into.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert not Proposal.objects.filter(merged_into__isnull=False).exists()


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.ORG_LIAISON, Role.LEADER])
def test_other_roles_cannot_merge(client, role, items):
    into, first, _second = items
    client.force_login(UserFactory(roles=[role]))
    url = reverse("proposals:office_merge", args=[into.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"proposals": [first.pk]}).status_code == 403
    assert not Proposal.objects.filter(merged_into__isnull=False).exists()


@pytest.mark.parametrize("rows", [3, 6])
def test_merge_page_query_count(
    client, office, category, rows, django_assert_num_queries
):
    into = registered(category=category)
    for _ in range(rows):
        ProposalFactory(status="registered", category=category, term=into.term)
    client.force_login(office)
    url = reverse("proposals:office_merge", args=[into.pk])
    client.get(url)
    # 1 session, 2 user, 3 roles, 4 the item, 5 count, 6 page of candidates,
    # 7 items already merged into it, 8 unread notices.
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count('data-testid="candidate-') == rows


# Confidential marking at registration ---------------------------------------------


def test_registration_form_marks_the_item_confidential(client, office, category):
    item = submitted()
    client.force_login(office)
    page = client.get(reverse("proposals:office_register_one", args=[item.pk]))
    assert "never published" in page.content.decode()
    client.post(
        reverse("proposals:office_register"),
        {"proposals": [item.pk], "category": category.pk, "confidential": "on"},
    )
    item.refresh_from_db()
    assert (item.status, item.confidential) == ("registered", True)


def test_registration_without_the_box_leaves_it_open(category):
    item = submitted()
    services.proposal_register(item, user=office_user(), category=category)
    item.refresh_from_db()
    assert item.confidential is False


def test_confidential_marking_is_on_the_timeline(category):
    item = submitted()
    services.proposal_register(
        item, user=office_user(), category=category, confidential=True
    )
    event = ProposalEvent.objects.get(proposal=item, type="proposals.registered")
    assert event.data["confidential"] is True
