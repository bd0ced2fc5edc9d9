"""A working committee's (工委) staff see and evaluate what belongs to their
body: the proposals board shows the items of the categories it supervises,
the supervision board the items it runs (everything still one click away),
and they evaluate the handling of their categories only."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from congress.access import scoped_working_body_id
from congress.models import Organization
from congress.roles import Role
from proposals import evaluations
from proposals.models import AssignmentStatus, Satisfaction
from tests.factories import proposals as build
from tests.factories.congress import OrganizationFactory, UserFactory
from tests.factories.supervision import ItemFactory, PlanFactory

ALL_SATISFIED = dict.fromkeys(evaluations.DIMENSIONS, Satisfaction.SATISFIED)


def body(name: str, kind=Organization.Kind.WORKING_BODY) -> Organization:
    return OrganizationFactory(name=name, kind=kind, is_handling_unit=False)


@pytest.fixture
def education(db):
    return body("教育科学文化卫生工作委员会")


@pytest.fixture
def agriculture(db):
    return body("农业与农村工作委员会")


@pytest.fixture
def committee_staff(education):
    return UserFactory(username="t_jkw", roles=[Role.OFFICE], working_body=education)


@pytest.fixture
def general_office_staff(db):
    office = body("县人大常委会办公室", kind=Organization.Kind.GENERAL_OFFICE)
    return UserFactory(username="t_bgs", roles=[Role.OFFICE], working_body=office)


def item_of(supervising, liaison, status=AssignmentStatus.REPLIED):
    category = build.CategoryFactory(supervising_body=supervising)
    return build.assignment_in(status, liaison.organization, category=category)


# Who is scoped ------------------------------------------------------------------


def test_scope_is_the_working_committee_of_its_staff(committee_staff, education):
    assert scoped_working_body_id(committee_staff) == education.pk


def test_scope_is_none_for_general_office_staff(general_office_staff, office):
    assert scoped_working_body_id(general_office_staff) is None
    assert scoped_working_body_id(office) is None


def test_scope_is_none_for_a_non_staff_user_with_a_body(education):
    user = UserFactory(roles=[Role.LEADER], working_body=education)
    assert scoped_working_body_id(user) is None


# The proposals board ----------------------------------------------------------


def board_ids(client, **params) -> set[int]:
    response = client.get(reverse("proposals:office_board"), params)
    assert response.status_code == 200
    return {a.proposal_id for a in response.context["page_obj"]}


def test_board_shows_the_committee_its_own_items_by_default(
    client, committee_staff, education, agriculture, liaison_a
):
    own = item_of(education, liaison_a, AssignmentStatus.ASSIGNED)
    item_of(agriculture, liaison_a, AssignmentStatus.ASSIGNED)
    client.force_login(committee_staff)
    assert board_ids(client) == {own.proposal_id}


def test_board_shows_everything_on_request(
    client, committee_staff, education, agriculture, liaison_a
):
    own = item_of(education, liaison_a, AssignmentStatus.ASSIGNED)
    other = item_of(agriculture, liaison_a, AssignmentStatus.ASSIGNED)
    client.force_login(committee_staff)
    assert board_ids(client, scope="all") == {own.proposal_id, other.proposal_id}


def test_board_is_not_narrowed_for_general_office_staff(
    client, general_office_staff, education, agriculture, liaison_a
):
    first = item_of(education, liaison_a, AssignmentStatus.ASSIGNED)
    second = item_of(agriculture, liaison_a, AssignmentStatus.ASSIGNED)
    client.force_login(general_office_staff)
    assert board_ids(client) == {first.proposal_id, second.proposal_id}
    assert (
        'data-testid="scope"'
        not in client.get(reverse("proposals:office_board")).content.decode()
    )


def test_board_says_whose_work_it_shows(client, committee_staff, education):
    client.force_login(committee_staff)
    page = client.get(reverse("proposals:office_board")).content.decode()
    assert "教育科学文化卫生工作委员会" in page
    assert 'data-testid="scope-all"' in page


# Evaluation -------------------------------------------------------------------


def test_committee_staff_evaluate_their_categories(
    committee_staff, education, liaison_a
):
    assignment = item_of(education, liaison_a)
    evaluation = evaluations.handling_evaluation_submit(
        assignment, user=committee_staff, **ALL_SATISFIED
    )
    assert evaluation.evaluator == committee_staff


def test_committee_staff_do_not_evaluate_another_committees_items(
    committee_staff, agriculture, liaison_a
):
    assignment = item_of(agriculture, liaison_a)
    with pytest.raises(PermissionDenied):
        evaluations.handling_evaluation_submit(
            assignment, user=committee_staff, **ALL_SATISFIED
        )


def test_evaluation_page_of_another_committees_item_is_forbidden(
    client, committee_staff, agriculture, liaison_a
):
    assignment = item_of(agriculture, liaison_a)
    client.force_login(committee_staff)
    url = reverse("proposals:evaluation_submit", args=[assignment.pk])
    assert client.get(url).status_code == 403


def test_general_office_staff_evaluate_any_category(
    general_office_staff, agriculture, liaison_a
):
    assignment = item_of(agriculture, liaison_a)
    evaluations.handling_evaluation_submit(
        assignment, user=general_office_staff, **ALL_SATISFIED
    )


# The supervision board ---------------------------------------------------------


def board_topics(client, **params) -> set[str]:
    response = client.get(reverse("supervision:board_year", args=[2026]), params)
    assert response.status_code == 200
    return {
        item.topic for column in response.context["columns"] for item in column.items
    }


def test_supervision_board_shows_the_committees_items_by_default(
    client, committee_staff, education, agriculture
):
    plan = PlanFactory(year=2026)
    ItemFactory(plan=plan, topic="义务教育", working_body=education)
    ItemFactory(plan=plan, topic="农田水利", working_body=agriculture)
    client.force_login(committee_staff)
    assert board_topics(client) == {"义务教育"}
    assert board_topics(client, scope="all") == {"义务教育", "农田水利"}


# The review queue ---------------------------------------------------------------


def queue_ids(client, **params) -> set[int]:
    response = client.get(reverse("proposals:office_queue"), params)
    assert response.status_code == 200
    return {p.pk for p in response.context["page_obj"]}


def test_queue_shows_the_committees_categories_and_unclassified_items(
    client, committee_staff, education, agriculture
):
    own = build.submitted(category=build.CategoryFactory(supervising_body=education))
    unclassified = build.submitted(category=None)
    other = build.submitted(
        category=build.CategoryFactory(supervising_body=agriculture)
    )
    client.force_login(committee_staff)
    assert queue_ids(client) == {own.pk, unclassified.pk}
    assert queue_ids(client, scope="all") == {own.pk, unclassified.pk, other.pk}
