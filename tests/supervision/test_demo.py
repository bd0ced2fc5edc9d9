"""The demo county's supervision: the plan in every state and the story of
the education bureau (late, reminded, failed vote, rectification)."""

import pytest
from django.utils import timezone

from congress.models import Notification, User
from congress.roles import Role
from supervision.models import Item, ItemStatus

pytestmark = pytest.mark.usefixtures("demo_db")


@pytest.mark.django_db
def test_demo_plan_has_items_in_every_state():
    assert set(Item.objects.values_list("status", flat=True)) == set(ItemStatus.values)


@pytest.mark.django_db
def test_demo_education_bureau_was_reminded_answered_late_and_rectifies():
    item = Item.objects.get(organization__name="青禾县教育局")
    assert item.status == ItemStatus.RECTIFYING
    assert item.reports.get().late
    steps = set(
        Notification.objects.filter(
            recipient__username="liaison", kind="supervision.reminder"
        ).values_list("params__step", flat=True)
    )
    assert {"due_in_14", "due_in_3", "overdue"} <= steps


@pytest.mark.django_db
def test_demo_second_vote_passed_after_rectification():
    item = Item.objects.get(topic__contains="基层医疗卫生")
    first, second = item.votes.order_by("review_round")
    assert not first.ballot.passed
    assert second.ballot.passed
    assert second.previous == first
    assert item.status == ItemStatus.CLOSED


@pytest.mark.django_db
def test_demo_another_organisation_cannot_see_the_education_item(client):
    item = Item.objects.get(organization__name="青禾县教育局")
    other = (
        User.objects.with_role(Role.ORG_LIAISON)
        .exclude(organization=item.organization)
        .first()
    )
    client.force_login(other)
    assert client.get(item.get_absolute_url()).status_code == 404
    client.force_login(User.objects.get(username="liaison"))
    assert client.get(item.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_demo_appraisals_selected_by_vote_and_in_their_stages():
    from supervision.models import Appraisal

    stages = dict(
        Appraisal.objects.filter(year=timezone.localdate().year).values_list(
            "department__name", "status"
        )
    )
    assert stages["青禾县教育局"] == "rectification"
    assert stages["青禾县卫生健康局"] == "closed"
    assert stages["青禾县交通运输局"] == "not_selected"
    liaison = User.objects.get(username="liaison")
    assert Appraisal.objects.visible_to(liaison).filter(status="rectification")


@pytest.mark.django_db
def test_demo_tv_inquiry_takes_the_publics_questions():
    from supervision.models import PublicQuestion

    statuses = set(PublicQuestion.objects.values_list("status", flat=True))
    assert statuses == {"pending", "accepted", "rejected"}


@pytest.mark.django_db
def test_demo_yearly_list_of_major_matters():
    from supervision.models import MajorMatter

    statuses = set(MajorMatter.objects.values_list("status", flat=True))
    assert statuses == {"decided", "submitted", "researched", "listed"}
