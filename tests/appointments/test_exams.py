import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from appointments import services
from appointments.models import Attempt, CaseStatus, Question, Topic
from congress.exceptions import ImportRejected, TransitionNotAllowed
from tests.appointments.conftest import tick_checks
from tests.factories.appointments import QuestionFactory

S = CaseStatus
OPEN = datetime.datetime(2026, 6, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CLOSE = OPEN + datetime.timedelta(hours=3)


@pytest.fixture
def paper(personnel):
    topic = Topic.objects.get(name="宪法")
    for _n in range(4):
        QuestionFactory(topic=topic, answer="B")
    QuestionFactory(topic=topic, kind=Question.Kind.TRUE_FALSE, options=[], answer="T")
    QuestionFactory(
        topic=Topic.objects.get(name="监督法"),
        kind=Question.Kind.SHORT,
        options=[],
        answer="听取和审议专项工作报告",
        points=10,
    )
    spec = {topic: 5, Topic.objects.get(name="监督法"): 1}
    return services.paper_draw(title="第一批", spec=spec, user=personnel, seed=1)


@pytest.fixture
def session(paper, personnel):
    return services.session_create(
        title="2026年第一批任前法律知识考试",
        paper=paper,
        starts_at=OPEN,
        ends_at=CLOSE,
        duration_minutes=60,
        user=personnel,
    )


@pytest.fixture
def at_exam(make_case, personnel):
    case = make_case("appoint")
    tick_checks(case, personnel)
    services.case_advance(case, user=personnel)
    case = services.case_advance(case, user=personnel)
    assert case.status == S.EXAM
    services.person_account_create(case.person, username="cand", user=personnel)
    case.person.refresh_from_db()
    return case


def answers_for(attempt, *, right: int):
    """Right answers to the first `right` objective questions, wrong to the rest."""
    result = {}
    for n, answer in enumerate(attempt.answers.select_related("item__question")):
        question = answer.item.question
        if question.kind == Question.Kind.SHORT:
            result[answer.item_id] = "听取专项工作报告"
        else:
            wrong = "A" if question.answer != "A" else "B"
            result[answer.item_id] = question.answer if n < right else wrong
    return result


def test_paper_draw_refused_when_a_topic_is_short(personnel):
    topic = Topic.objects.get(name="宪法")
    QuestionFactory(topic=topic)
    with pytest.raises(services.ExamRefused, match="宪法"):
        services.paper_draw(title="x", spec={topic: 3}, user=personnel)


def test_paper_has_the_counts_and_points(paper):
    assert paper.items.count() == 6
    assert sum(paper.items.values_list("points", flat=True)) == 60


def test_pass_mark_copied_from_the_rule(session):
    assert session.pass_percent == 60


def test_candidate_passes_and_the_case_moves_on(at_exam, session, personnel):
    attempt = services.attempt_assign(session, at_exam, user=personnel)
    user = at_exam.person.user
    with time_machine.travel(OPEN + datetime.timedelta(minutes=5)):
        services.attempt_start(attempt, user=user)
        attempt = services.attempt_submit(
            attempt, user=user, answers=answers_for(attempt, right=5)
        )
    assert attempt.status == Attempt.Status.SUBMITTED  # the short answer waits
    short = attempt.answers.get(item__question__kind="short")
    services.answer_mark(short, user=personnel, points=6)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.max_score, attempt.passed) == (56, 60, True)
    at_exam.refresh_from_db()
    assert at_exam.status == S.INTRODUCTION


def test_failed_exam_postpones_and_a_makeup_passes(at_exam, session, paper, personnel):
    attempt = services.attempt_assign(session, at_exam, user=personnel)
    user = at_exam.person.user
    with time_machine.travel(OPEN + datetime.timedelta(minutes=5)):
        services.attempt_start(attempt, user=user)
        services.attempt_submit(
            attempt, user=user, answers=answers_for(attempt, right=1)
        )
    services.answer_mark(
        attempt.answers.get(item__question__kind="short"), user=personnel, points=2
    )
    at_exam.refresh_from_db()
    assert at_exam.status == S.POSTPONED
    assert at_exam.events.last().type == "appointments.exam_failed"
    with pytest.raises(TransitionNotAllowed):
        services.case_advance(at_exam, user=personnel)
    makeup_session = services.session_create(
        title="补考",
        paper=paper,
        starts_at=OPEN + datetime.timedelta(days=7),
        ends_at=CLOSE + datetime.timedelta(days=7),
        duration_minutes=60,
        user=personnel,
    )
    makeup = services.attempt_assign(makeup_session, at_exam, user=personnel)
    assert makeup.makeup
    at_exam.refresh_from_db()
    assert at_exam.status == S.EXAM
    with time_machine.travel(OPEN + datetime.timedelta(days=7, minutes=1)):
        services.attempt_start(makeup, user=user)
        services.attempt_submit(makeup, user=user, answers=answers_for(makeup, right=5))
    services.answer_mark(
        makeup.answers.get(item__question__kind="short"), user=personnel, points=10
    )
    at_exam.refresh_from_db()
    assert at_exam.status == S.INTRODUCTION


def test_candidate_cannot_start_outside_the_window(at_exam, session, personnel):
    attempt = services.attempt_assign(session, at_exam, user=personnel)
    before = OPEN - datetime.timedelta(minutes=1)
    with time_machine.travel(before), pytest.raises(services.ExamRefused):
        services.attempt_start(attempt, user=at_exam.person.user)
    with time_machine.travel(CLOSE), pytest.raises(services.ExamRefused):
        services.attempt_start(attempt, user=at_exam.person.user)


def test_no_changes_after_submitting(at_exam, session, personnel):
    attempt = services.attempt_assign(session, at_exam, user=personnel)
    user = at_exam.person.user
    with time_machine.travel(OPEN + datetime.timedelta(minutes=5)):
        services.attempt_start(attempt, user=user)
        services.attempt_submit(attempt, user=user, answers={})
        with pytest.raises(services.ExamRefused, match=r"submitted|交卷"):
            services.attempt_save_answers(attempt, user=user, answers={1: "A"})
        with pytest.raises(services.ExamRefused):
            services.attempt_submit(attempt, user=user)


def test_answers_refused_after_the_time_allowed(at_exam, session, personnel):
    attempt = services.attempt_assign(session, at_exam, user=personnel)
    user = at_exam.person.user
    with time_machine.travel(OPEN + datetime.timedelta(minutes=5)):
        services.attempt_start(attempt, user=user)
    with time_machine.travel(OPEN + datetime.timedelta(minutes=66)):
        with pytest.raises(services.ExamRefused):
            services.attempt_save_answers(attempt, user=user, answers={})
        attempt = services.attempt_collect(attempt, user=personnel)
    assert attempt.status == Attempt.Status.SUBMITTED


def test_someone_else_cannot_take_the_exam(at_exam, session, personnel, deputy):
    attempt = services.attempt_assign(session, at_exam, user=personnel)
    with (
        time_machine.travel(OPEN + datetime.timedelta(minutes=5)),
        pytest.raises(services.ExamRefused),
    ):
        services.attempt_start(attempt, user=deputy)


def test_staff_enter_a_paper_sheet(at_exam, session, personnel):
    attempt = services.attempt_assign(session, at_exam, user=personnel, mode="paper")
    attempt = services.attempt_enter_paper(
        attempt, user=personnel, answers=answers_for(attempt, right=5)
    )
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.answers.filter(points__isnull=True).count() == 1


def test_exam_not_for_removals_or_cases_elsewhere(make_case, session, personnel):
    case = make_case("assessor")
    with pytest.raises(services.ExamRefused):
        services.attempt_assign(session, case, user=personnel)
    appoint = make_case("appoint")
    with pytest.raises(services.ExamRefused):
        services.attempt_assign(session, appoint, user=personnel)


def test_short_answer_points_are_bounded(at_exam, session, personnel):
    attempt = services.attempt_assign(session, at_exam, user=personnel, mode="paper")
    services.attempt_enter_paper(attempt, user=personnel, answers={})
    short = attempt.answers.get(item__question__kind="short")
    with pytest.raises(services.ExamRefused):
        services.answer_mark(short, user=personnel, points=11)
    objective = attempt.answers.exclude(item__question__kind="short").first()
    with pytest.raises(services.ExamRefused):
        services.answer_mark(objective, user=personnel, points=1)


def test_import_is_all_or_nothing_with_row_errors(personnel):
    rows = [
        (
            2,
            {
                "kind": "单选",
                "topic": "宪法",
                "text": "题一",
                "a": "甲",
                "b": "乙",
                "answer": "B",
                "points": "2",
            },
        ),
        (3, {"kind": "判断", "topic": "宪法", "text": "题二", "answer": "对"}),
        (
            4,
            {
                "kind": "多选",
                "topic": "无此专题",
                "text": "题三",
                "a": "甲",
                "b": "乙",
                "answer": "AZ",
            },
        ),
        (5, {"kind": "问答", "topic": "宪法", "text": "题四", "answer": "x"}),
    ]
    before = Question.objects.count()
    with pytest.raises(ImportRejected) as refused:
        services.questions_import(rows, user=personnel)
    assert {row for row, _c, _m in refused.value.errors} == {4, 5}
    assert Question.objects.count() == before
    made = services.questions_import(rows[:2], user=personnel)
    assert [q.answer for q in made] == ["B", "T"]
