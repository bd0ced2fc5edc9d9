"""Return visits (回访) to the lead deputy after closure, recorded by the
office from the look-back page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from congress.exceptions import DomainError, TransitionNotAllowed
from congress.roles import Role
from proposals import services
from proposals.models import FollowUpVisit, ProposalEvent
from tests.factories.congress import UserFactory
from tests.factories.proposals import office_user, rated

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def closed(liaison_a):
    assignment = rated(liaison_a.organization)
    proposal = services.proposal_close(assignment.proposal, user=office_user())
    proposal.is_key = True
    proposal.save(update_fields=["is_key"])
    return proposal


def _visit(proposal, **fields):
    values = {
        "date": timezone.localdate(),
        "visitors": "周文静、县交通局李科长",
        "method": FollowUpVisit.Method.VISIT,
        "deputy_said": "道路已硬化完成，群众满意。",
    }
    return services.follow_up_visit_record(
        proposal, user=office_user(), **(values | fields)
    )


def test_office_records_a_return_visit_from_the_look_back(client, office, closed):
    client.force_login(office)
    look_back = client.get(reverse("proposals:office_look_back")).content.decode()
    assert reverse("proposals:office_follow_up", args=[closed.pk]) in look_back
    client.post(
        reverse("proposals:office_follow_up", args=[closed.pk]),
        {
            "date": timezone.localdate().isoformat(),
            "method": "phone",
            "visitors": "周文静",
            "deputy_said": "已落实。",
        },
    )
    visit = FollowUpVisit.objects.get(proposal=closed)
    assert (visit.method, visit.deputy_said, visit.recorded_by) == (
        "phone",
        "已落实。",
        office,
    )
    assert ProposalEvent.objects.filter(
        proposal=closed, type="proposals.follow_up_visited"
    ).exists()


def test_lead_deputy_reads_the_visit_on_the_item_page(client, closed):
    _visit(closed)
    client.force_login(closed.lead_deputy.user)
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "道路已硬化完成" in page


def test_a_visit_before_closure_is_refused(liaison_a):
    assignment = rated(liaison_a.organization)
    with pytest.raises(TransitionNotAllowed):
        _visit(assignment.proposal)


def test_a_visit_in_the_future_is_refused(closed):
    with pytest.raises(DomainError, match="future"):
        _visit(closed, date=timezone.localdate() + datetime.timedelta(days=1))
    assert not FollowUpVisit.objects.exists()


def test_a_visit_without_what_the_deputy_said_is_refused(closed):
    with pytest.raises(DomainError, match="what the deputy said"):
        _visit(closed, deputy_said=" ")


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.ORG_LIAISON, Role.LEADER])
def test_other_roles_cannot_record_a_visit(client, role, closed):
    client.force_login(UserFactory(roles=[role]))
    url = reverse("proposals:office_follow_up", args=[closed.pk])
    response = client.post(
        url,
        {"date": "2026-01-01", "method": "phone", "visitors": "x", "deputy_said": "y"},
    )
    assert response.status_code == 403
    assert not FollowUpVisit.objects.exists()
