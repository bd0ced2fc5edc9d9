"""Interpellations (质询案): the service appointments calls, signatures up to
the rule, submission, answer and conclusion; who sees what."""

import pytest
from django.urls import reverse

from congress import rules
from congress.exceptions import TransitionNotAllowed
from congress.models import Notification
from congress.roles import Role
from supervision import interpellations as services
from supervision.interpellations import InterpellationRefused
from supervision.models import Interpellation
from tests.factories.congress import MeetingFactory, UserFactory


@pytest.fixture
def signers(db):
    return [
        UserFactory(username=f"t_signer_{n}", roles=[Role.MEMBER]) for n in range(3)
    ]


@pytest.fixture
def draft(liaison_a, office):
    return services.interpellation_draft(
        organization=liaison_a.organization,
        subject="关于义务教育大班额问题整改不力的质询案",
        reason="整改情况报告两次满意度测评未通过。",
        user=office,
    )


def _signed(draft, signers):
    for member in signers:
        services.interpellation_sign(draft, member=member)
    return draft


def test_draft_is_idempotent_per_source(liaison_a):
    source = MeetingFactory()  # any model instance stands for the appraisal
    first = services.interpellation_draft(
        organization=liaison_a.organization, subject="质询", reason="r", source=source
    )
    again = services.interpellation_draft(
        organization=liaison_a.organization, subject="质询", reason="r", source=source
    )
    assert again == first
    assert Interpellation.objects.count() == 1
    assert first.created_by is None


def test_submit_needs_the_rules_signatures(draft, signers, office, liaison_a):
    services.interpellation_sign(draft, member=signers[0])
    services.interpellation_sign(draft, member=signers[1])
    with pytest.raises(InterpellationRefused):
        services.interpellation_submit(draft, user=office)
    services.interpellation_sign(draft, member=signers[2])
    submitted = services.interpellation_submit(draft, user=office)
    assert submitted.status == "submitted"
    assert Notification.objects.filter(
        recipient=liaison_a, kind="supervision.interpellation"
    ).exists()


def test_threshold_is_a_rule(draft, signers, office):
    rules.rule_set("supervision.interpellation_min_signers", 1, user=office)
    services.interpellation_sign(draft, member=signers[0])
    assert services.interpellation_submit(draft, user=office).status == "submitted"


def test_a_member_signs_once(draft, signers):
    services.interpellation_sign(draft, member=signers[0])
    with pytest.raises(InterpellationRefused):
        services.interpellation_sign(draft, member=signers[0])


def test_only_members_sign(draft, deputy):
    with pytest.raises(InterpellationRefused):
        services.interpellation_sign(draft, member=deputy)


def test_answer_and_conclude(draft, signers, office):
    interpellation = services.interpellation_submit(
        _signed(draft, signers), user=office
    )
    with pytest.raises(InterpellationRefused):
        services.interpellation_answer(
            interpellation, user=office, mode="oral", answered_by="", answer=""
        )
    interpellation = services.interpellation_answer(
        interpellation, user=office, mode="oral", answered_by="局长", answer="答复"
    )
    with pytest.raises(InterpellationRefused):
        services.interpellation_conclude(
            interpellation, user=office, satisfied=False, conclusion=""
        )
    done = services.interpellation_conclude(
        interpellation, user=office, satisfied=False, conclusion="启动特定问题调查"
    )
    assert done.status == "closed"


def test_member_cannot_submit(draft, signers):
    with pytest.raises(TransitionNotAllowed):
        services.interpellation_submit(_signed(draft, signers), user=signers[0])


def test_organisation_sees_only_its_submitted_interpellations(
    client, draft, signers, office, liaison_a, liaison_b
):
    url = reverse("supervision:interpellation_detail", args=[draft.pk])
    client.force_login(liaison_a)
    assert client.get(url).status_code == 404
    services.interpellation_submit(_signed(draft, signers), user=office)
    assert client.get(url).status_code == 200
    client.force_login(liaison_b)
    assert client.get(url).status_code == 404


def test_member_signs_through_the_page(client, draft, signers):
    client.force_login(signers[0])
    url = reverse("supervision:interpellation_detail", args=[draft.pk])
    sign = reverse("supervision:interpellation_sign", args=[draft.pk])
    assert sign in client.get(url).text
    client.post(sign)
    assert draft.signatures.count() == 1
    assert sign not in client.get(url).text


def test_member_cannot_take_staff_steps(client, draft, member):
    client.force_login(member)
    step = reverse("supervision:interpellation_step", args=[draft.pk, "withdraw"])
    assert client.post(step).status_code == 403


@pytest.mark.parametrize("n", [3, 6])
def test_list_query_count(client, office, liaison_a, n, django_assert_num_queries):
    for k in range(n):
        services.interpellation_draft(
            organization=liaison_a.organization, subject=f"质询{k}", reason="r"
        )
    client.force_login(office)
    # session, user, roles, the pager's count, the page with organisations,
    # the unread notices.
    with django_assert_num_queries(6):
        client.get(reverse("supervision:interpellations"))
