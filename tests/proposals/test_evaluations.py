"""The handling evaluation form (测评表): proposals.evaluations and its views."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from congress import rules
from congress.exceptions import DomainError
from proposals import evaluations
from proposals.models import (
    AssignmentRole,
    AssignmentStatus,
    EvaluatorRole,
    HandlingEvaluation,
    ProposalEvent,
    Satisfaction,
)
from tests.factories import proposals as build
from tests.factories.deputies import DeputyFactory

A = AssignmentStatus
S = Satisfaction
ALL_SATISFIED = dict.fromkeys(evaluations.DIMENSIONS, S.SATISFIED)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _deputies_evaluate(db):
    # These tests cover an installation where all three capacities fill in
    # the form; the default (leaders and working committees) is tested in
    # test_surveys.py.
    rules.rule_set(evaluations.EVALUATION_ROLES.key, list(EvaluatorRole.values))


@pytest.fixture
def lead_deputy(deputy):
    return DeputyFactory(user=deputy)


def _assignment(organization, lead_deputy, status=A.REPLIED, **kwargs):
    """The lead assignment of the deputy's item in `status` (the services)."""
    return build.assignment_in(status, organization, lead_deputy=lead_deputy, **kwargs)


@pytest.fixture
def lead(lead_deputy, liaison_a):
    return _assignment(liaison_a.organization, lead_deputy)


def _submit(assignment, user, **scores):
    return evaluations.handling_evaluation_submit(
        assignment, user=user, comment="认真", **{**ALL_SATISFIED, **scores}
    )


# Service ----------------------------------------------------------------------


def test_evaluation_by_a_leader_is_recorded_as_leader(lead, leader):
    evaluation = _submit(lead, leader, overall=S.BASICALLY)

    assert evaluation.evaluator_role == EvaluatorRole.LEADER
    assert evaluation.overall == S.BASICALLY
    assert ProposalEvent.objects.filter(type="proposals.evaluated").count() == 1


def test_evaluation_by_the_lead_deputy_is_recorded_as_deputy(lead, deputy):
    assert _submit(lead, deputy).evaluator_role == EvaluatorRole.DEPUTY


def test_evaluation_by_office_staff_is_recorded_as_working_body(lead, office):
    assert _submit(lead, office).evaluator_role == EvaluatorRole.WORKING_BODY


@pytest.mark.parametrize("persona", ["leader", "deputy"])
def test_evaluation_twice_is_refused(lead, persona, request):
    user = request.getfixturevalue(persona)
    _submit(lead, user)

    with pytest.raises(DomainError, match="already"):
        _submit(lead, user, overall=S.DISSATISFIED)
    assert HandlingEvaluation.objects.filter(evaluator=user).count() == 1


@pytest.mark.parametrize("persona", ["liaison_a", "other_deputy", "member"])
def test_evaluation_by_anyone_else_is_refused(lead, persona, request):
    with pytest.raises(PermissionDenied):
        _submit(lead, request.getfixturevalue(persona))
    assert not HandlingEvaluation.objects.exists()


@pytest.mark.parametrize("status", [A.ASSIGNED, A.ACCEPTED, A.CONTESTED])
def test_evaluation_before_the_reply_is_refused(lead_deputy, liaison_a, leader, status):
    assignment = _assignment(liaison_a.organization, lead_deputy, status=status)

    with pytest.raises(DomainError, match="once it has replied"):
        _submit(assignment, leader)


def test_evaluation_of_a_co_handling_assignment_is_refused(
    lead_deputy, liaison_a, liaison_b, leader
):
    lead = _assignment(liaison_a.organization, lead_deputy, co=[liaison_b.organization])
    co = lead.proposal.assignments.get(role=AssignmentRole.CO)

    with pytest.raises(DomainError):
        _submit(co, leader)


def test_evaluation_without_every_dimension_is_refused(lead, leader):
    with pytest.raises(DomainError):
        evaluations.handling_evaluation_submit(lead, user=leader, attitude=S.SATISFIED)


def test_evaluation_summary_counts_each_grade_and_the_share(
    lead, leader, deputy, office
):
    _submit(lead, leader, overall=S.SATISFIED)
    _submit(lead, deputy, overall=S.BASICALLY)
    _submit(lead, office, overall=S.DISSATISFIED, attitude=S.DISSATISFIED)

    rows = {row["name"]: row for row in evaluations.evaluation_summary(lead)}

    assert list(rows) == list(evaluations.DIMENSIONS)
    assert rows["overall"]["counts"] == {
        S.SATISFIED: 1,
        S.BASICALLY: 1,
        S.DISSATISFIED: 1,
    }
    assert rows["overall"]["share"] == pytest.approx(2 / 3)
    assert rows["reply_quality"]["counts"][S.SATISFIED] == 3
    assert rows["reply_quality"]["share"] == 1
    assert rows["attitude"]["total"] == 3


def test_evaluation_summary_without_evaluations_has_no_share(lead):
    rows = evaluations.evaluation_summary(lead)

    assert all(row["total"] == 0 and row["share"] is None for row in rows)


# Views ------------------------------------------------------------------------


def _url(assignment, name="proposals:evaluation_submit"):
    return reverse(name, args=[assignment.pk])


def _post(client, assignment, **scores):
    return client.post(_url(assignment), {**ALL_SATISFIED, **scores, "comment": "好"})


@pytest.mark.parametrize("persona", ["leader", "deputy", "office"])
def test_evaluation_page_shows_the_six_dimensions(client, lead, persona, request):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(_url(lead))

    assert response.status_code == 200
    for name in evaluations.DIMENSIONS:
        assert f'data-testid="choices-{name}"' in response.text


def test_evaluation_post_records_it_and_a_second_is_refused(client, lead, deputy):
    client.force_login(deputy)

    assert _post(client, lead).status_code == 302
    response = _post(client, lead, overall=S.DISSATISFIED)

    assert response.status_code == 302
    evaluation = HandlingEvaluation.objects.get()
    assert evaluation.overall == S.SATISFIED
    assert 'data-testid="already-evaluated"' in client.get(_url(lead)).text


def test_evaluation_page_is_forbidden_to_the_organisation(client, lead, liaison_a):
    client.force_login(liaison_a)

    assert client.get(_url(lead)).status_code == 403
    assert _post(client, lead).status_code == 403


def test_evaluation_page_is_not_found_for_another_deputy(client, lead, other_deputy):
    client.force_login(other_deputy)

    assert client.get(_url(lead)).status_code == 404
    assert _post(client, lead).status_code == 404
    assert not HandlingEvaluation.objects.exists()


def test_evaluation_page_before_the_reply_says_it_is_not_open(
    client, lead_deputy, liaison_a, leader
):
    assignment = _assignment(liaison_a.organization, lead_deputy, status=A.ACCEPTED)
    client.force_login(leader)

    assert 'data-testid="not-open"' in client.get(_url(assignment)).text
    _post(client, assignment)
    assert not HandlingEvaluation.objects.exists()


def test_evaluation_summary_page_shows_the_counts(client, lead, leader, deputy):
    _submit(lead, deputy, overall=S.DISSATISFIED)
    client.force_login(leader)

    response = client.get(_url(lead, "proposals:evaluation_summary"))

    assert response.status_code == 200
    assert 'data-testid="dimension-overall"' in response.text
    assert "0%" in response.text


@pytest.mark.parametrize(
    ("persona", "status"), [("liaison_a", 403), ("other_deputy", 404)]
)
def test_evaluation_summary_page_is_refused_to_others(
    client, lead, persona, status, request
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(_url(lead, "proposals:evaluation_summary"))

    assert response.status_code == status
