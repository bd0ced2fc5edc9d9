import datetime

import pytest
from django.core.exceptions import ValidationError

from appointments import services
from appointments.models import Case, CaseStatus, StepOrder, Tenure
from congress.exceptions import TransitionNotAllowed
from tests.appointments.conftest import tick_checks
from tests.factories.appointments import PersonFactory, PostFactory

S = CaseStatus


def test_case_starts_at_first_step_with_the_installations_checklist(make_case):
    case = make_case("appoint")
    assert case.status == S.SUBMISSION
    assert case.steps[0] == "submission"
    assert "exam" in case.steps
    names = set(case.checks.values_list("item__name", flat=True))
    assert "主任会议审查考察材料" in names
    assert "任前公示" in names
    # The audit applies to government departments, the interview to courts.
    assert "经济责任审计" in names
    assert "任前座谈（德、能、勤、绩、廉）" not in names
    assert case.events.get().type == "appointments.created"


def test_case_keeps_its_order_when_the_installation_changes_it(make_case):
    case = make_case("appoint")
    StepOrder.objects.filter(case_type="appoint").update(
        steps=["exam", "submission", "vote", "certificate", "oath"]
    )
    case.refresh_from_db()
    assert case.steps[0] == "submission"
    assert make_case("appoint").status == S.EXAM


@pytest.mark.parametrize(
    ("case_type", "steps"),
    [
        ("appoint", ["submission", "review"]),
        ("appoint", ["vote", "exam"]),
        ("appoint", ["certificate", "vote"]),
        ("remove", ["exam", "vote"]),
        ("acting", ["exam", "vote"]),
        ("remove", ["vote", "certificate"]),
        ("appoint", ["review", "review", "vote"]),
    ],
)
def test_step_order_validation_refuses_unusable_orders(case_type, steps):
    with pytest.raises(ValidationError):
        services.validate_step_order(case_type, steps)


def test_advance_follows_the_case_order(make_case, personnel):
    case = make_case("assessor")
    case = services.case_advance(case, user=personnel)
    assert case.status == S.REVIEW
    event = case.events.last()
    assert event.data == {"from": "submission", "to": "review"}


def test_advance_into_the_vote_refused_with_open_checks(make_case, personnel):
    case = make_case("assessor")
    services.case_advance(case, user=personnel)
    with pytest.raises(services.CaseRefused, match=r"任前|checks|主任会议"):
        services.case_advance(case, user=personnel)
    tick_checks(case, personnel)
    assert services.case_advance(case, user=personnel).status == S.VOTE


def test_advance_refused_at_the_exam(make_case, personnel):
    case = make_case("appoint")
    services.case_advance(case, user=personnel)
    services.case_advance(case, user=personnel)
    with pytest.raises(TransitionNotAllowed):
        services.case_advance(case, user=personnel)


def test_introduction_and_statement_needed_to_move_on(make_case, personnel):
    StepOrder.objects.filter(case_type="decide").update(
        steps=["introduction", "statement", "vote", "certificate", "oath"]
    )
    case = make_case("decide")
    with pytest.raises(services.CaseRefused):
        services.case_advance(case, user=personnel)
    services.case_texts_update(
        case, user=personnel, introduction="政治坚定，熟悉业务。", statement=""
    )
    case = services.case_advance(case, user=personnel)
    assert case.status == S.STATEMENT
    with pytest.raises(services.CaseRefused):
        services.case_advance(case, user=personnel)


def test_only_office_staff_may_move_a_case(make_case, member):
    case = make_case("assessor")
    with pytest.raises(TransitionNotAllowed):
        services.case_advance(case, user=member)


def test_removal_needs_the_tenure_it_ends(make_case):
    person = PersonFactory()
    with pytest.raises(services.CaseRefused):
        make_case("remove", person=person)
    tenure = Tenure.objects.create(
        person=person, post=PostFactory(), start_date=datetime.date(2020, 1, 1)
    )
    case = make_case("remove", person=person, post=tenure.post, ends_tenure=tenure)
    assert case.steps == ["submission", "review", "vote"]
    other = Tenure.objects.create(
        person=PersonFactory(), post=PostFactory(), start_date=datetime.date(2020, 1, 1)
    )
    with pytest.raises(services.CaseRefused):
        make_case("remove", person=person, ends_tenure=other)


def test_withdraw_needs_a_reason_and_closes_the_case(make_case, personnel):
    case = make_case("appoint")
    with pytest.raises(services.CaseRefused):
        services.case_withdraw(case, user=personnel, reason=" ")
    case = services.case_withdraw(case, user=personnel, reason="提请单位撤回")
    assert case.status == S.WITHDRAWN
    with pytest.raises(TransitionNotAllowed):
        services.case_withdraw(case, user=personnel, reason="again")


def test_public_notice_check_needs_its_period(make_case, personnel):
    case = make_case("appoint")
    check = case.checks.get(item__name="任前公示")
    with pytest.raises(services.CaseRefused):
        services.check_record(check, user=personnel, done_on=datetime.date(2026, 6, 8))
    check = services.check_record(
        check,
        user=personnel,
        done_on=datetime.date(2026, 6, 8),
        period_start=datetime.date(2026, 6, 1),
        period_end=datetime.date(2026, 6, 7),
    )
    assert check.done_by == personnel


def test_candidate_account_is_created_once(make_case, personnel):
    case = make_case("appoint")
    password = services.person_account_create(
        case.person, username="cand1", user=personnel
    )
    account = Case.objects.get(pk=case.pk).person.user
    assert account.check_password(password)
    assert account.must_change_password
    assert account.has_role(account.roles[0])
    assert account.roles[0].value == "candidate"
    with pytest.raises(services.CaseRefused):
        services.person_account_create(case.person, username="cand2", user=personnel)
