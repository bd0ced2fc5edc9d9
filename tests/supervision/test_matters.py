"""Major-matter decisions and the yearly list (重大事项 / 年度清单): research
before submission, the government's motion, the decision or filing; who
sees what."""

import datetime

import pytest
from django.urls import reverse

from congress.exceptions import TransitionNotAllowed
from supervision import matters as services
from supervision.matters import MatterRefused

DAY = datetime.date(2026, 5, 6)


@pytest.fixture
def listed(liaison_a, office):
    return services.matter_list_add(
        year=2026,
        title="县城市总体规划实施评估报告",
        organization=liaison_a.organization,
        planned_quarter=2,
        user=office,
    )


@pytest.fixture
def researched(listed, office):
    return services.matter_research(listed, user=office, research="财经工委调研")


def test_no_submission_without_research(listed, liaison_a):
    with pytest.raises(TransitionNotAllowed):
        services.matter_submit(listed, user=liaison_a, submitted_on=DAY)


def test_the_government_submits_then_the_committee_decides(
    researched, liaison_a, office
):
    matter = services.matter_submit(researched, user=liaison_a, submitted_on=DAY)
    matter = services.matter_decide(
        matter, user=office, decision="批准评估报告", decided_on=DAY
    )
    assert matter.status == "decided"


def test_filing_for_record_instead_of_a_decision(researched, liaison_a, office):
    matter = services.matter_submit(researched, user=liaison_a, submitted_on=DAY)
    matter = services.matter_decide(
        matter, user=office, decision="审查备案", decided_on=DAY, filed=True
    )
    assert matter.status == "filed"


def test_another_organisation_cannot_submit(researched, liaison_b):
    with pytest.raises((MatterRefused, TransitionNotAllowed)):
        services.matter_submit(researched, user=liaison_b, submitted_on=DAY)


def test_removal_needs_a_reason(listed, office):
    with pytest.raises(MatterRefused):
        services.matter_remove(listed, user=office, note="")


def test_organisation_sees_its_matters_only(client, listed, liaison_b):
    client.force_login(liaison_b)
    url = reverse("supervision:matter_detail", args=[listed.pk])
    assert client.get(url).status_code == 404
    page = client.get(reverse("supervision:matters_year", args=[2026]))
    assert listed.title not in page.content.decode()


def test_organisation_submits_from_its_page(client, researched, liaison_a):
    client.force_login(liaison_a)
    page = client.get(reverse("supervision:matter_detail", args=[researched.pk]))
    step = reverse("supervision:matter_step", args=[researched.pk, "submit"])
    assert step in page.content.decode()
    assert client.post(step, {"submitted_on": "2026-05-06"}).status_code == 302
    researched.refresh_from_db()
    assert researched.status == "submitted"


def test_members_cannot_take_steps(client, listed, member):
    client.force_login(member)
    url = reverse("supervision:matter_step", args=[listed.pk, "research"])
    assert client.get(url).status_code == 403


def test_bad_quarter_is_named_not_a_500(client, office, liaison_a):
    client.force_login(office)
    response = client.post(
        reverse("supervision:matter_create", args=[2026]),
        {
            "title": "事项",
            "organization": liaison_a.organization.pk,
            "planned_quarter": 9,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["planned_quarter"]


@pytest.mark.parametrize("n", [3, 6])
def test_list_query_count(client, office, liaison_a, n, django_assert_num_queries):
    for index in range(n):
        services.matter_list_add(
            year=2026,
            title=f"事项{index}",
            organization=liaison_a.organization,
            user=office,
        )
    client.force_login(office)
    # session, user, roles, the matters with their organisations, unread.
    with django_assert_num_queries(5):
        client.get(reverse("supervision:matters_year", args=[2026]))
