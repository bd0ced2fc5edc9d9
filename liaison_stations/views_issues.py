"""Receptions, citizens' issues, activities, ledgers and statistics."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congress.access import roles
from congress.exceptions import DomainError
from congress.pdf import pdf_response
from congress.ratelimits import limit_by_format, limit_export_when_asked
from congress.roles import Role
from deputies.models import Deputy
from liaison_stations import access, forms, ledgers, selectors, services
from liaison_stations.models import (
    Issue,
    IssueStatus,
    Reception,
    Routing,
    StationMembership,
)
from liaison_stations.views_manage import MANAGERS, READERS, failed

ORG = (Role.ORG_LIAISON, Role.ORG_HEAD)
ISSUE_READERS = (*READERS, *ORG)


def _year(request: HttpRequest) -> int:
    """The year asked for, this year for anything odd or out of range."""
    this_year = timezone.localdate().year
    text = request.GET.get("year") or ""
    if text.isascii() and text.isdigit() and 2000 <= int(text) <= this_year + 1:
        return int(text)
    return this_year


# Receptions -------------------------------------------------------------------------


@roles(*MANAGERS)
@require_http_methods(["GET", "POST"])
def receptions(request: HttpRequest, pk: int) -> HttpResponse:
    station = access.station_get_for_user(request.user, pk, action="manage")
    form = forms.ReceptionForm(
        request.POST or None,
        station=station,
        initial={"date": timezone.localdate(), "kind": "sitting"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            reception = services.reception_record(
                station, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            failed(request, error)
        else:
            messages.success(request, _("The reception was recorded."))
            return redirect("liaison_stations:reception", reception.pk)
    page = Paginator(
        Reception.objects.filter(station=station).prefetch_related("deputies"), 30
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "liaison_stations/manage/receptions.html",
        {"station": station, "form": form, "page_obj": page},
    )


@roles(*MANAGERS)
@require_http_methods(["GET", "POST"])
def reception_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reception = Reception.objects.select_related("station").filter(pk=pk).first()
    if reception is None:
        raise Http404
    access.station_get_for_user(request.user, reception.station_id, action="manage")
    form = forms.IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.issue_record(reception, user=request.user, **form.cleaned_data)
        messages.success(request, _("The issue was recorded."))
        return redirect("liaison_stations:reception", reception.pk)
    return render(
        request,
        "liaison_stations/manage/reception.html",
        {
            "reception": reception,
            "station": reception.station,
            "issues": reception.issues.all(),
            "deputies": reception.deputies.all(),
            "form": form,
        },
    )


# Issues -------------------------------------------------------------------------------


@roles(*ISSUE_READERS)
@require_GET
def issue_list(request: HttpRequest) -> HttpResponse:
    """The issues the user may see, by status (managers: their stations'; an
    organisation: those referred to it; a deputy: those passed to them)."""
    status = request.GET.get("status") or ""
    issues = access.issues_visible_to(request.user).select_related(
        "station", "organization", "handling_deputy"
    )
    station_id = request.GET.get("station")
    if station_id and station_id.isascii() and station_id.isdigit():
        issues = issues.filter(station_id=station_id)
    if status in IssueStatus.values:
        issues = issues.filter(status=status)
    elif status == "open":
        issues = issues.open()
    issues = _dashboard_filters(request, issues)
    page = Paginator(issues.order_by("-created_at", "-pk"), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "liaison_stations/issues/list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": IssueStatus.choices,
            "today": timezone.localdate(),
            "station_id": station_id or "",
        },
    )


def _digits(request: HttpRequest, name: str) -> int | None:
    text = request.GET.get(name) or ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def _dashboard_filters(request: HttpRequest, issues):
    """?year= (received in), ?division=, ?routing=referred and ?overdue=1:
    the leadership dashboard's figures link here with them."""
    year = _digits(request, "year")
    if year is not None:
        issues = issues.filter(created_at__year=year)
    division = _digits(request, "division")
    if division is not None:
        issues = issues.filter(station__division_id=division)
    if (request.GET.get("routing") or "") in Routing.values:
        issues = issues.filter(routing=request.GET["routing"])
    if request.GET.get("overdue") == "1":
        issues = issues.overdue(timezone.localdate())
    return issues


def _issue_forms(user, issue: Issue, find: str = "") -> dict:
    """The forms this user may use on this issue now; the deputy choices
    offer the station's deputies and those found by name."""
    result = {}
    manager = access.can_manage(user, issue.station)
    if manager and issue.status == IssueStatus.RECEIVED:
        deputies = [
            *forms.members_of(issue.station),
            *forms.deputies_named(find),
        ]
        result.update(
            solve=forms.SolveForm(prefix="solve"),
            refer=forms.ReferForm(prefix="refer"),
            pass_up=forms.DeputyRouteForm(prefix="pass_up").offer(deputies),
            suggestion=forms.DeputyRouteForm(prefix="suggestion").offer(deputies),
            screen=forms.ScreenForm(prefix="screen"),
            find=forms.FindForm({"find": find}),
        )
    if access.issue_may(user, issue, "answer"):
        result["answer"] = forms.AnswerForm(prefix="answer")
    if manager and issue.status == IssueStatus.ANSWERED:
        result["feedback"] = forms.FeedbackForm(prefix="feedback")
    if access.issue_may(user, issue, "draft_suggestion"):
        result["draft"] = True
    return result


EVENT_LABELS = {
    "liaison_stations.received": gettext_lazy("Received at a reception"),
    "liaison_stations.received_online": gettext_lazy("Received online"),
    "liaison_stations.routed.solved_on_spot": gettext_lazy("Solved on the spot"),
    "liaison_stations.routed.referred": gettext_lazy("Referred to an organisation"),
    "liaison_stations.routed.passed_up": gettext_lazy(
        "Passed to a higher-level deputy"
    ),
    "liaison_stations.routed.suggestion": gettext_lazy(
        "To become a deputy's suggestion"
    ),
    "liaison_stations.routed.screened_out": gettext_lazy("Not accepted"),
    "liaison_stations.answered": gettext_lazy("Answered"),
    "liaison_stations.suggestion_drafted": gettext_lazy("Suggestion drafted"),
    "liaison_stations.reopened": gettext_lazy("Not satisfied: reopened"),
    "liaison_stations.closed": gettext_lazy("Feedback recorded: closed"),
}
ROUTE_LABELS = [
    ("solve", gettext_lazy("Solved on the spot")),
    ("refer", gettext_lazy("Refer to an organisation")),
    ("pass_up", gettext_lazy("Pass to a higher-level deputy")),
    ("suggestion", gettext_lazy("Turn into a deputy's suggestion")),
    ("screen", gettext_lazy("Do not accept the issue")),
]


@roles(*ISSUE_READERS)
@require_GET
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = access.issue_get_for_user(request.user, pk)
    events = list(issue.events.visible_to(request.user).select_related("actor"))
    for event in events:
        event.label = EVENT_LABELS.get(event.type, event.type)
    find = forms.FindForm(request.GET or None)
    text = find.cleaned_data["find"] if find.is_valid() else ""
    issue_forms = _issue_forms(request.user, issue, text)
    return render(
        request,
        "liaison_stations/issues/detail.html",
        {
            "issue": issue,
            "station": issue.station,
            "events": events,
            "show_contact": access.can_see_contacts(request.user, issue.station),
            "forms": issue_forms,
            "route_forms": [
                (key, label, issue_forms[key])
                for key, label in ROUTE_LABELS
                if key in issue_forms
            ],
            "today": timezone.localdate(),
            "found": bool(text),
        },
    )


ROUTES = {
    "solve": (forms.SolveForm, services.issue_solve),
    "refer": (forms.ReferForm, services.issue_refer),
    "pass_up": (forms.DeputyRouteForm, services.issue_pass_up),
    "suggestion": (forms.DeputyRouteForm, services.issue_to_suggestion),
    "screen": (forms.ScreenForm, services.issue_screen_out),
}


@roles(*MANAGERS)
@require_POST
def issue_route(request: HttpRequest, pk: int) -> HttpResponse:
    issue = access.issue_get_for_user(request.user, pk, action="route")
    route = request.POST.get("route")
    if route not in ROUTES:
        messages.error(request, _("Choose how to handle the issue."))
        return redirect("liaison_stations:issue_detail", issue.pk)
    form_class, service = ROUTES[route]
    form = form_class(request.POST, prefix=route)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("liaison_stations:issue_detail", issue.pk)
    try:
        service(issue, user=request.user, **form.cleaned_data)
    except DomainError as error:
        failed(request, error)
    else:
        messages.success(request, _("The issue was routed."))
    return redirect("liaison_stations:issue_detail", issue.pk)


@roles(*MANAGERS, *ORG, Role.DEPUTY)
@require_POST
def issue_answer(request: HttpRequest, pk: int) -> HttpResponse:
    issue = access.issue_get_for_user(request.user, pk, action="answer")
    form = forms.AnswerForm(request.POST, prefix="answer")
    if form.is_valid():
        try:
            services.issue_answer(issue, user=request.user, **form.cleaned_data)
        except DomainError as error:
            failed(request, error)
        else:
            messages.success(request, _("The answer was sent to the station."))
    else:
        messages.error(request, _("Write the answer."))
    return redirect("liaison_stations:issue_detail", issue.pk)


@roles(*MANAGERS)
@require_POST
def issue_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    issue = access.issue_get_for_user(request.user, pk, action="feedback")
    form = forms.FeedbackForm(request.POST, prefix="feedback")
    if form.is_valid():
        try:
            issue = services.issue_feedback(
                issue, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            failed(request, error)
        else:
            if issue.status == IssueStatus.RECEIVED:
                messages.warning(request, _("The issue was reopened: route it again."))
            else:
                messages.success(request, _("The issue was closed."))
    return redirect("liaison_stations:issue_detail", issue.pk)


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
def issue_draft_suggestion(request: HttpRequest, pk: int) -> HttpResponse:
    issue = access.issue_get_for_user(request.user, pk, action="draft_suggestion")
    form = forms.DraftSuggestionForm(
        request.POST or None,
        initial={"title": issue.content[:40], "body": issue.content},
    )
    if request.method == "POST" and form.is_valid():
        try:
            _issue, proposal = services.issue_draft_suggestion(
                issue, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            failed(request, error)
        else:
            messages.success(
                request,
                _("The suggestion draft is in your list; complete and submit it."),
            )
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "liaison_stations/manage/form.html",
        {"form": form, "title": _("Turn the issue into a suggestion")},
    )


# Activities -------------------------------------------------------------------------


@roles(*MANAGERS)
@require_http_methods(["GET", "POST"])
def activities(request: HttpRequest, pk: int) -> HttpResponse:
    station = access.station_get_for_user(request.user, pk, action="manage")
    form = forms.ActivityForm(
        request.POST or None, initial={"date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        activity = services.activity_create(
            station, user=request.user, **form.cleaned_data
        )
        messages.success(request, _("The activity was recorded."))
        return redirect("liaison_stations:activity", activity.pk)
    page = Paginator(station.activities.all(), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "liaison_stations/manage/activities.html",
        {"station": station, "form": form, "page_obj": page},
    )


@roles(*MANAGERS)
@require_http_methods(["GET", "POST"])
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access.activity_get_for_user(request.user, pk, action="manage")
    form = forms.SignInForm(request.POST or None, station=activity.station)
    if request.method == "POST" and form.is_valid():
        services.activity_sign_in(
            activity, form.cleaned_data["deputies"], user=request.user
        )
        messages.success(request, _("The sign-in was recorded."))
        return redirect("liaison_stations:activity", activity.pk)
    return render(
        request,
        "liaison_stations/manage/activity.html",
        {
            "activity": activity,
            "station": activity.station,
            "sign_ins": access.sign_ins_of(activity),
            "form": form,
        },
    )


# Ledgers and statistics ---------------------------------------------------------


@roles(*MANAGERS, Role.LEADER)
@require_GET
@limit_by_format()
def ledger(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    station = access.station_get_for_user(request.user, pk)
    if not (
        access.can_manage(request.user, station) or request.user.has_role(Role.LEADER)
    ):
        raise PermissionDenied
    if kind not in ledgers.LEDGERS or fmt not in ("xlsx", "pdf"):
        raise Http404
    year = _year(request)
    title, headers, rows = ledgers.build(station, kind, year)
    filename = f"{station.name}{year}年{title}"
    if fmt == "xlsx":
        return ledgers.xlsx_response(title, headers, rows, f"{filename}.xlsx")
    document = ledgers.pdf(station, title, headers, rows, year, request=request)
    return pdf_response(document, f"{filename}.pdf")


STATISTICS_PER_PAGE = 50


@roles(*MANAGERS, Role.LEADER, Role.VIEWER, Role.DIVISION_OFFICER)
@require_GET
@limit_export_when_asked
def statistics(request: HttpRequest) -> HttpResponse:
    """The year's figures per station and per deputy, from the summary
    tables; a page of each at a time (a province has thousands)."""
    year = _year(request)
    stations = (
        access.stations_visible_to(request.user)
        .select_related("division")
        .order_by("division__code", "name")
    )
    member_ids = StationMembership.objects.filter(
        station__in=stations.values("pk")
    ).values("deputy_id")
    deputies = Deputy.objects.filter(pk__in=member_ids).order_by("name", "pk")
    minimum = selectors.minimum_visits()
    if request.GET.get("format") == "xlsx":
        return ledgers.statistics_xlsx(
            selectors.station_statistics(list(stations), year),
            selectors.deputy_statistics_of(list(deputies.only("pk", "name")), year),
            year,
            minimum,
        )
    station_page = Paginator(stations, STATISTICS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    total, below = selectors.deputies_below_minimum(member_ids, year, minimum)
    deputy_pages = Paginator(deputies.only("pk", "name"), STATISTICS_PER_PAGE)
    deputy_pages.count = total  # counted with those below: not counted again
    deputy_page = deputy_pages.get_page(request.GET.get("deputies_page"))
    return render(
        request,
        "liaison_stations/manage/statistics.html",
        {
            "year": year,
            "station_page": station_page,
            "station_rows": selectors.station_statistics(station_page, year),
            "deputy_page": deputy_page,
            "deputy_rows": selectors.deputy_statistics_of(deputy_page, year),
            "minimum": minimum,
            "below": below,
        },
    )
