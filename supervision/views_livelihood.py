"""Livelihood-project pages (民生实事): the year's candidates and results, the
deputies' ballot, the department's progress, the problem list and the
year-end rating. Thin views over supervision.livelihood."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congress.access import roles
from congress.exceptions import DomainError
from congress.roles import Role
from supervision import access, forms, livelihood
from supervision.models import (
    LivelihoodProject,
    ProjectIssue,
    SelectionStatus,
    SelectionVote,
    SelectionVoter,
)
from supervision.views import _data, _fail, year_param

READERS = (
    Role.OFFICE,
    Role.LEADER,
    Role.VIEWER,
    Role.MEMBER,
    Role.DEPUTY,
    Role.ORG_LIAISON,
    Role.ORG_HEAD,
)
STAFF = (Role.OFFICE,)


def _year(request, year):
    return year_param(request) if year is None else year


@roles(*READERS)
@require_GET
def project_list(request: HttpRequest, year: int | None = None) -> HttpResponse:
    year = _year(request, year)
    vote = SelectionVote.objects.filter(year=year).first()
    projects = (
        LivelihoodProject.objects.visible_to(request.user)
        .filter(year=year)
        .select_related("department", "evaluation")
        .order_by("number")
    )
    may_vote = bool(
        vote
        and vote.status == SelectionStatus.OPEN
        and SelectionVoter.objects.filter(
            vote=vote, user=request.user, voted=False
        ).exists()
    )
    return render(
        request,
        "supervision/livelihood/list.html",
        {
            "year": year,
            "vote": vote,
            "projects": projects,
            "may_vote": may_vote,
            "is_staff": request.user.has_role(*STAFF),
        },
    )


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    year = _year(request, None)
    form = forms.ProjectForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            livelihood.project_propose(
                year=year, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The candidate project was added."))
            return redirect("supervision:projects_year", year)
    return render(
        request,
        "supervision/livelihood/form.html",
        {"form": form, "heading": _("New candidate project"), "year": year},
    )


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def selection_create(request: HttpRequest) -> HttpResponse:
    year = _year(request, None)
    form = forms.SelectionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            livelihood.selection_create(
                year=year, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The vote is prepared."))
            return redirect("supervision:projects_year", year)
    return render(
        request,
        "supervision/livelihood/form.html",
        {"form": form, "heading": _("Prepare the deputies' vote"), "year": year},
    )


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def selection_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    vote = SelectionVote.objects.filter(pk=pk).first()
    if vote is None or step not in ("open", "close"):
        raise Http404
    form = forms.PresentForm(_data(request)) if step == "open" else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if step == "open":
                livelihood.selection_open(
                    vote,
                    present_count=form.cleaned_data["present_count"],
                    user=request.user,
                )
            else:
                livelihood.selection_close(vote, user=request.user)
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Done."))
            return redirect("supervision:projects_year", vote.year)
    consequence = (
        _(
            "Every serving deputy with a login may vote once, choosing at most "
            "%(seats)s projects; no more ballots than deputies present are counted."
        )
        % {"seats": vote.seats}
        if step == "open"
        else _(
            "The ballots are counted once and the result is fixed: the "
            "%(seats)s projects with the most votes are selected (a tie at the "
            "cut-off goes to the earlier candidate on the list)."
        )
        % {"seats": vote.seats}
    )
    return render(
        request,
        "supervision/livelihood/confirm.html",
        {
            "heading": vote.title,
            "consequence": consequence,
            "form": form,
            "back": reverse("supervision:projects_year", args=[vote.year]),
        },
    )


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
def selection_cast(request: HttpRequest, pk: int) -> HttpResponse:
    vote = SelectionVote.objects.filter(
        pk=pk, status=SelectionStatus.OPEN, voters__user=request.user
    ).first()
    if vote is None:
        raise Http404
    form = forms.CastForm(_data(request), vote=vote)
    if request.method == "POST" and form.is_valid():
        try:
            livelihood.selection_cast(
                vote,
                voter=request.user,
                project_ids=[p.pk for p in form.cleaned_data["projects"]],
            )
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Your vote was recorded."))
            return redirect("supervision:projects_year", vote.year)
    return render(
        request, "supervision/livelihood/cast.html", {"vote": vote, "form": form}
    )


@roles(*READERS)
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.project_get_for_user(request.user, pk)
    user = request.user
    return render(
        request,
        "supervision/livelihood/detail.html",
        {
            "project": project,
            "reports": project.progress_reports.select_related("reported_by"),
            "issues": project.issues.all(),
            "is_staff": user.has_role(*STAFF),
            "is_department": user.has_role(Role.ORG_LIAISON, Role.ORG_HEAD)
            and user.organization_id == project.department_id,
        },
    )


@roles(Role.ORG_LIAISON, Role.ORG_HEAD)
@require_http_methods(["GET", "POST"])
def project_progress(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.project_get_for_user(request.user, pk, action="report")
    form = forms.ProgressForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            livelihood.project_progress_report(
                project, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The progress was reported."))
            return redirect(project)
    return render(
        request,
        "supervision/livelihood/form.html",
        {"form": form, "heading": _("Report progress"), "project": project},
    )


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def issue_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.project_get_for_user(request.user, pk, action="manage")
    form = forms.IssueForm(_data(request))
    if request.method == "POST" and form.is_valid():
        livelihood.issue_add(project, user=request.user, **form.cleaned_data)
        messages.success(request, _("The problem was added to the list."))
        return redirect(project)
    return render(
        request,
        "supervision/livelihood/form.html",
        {"form": form, "heading": _("Add a problem"), "project": project},
    )


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def issue_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    issue = ProjectIssue.objects.filter(pk=pk).select_related("project").first()
    if issue is None:
        raise Http404
    form = forms.ResolveForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            livelihood.issue_resolve(
                issue, user=request.user, resolution=form.cleaned_data["resolution"]
            )
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The problem is resolved."))
            return redirect(issue.project)
    return render(
        request,
        "supervision/livelihood/form.html",
        {"form": form, "heading": issue.text, "project": issue.project},
    )


@roles(*STAFF)
@require_http_methods(["GET", "POST"])
def project_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.project_get_for_user(request.user, pk, action="manage")
    if request.method == "POST":
        try:
            ballot = livelihood.project_evaluation_create(project, user=request.user)
        except DomainError as error:
            _fail(request, error)
        else:
            return redirect("ballot_manage", ballot.pk)
    return render(
        request,
        "supervision/livelihood/confirm.html",
        {
            "heading": _("Year-end satisfaction vote"),
            "consequence": _(
                "A satisfaction ballot of the standing committee is prepared on "
                "the project; open it at the meeting. Its result rates the project."
            ),
            "form": None,
            "back": project.get_absolute_url(),
        },
    )
