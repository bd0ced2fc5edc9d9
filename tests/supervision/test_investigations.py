"""Special investigations (特定问题调查): proposed by the chairpersons' meeting,
set up by the committee's decision with its members, reported, resolved;
never started by the portal itself; who sees what."""

import datetime

import pytest
from django.urls import reverse

from congress.exceptions import TransitionNotAllowed
from congress.models import Notification
from congress.roles import Role
from supervision import investigations as services
from supervision import services as item_services
from supervision.investigations import InvestigationRefused
from supervision.models import ItemStatus, SpecialInvestigation
from tests.factories.congress import UserFactory
from tests.supervision.test_votes import FAIL, LATER, _answer_all, _vote

DAY = datetime.date(2026, 9, 1)


@pytest.fixture
def proposed(liaison_a, office):
    return services.investigation_propose(
        subject="关于义务教育大班额问题的特定问题调查",
        organization=liaison_a.organization,
        reason="专项工作报告两次满意度测评未通过，质询答复不满意。",
        user=office,
    )


def _established(proposed, office, members):
    return services.investigation_establish(
        proposed, user=office, decided_on=DAY, chair=members[0], members=members[1:3]
    )


@pytest.fixture
def established(proposed, office, members):
    return _established(proposed, office, members)


def test_escalation_never_starts_an_investigation(
    reported_item, office, members, liaison_a, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _vote(reported_item, office, members, FAIL, capture)
    _answer_all(reported_item, liaison_a)
    item_services.handling_report_submit(
        reported_item, user=liaison_a, summary="整改情况报告", now=LATER
    )
    _vote(reported_item, office, members, FAIL, capture)
    assert reported_item.status == ItemStatus.ESCALATED
    assert not SpecialInvestigation.objects.exists()


def test_proposal_from_an_item_must_concern_its_organisation(item, office, liaison_b):
    with pytest.raises(InvestigationRefused):
        services.investigation_propose(
            subject="调查",
            organization=liaison_b.organization,
            reason="理由",
            item=item,
            user=office,
        )


def test_establish_names_members_and_tells_the_organisation(
    established, members, liaison_a
):
    assert established.status == "established"
    assert set(established.members.all()) == set(members[:3])
    assert Notification.objects.filter(
        recipient=liaison_a, kind="supervision.investigation"
    ).exists()


def test_only_committee_members_sit_on_the_committee(proposed, office, deputy):
    member = UserFactory(username="t_m", roles=[Role.MEMBER])
    with pytest.raises(InvestigationRefused):
        services.investigation_establish(
            proposed, user=office, decided_on=DAY, chair=member, members=[deputy]
        )


def test_report_before_the_committee_is_set_up_is_refused(proposed, office):
    with pytest.raises(TransitionNotAllowed):
        services.investigation_report(proposed, user=office, report="报告")


def test_report_then_resolution(established, office):
    investigation = services.investigation_report(
        established, user=office, report="调查报告", reported_on=DAY
    )
    investigation = services.investigation_resolve(
        investigation, user=office, resolution="决议", resolved_on=DAY
    )
    assert investigation.status == "resolved"


def test_drop_needs_a_reason(proposed, office):
    with pytest.raises(InvestigationRefused):
        services.investigation_drop(proposed, user=office, drop_reason=" ")


def test_members_cannot_record_steps(proposed, member):
    with pytest.raises(TransitionNotAllowed):
        services.investigation_drop(proposed, user=member, drop_reason="不设立")


# Pages ------------------------------------------------------------------------


def test_organisation_does_not_see_a_proposal(client, proposed, liaison_a):
    client.force_login(liaison_a)
    url = reverse("supervision:investigation_detail", args=[proposed.pk])
    assert client.get(url).status_code == 404


def test_organisation_sees_its_investigation_once_set_up(
    client, established, liaison_a
):
    client.force_login(liaison_a)
    url = reverse("supervision:investigation_detail", args=[established.pk])
    assert client.get(url).status_code == 200


def test_another_organisation_sees_nothing(client, established, liaison_b):
    client.force_login(liaison_b)
    url = reverse("supervision:investigation_detail", args=[established.pk])
    assert client.get(url).status_code == 404
    page = client.get(reverse("supervision:investigations")).content.decode()
    assert established.subject not in page


def test_members_may_not_open_the_steps(client, proposed, member):
    client.force_login(member)
    url = reverse("supervision:investigation_step", args=[proposed.pk, "drop"])
    assert client.get(url).status_code == 403


def test_proposal_from_an_escalated_item_is_prefilled(client, office, item):
    client.force_login(office)
    url = reverse("supervision:investigation_create") + f"?item={item.pk}"
    form = client.get(url).context["form"]
    assert form.initial["organization"] == item.organization_id
    response = client.post(
        url,
        {
            "subject": "特定问题调查",
            "organization": item.organization_id,
            "reason": "两次测评未通过",
        },
    )
    assert response.status_code == 302
    assert SpecialInvestigation.objects.get().item == item


def test_bad_date_is_named_not_a_500(client, office, proposed, members):
    client.force_login(office)
    url = reverse("supervision:investigation_step", args=[proposed.pk, "establish"])
    response = client.post(
        url, {"decided_on": "九月", "chair": members[0].pk, "members": [members[1].pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["decided_on"]


@pytest.mark.parametrize("n", [3, 6])
def test_list_query_count(client, office, liaison_a, n, django_assert_num_queries):
    for index in range(n):
        services.investigation_propose(
            subject=f"调查{index}",
            organization=liaison_a.organization,
            reason="理由",
            user=office,
        )
    client.force_login(office)
    # session, user, roles, the pager's count, the investigations with their
    # organisations, the unread notices; none per row.
    with django_assert_num_queries(6):
        client.get(reverse("supervision:investigations"))
