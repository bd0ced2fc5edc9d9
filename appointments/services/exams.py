"""The legal-knowledge exam (任前法律知识考试).

The question bank is imported from Excel all-or-nothing (every row checked,
nothing saved when one row is wrong). A paper is drawn from the bank by topic
and count. A session has a window; each candidate gets an attempt, taken in
the browser (timed: the time allowed from the start, never past the window)
or on paper and entered by staff. Objective questions are marked on
submission, short answers by staff; when every answer has points the attempt
is final: at or above the session's pass mark the case moves on, below it
the appointment is postponed (暂缓任命) until a make-up attempt is passed.
"""

import datetime
import random
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from appointments.models import (
    OBJECTIVE_KINDS,
    Answer,
    Attempt,
    AttemptMode,
    AttemptStatus,
    Batch,
    Case,
    CaseStatus,
    ExamSession,
    Paper,
    PaperQuestion,
    Question,
    QuestionKind,
    Step,
    Topic,
)
from appointments.services.cases import CaseRefused, case_event, next_status
from appointments.workflow import CASE, EXAM_PASS_PERCENT
from congress import rules
from congress.exceptions import DomainError, ImportRejected
from congress.history import history_context
from congress.models import User
from congress.workflow import transition

KIND_LABELS = {
    "单选": QuestionKind.SINGLE,
    "单选题": QuestionKind.SINGLE,
    "多选": QuestionKind.MULTIPLE,
    "多选题": QuestionKind.MULTIPLE,
    "判断": QuestionKind.TRUE_FALSE,
    "判断题": QuestionKind.TRUE_FALSE,
    "简答": QuestionKind.SHORT,
    "简答题": QuestionKind.SHORT,
}
TRUE_WORDS = {
    "T": "T",
    "对": "T",
    "正确": "T",
    "√": "T",
    "F": "F",
    "错": "F",
    "错误": "F",
    "×": "F",
}
IMPORT_COLUMNS = {
    "题型": "kind",
    "专题": "topic",
    "题目": "text",
    "选项A": "a",
    "选项B": "b",
    "选项C": "c",
    "选项D": "d",
    "选项E": "e",
    "答案": "answer",
    "分值": "points",
}
OPTION_FIELDS = ("a", "b", "c", "d", "e")


class ExamRefused(DomainError):
    """A rule of the exam refuses the step."""


# The bank ------------------------------------------------------------------


def _normalise_choice(answer: str) -> str:
    return "".join(sorted({c for c in answer.upper() if c.isalpha()}))


def _question_from_row(values: dict, topics: dict[str, Topic]):
    """(Question, errors) for one imported row."""
    errors = []
    kind = KIND_LABELS.get(values.get("kind", ""))
    if kind is None:
        errors.append(("题型", _("Unknown kind; use 单选, 多选, 判断 or 简答.")))
    topic = topics.get(values.get("topic", ""))
    if topic is None:
        errors.append(("专题", _("Unknown topic: add it to the topics first.")))
    text = values.get("text", "")
    if not text or len(text) > 2000:
        errors.append(
            ("题目", _("The question is empty or longer than 2000 characters."))
        )
    options = [values[f] for f in OPTION_FIELDS if values.get(f)]
    answer = values.get("answer", "")
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        answer = _normalise_choice(answer)
        letters = {chr(ord("A") + n) for n in range(len(options))}
        if len(options) < 2:
            errors.append(("选项A", _("A choice question needs at least two options.")))
        elif not answer or not set(answer) <= letters:
            errors.append(("答案", _("The answer must be letters of the options.")))
        elif kind == QuestionKind.SINGLE and len(answer) != 1:
            errors.append(("答案", _("A single-choice question has one answer.")))
    elif kind == QuestionKind.TRUE_FALSE:
        answer = TRUE_WORDS.get(answer.strip(), "")
        options = []
        if not answer:
            errors.append(("答案", _("Write 对 or 错.")))
    elif kind == QuestionKind.SHORT and not answer:
        errors.append(("答案", _("Give a model answer for the markers.")))
    points = values.get("points") or "2"
    if not points.isdigit() or not 1 <= int(points) <= 100:
        errors.append(("分值", _("Points must be a whole number from 1 to 100.")))
        points = "0"
    question = Question(
        topic=topic,
        kind=kind or "",
        text=text,
        options=options,
        answer=answer[:500],
        points=int(points),
    )
    return question, errors


def questions_import(rows: Iterable[tuple[int, dict]], *, user: User) -> list[Question]:
    """Import (row number, values) rows; all or nothing.

    Raises ImportRejected listing (row, column, message) for every bad row.
    """
    topics = {topic.name: topic for topic in Topic.objects.filter(is_active=True)}
    questions, errors = [], []
    for number, values in rows:
        question, row_errors = _question_from_row(values, topics)
        errors += [(number, column, message) for column, message in row_errors]
        questions.append(question)
    if not questions:
        errors.append((1, "", _("The file has no questions.")))
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic(), history_context(user):
        return Question.objects.bulk_create(questions)


def paper_draw(
    *,
    title: str,
    spec: Mapping[Topic, int],
    user: User,
    seed: int | None = None,
    now=None,
) -> Paper:
    """A paper with `count` active questions drawn at random from each topic.

    Raises ExamRefused when a topic has fewer questions than asked.
    """
    now = now or timezone.now()
    chooser = random.Random(seed)  # noqa: S311 (drawing questions, not secrets)
    chosen: list[Question] = []
    for topic, count in spec.items():
        if count <= 0:
            continue
        pool = list(Question.objects.filter(topic=topic, is_active=True).order_by("pk"))
        if len(pool) < count:
            raise ExamRefused(
                _("“%(topic)s” has %(have)s questions, %(want)s were asked for.")
                % {"topic": topic.name, "have": len(pool), "want": count}
            )
        chosen += chooser.sample(pool, count)
    if not chosen:
        raise ExamRefused(_("Ask for at least one question."))
    order = {kind: n for n, kind in enumerate(QuestionKind.values)}
    chosen.sort(key=lambda q: (order[q.kind], q.topic_id, q.pk))
    with transaction.atomic(), history_context(user):
        paper = Paper.objects.create(title=title, created_by=user, created_at=now)
        PaperQuestion.objects.bulk_create(
            PaperQuestion(paper=paper, question=q, position=n, points=q.points)
            for n, q in enumerate(chosen, start=1)
        )
    return paper


# Sessions and attempts ------------------------------------------------------


def session_create(
    *,
    title: str,
    paper: Paper,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    duration_minutes: int,
    user: User,
    batch: Batch | None = None,
    place: str = "",
) -> ExamSession:
    """A sitting with its window; the pass mark is the rule's, fixed now."""
    if ends_at <= starts_at:
        raise ExamRefused(_("The session must close after it opens."))
    if duration_minutes <= 0:
        raise ExamRefused(_("Allow some time for the exam."))
    with transaction.atomic(), history_context(user):
        return ExamSession.objects.create(
            title=title,
            paper=paper,
            batch=batch,
            place=place,
            starts_at=starts_at,
            ends_at=ends_at,
            duration_minutes=duration_minutes,
            pass_percent=rules.get(EXAM_PASS_PERCENT.key),
        )


def attempt_assign(
    session: ExamSession,
    case: Case,
    *,
    user: User,
    mode: str = AttemptMode.ONLINE,
    now=None,
) -> Attempt:
    """Put the case's nominee in the session: a first attempt at the exam
    step, or a make-up after a fail (the case returns to the exam step).

    Raises ExamRefused when the case needs no exam, is not at the exam, or
    has an attempt still open.
    """
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if not case.exam_required:
            raise ExamRefused(_("This case has no exam in its steps."))
        if case.status not in (CaseStatus.EXAM, CaseStatus.POSTPONED):
            raise ExamRefused(
                _(
                    "Only a case at the exam or postponed takes the exam; "
                    "this one is “%(s)s”."
                )
                % {"s": case.get_status_display()}
            )
        if case.attempts.exclude(status=AttemptStatus.MARKED).exists():
            raise ExamRefused(_("The nominee has an exam not yet marked."))
        if case.attempts.filter(session=session).exists():
            raise ExamRefused(_("The nominee already sat this session."))
        makeup = case.status == CaseStatus.POSTPONED
        if makeup:
            case = transition(case, CaseStatus.EXAM, machine=CASE, user=user)
            case.save(update_fields=["status"])
        attempt = Attempt.objects.create(
            session=session,
            case=case,
            makeup=makeup,
            mode=mode,
            max_score=session.paper.items.aggregate(total=Sum("points"))["total"] or 0,
        )
        Answer.objects.bulk_create(
            Answer(attempt=attempt, item=item) for item in session.paper.items.all()
        )
        case_event(
            case,
            "appointments.exam_assigned",
            user=user,
            now=now,
            data={"session": session.pk, "makeup": makeup},
        )
    return attempt


def _lock_attempt(attempt: Attempt) -> Attempt:
    return (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("session")
        .get(pk=attempt.pk)
    )


def attempt_start(attempt: Attempt, *, user: User, now=None) -> Attempt:
    """The candidate opens their paper; the clock starts (only in the window)."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        attempt = _lock_attempt(attempt)
        _require_candidate(attempt, user)
        if attempt.status == AttemptStatus.STARTED:
            return attempt
        if (
            attempt.status != AttemptStatus.ASSIGNED
            or attempt.mode != AttemptMode.ONLINE
        ):
            raise ExamRefused(_("This exam has been submitted; answers cannot change."))
        _require_window(attempt, now)
        attempt.status, attempt.started_at = AttemptStatus.STARTED, now
        attempt.save(update_fields=["status", "started_at"])
    return attempt


def _require_candidate(attempt: Attempt, user: User) -> None:
    if attempt.case.person.user_id != user.pk:
        raise ExamRefused(_("This is not your exam."))


def _require_window(attempt: Attempt, now: datetime.datetime) -> None:
    session = attempt.session
    if now < session.starts_at:
        raise ExamRefused(
            _("The exam opens at %(time)s.")
            % {"time": timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")}
        )
    if now >= session.ends_at:
        raise ExamRefused(_("The exam window has closed."))


def attempt_save_answers(
    attempt: Attempt, *, user: User, answers: Mapping[int, str], now=None
) -> Attempt:
    """Store the candidate's answers ({paper question id: text}) while the
    attempt runs and its time has not run out."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        attempt = _lock_attempt(attempt)
        _require_candidate(attempt, user)
        if attempt.status != AttemptStatus.STARTED:
            raise ExamRefused(_("This exam has been submitted; answers cannot change."))
        if now > attempt.deadline():
            raise ExamRefused(_("Time is up; the answers saved before are kept."))
        _store(attempt, answers)
    return attempt


def _store(attempt: Attempt, answers: Mapping[int, str]) -> None:
    rows = {row.item_id: row for row in attempt.answers.all()}
    changed = []
    for item_id, text in answers.items():
        row = rows.get(int(item_id))
        if row is not None and row.response != text[:4000]:
            row.response = text[:4000]
            changed.append(row)
    Answer.objects.bulk_update(changed, ["response"])


def attempt_submit(
    attempt: Attempt,
    *,
    user: User,
    answers: Mapping[int, str] | None = None,
    now=None,
) -> Attempt:
    """The candidate hands in (last answers stored if still in time); the
    objective questions are marked at once. Nothing changes after this."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        attempt = _lock_attempt(attempt)
        _require_candidate(attempt, user)
        if attempt.status != AttemptStatus.STARTED:
            raise ExamRefused(_("This exam has been submitted; answers cannot change."))
        if answers and now <= attempt.deadline():
            _store(attempt, answers)
        return _submitted(attempt, user=None, now=now)


def attempt_enter_paper(
    attempt: Attempt, *, user: User, answers: Mapping[int, str], now=None
) -> Attempt:
    """Staff enter a paper answer sheet; then it is marked like any other."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        attempt = _lock_attempt(attempt)
        if (
            attempt.mode != AttemptMode.PAPER
            or attempt.status != AttemptStatus.ASSIGNED
        ):
            raise ExamRefused(_("Only an unentered paper attempt can be entered."))
        _store(attempt, answers)
        attempt.started_at = attempt.started_at or now
        return _submitted(attempt, user=user, now=now)


def attempt_collect(attempt: Attempt, *, user: User, now=None) -> Attempt:
    """Staff hand in an online attempt whose time ran out unsubmitted."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        attempt = _lock_attempt(attempt)
        if attempt.status not in (AttemptStatus.ASSIGNED, AttemptStatus.STARTED):
            raise ExamRefused(_("This exam has been submitted already."))
        if now <= attempt.deadline():
            raise ExamRefused(_("The candidate's time has not run out yet."))
        return _submitted(attempt, user=user, now=now)


def _objective_points(answer: Answer) -> int:
    question = answer.item.question
    given = answer.response.strip()
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        given = _normalise_choice(given)
    else:
        given = TRUE_WORDS.get(given, given.upper())
    return answer.item.points if given and given == question.answer else 0


def _submitted(attempt: Attempt, *, user: User | None, now) -> Attempt:
    attempt.status, attempt.submitted_at = AttemptStatus.SUBMITTED, now
    attempt.save(update_fields=["status", "submitted_at", "started_at"])
    answers = list(attempt.answers.select_related("item__question"))
    for answer in answers:
        if answer.item.question.kind in OBJECTIVE_KINDS:
            answer.points = _objective_points(answer)
    Answer.objects.bulk_update(answers, ["points"])
    if all(answer.points is not None for answer in answers):
        _finalise(attempt, user=user, now=now)
    return attempt


def answer_mark(answer: Answer, *, user: User, points: int, now=None) -> Answer:
    """Staff mark a short answer (0..its points); the last mark finalises."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        attempt = _lock_attempt(answer.attempt)
        answer = Answer.objects.select_related("item__question").get(pk=answer.pk)
        if attempt.status != AttemptStatus.SUBMITTED:
            raise ExamRefused(_("Only a submitted exam not yet final is marked."))
        if answer.item.question.kind in OBJECTIVE_KINDS:
            raise ExamRefused(_("Objective questions are marked automatically."))
        if not 0 <= points <= answer.item.points:
            raise ExamRefused(
                _("Give between 0 and %(max)s points.") % {"max": answer.item.points}
            )
        answer.points, answer.marked_by = points, user
        answer.save(update_fields=["points", "marked_by"])
        if not attempt.answers.filter(points__isnull=True).exists():
            _finalise(attempt, user=user, now=now)
    return answer


def _finalise(attempt: Attempt, *, user: User | None, now) -> None:
    score = attempt.answers.aggregate(total=Sum("points"))["total"] or 0
    passed = score * 100 >= attempt.session.pass_percent * attempt.max_score
    attempt.score, attempt.passed = score, passed
    attempt.status = AttemptStatus.MARKED
    attempt.save(update_fields=["score", "passed", "status"])
    case = Case.objects.select_for_update(of=("self",)).get(pk=attempt.case_id)
    if case.status != CaseStatus.EXAM:
        return
    target = next_status(case, Step.EXAM) if passed else CaseStatus.POSTPONED
    case = transition(case, target, machine=CASE, user=user)
    case.save(update_fields=["status"])
    case_event(
        case,
        "appointments.exam_passed" if passed else "appointments.exam_failed",
        user=user,
        now=now,
        data={"score": score, "max": attempt.max_score, "makeup": attempt.makeup},
    )


__all__ = [
    "IMPORT_COLUMNS",
    "CaseRefused",
    "ExamRefused",
    "answer_mark",
    "attempt_assign",
    "attempt_collect",
    "attempt_enter_paper",
    "attempt_save_answers",
    "attempt_start",
    "attempt_submit",
    "paper_draw",
    "questions_import",
    "session_create",
]
