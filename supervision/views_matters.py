"""Major-matter pages (重大事项决定): the year's list (年度清单) with each
matter's state, adding to it, one matter and its steps."""

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
from supervision import forms, workflow
from supervision import matters as services
from supervision.models import MajorMatter, MatterStatus
from supervision.views import _data, _fail

M = MatterStatus
ORG = (Role.ORG_LIAISON, Role.ORG_HEAD)
READERS = (Role.OFFICE, Role.LEADER, Role.VIEWER, Role.MEMBER, *ORG)


def matter_get_for_user(user, pk: int) -> MajorMatter:
    """Another organisation's matter → 404."""
    matter = (
        MajorMatter.objects.visible_to(user)
        .select_related("organization", "meeting")
        .filter(pk=pk)
        .first()
    )
    if matter is None:
        raise Http404
    return matter


@roles(*READERS)
@require_GET
def matter_list(request: HttpRequest, year: int | None = None) -> HttpResponse:
    year = year or timezone.localdate().year
    rows = (
        MajorMatter.objects.visible_to(request.user)
        .filter(year=year)
        .select_related("organization")
        .order_by("planned_quarter", "pk")
    )
    return render(
        request,
        "supervision/matters/list.html",
        {"year": year, "rows": rows, "is_staff": request.user.has_role(Role.OFFICE)},
    )


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def matter_create(request: HttpRequest, year: int) -> HttpResponse:
    form = forms.MatterForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.matter_list_add(year=year, user=request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(request, error)
        else:
            return redirect("supervision:matters_year", year=year)
    return render(
        request,
        "supervision/livelihood/confirm.html",
        {
            "heading": _("Add to the yearly list of major matters"),
            "consequence": _(
                "The government brings the matter to the standing committee "
                "before deciding it, after preliminary research."
            ),
            "form": form,
            "back": reverse("supervision:matters_year", args=[year]),
        },
    )


STEPS = {
    "research": (
        M.RESEARCHED,
        gettext_lazy("Record the preliminary research"),
        forms.MatterResearchForm,
    ),
    "submit": (M.SUBMITTED, gettext_lazy("Submit the motion"), forms.MatterSubmitForm),
    "decide": (M.DECIDED, gettext_lazy("Record the decision"), forms.MatterDecideForm),
    "file": (M.FILED, gettext_lazy("Record the filing"), forms.MatterDecideForm),
    "remove": (
        M.REMOVED,
        gettext_lazy("Remove from the list"),
        forms.MatterRemoveForm,
    ),
}


def _run(step: str, matter, user, data):
    if step == "research":
        return services.matter_research(matter, user=user, **data)
    if step == "submit":
        return services.matter_submit(matter, user=user, **data)
    if step in ("decide", "file"):
        return services.matter_decide(matter, user=user, filed=step == "file", **data)
    return services.matter_remove(matter, user=user, **data)


@roles(*READERS)
@require_GET
def matter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matter = matter_get_for_user(request.user, pk)
    steps = [
        (name, label)
        for name, (target, label, _form) in STEPS.items()
        if workflow.MATTER.may(matter.status, target, request.user)
    ]
    return render(
        request, "supervision/matters/detail.html", {"matter": matter, "steps": steps}
    )


@roles(Role.OFFICE, *ORG)
@require_http_methods(["GET", "POST"])
def matter_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    matter = matter_get_for_user(request.user, pk)
    target, label, form_class = STEPS[step]
    if not workflow.MATTER.may(matter.status, target, request.user):
        raise PermissionDenied
    form = form_class(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            _run(step, matter, request.user, form.cleaned_data)
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": label})
            return redirect(matter)
    return render(
        request,
        "supervision/livelihood/confirm.html",
        {
            "heading": label,
            "consequence": matter.title,
            "form": form,
            "back": matter.get_absolute_url(),
        },
    )
