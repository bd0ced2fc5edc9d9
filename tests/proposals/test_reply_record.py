"""What the deputy received stays on the record, and who reads 测评表 comments
(issue 9, items 2 and 4)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from congress.exceptions import TransitionNotAllowed
from congress.roles import Role
from proposals import evaluations, services
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    ProposalStatus,
    Reply,
    ReplyStatus,
    Satisfaction,
)
from tests.factories.congress import UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.proposals import ProposalFactory

A = AssignmentStatus
NOW = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
FIRST, SECOND = "第一次答复：已列入计划。", "第二次答复：已完成硬化。"


def _fields(text: str) -> dict:
    return {
        "text": text,
        "reference_number": "县交〔2026〕12号",
        "category": "A",
        "signer": "王局长",
        "contact": "李科长 13900000000",
    }


@pytest.fixture
def head_a(liaison_a):
    return UserFactory(
        username="t_head_a", roles=[Role.ORG_HEAD], organization=liaison_a.organization
    )


@pytest.fixture
def assignment(deputy, liaison_a):
    proposal = ProposalFactory(
        status=ProposalStatus.ASSIGNED,
        number=1,
        lead_deputy=DeputyFactory(user=deputy),
    )
    return Assignment.objects.create(
        proposal=proposal,
        organization=liaison_a.organization,
        role=AssignmentRole.LEAD,
        status=A.ACCEPTED,
        assigned_on=datetime.date(2026, 3, 2),
        due_date=datetime.date(2026, 6, 2),
    )


def _reply_and_sign(assignment, liaison, head, text) -> Reply:
    reply = services.reply_draft(assignment, user=liaison, **_fields(text))
    return services.reply_approve(reply, user=head, now=NOW)


def test_organisation_cannot_reopen_its_signed_reply(assignment, liaison_a, head_a):
    reply = _reply_and_sign(assignment, liaison_a, head_a, FIRST)

    with pytest.raises(TransitionNotAllowed):
        services.assignment_accept(assignment, user=liaison_a)
    with pytest.raises(TransitionNotAllowed):
        services.reply_draft(assignment, user=liaison_a, **_fields("改写"))

    reply.refresh_from_db()
    assignment.refresh_from_db()
    assert (assignment.status, reply.status, reply.text) == (
        A.REPLIED,
        ReplyStatus.APPROVED,
        FIRST,
    )


def test_accept_post_on_a_replied_assignment_is_refused_with_a_message(
    client, assignment, liaison_a, head_a
):
    _reply_and_sign(assignment, liaison_a, head_a, FIRST)
    client.force_login(liaison_a)

    response = client.post(
        reverse("proposals:org_accept", args=[assignment.pk]), follow=True
    )

    assert response.status_code == 200
    assignment.refresh_from_db()
    assert assignment.status == A.REPLIED


def test_every_reply_the_deputy_received_stays_on_the_proposal_page(
    client, assignment, liaison_a, head_a, office, deputy
):
    first = _reply_and_sign(assignment, liaison_a, head_a, FIRST)
    services.reply_send_back(first, user=office, reason="类别与内容不符。")
    second = _reply_and_sign(assignment, liaison_a, head_a, SECOND)
    client.force_login(deputy)

    page = client.get(assignment.proposal.get_absolute_url()).content.decode()

    assert first.pk != second.pk
    assert FIRST in page
    assert SECOND in page
    assert list(assignment.replies.values_list("status", flat=True)) == [
        ReplyStatus.SENT_BACK,
        ReplyStatus.APPROVED,
    ]


# 测评表 comments on the timeline ------------------------------------------------

COMMENT = "该单位办理敷衍，建议约谈主要负责人。"


@pytest.fixture
def evaluated(assignment, leader, liaison_a, head_a, deputy):
    _reply_and_sign(assignment, liaison_a, head_a, FIRST)
    proposal = assignment.proposal
    proposal.published = True  # every deputy sees a published item
    proposal.save(update_fields=["published"])
    evaluations.handling_evaluation_submit(
        assignment,
        user=leader,
        comment=COMMENT,
        **dict.fromkeys(evaluations.DIMENSIONS, Satisfaction.DISSATISFIED),
    )
    return proposal


@pytest.mark.parametrize("persona", ["liaison_a", "other_deputy"])
def test_evaluation_comment_and_evaluator_are_hidden_from_the_page(
    client, evaluated, leader, persona, request
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(evaluated.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert COMMENT not in page
    assert str(leader) not in page


# The lead deputy is not a reader by default (rule proposals.evaluation_roles;
# tests/proposals/test_surveys.py).
@pytest.mark.parametrize("persona", ["leader", "office"])
def test_evaluation_comment_reaches_the_summary_readers(
    client, evaluated, persona, request
):
    client.force_login(request.getfixturevalue(persona))

    page = client.get(evaluated.get_absolute_url()).content.decode()

    assert COMMENT in page
