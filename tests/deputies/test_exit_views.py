"""Exit cases decided on a screen by the office: a resignation with its legal
ground, a recall as the constituency's vote."""

import datetime

import pytest
from django.urls import reverse

from deputies import services
from deputies.models import ExitCase, ExitKind, MandateStatus, TerminationGround
from tests.deputies.test_views import count_queries
from tests.factories.deputies import MandateFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime.now(tz=datetime.UTC).date() - datetime.timedelta(days=1)


def open_case(office, kind=ExitKind.VOLUNTARY_RESIGNATION):
    return services.exit_case_open(
        MandateFactory(), kind=kind, reason="因工作调动申请辞去代表职务", user=office
    )


def test_office_decides_a_resignation_with_its_legal_ground(client, office):
    case = open_case(office)
    client.force_login(office)
    url = reverse("deputies:exit_decide", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "accepted": "1",
            "decision_date": TODAY.isoformat(),
            "ground": TerminationGround.MOVED_AWAY,
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == ExitCase.Status.ACCEPTED
    assert case.mandate.status == MandateStatus.TERMINATED
    assert case.mandate.termination_ground == TerminationGround.MOVED_AWAY


def test_office_records_a_recall_vote_and_its_result(client, office):
    case = open_case(office, ExitKind.RECALL)
    client.force_login(office)
    assert client.get(reverse("deputies:exit_decide", args=[case.pk])).url == reverse(
        "deputies:exit_recall_vote", args=[case.pk]
    )
    response = client.post(
        reverse("deputies:exit_recall_vote", args=[case.pk]),
        {
            "vote_date": TODAY.isoformat(),
            "electorate": "3000",
            "votes_cast": "2100",
            "votes_for": "1400",
        },
        follow=True,
    )
    case.refresh_from_db()
    assert case.status == ExitCase.Status.REFUSED  # 1400 is not half of 3000
    page = response.content.decode()
    assert "1400" in page
    assert "3000" in page


def test_a_recall_vote_that_does_not_add_up_shows_the_error(client, office):
    case = open_case(office, ExitKind.RECALL)
    client.force_login(office)
    response = client.post(
        reverse("deputies:exit_recall_vote", args=[case.pk]),
        {
            "vote_date": TODAY.isoformat(),
            "electorate": "100",
            "votes_cast": "120",
            "votes_for": "60",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_a_leader_sees_the_cases_but_may_not_decide(client, office, leader):
    case = open_case(office)
    client.force_login(leader)
    page = client.get(reverse("deputies:exits")).content.decode()
    assert case.mandate.deputy.name in page
    assert reverse("deputies:exit_decide", args=[case.pk]) not in page
    assert (
        client.get(reverse("deputies:exit_decide", args=[case.pk])).status_code == 403
    )


def test_a_deputy_may_not_see_the_exit_cases(client, office, deputy):
    case = open_case(office)
    client.force_login(deputy)
    assert client.get(reverse("deputies:exits")).status_code == 403
    assert client.get(reverse("deputies:exit_decide", args=[case.pk])).status_code in (
        403,
        404,
    )


def test_exit_list_makes_a_fixed_number_of_queries(client, office):
    client.force_login(office)
    url = reverse("deputies:exits")
    for _i in range(3):
        open_case(office)
    at_n = count_queries(client, url)
    for _i in range(3):
        open_case(office)
    # session, user, the user's groups (roles), open cases, recent decisions,
    # the unread-notices badge.
    assert at_n == count_queries(client, url) == 6
