"""Supervision pages. Thin views: access helper → bound form → service →
message → redirect; every transition is POST-only behind a confirm page that
says what follows. The services check everything again."""

import io
import re

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from congress.access import list_scope, logged_in, roles, scope_context
from congress.exceptions import DomainError
from congress.models import Attachment, Term
from congress.pdf import pdf_response
from congress.ratelimits import limit_export, limit_pdf
from congress.roles import Role
from supervision import access, forms, selectors, services, summary, workflow
from supervision.models import (
    Item,
    ItemStatus,
    Opinion,
    OpinionPoint,
    OpinionStatus,
    Plan,
)
from supervision.pdf import opinion_pdf_bytes

S = ItemStatus
STAFF = (Role.OFFICE,)
READERS = (Role.OFFICE, Role.LEADER, Role.VIEWER, Role.MEMBER)
ORG = (Role.ORG_LIAISON, Role.ORG_HEAD)
PER_PAGE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _data(request):
    # An empty POST is still a submission (forms whose fields are optional).
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


def year_param(request) -> int:
    """?year=YYYY (ASCII digits, 1980–2200), else the current year."""
    asked = request.GET.get("year", "")
    if re.fullmatch(r"[0-9]{4}", asked) and 1980 <= int(asked) <= 2200:
        return int(asked)
    return timezone.localdate().year


def _fail(request, error) -> None:
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.error(request, error.message)


# The plan board and the item ---------------------------------------------------


@roles(*READERS)
@require_GET
def plan_board(request: HttpRequest, year: int | None = None) -> HttpResponse:
    if year is None:
        year = year_param(request)
    # A working committee's staff see the items it runs unless they ask for
    # all (one query for their body).
    columns = selectors.board(request.user, year, body=list_scope(request))
    return render(
        request,
        "supervision/board.html",
        {
            **scope_context(request),
            "year": year,
            "plan": Plan.objects.filter(year=year).first(),
            "columns": columns,
            "total": sum(len(column.items) for column in columns),
            "years": sorted({*selectors.plan_years(), year}, reverse=True)[:12],
            "can_manage": request.user.has_role(*STAFF),
            "can_summarise": request.user.has_role(*SUMMARY_READERS),
        },
    )


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest) -> HttpResponse:
    year = year_param(request)
    form = forms.ItemForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_ensure(year=year, user=request.user)
            data = dict(form.cleaned_data)
            item = services.item_create(plan, user=request.user, **data)
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The item is in the year's plan."))
            return redirect(item)
    return render(
        request,
        "supervision/item_form.html",
        {"form": form, "year": year, "heading": _("New supervision item")},
    )


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.item_get_for_user(request.user, pk, action="manage")
    form = forms.ItemForm(_data(request), instance=item)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.item_update(item, user=request.user, **data)
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The item was saved."))
            return redirect(item)
    return render(
        request,
        "supervision/item_form.html",
        {"form": form, "item": item, "heading": _("Change the item")},
    )


def _attachments(obj) -> list[Attachment]:
    return list(
        Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )
    )


@logged_in
@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = access.item_get_for_user(user, pk)
    opinion = Opinion.objects.visible_to(user).filter(item=item).first()
    points = list(opinion.points.order_by("number")) if opinion else []
    point_files = {}
    if points:
        files = Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(OpinionPoint),
            object_id__in=[p.pk for p in points],
        )
        for attachment in files:
            point_files.setdefault(attachment.object_id, []).append(attachment)
    for point in points:
        point.files = point_files.get(point.pk, [])
    is_staff = user.has_role(*STAFF)
    is_org = user.has_role(*ORG) and user.organization_id == item.organization_id
    return render(
        request,
        "supervision/item_detail.html",
        {
            "item": item,
            "opinion": opinion,
            "points": points,
            "files": _attachments(item),
            "reports": list(item.reports.order_by("review_round")),
            "votes": list(item.votes.select_related("ballot").order_by("review_round")),
            "events": item.events.visible_to(user).select_related("actor"),
            "members": list(item.members.all()),
            "visits": list(item.visits.prefetch_related("findings")),
            "can_visit": is_staff and item.status in services.VISITABLE,
            "questions": list(item.questions.all()),
            "can_question": is_staff
            and item.form == "inquiry"
            and item.status in (S.PREPARING, S.DELIBERATED),
            "deputies": list(item.deputies.all()),
            "steps": _staff_steps(item, user) if is_staff else [],
            "is_staff": is_staff,
            "is_org": is_org,
            "can_answer": is_org and item.status in (S.OPINION_SENT, S.RECTIFYING),
            "can_upload": is_org and item.status == S.PREPARING,
            "opinion_editable": is_staff
            and item.status == S.DELIBERATED
            and (opinion is None or opinion.status == OpinionStatus.DRAFT),
            "today": timezone.localdate(),
        },
    )


# Staff steps: name → (target or None, label, consequence, form class).
STEPS = {
    "prepare": (
        S.PREPARING,
        gettext_lazy("Start preparing"),
        gettext_lazy(
            "The organisation is told to send its work report on the statutory "
            "clock before the meeting (20, 10 and 7 days by the rules); it is "
            "reminded before each date."
        ),
        forms.PrepareForm,
    ),
    "circulate": (
        None,
        gettext_lazy("Send the report to the members"),
        gettext_lazy("Every committee member is told the report is ready to read."),
        None,
    ),
    "deliberate": (
        S.DELIBERATED,
        gettext_lazy("Record the deliberation"),
        gettext_lazy(
            "The meeting heard and deliberated the item; the deliberation "
            "opinions are drafted next."
        ),
        forms.DeliberationForm,
    ),
    "vote": (
        S.VOTING,
        gettext_lazy("Start the satisfaction vote"),
        gettext_lazy(
            "A satisfaction ballot of the standing committee is prepared on the "
            "handling report; open it at the meeting. Below the threshold the "
            "organisation must rectify and the item is voted again."
        ),
        forms.VoteForm,
    ),
    "close": (
        S.CLOSED,
        gettext_lazy("Close the item"),
        gettext_lazy(
            "The item is closed and its answered points with it. For an item "
            "referred to the chairpersons' meeting, record their decision."
        ),
        forms.ReasonForm,
    ),
    "cancel": (
        S.CANCELLED,
        gettext_lazy("Cancel the item"),
        gettext_lazy("The item is taken off the plan; give the reason."),
        forms.ReasonForm,
    ),
}


def _staff_steps(item: Item, user) -> list[tuple[str, str]]:
    steps = []
    for name, (target, label, _text, _form) in STEPS.items():
        if target is None:
            offered = item.status == S.PREPARING and item.report_received_on
        else:
            offered = workflow.ITEM.may(item.status, target, user)
        if offered:
            steps.append((name, label))
    return steps


def _run_step(name: str, item: Item, user, data: dict):
    if name == "prepare":
        return services.item_prepare(item, user=user, meeting=data["meeting"])
    if name == "circulate":
        return services.item_circulate(item, user=user)
    if name == "deliberate":
        return services.item_deliberate(
            item, user=user, deliberation=data["deliberation"]
        )
    if name == "vote":
        vote = services.item_vote_create(item, user=user, mode=data["mode"])
        return redirect("ballot_manage", vote.ballot_id)
    if name == "close":
        return services.item_close(item, user=user, comment=data["comment"])
    return services.item_cancel(item, user=user, reason=data["comment"])


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def item_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    item = access.item_get_for_user(request.user, pk, action="manage")
    _target, label, consequence, form_class = STEPS[step]
    form = form_class(_data(request)) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            result = _run_step(
                step, item, request.user, form.cleaned_data if form else {}
            )
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": label})
            return result if isinstance(result, HttpResponse) else redirect(item)
    return render(
        request,
        "supervision/confirm.html",
        {
            "item": item,
            "heading": label,
            "consequence": consequence,
            "form": form,
            "back": item.get_absolute_url(),
        },
    )


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def visit_record(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.item_get_for_user(request.user, pk, action="manage")
    form = forms.VisitForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_record(
                item,
                user=request.user,
                date=form.cleaned_data["date"],
                place=form.cleaned_data["place"],
                note=form.cleaned_data["note"],
                findings=form.finding_texts(),
            )
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The visit was recorded."))
            return redirect(item)
    return render(
        request,
        "supervision/confirm.html",
        {
            "item": item,
            "heading": _("Record an inspection visit"),
            "consequence": _(
                "The deputies taking part get the visit in their performance "
                "files; the problems found become the draft points of the "
                "deliberation opinions."
            ),
            "form": form,
            "back": item.get_absolute_url(),
        },
    )


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def question_record(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.item_get_for_user(request.user, pk, action="manage")
    form = forms.QuestionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.question_record(item, user=request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The question was recorded."))
            return redirect(item)
    return render(
        request,
        "supervision/confirm.html",
        {
            "item": item,
            "heading": _("Record an inquiry question"),
            "consequence": _(
                "A commitment made in the answer becomes a point of the "
                "deliberation opinions, answered and tracked like the others."
            ),
            "form": form,
            "back": item.get_absolute_url(),
        },
    )


# The 审议意见书 ---------------------------------------------------------------------


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def opinion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.item_get_for_user(request.user, pk, action="manage")
    opinion = Opinion.objects.filter(item=item).first()
    initial = {}
    if opinion:
        initial["points"] = "\n\n".join(opinion.points.values_list("text", flat=True))
    else:
        initial["points"] = "\n\n".join(services.findings_as_points(item))
        initial["title"] = _("Deliberation opinions on “%(topic)s”") % {
            "topic": item.topic
        }
    form = forms.OpinionForm(_data(request), instance=opinion, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.opinion_save(
                item,
                user=request.user,
                title=form.cleaned_data["title"],
                preamble=form.cleaned_data["preamble"],
                doc_number=form.cleaned_data["doc_number"],
                points=form.point_texts(),
            )
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The draft opinion was saved."))
            return redirect(item)
    return render(
        request, "supervision/opinion_form.html", {"form": form, "item": item}
    )


OPINION_STEPS = {
    "agree": (
        gettext_lazy("Agreed by the chairpersons' meeting"),
        gettext_lazy(
            "The draft becomes final and can no longer be changed; send it next."
        ),
        forms.AgreeForm,
    ),
    "send": (
        gettext_lazy("Send to the organisation"),
        gettext_lazy(
            "The organisation receives the opinions with a deadline for its "
            "handling report (two months by the rules) and answers each point."
        ),
        None,
    ),
}


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def opinion_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in OPINION_STEPS:
        raise Http404
    item = access.item_get_for_user(request.user, pk, action="manage")
    opinion = Opinion.objects.filter(item=item).first()
    if opinion is None:
        raise Http404
    label, consequence, form_class = OPINION_STEPS[step]
    form = form_class(_data(request)) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if step == "agree":
                services.opinion_agree(
                    opinion,
                    user=request.user,
                    council_meeting=form.cleaned_data["council_meeting"],
                )
            else:
                services.opinion_send(opinion, user=request.user)
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": label})
            return redirect(item)
    return render(
        request,
        "supervision/confirm.html",
        {
            "item": item,
            "heading": label,
            "consequence": consequence,
            "form": form,
            "back": item.get_absolute_url(),
        },
    )


@logged_in
@require_GET
@limit_pdf
def opinion_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.item_get_for_user(request.user, pk)
    opinion = Opinion.objects.visible_to(request.user).filter(item=item).first()
    if opinion is None:
        raise Http404
    return pdf_response(
        opinion_pdf_bytes(opinion.pk), f"{opinion.title}.pdf", as_attachment=False
    )


# Points across all reviews -----------------------------------------------------


@roles(Role.OFFICE, Role.LEADER, Role.VIEWER)
@require_GET
def open_points(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.open_points(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "supervision/open_points.html",
        {"page": page, "today": timezone.localdate()},
    )


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def point_close(request: HttpRequest, pk: int) -> HttpResponse:
    point = access.point_get_for_user(request.user, pk, action="close")
    item = point.opinion.item
    form = forms.ReasonForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.point_close(
                point, user=request.user, decision=form.cleaned_data["comment"]
            )
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The point is closed."))
            return redirect(item)
    return render(
        request,
        "supervision/confirm.html",
        {
            "item": item,
            "point": point,
            "heading": _("Close point %(number)s") % {"number": point.number},
            "consequence": _(
                "Closed on the organisation's answer; without an answer, record "
                "the working body's decision."
            ),
            "form": form,
            "back": item.get_absolute_url(),
        },
    )


# The organisation's workspace ---------------------------------------------------


@roles(*ORG)
@require_GET
def org_items(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.org_items(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "supervision/org_items.html",
        {"page": page, "today": timezone.localdate()},
    )


@roles(*ORG)
@require_http_methods(["GET", "POST"])
def org_report_upload(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.item_get_for_user(request.user, pk, action="report")
    form = forms.ReportUploadForm(_data(request), _files(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.item_report_receive(
                item,
                user=request.user,
                revised=form.cleaned_data["revised"],
                files=form.cleaned_data["files"],
            )
        except (DomainError, ValidationError) as error:
            _fail(request, error)
        else:
            messages.success(request, _("The report was sent to the working body."))
            return redirect(item)
    return render(
        request,
        "supervision/org_form.html",
        {"form": form, "item": item, "heading": _("Send the work report")},
    )


@roles(*ORG)
@require_http_methods(["GET", "POST"])
def point_answer(request: HttpRequest, pk: int) -> HttpResponse:
    point = access.point_get_for_user(request.user, pk, action="answer")
    item = point.opinion.item
    form = forms.AnswerForm(_data(request), _files(request), instance=point)
    if request.method == "POST" and form.is_valid():
        try:
            services.point_answer(
                point,
                user=request.user,
                answer=form.cleaned_data["answer"],
                evidence=form.cleaned_data["evidence"],
                files=form.cleaned_data["files"],
            )
        except (DomainError, ValidationError) as error:
            _fail(request, error)
        else:
            messages.success(request, _("The answer was saved."))
            return redirect(f"{item.get_absolute_url()}#point-{point.pk}")
    return render(
        request,
        "supervision/org_form.html",
        {
            "form": form,
            "item": item,
            "point": point,
            "heading": _("Answer point %(number)s") % {"number": point.number},
        },
    )


@roles(*ORG)
@require_http_methods(["GET", "POST"])
def handling_report(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.item_get_for_user(request.user, pk, action="answer")
    form = forms.HandlingReportForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.handling_report_submit(
                item, user=request.user, summary=form.cleaned_data["summary"]
            )
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The report was submitted."))
            return redirect(item)
    heading = (
        _("Submit the rectification report")
        if item.review_round == 2
        else _("Submit the handling report")
    )
    return render(
        request,
        "supervision/org_form.html",
        {"form": form, "item": item, "heading": heading, "confirm": True},
    )


# The year in figures and the appraisal coverage ---------------------------------

SUMMARY_READERS = (Role.OFFICE, Role.LEADER, Role.VIEWER)


@roles(*SUMMARY_READERS)
@require_GET
def year_summary(request: HttpRequest, year: int) -> HttpResponse:
    return render(
        request, "supervision/summary.html", {"summary": summary.year_summary(year)}
    )


@roles(*SUMMARY_READERS)
@require_GET
@limit_export
def year_summary_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    buffer = io.BytesIO()
    summary.summary_workbook(summary.year_summary(year)).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{year}年度监督工作统计.xlsx"
    )
    return response


@roles(*SUMMARY_READERS)
@require_GET
@limit_pdf
def year_summary_pdf(request: HttpRequest, year: int) -> HttpResponse:
    data = summary.summary_pdf(summary.year_summary(year))
    return pdf_response(data, f"{year}年度监督工作统计.pdf", as_attachment=False)


@roles(*SUMMARY_READERS)
@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    term = Term.objects.filter(is_current=True).first()
    if term is None:
        raise Http404
    years, rows = summary.appraisal_coverage(term, timezone.localdate())
    return render(
        request,
        "supervision/coverage.html",
        {"term": term, "years": years, "rows": rows},
    )
