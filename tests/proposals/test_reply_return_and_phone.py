"""The head returns a draft reply to its drafter with comments; the assigned
organisation sees the lead deputy's phone number (for the required 见面),
and no other organisation does."""

import pytest
from django.urls import reverse
from django.utils import translation

from congress.exceptions import DomainError
from congress.models import Notification
from congress.roles import Role
from proposals import services
from proposals.models import ProposalEvent, ReplyStatus
from tests.factories.congress import UserFactory
from tests.factories.proposals import (
    REPLY,
    accepted,
    drafted,
    organization_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def draft_assignment(liaison_a):
    return drafted(liaison_a.organization)


@pytest.fixture
def head_a(liaison_a):
    return organization_user(liaison_a.organization, Role.ORG_HEAD)


def _draft(assignment):
    return assignment.replies.get(round=assignment.round)


# Returning a draft -------------------------------------------------------------


def test_head_returns_the_draft_with_comments_and_the_drafter_is_told(
    client, draft_assignment, head_a, liaison_a
):
    client.force_login(head_a)
    url = reverse("proposals:org_reply_return", args=[draft_assignment.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"comment": "请补充资金来源。"})
    reply = _draft(draft_assignment)
    assert (reply.status, reply.head_comment) == (
        ReplyStatus.RETURNED,
        "请补充资金来源。",
    )
    event = ProposalEvent.objects.get(type="proposals.reply_returned")
    assert event.comment == "请补充资金来源。"
    notice = Notification.objects.get(kind="proposals.reply_returned")
    assert notice.recipient == liaison_a


def test_return_without_a_comment_is_refused(draft_assignment, head_a):
    with pytest.raises(DomainError, match="what should change"):
        services.reply_return(_draft(draft_assignment), user=head_a, comment=" ")
    assert _draft(draft_assignment).status == ReplyStatus.DRAFT


def test_liaison_revises_a_returned_draft_which_awaits_signature_again(
    client, draft_assignment, head_a, liaison_a
):
    services.reply_return(_draft(draft_assignment), user=head_a, comment="补充数据")
    client.force_login(liaison_a)
    form = client.get(reverse("proposals:org_reply", args=[draft_assignment.pk]))
    assert "补充数据" in form.content.decode()
    services.reply_draft(draft_assignment, user=liaison_a, **REPLY)
    reply = _draft(draft_assignment)
    assert reply.status == ReplyStatus.DRAFT
    services.reply_approve(reply, user=head_a)
    assert _draft(draft_assignment).status == ReplyStatus.APPROVED


def test_liaison_cannot_return_a_draft(client, draft_assignment, liaison_a):
    client.force_login(liaison_a)
    url = reverse("proposals:org_reply_return", args=[draft_assignment.pk])
    assert client.post(url, {"comment": "x"}).status_code == 403
    assert _draft(draft_assignment).status == ReplyStatus.DRAFT


def test_head_of_another_organisation_gets_404(client, draft_assignment, liaison_b):
    other_head = organization_user(liaison_b.organization, Role.ORG_HEAD)
    client.force_login(other_head)
    url = reverse("proposals:org_reply_return", args=[draft_assignment.pk])
    assert client.post(url, {"comment": "x"}).status_code == 404
    assert _draft(draft_assignment).status == ReplyStatus.DRAFT


def test_head_sees_the_return_button_next_to_signing(client, draft_assignment, head_a):
    client.force_login(head_a)
    page = client.get(reverse("proposals:org_assignment", args=[draft_assignment.pk]))
    assert 'data-testid="return-draft"' in page.content.decode()


# The lead deputy's phone ----------------------------------------------------------


def test_assigned_organisation_sees_the_lead_deputys_phone(client, liaison_a):
    assignment = accepted(liaison_a.organization)
    mobile = assignment.proposal.lead_deputy.mobile
    client.force_login(liaison_a)
    page = client.get(reverse("proposals:org_assignment", args=[assignment.pk]))
    assert f'href="tel:{mobile}"' in page.content.decode()


def test_other_organisation_gets_neither_the_page_nor_the_phone(
    client, liaison_a, liaison_b
):
    assignment = accepted(liaison_a.organization)
    mobile = assignment.proposal.lead_deputy.mobile
    client.force_login(liaison_b)
    response = client.get(reverse("proposals:org_assignment", args=[assignment.pk]))
    assert response.status_code == 404
    detail = client.get(assignment.proposal.get_absolute_url())
    assert mobile not in detail.content.decode()


def test_a_leader_does_not_see_the_leads_phone_on_the_proposal_page(client, liaison_a):
    assignment = accepted(liaison_a.organization)
    viewer = UserFactory(roles=[Role.LEADER])
    client.force_login(viewer)
    page = client.get(assignment.proposal.get_absolute_url()).content.decode()
    assert assignment.proposal.lead_deputy.mobile not in page
