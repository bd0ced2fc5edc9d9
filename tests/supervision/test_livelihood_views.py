"""Livelihood-project pages: who may do what, the deputy's ballot through
the form, the department's progress, and the list's query count."""

import pytest
from django.urls import reverse

from supervision import livelihood
from supervision.models import LivelihoodProject, SelectionChoice
from tests.factories.congress import OrganizationFactory
from tests.factories.deputies import DeputyFactory, MandateFactory


def url(name, *args):
    return reverse(f"supervision:{name}", args=args)


def _candidates(office, n, department=None):
    department = department or OrganizationFactory(name="测试局甲")
    return [
        livelihood.project_propose(
            year=2026,
            title=f"候选项目{k}",
            source="public",
            department=department,
            user=office,
        )
        for k in range(n)
    ]


@pytest.fixture
def voting(office, deputy, other_deputy):
    for user in (deputy, other_deputy):
        MandateFactory(deputy=DeputyFactory(user=user))
    projects = _candidates(office, 4)
    vote = livelihood.selection_create(year=2026, seats=2, meeting=None, user=office)
    vote = livelihood.selection_open(vote, present_count=2, user=office)
    return vote, projects


def test_deputy_votes_through_the_form(client, voting, deputy):
    vote, projects = voting
    client.force_login(deputy)
    page = client.get(url("projects_year", 2026))
    assert 'data-testid="cast-link"' in page.text
    response = client.post(
        url("selection_cast", vote.pk), {"projects": [projects[0].pk, projects[1].pk]}
    )
    assert response.status_code == 302
    assert SelectionChoice.objects.count() == 2
    # A second ballot is refused with a message, not counted.
    client.post(url("selection_cast", vote.pk), {"projects": [projects[2].pk]})
    assert SelectionChoice.objects.count() == 2


def test_deputy_off_the_roll_gets_404(client, voting, deputy, other_deputy):
    vote, _projects = voting
    from congress.models import User

    outsider = User.objects.create(username="t_outsider", real_name="外人")
    outsider.groups.add(*deputy.groups.all())
    client.force_login(outsider)
    assert client.get(url("selection_cast", vote.pk)).status_code == 404


def test_member_cannot_prepare_or_open(client, voting, member):
    vote, _projects = voting
    client.force_login(member)
    assert client.get(url("project_create")).status_code == 403
    assert client.post(url("selection_step", vote.pk, "close")).status_code == 403


def test_station_manager_sees_no_projects(client, station_manager):
    client.force_login(station_manager)
    assert client.get(url("projects")).status_code == 403


def test_office_closes_the_vote(client, voting, office, deputy):
    vote, projects = voting
    livelihood.selection_cast(vote, voter=deputy, project_ids=[projects[3].pk])
    client.force_login(office)
    assert client.get(url("selection_step", vote.pk, "close")).status_code == 200
    client.post(url("selection_step", vote.pk, "close"))
    assert LivelihoodProject.objects.get(pk=projects[3].pk).status == "selected"


def test_only_the_department_reports_progress(
    client, office, deputy, liaison_a, liaison_b
):
    MandateFactory(deputy=DeputyFactory(user=deputy))
    projects = _candidates(office, 2, liaison_a.organization)
    vote = livelihood.selection_create(year=2026, seats=1, meeting=None, user=office)
    vote = livelihood.selection_open(vote, present_count=1, user=office)
    livelihood.selection_cast(vote, voter=deputy, project_ids=[projects[0].pk])
    livelihood.selection_close(vote, user=office)
    client.force_login(liaison_b)
    assert client.get(url("project_progress", projects[0].pk)).status_code == 403
    client.force_login(liaison_a)
    response = client.post(
        url("project_progress", projects[0].pk), {"percent": 40, "text": "已开工"}
    )
    assert response.status_code == 302
    assert LivelihoodProject.objects.get(pk=projects[0].pk).progress_percent == 40


@pytest.mark.parametrize("n", [4, 8])
def test_project_list_query_count(client, office, n, django_assert_num_queries):
    _candidates(office, n)
    client.force_login(office)
    # session, user, roles, the vote, the projects with their departments,
    # the unread notices; none per project.
    with django_assert_num_queries(6):
        client.get(url("projects_year", 2026))
