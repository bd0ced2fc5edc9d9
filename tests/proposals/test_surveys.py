"""The two surveys kept apart: the deputy's satisfaction rating of each reply
(满意度测评) counts; the handling evaluation form (办理情况测评表) is filled in
by the roles the installation names (by default leaders and working
committees) and offered and shown only to them (and the office)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from congress import rules
from proposals import evaluations
from proposals.models import AssignmentStatus, EvaluatorRole, Satisfaction
from tests.factories import proposals as build
from tests.factories.deputies import DeputyFactory

ALL_SATISFIED = dict.fromkeys(evaluations.DIMENSIONS, Satisfaction.SATISFIED)


@pytest.fixture
def rated(deputy, liaison_a):
    """The lead deputy has rated the reply: the satisfaction rating done."""
    lead = DeputyFactory(user=deputy)
    return build.assignment_in(
        AssignmentStatus.DONE, liaison_a.organization, lead_deputy=lead
    )


def detail(client, assignment) -> str:
    response = client.get(assignment.proposal.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_default_evaluators_are_leaders_and_working_committees(db):
    assert evaluations.evaluator_roles() == [
        EvaluatorRole.LEADER,
        EvaluatorRole.WORKING_BODY,
    ]


def test_lead_deputy_after_rating_is_offered_no_second_survey(client, rated, deputy):
    client.force_login(deputy)
    page = detail(client, rated)
    assert reverse("proposals:evaluation_submit", args=[rated.pk]) not in page
    assert reverse("proposals:evaluation_summary", args=[rated.pk]) not in page


def test_lead_deputy_cannot_fill_the_form_by_default(rated, deputy):
    with pytest.raises(PermissionDenied):
        evaluations.handling_evaluation_submit(rated, user=deputy, **ALL_SATISFIED)


def test_lead_deputy_cannot_open_the_results_by_default(client, rated, deputy):
    client.force_login(deputy)
    url = reverse("proposals:evaluation_summary", args=[rated.pk])
    assert client.get(url).status_code == 403


def test_leader_is_offered_the_form_and_the_results(client, rated, leader):
    client.force_login(leader)
    page = detail(client, rated)
    assert reverse("proposals:evaluation_submit", args=[rated.pk]) in page
    assert reverse("proposals:evaluation_summary", args=[rated.pk]) in page


def test_lead_deputy_fills_the_form_where_the_installation_names_deputies(
    client, rated, deputy
):
    rules.rule_set(evaluations.EVALUATION_ROLES.key, ["leader", "deputy"])
    client.force_login(deputy)
    assert reverse("proposals:evaluation_submit", args=[rated.pk]) in detail(
        client, rated
    )
    evaluation = evaluations.handling_evaluation_submit(
        rated, user=deputy, **ALL_SATISFIED
    )
    assert evaluation.evaluator_role == EvaluatorRole.DEPUTY


def test_office_is_not_an_evaluator_when_the_installation_leaves_it_out(rated, office):
    rules.rule_set(evaluations.EVALUATION_ROLES.key, ["leader"])
    with pytest.raises(PermissionDenied):
        evaluations.handling_evaluation_submit(rated, user=office, **ALL_SATISFIED)


def test_evaluation_pages_say_who_fills_the_form(client, rated, leader):
    client.force_login(leader)
    page = client.get(
        reverse("proposals:evaluation_summary", args=[rated.pk])
    ).content.decode()
    assert 'data-testid="which-survey"' in page
    assert "常委会负责人、工作委员会" in page


def test_rating_page_says_it_is_the_survey_that_counts(deputy, liaison_a, client):
    lead = DeputyFactory(user=deputy)
    replied = build.assignment_in(
        AssignmentStatus.REPLIED, liaison_a.organization, lead_deputy=lead
    )
    client.force_login(deputy)
    page = client.get(
        reverse("proposals:deputy_rate", args=[replied.pk])
    ).content.decode()
    assert 'data-testid="which-survey"' in page
