"""Opinion cards at the congress session (审议意见卡): the reports, a
deputy's card, and the office compiling the cards into tracked opinions."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congress.access import roles
from congress.exceptions import DomainError
from congress.roles import Role
from supervision import cards, forms
from supervision.models import OpinionCard, SessionReport
from supervision.views import _data, _fail

STAFF_READERS = (Role.OFFICE, Role.LEADER, Role.VIEWER)


@roles(Role.DEPUTY, *STAFF_READERS)
@require_GET
def session_reports(request: HttpRequest) -> HttpResponse:
    reports = SessionReport.objects.select_related("meeting__term", "organization")
    if not request.user.has_role(*STAFF_READERS):
        reports = reports.filter(open_for_cards=True)
    mine = set(
        OpinionCard.objects.filter(deputy=request.user).values_list(
            "report_id", flat=True
        )
    )
    return render(
        request,
        "supervision/cards/list.html",
        {
            "reports": reports.order_by("-meeting__start_date", "pk"),
            "mine": mine,
            "is_staff": request.user.has_role(Role.OFFICE),
        },
    )


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def session_report_create(request: HttpRequest) -> HttpResponse:
    form = forms.SessionReportForm(_data(request))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The report takes opinion cards."))
        return redirect("supervision:session_reports")
    return render(
        request,
        "supervision/livelihood/form.html",
        {"form": form, "heading": _("New session work report")},
    )


@roles(Role.DEPUTY, *STAFF_READERS)
@require_http_methods(["GET", "POST"])
def session_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = (
        SessionReport.objects.select_related("organization", "meeting__term", "item")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    if request.user.has_role(*STAFF_READERS):
        return _compile_page(request, report)
    if not report.open_for_cards:
        raise Http404
    mine = OpinionCard.objects.filter(report=report, deputy=request.user).first()
    form = forms.CardForm(_data(request))
    if request.method == "POST" and form.is_valid() and mine is None:
        try:
            cards.card_submit(report, deputy=request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Your opinion card was submitted."))
            return redirect("supervision:session_reports")
    return render(
        request,
        "supervision/cards/card.html",
        {"report": report, "form": form, "mine": mine},
    )


def _compile_page(request, report):
    may_compile = request.user.has_role(Role.OFFICE) and not report.item_id
    form = forms.CompileForm(_data(request), report=report)
    if request.method == "POST":
        if not may_compile:
            messages.error(request, _("Only the office compiles the cards, once."))
        elif form.is_valid():
            try:
                item = cards.report_compile(
                    report,
                    user=request.user,
                    working_body=form.cleaned_data["working_body"],
                    card_ids=[card.pk for card in form.cleaned_data["cards"]],
                )
            except DomainError as error:
                _fail(request, error)
            else:
                messages.success(request, _("The opinions are drafted for sending."))
                return redirect(item)
    return render(
        request,
        "supervision/cards/compile.html",
        {
            "report": report,
            "counts": cards.card_counts(report),
            "form": form if may_compile else None,
        },
    )
