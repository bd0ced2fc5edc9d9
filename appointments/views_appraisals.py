"""述职评议 pages: the year's list, an appraisal, its steps; deputies' questions."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from appointments import access
from appointments.forms import DATE, Styled
from appointments.models import Appraisal, AppraisalTopic, Tenure
from appointments.services import appraisals as svc
from congress.access import roles
from congress.exceptions import DomainError
from congress.roles import Role

VIEWERS = (*access.READERS, Role.DEPUTY)


class ProposeForm(Styled, forms.Form):
    tenure = forms.ModelChoiceField(
        label=gettext_lazy("office-holder"),
        queryset=Tenure.objects.filter(end_date__isnull=True).select_related(
            "person", "post__organization"
        ),
    )


class TopicForm(Styled, forms.Form):
    about = forms.CharField(
        label=gettext_lazy("official or post concerned"), max_length=100
    )
    text = forms.CharField(
        label=gettext_lazy("question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SessionForm(Styled, forms.Form):
    held_on = forms.DateField(label=gettext_lazy("appraisal session"), widget=DATE)
    report = forms.CharField(
        label=gettext_lazy("written work report"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


def _count(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100000, initial=0)


class DeputyScoresForm(Styled, forms.Form):
    satisfied = _count(gettext_lazy("invited deputies: satisfied"))
    basically_satisfied = _count(gettext_lazy("invited deputies: basically satisfied"))
    dissatisfied = _count(gettext_lazy("invited deputies: dissatisfied"))


class ReportForm(Styled, forms.Form):
    report = forms.CharField(
        label=gettext_lazy("rectification report"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


def _year(request) -> int:
    """The ?year= asked for, or this year for anything odd (², 10**30)."""
    year = request.GET.get("year", "")
    if year.isascii() and year.isdigit() and 1949 <= int(year) <= 2200:
        return int(year)
    return timezone.localdate().year


@roles(*VIEWERS)
@require_http_methods(["GET", "POST"])
def appraisal_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    manager = access.can_manage(request.user)
    form = ProposeForm(request.POST or None) if manager else None
    if request.method == "POST":
        access.require_manager(request.user)
        if form.is_valid():
            try:
                appraisal = svc.appraisal_propose(
                    tenure=form.cleaned_data["tenure"], year=year, user=request.user
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                return redirect(appraisal)
    appraisals = (
        access.appraisals_visible_to(request.user)
        .filter(year=year)
        .select_related("person", "tenure__post__organization")
    )
    topics = AppraisalTopic.objects.filter(year=year) if manager else []
    return render(
        request,
        "appointments/appraisal_list.html",
        {
            "appraisals": appraisals,
            "year": year,
            "form": form,
            "topics": topics,
            "manager": manager,
        },
    )


@roles(*VIEWERS)
@require_http_methods(["GET"])
def appraisal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = access.appraisal_get_for_user(request.user, pk)
    return render(
        request,
        "appointments/appraisal_detail.html",
        {
            "appraisal": appraisal,
            "manager": access.can_manage(request.user),
            "events": appraisal.events.visible_to(request.user).select_related("actor"),
            "title": svc.interpellation_title(appraisal),
        },
    )


ACTIONS = {
    # action: (form class or None, confirm text)
    "select": (
        None,
        gettext_lazy(
            "A secret ballot of the chairpersons' meeting is drafted; "
            "open it at the meeting."
        ),
    ),
    "session": (
        SessionForm,
        gettext_lazy("The official's report is recorded as heard."),
    ),
    "score": (
        None,
        gettext_lazy(
            "A satisfaction ballot of the members is drafted; 满意 or 基本满意 pass."
        ),
    ),
    "deputy_scores": (
        DeputyScoresForm,
        gettext_lazy(
            "The invited deputies' paper scores are counted with the members' "
            "votes when the satisfaction vote closes."
        ),
    ),
    "rectified": (ReportForm, gettext_lazy("The rectification report is recorded.")),
    "publish": (None, gettext_lazy("The result is published to deputies.")),
    "interpellation": (
        None,
        gettext_lazy(
            "An interpellation is drafted for the members to sign; nothing is sent."
        ),
    ),
}


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def appraisal_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    appraisal = access.appraisal_get_for_user(request.user, pk, action="manage")
    form_class, consequence = ACTIONS[action]
    form = form_class(request.POST or None) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form else {}
        try:
            result = _run(action, appraisal, request.user, data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Done."))
            if hasattr(result, "get_absolute_url") and not isinstance(
                result, Appraisal
            ):
                return redirect(result)
            if action in ("select", "score"):
                return redirect("ballot_manage", result.pk)
        return redirect(appraisal)
    return render(
        request,
        "appointments/appraisal_action.html",
        {"appraisal": appraisal, "form": form, "consequence": consequence},
    )


def _run(action, appraisal, user, data):
    if action == "select":
        return svc.appraisal_selection_ballot(appraisal, user=user)
    if action == "score":
        return svc.appraisal_scoring_ballot(appraisal, user=user)
    if action == "session":
        return svc.appraisal_hold_session(appraisal, user=user, **data)
    if action == "rectified":
        return svc.appraisal_rectified(appraisal, user=user, **data)
    if action == "deputy_scores":
        return svc.appraisal_deputy_scores(appraisal, user=user, **data)
    if action == "publish":
        return svc.appraisal_publish(appraisal, user=user)
    return svc.interpellation_draft(appraisal, user=user)


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
def topic_create(request: HttpRequest) -> HttpResponse:
    form = TopicForm(request.POST or None)
    year = timezone.localdate().year
    if request.method == "POST" and form.is_valid():
        try:
            svc.topic_submit(user=request.user, year=year, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you: your question was received."))
            return redirect("appointments:topic_create")
    mine = AppraisalTopic.objects.filter(submitted_by=request.user)[:50]
    return render(
        request,
        "appointments/topic_form.html",
        {"form": form, "mine": mine, "year": year},
    )
