"""Work-appraisal pages (工作评议): the year's candidates and appraisals, the
committee's selection vote, one appraisal through its four stages, and the
department's rectification report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from congress.access import roles
from congress.exceptions import DomainError
from congress.roles import Role
from supervision import appraisals as services
from supervision import forms, workflow
from supervision.models import Appraisal, AppraisalStatus
from supervision.views import _data, _fail

A = AppraisalStatus
STAFF = (Role.OFFICE,)
ORG = (Role.ORG_LIAISON, Role.ORG_HEAD)
READERS = (Role.OFFICE, Role.LEADER, Role.VIEWER, Role.MEMBER, *ORG)


def appraisal_get_for_user(user, pk: int, *, action: str = "view") -> Appraisal:
    """The appraisal for view, manage (office staff) or report (its
    department, while rectifying). Invisible → 404, not allowed → 403."""
    appraisal = (
        Appraisal.objects.visible_to(user)
        .select_related(
            "department",
            "working_body",
            "meeting",
            "selection_ballot",
            "satisfaction_ballot",
        )
        .filter(pk=pk)
        .first()
    )
    if appraisal is None:
        raise Http404
    allowed = {
        "view": True,
        "manage": user.has_role(*STAFF),
        "report": user.has_role(*ORG)
        and user.organization_id == appraisal.department_id
        and appraisal.status == A.RECTIFICATION,
    }[action]
    if not allowed:
        raise PermissionDenied
    return appraisal


@roles(*READERS)
@require_GET
def appraisal_list(request: HttpRequest, year: int | None = None) -> HttpResponse:
    year = year or timezone.localdate().year
    rows = (
        Appraisal.objects.visible_to(request.user)
        .filter(year=year)
        .select_related("department", "working_body", "selection_ballot")
        .order_by("department__sort_order", "department__name", "pk")
    )
    is_staff = request.user.has_role(*STAFF)
    return render(
        request,
        "supervision/appraisals/list.html",
        {
            "year": year,
            "rows": rows,
            "is_staff": is_staff,
            "may_vote": is_staff
            and any(
                r.status == A.CANDIDATE and not r.selection_ballot_id for r in rows
            ),
            "may_see_coverage": request.user.has_role(
                Role.OFFICE, Role.LEADER, Role.VIEWER
            ),
        },
    )


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def appraisal_create(request: HttpRequest, year: int) -> HttpResponse:
    initial = {"working_body": request.user.working_body_id}
    form = forms.AppraisalCandidateForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.appraisal_propose(
                year=year, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The candidate is on the list."))
            return redirect("supervision:appraisals_year", year=year)
    return render(
        request,
        "supervision/livelihood/confirm.html",
        {
            "heading": _("Propose a department for appraisal"),
            "consequence": _(
                "Candidates are agreed with the party committee, the discipline "
                "commission and the government, then put to the committee's vote."
            ),
            "form": form,
            "back": reverse("supervision:appraisals_year", args=[year]),
        },
    )


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def appraisal_vote(request: HttpRequest, year: int) -> HttpResponse:
    form = forms.AppraisalVoteForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            made = services.appraisal_vote_create(
                year=year, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(
                request,
                _("%(count)s ballots are ready; open them at the meeting.")
                % {"count": len(made)},
            )
            return redirect("supervision:appraisals_year", year=year)
    return render(
        request,
        "supervision/livelihood/confirm.html",
        {
            "heading": _("Put the candidates to the committee's vote"),
            "consequence": _(
                "Each candidate gets its own ballot (for, against, abstain); a "
                "candidate is selected with the votes of more than half of all "
                "members. Staff open and count the ballots on the ballot pages."
            ),
            "form": form,
            "back": reverse("supervision:appraisals_year", args=[year]),
        },
    )


@roles(*READERS)
@require_GET
def appraisal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = appraisal_get_for_user(request.user, pk)
    user = request.user
    steps = [
        (name, label)
        for name, (target, label, _text, _form) in STEPS.items()
        if workflow.APPRAISAL.may(appraisal.status, target, user)
    ]
    if user.has_role(*STAFF) and appraisal.status == A.CLOSED:
        steps.append(("feedback", FEEDBACK_LABEL))
    return render(
        request,
        "supervision/appraisals/detail.html",
        {
            "appraisal": appraisal,
            "events": [
                e
                for e in appraisal.events.select_related("actor")
                if e.visible_to(user)
            ],
            "steps": steps,
            "is_staff": user.has_role(*STAFF),
        },
    )


FEEDBACK_LABEL = gettext_lazy("Record the result fed back")
STEPS = {
    "prepare": (
        A.PREPARATION,
        gettext_lazy("Start the preparation"),
        gettext_lazy(
            "The appraisal plan and the investigation team are set, and the "
            "selection is reported to the party committee and announced."
        ),
        forms.AppraisalPrepareForm,
    ),
    "investigate": (
        A.INVESTIGATION,
        gettext_lazy("Start the investigation"),
        gettext_lazy(
            "The team visits, holds forums, reviews documents and collects "
            "opinions about the department."
        ),
        None,
    ),
    "deliberate": (
        A.DELIBERATION,
        gettext_lazy("Conclude the investigation"),
        gettext_lazy(
            "The findings go with the department's report to the committee's "
            "meeting for deliberation and rating."
        ),
        forms.AppraisalDeliberateForm,
    ),
    "opinion": (
        A.RECTIFICATION,
        gettext_lazy("Send the appraisal opinion"),
        gettext_lazy(
            "The department is told and must report its rectification by the "
            "deadline the rules set."
        ),
        forms.AppraisalOpinionForm,
    ),
    "report": (
        A.REPORTED,
        gettext_lazy("Submit the rectification report"),
        gettext_lazy("The working body is told; the committee will vote on it."),
        forms.AppraisalReportForm,
    ),
    "vote": (
        A.VOTING,
        gettext_lazy("Prepare the satisfaction vote"),
        gettext_lazy(
            "A satisfaction ballot of the committee on the rectification report; "
            "below the threshold the department rectifies again."
        ),
        forms.VoteForm,
    ),
}


def _run(step: str, appraisal, user, data):
    if step == "prepare":
        return services.appraisal_prepare(appraisal, user=user, **data)
    if step == "investigate":
        return services.appraisal_investigate(appraisal, user=user)
    if step == "deliberate":
        return services.appraisal_deliberate(appraisal, user=user, **data)
    if step == "opinion":
        return services.appraisal_opinion_send(appraisal, user=user, **data)
    if step == "report":
        return services.appraisal_rectification_report(appraisal, user=user, **data)
    if step == "vote":
        return services.appraisal_satisfaction_create(appraisal, user=user, **data)
    return services.appraisal_feedback(appraisal, user=user, **data)


@roles(*STAFF, *ORG)
@require_http_methods(["GET", "POST"])
def appraisal_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step == "feedback":
        appraisal = appraisal_get_for_user(request.user, pk, action="manage")
        label, consequence, form_class = (
            FEEDBACK_LABEL,
            _("What the party committee was told of the result."),
            forms.AppraisalFeedbackForm,
        )
    elif step in STEPS:
        action = (
            "report"
            if step == "report" and not request.user.has_role(*STAFF)
            else "manage"
        )
        appraisal = appraisal_get_for_user(request.user, pk, action=action)
        target, label, consequence, form_class = STEPS[step]
        if not workflow.APPRAISAL.may(appraisal.status, target, request.user):
            raise PermissionDenied
    else:
        raise Http404
    form = form_class(_data(request)) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            _run(step, appraisal, request.user, form.cleaned_data if form else {})
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": label})
            return redirect(appraisal)
    return render(
        request,
        "supervision/livelihood/confirm.html",
        {
            "heading": label,
            "consequence": consequence,
            "form": form,
            "back": appraisal.get_absolute_url(),
        },
    )
