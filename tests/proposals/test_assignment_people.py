"""The 交办表's people: the leader in charge (分管领导, a reference list the
office keeps), the handler (领办人) and the supervisor (督办人), set at
assignment or later by the office, and the statistics by leader in charge."""

import pytest
from django.urls import reverse
from django.utils import translation

from congress.exceptions import DomainError
from congress.roles import Role
from proposals import selectors, services
from proposals.models import Assignment, AssignmentRole
from tests.factories.congress import UserFactory
from tests.factories.proposals import (
    ASSIGNED_ON,
    DUE,
    assigned,
    numbered,
    office_user,
    rated,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def test_assignment_names_each_organisations_leader_by_portfolio(
    education, health, leaders
):
    wang, li = leaders
    lead = assigned(education, co=[health])
    co = Assignment.objects.get(proposal=lead.proposal, role=AssignmentRole.CO)
    assert (lead.leader_in_charge, co.leader_in_charge) == (wang, li)


def test_office_names_leader_handler_and_supervisor_on_the_assign_form(
    client, office, education, leaders
):
    _wang, li = leaders
    proposal = numbered()
    client.force_login(office)
    client.post(
        reverse("proposals:office_assign"),
        {
            "proposals": [proposal.pk],
            "lead": education.pk,
            "leader_in_charge": li.pk,
            "handler": "张科长 13900000001",
            "supervisor": "赵主任",
            "assigned_on": ASSIGNED_ON.isoformat(),
            "due_date": DUE.isoformat(),
        },
    )
    lead = Assignment.objects.get(proposal=proposal)
    assert (lead.leader_in_charge, lead.handler, lead.supervisor) == (
        li,
        "张科长 13900000001",
        "赵主任",
    )
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert f'data-testid="assignment-people-{lead.pk}"' in page


def test_office_changes_the_people_later(client, office, education, leaders):
    wang, _li = leaders
    assignment = assigned(education)
    client.force_login(office)
    url = reverse("proposals:office_assignment_details", args=[assignment.pk])
    assert client.get(url).status_code == 200
    client.post(
        url, {"leader_in_charge": wang.pk, "handler": "钱股长", "supervisor": ""}
    )
    assignment.refresh_from_db()
    assert (assignment.leader_in_charge, assignment.handler) == (wang, "钱股长")


def test_a_retired_leader_is_refused(education, leaders):
    wang, _li = leaders
    wang.is_active = False
    wang.save()
    assignment = assigned(education)
    with pytest.raises(DomainError):
        services.assignment_details_set(
            assignment,
            user=office_user(),
            leader_in_charge=wang,
            handler="",
            supervisor="",
        )


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.ORG_LIAISON, Role.LEADER])
def test_other_roles_cannot_set_the_people(client, role, education, leaders):
    assignment = assigned(education)
    client.force_login(UserFactory(roles=[role], organization=education))
    url = reverse("proposals:office_assignment_details", args=[assignment.pk])
    assert client.post(url, {"handler": "某人"}).status_code in (403, 404)
    assignment.refresh_from_db()
    assert assignment.handler == ""


def test_statistics_count_by_leader_in_charge(education, health, leaders):
    wang, li = leaders
    done = rated(education)  # replied and rated satisfied
    assigned(health)
    stats = selectors.handling_statistics(term=done.proposal.term)
    rows = {row.label: row for row in stats.by_leader}
    assert (rows[str(wang)].assigned, rows[str(wang)].replied) == (1, 1)
    assert rows[str(wang)].satisfied == 1
    assert (rows[str(li)].assigned, rows[str(li)].replied) == (1, 0)


def test_statistics_page_shows_the_leader_table(client, office, education, leaders):
    rated(education)
    client.force_login(office)
    page = client.get(reverse("proposals:reports_statistics")).content.decode()
    assert "By leader in charge" in page
    assert str(leaders[0]) in page
