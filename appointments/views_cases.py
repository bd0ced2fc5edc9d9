"""The personnel working committee's pages: the board, cases, batches; and
the file and register pages that leaders and members read.

Thin views: access → form → service → message → redirect. Transitions are
POST-only; their GET is a confirm page saying what will happen.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from appointments import access, selectors, services
from appointments.forms import (
    AccountForm,
    AttachmentForm,
    BatchForm,
    CaseForm,
    CheckForm,
    ReasonForm,
    TextsForm,
)
from appointments.models import (
    PRE_VOTE_STEPS,
    VOTED_STATUSES,
    Batch,
    Case,
    CaseStatus,
    Certificate,
    Person,
)
from appointments.selectors import BOARD_PER_COLUMN
from congress.access import roles
from congress.attachments import attachment_create, attachment_response
from congress.exceptions import DomainError
from congress.models import Attachment
from congress.roles import Role

staff = roles(Role.OFFICE)
ADVANCEABLE = [step for step in PRE_VOTE_STEPS if step != CaseStatus.EXAM]
readers = roles(*access.READERS)


def _done(request, call, success: str) -> bool:
    """Run a service call; a DomainError becomes an error message."""
    try:
        call()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success)
    return True


@staff
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    access.require_manager(request.user)
    cases = Case.objects.all()
    batch = request.GET.get("batch")
    if batch and batch.isascii() and batch.isdigit():
        cases = cases.filter(batch_id=batch)
    status = request.GET.get("status")
    columns = selectors.board(cases, per_column=None if status else BOARD_PER_COLUMN)
    if status:
        columns = [column for column in columns if column[0] == status]
    context = {
        "columns": columns,
        "status": status,
        "batches": Batch.objects.all()[:20],
        "batch": batch,
    }
    return render(request, "appointments/board.html", context)


@staff
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    access.require_manager(request.user)
    form = CaseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = data["person"] or Person.objects.create(
                    name=data["new_name"],
                    gender=data["gender"],
                    birth_date=data["birth_date"],
                    current_post=data["current_post"],
                )
                case = services.case_create(
                    case_type=data["case_type"],
                    person=person,
                    post=data["post"],
                    nominating_body=data["nominating_body"],
                    letter_number=data["letter_number"],
                    letter_date=data["letter_date"],
                    meeting=data["meeting"],
                    batch=data["batch"],
                    ends_tenure=data["ends_tenure"],
                    user=request.user,
                )
                if data["letter"]:
                    attachment_create(case, data["letter"], user=request.user)
        except (DomainError, ValidationError) as error:
            messages.error(
                request, getattr(error, "message", None) or " ".join(error.messages)
            )
        else:
            messages.success(request, _("The case was registered."))
            return redirect(case)
    batch = request.GET.get("batch", "")
    if batch.isascii() and batch.isdigit():
        form.initial["batch"] = batch
    return render(request, "appointments/case_form.html", {"form": form})


@readers
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_get_for_user(request.user, pk)
    manager = access.can_manage(request.user)
    voted = case.status in VOTED_STATUSES or case.is_closed
    context = {
        "case": case,
        "manager": manager,
        "checks": case.checks.select_related("item", "done_by"),
        "attempts": case.attempts.select_related("session"),
        "events": case.events.visible_to(request.user).select_related("actor"),
        "attachments": Attachment.objects.filter(
            content_type__app_label="appointments",
            content_type__model="case",
            object_id=case.pk,
        ),
        "blockers": [] if voted else services.vote_blockers(case),
        "certificate": Certificate.objects.filter(case=case).first(),
        "can_advance": manager and case.status in ADVANCEABLE,
        "next_status": (
            CaseStatus(services.next_status(case, case.status))
            if case.status in case.steps
            else None
        ),
        "voted": voted,
        "attachment_form": AttachmentForm(),
    }
    return render(request, "appointments/case_detail.html", context)


def _confirm(request, case, *, title, consequence, form=None, button, danger=False):
    return render(
        request,
        "appointments/confirm.html",
        {
            "case": case,
            "title": title,
            "consequence": consequence,
            "form": form,
            "button": button,
            "danger": danger,
        },
    )


@staff
@require_http_methods(["GET", "POST"])
def case_advance(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_get_for_user(request.user, pk, action="manage")
    if request.method == "POST":
        _done(
            request,
            lambda: services.case_advance(case, user=request.user),
            _("The step is done."),
        )
        return redirect(case)
    target = (
        CaseStatus(services.next_status(case, case.status))
        if case.status in case.steps
        else None
    )
    return _confirm(
        request,
        case,
        title=_("Step done: %(step)s") % {"step": case.get_status_display()},
        consequence=_("The case moves on to: %(next)s.")
        % {"next": target.label if target else "—"},
        button=_("Confirm"),
    )


@staff
@require_http_methods(["GET", "POST"])
def case_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_get_for_user(request.user, pk, action="manage")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _done(
            request,
            lambda: services.case_withdraw(
                case, user=request.user, reason=form.cleaned_data["reason"]
            ),
            _("The case was withdrawn."),
        )
        return redirect(case)
    return _confirm(
        request,
        case,
        title=_("Withdraw the case"),
        consequence=_("The case is closed and goes no further. This cannot be undone."),
        form=form,
        button=_("Withdraw"),
        danger=True,
    )


@staff
@require_http_methods(["GET", "POST"])
def case_texts(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_get_for_user(request.user, pk, action="manage")
    form = TextsForm(
        request.POST or None,
        instance=Case(introduction=case.introduction, statement=case.statement),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _done(
            request,
            lambda: services.case_texts_update(
                case,
                user=request.user,
                introduction=form.cleaned_data["introduction"],
                statement=form.cleaned_data["statement"],
            ),
            _("Saved."),
        )
    ):
        return redirect(case)
    return render(request, "appointments/case_texts.html", {"case": case, "form": form})


@staff
@require_http_methods(["GET", "POST"])
def check_record(request: HttpRequest, pk: int, check_pk: int) -> HttpResponse:
    case = access.case_get_for_user(request.user, pk, action="manage")
    check = get_object_or_404(case.checks.select_related("item"), pk=check_pk)
    form = CheckForm(
        request.POST or None,
        initial={
            "done_on": check.done_on or timezone.localdate(),
            "period_start": check.period_start,
            "period_end": check.period_end,
            "note": check.note,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _done(
            request,
            lambda: services.check_record(
                check, user=request.user, **form.cleaned_data
            ),
            _("Saved."),
        )
    ):
        return redirect(case)
    return render(
        request,
        "appointments/check_form.html",
        {"case": case, "check": check, "form": form},
    )


@staff
@require_http_methods(["POST"])
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_get_for_user(request.user, pk, action="manage")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment_create(case, form.cleaned_data["file"], user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The file was attached."))
    else:
        messages.error(request, _("Choose a file."))
    return redirect(case)


@readers
@require_GET
def attachment_download(
    request: HttpRequest, pk: int, attachment_pk: int
) -> HttpResponse:
    """A file of the case, under the case's confidentiality (not the generic
    attachment view)."""
    case = access.case_get_for_user(request.user, pk)
    attachment = Attachment.objects.filter(
        pk=attachment_pk,
        content_type__app_label="appointments",
        content_type__model="case",
        object_id=case.pk,
    ).first()
    if attachment is None:
        raise Http404
    return attachment_response(attachment)


@staff
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_get_for_user(request.user, pk, action="manage")
    form = AccountForm(request.POST or None)
    password = None
    if request.method == "POST" and form.is_valid():
        try:
            password = services.person_account_create(
                case.person, username=form.cleaned_data["username"], user=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
    return render(
        request,
        "appointments/account_form.html",
        {
            "case": case,
            "form": form,
            "password": password,
            "username": form.cleaned_data.get("username") if password else None,
        },
    )


# Batches ---------------------------------------------------------------------


@staff
@require_http_methods(["GET", "POST"])
def batch_list(request: HttpRequest) -> HttpResponse:
    access.require_manager(request.user)
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = services.batch_create(
            title=form.cleaned_data["title"],
            meeting=form.cleaned_data["meeting"],
            user=request.user,
        )
        messages.success(request, _("The batch was created."))
        return redirect(batch)
    batches = Batch.objects.select_related("meeting__term").annotate(n=Count("cases"))[
        :100
    ]
    return render(
        request, "appointments/batch_list.html", {"batches": batches, "form": form}
    )


@staff
@require_http_methods(["GET", "POST"])
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_manager(request.user)
    batch = get_object_or_404(Batch.objects.select_related("meeting__term"), pk=pk)
    if request.method == "POST":
        made, refused = services.batch_ballots_create(batch, user=request.user)
        messages.success(request, _("%(n)s ballots prepared.") % {"n": len(made)})
        for case, why in refused:
            messages.error(request, f"{case.person.name}：{why}")
        return redirect(batch)
    cases = batch.cases.select_related(
        "person", "post__organization", "ballot"
    ).order_by("pk")
    return render(
        request, "appointments/batch_detail.html", {"batch": batch, "cases": cases}
    )


# Register and people ----------------------------------------------------------


@readers
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    current = request.GET.get("all") != "1"
    page = Paginator(selectors.register(current_only=current), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "appointments/register.html", {"page_obj": page, "current": current}
    )


@readers
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.person_get_for_user(request.user, pk)
    dossier = selectors.person_dossier(person, access.cases_visible_to(request.user))
    return render(
        request, "appointments/person_detail.html", {"person": person, **dossier}
    )


@readers
@require_GET
def meeting_cases(request: HttpRequest) -> HttpResponse:
    """The cases members may read: upcoming meetings' files and decided cases."""
    today = timezone.localdate()
    cases = (
        access.cases_visible_to(request.user)
        .filter(meeting__start_date__gte=today - datetime.timedelta(days=1))
        .exclude(status=CaseStatus.WITHDRAWN)
        .select_related("person", "post__organization", "meeting__term")
        .order_by("meeting__start_date", "pk")
    )[:200]
    return render(request, "appointments/meeting_cases.html", {"cases": cases})
