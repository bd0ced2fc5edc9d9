import pytest
from django.urls import reverse

from congress.roles import Role
from proposals.models import Assignment, ProposalEvent
from tests.factories.congress import OrganizationFactory, UserFactory
from tests.factories.proposals import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(liaison_a):
    proposal = ProposalFactory(status="assigned", number=1)
    Assignment.objects.create(
        proposal=proposal,
        organization=liaison_a.organization,
        role=Assignment.Role.LEAD,
        assigned_on="2026-03-01",
        due_date="2026-06-01",
    )
    ProposalEvent.objects.create(proposal=proposal, type="proposals.assigned")
    return proposal


def test_lead_deputy_sees_the_page_with_its_timeline(client, assigned):
    client.force_login(assigned.lead_deputy.user)
    response = client.get(reverse("proposals:detail", args=[assigned.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert assigned.title in page
    assert "交办" in page  # the timeline's label for proposals.assigned


def test_assigned_organisation_sees_it(client, assigned, liaison_a):
    client.force_login(liaison_a)
    assert (
        client.get(reverse("proposals:detail", args=[assigned.pk])).status_code == 200
    )


def test_other_organisation_and_other_deputy_get_404(client, assigned, liaison_b):
    other_deputy = UserFactory(roles=[Role.DEPUTY])
    for user in (liaison_b, other_deputy):
        client.force_login(user)
        url = reverse("proposals:detail", args=[assigned.pk])
        assert client.get(url).status_code == 404


def test_government_office_hub_sees_department_items(client, assigned, liaison_a):
    liaison_a.organization.kind = "government_department"
    liaison_a.organization.save()
    hub = OrganizationFactory(name="测试政府办", kind="government_office")
    hub_user = UserFactory(roles=[Role.ORG_LIAISON], organization=hub)
    client.force_login(hub_user)
    assert (
        client.get(reverse("proposals:detail", args=[assigned.pk])).status_code == 200
    )
