"""Exam pages: the bank, papers and sessions for staff; marking and paper
entry; the candidate's own timed exam."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from appointments import access, services
from appointments.forms import AssignForm, ImportForm, MarkForm, PaperForm, SessionForm
from appointments.models import (
    Attempt,
    AttemptMode,
    AttemptStatus,
    Case,
    CaseStatus,
    ExamSession,
    Paper,
    Question,
)
from appointments.services.exams import IMPORT_COLUMNS
from congress.access import roles
from congress.exceptions import DomainError, ImportRejected
from congress.ratelimits import limit_import
from congress.roles import Role
from congress.spreadsheets import read_rows

staff = roles(Role.OFFICE)
candidate = roles(Role.CANDIDATE)


@staff
@require_http_methods(["GET", "POST"])
@limit_import
def question_list(request: HttpRequest) -> HttpResponse:
    access.require_manager(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_rows(form.cleaned_data["file"], IMPORT_COLUMNS)
            made = services.questions_import(rows, user=request.user)
        except ImportRejected as rejected:
            errors = rejected.errors
            messages.error(request, rejected.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)s questions imported.") % {"n": len(made)})
            return redirect("appointments:question_list")
    questions = Question.objects.select_related("topic").order_by(
        "topic__sort_order", "pk"
    )
    page = Paginator(questions, 50).get_page(request.GET.get("page"))
    counts = (
        Question.objects.filter(is_active=True)
        .values("topic__name", "kind")
        .annotate(n=Count("pk"))
        .order_by("topic__name")
    )
    return render(
        request,
        "appointments/question_list.html",
        {
            "page": page,
            "form": form,
            "errors": errors,
            "counts": counts,
            "columns": list(IMPORT_COLUMNS),
        },
    )


@staff
@require_http_methods(["GET", "POST"])
def paper_create(request: HttpRequest) -> HttpResponse:
    access.require_manager(request.user)
    form = PaperForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            paper = services.paper_draw(
                title=form.cleaned_data["title"], spec=form.spec(), user=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The paper was drawn."))
            return redirect("appointments:paper_detail", paper.pk)
    papers = Paper.objects.annotate(n=Count("items"))[:50]
    return render(
        request, "appointments/paper_form.html", {"form": form, "papers": papers}
    )


@staff
@require_GET
def paper_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_manager(request.user)
    paper = get_object_or_404(Paper, pk=pk)
    items = paper.items.select_related("question__topic")
    return render(
        request, "appointments/paper_detail.html", {"paper": paper, "items": items}
    )


@staff
@require_http_methods(["GET", "POST"])
def session_list(request: HttpRequest) -> HttpResponse:
    access.require_manager(request.user)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(user=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The exam session was created."))
            return redirect(session)
    sessions = ExamSession.objects.select_related("paper").annotate(
        n=Count("attempts")
    )[:100]
    return render(
        request, "appointments/session_list.html", {"sessions": sessions, "form": form}
    )


@staff
@require_http_methods(["GET", "POST"])
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_manager(request.user)
    session = get_object_or_404(ExamSession.objects.select_related("paper"), pk=pk)
    waiting = (
        Case.objects.filter(status__in=[CaseStatus.EXAM, CaseStatus.POSTPONED])
        .exclude(attempts__session=session)
        .select_related("person", "post__organization")
    )
    form = AssignForm(request.POST or None, cases=waiting)
    if request.method == "POST" and form.is_valid():
        try:
            services.attempt_assign(
                session,
                form.cleaned_data["case"],
                user=request.user,
                mode=form.cleaned_data["mode"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The nominee was put in the session."))
        return redirect(session)
    attempts = session.attempts.select_related("case__person", "case__person__user")
    return render(
        request,
        "appointments/session_detail.html",
        {"session": session, "attempts": attempts, "form": form, "now": timezone.now()},
    )


@staff
@require_http_methods(["GET", "POST"])
def attempt_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """Paper entry (an unentered paper attempt) or marking of short answers."""
    attempt = access.attempt_get_for_staff(request.user, pk)
    answers = list(attempt.answers.select_related("item__question"))
    if request.method == "POST":
        try:
            _post_marking(request, attempt, answers)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("appointments:attempt_mark", attempt.pk)
    return render(
        request,
        "appointments/attempt_mark.html",
        {
            "attempt": attempt,
            "answers": answers,
            "entering": _entering(attempt),
            "now": timezone.now(),
        },
    )


def _entering(attempt: Attempt) -> bool:
    return (
        attempt.mode == AttemptMode.PAPER and attempt.status == AttemptStatus.ASSIGNED
    )


def _post_marking(request, attempt, answers) -> None:
    if request.POST.get("collect"):
        services.attempt_collect(attempt, user=request.user)
        return
    if _entering(attempt):
        given = {a.item_id: _response(request, a) for a in answers}
        services.attempt_enter_paper(attempt, user=request.user, answers=given)
        return
    for answer in answers:
        raw = request.POST.get(f"points_{answer.pk}", "")
        if raw == "" or answer.item.question.is_objective:
            continue
        form = MarkForm({"points": raw})
        if not form.is_valid():
            raise DomainError(_("Points must be a whole number."))
        services.answer_mark(
            answer, user=request.user, points=form.cleaned_data["points"]
        )


def _response(request, answer) -> str:
    if answer.item.question.kind == Question.Kind.MULTIPLE:
        return "".join(request.POST.getlist(f"answer_{answer.item_id}"))
    return request.POST.get(f"answer_{answer.item_id}", "")[:4000]


# The candidate ------------------------------------------------------------------


@candidate
@require_GET
def my_exams(request: HttpRequest) -> HttpResponse:
    attempts = Attempt.objects.for_candidate(request.user).select_related(
        "session", "case__post__organization"
    )
    return render(
        request,
        "appointments/my_exams.html",
        {"attempts": attempts, "now": timezone.now()},
    )


@candidate
@require_http_methods(["GET", "POST"])
def take_exam(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate's timed page: start, save, submit; only their own exam,
    only in its window, nothing after submitting."""
    attempt = access.attempt_get_for_candidate(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "start":
                services.attempt_start(attempt, user=request.user)
            else:
                answers = {
                    a.item_id: _response(request, a)
                    for a in attempt.answers.select_related("item__question")
                }
                if action == "submit":
                    services.attempt_submit(attempt, user=request.user, answers=answers)
                    messages.success(request, _("Your answers were handed in."))
                    return redirect("appointments:my_exams")
                services.attempt_save_answers(
                    attempt, user=request.user, answers=answers
                )
                messages.success(request, _("Your answers were saved."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("appointments:take_exam", attempt.pk)
    answers = (
        list(attempt.answers.select_related("item__question"))
        if attempt.status == AttemptStatus.STARTED
        else []
    )
    now = timezone.now()
    return render(
        request,
        "appointments/take_exam.html",
        {
            "attempt": attempt,
            "answers": answers,
            "now": now,
            "in_window": attempt.session.starts_at <= now < attempt.session.ends_at,
            "seconds_left": max(0, int((attempt.deadline() - now).total_seconds())),
        },
    )
