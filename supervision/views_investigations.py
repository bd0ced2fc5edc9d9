"""Special-investigation pages (特定问题调查): the list, recording the
chairpersons' meeting's proposal (offered from an escalated item or an
unsatisfied interpellation), one investigation and its steps."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from congress.access import roles
from congress.exceptions import DomainError
from congress.roles import Role
from supervision import forms, workflow
from supervision import investigations as services
from supervision.models import (
    Interpellation,
    InvestigationStatus,
    Item,
    SpecialInvestigation,
)
from supervision.views import _data, _fail

V = InvestigationStatus
READERS = (
    Role.OFFICE,
    Role.LEADER,
    Role.VIEWER,
    Role.MEMBER,
    Role.ORG_LIAISON,
    Role.ORG_HEAD,
)


def investigation_get_for_user(user, pk: int) -> SpecialInvestigation:
    """Invisible (another organisation's, or a proposal) → 404."""
    investigation = (
        SpecialInvestigation.objects.visible_to(user)
        .select_related(
            "organization",
            "item",
            "interpellation",
            "chair",
            "council_meeting",
            "decision_meeting",
        )
        .filter(pk=pk)
        .first()
    )
    if investigation is None:
        raise Http404
    return investigation


@roles(*READERS)
@require_GET
def investigation_list(request: HttpRequest) -> HttpResponse:
    rows = (
        SpecialInvestigation.objects.visible_to(request.user)
        .select_related("organization")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/investigations/list.html",
        {"page": page, "may_propose": request.user.has_role(Role.OFFICE)},
    )


def _origin(request: HttpRequest) -> dict:
    """The item or interpellation the proposal comes from (?item= or
    ?interpellation=), with the form's initial values."""
    item_id = request.GET.get("item", "")
    interpellation_id = request.GET.get("interpellation", "")
    item = Item.objects.filter(pk=item_id).first() if item_id.isdigit() else None
    interpellation = (
        Interpellation.objects.filter(pk=interpellation_id).first()
        if interpellation_id.isdigit()
        else None
    )
    source = item or interpellation
    initial = {}
    if source is not None:
        initial = {
            "organization": source.organization_id,
            "subject": _("Special investigation: %(topic)s")
            % {"topic": getattr(source, "topic", None) or source.subject},
        }
    return {"item": item, "interpellation": interpellation, "initial": initial}


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def investigation_create(request: HttpRequest) -> HttpResponse:
    origin = _origin(request)
    form = forms.InvestigationForm(_data(request), initial=origin["initial"])
    if request.method == "POST" and form.is_valid():
        try:
            investigation = services.investigation_propose(
                user=request.user,
                item=origin["item"],
                interpellation=origin["interpellation"],
                **form.cleaned_data,
            )
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The proposal is recorded."))
            return redirect(investigation)
    return render(
        request,
        "supervision/livelihood/confirm.html",
        {
            "heading": _("Record a proposed special investigation"),
            "consequence": _(
                "The chairpersons' meeting proposes it; the standing committee "
                "decides whether to set up an investigation committee."
            ),
            "form": form,
            "back": reverse("supervision:investigations"),
        },
    )


@roles(*READERS)
@require_GET
def investigation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    investigation = investigation_get_for_user(request.user, pk)
    steps = [
        (name, label)
        for name, (target, label, _text, _form) in STEPS.items()
        if workflow.INVESTIGATION.may(investigation.status, target, request.user)
    ]
    return render(
        request,
        "supervision/investigations/detail.html",
        {
            "investigation": investigation,
            "members": list(investigation.members.order_by("pk")),
            "steps": steps,
        },
    )


STEPS = {
    "establish": (
        V.ESTABLISHED,
        gettext_lazy("Record the committee's decision"),
        gettext_lazy(
            "The standing committee set up the investigation committee; its "
            "members and the organisation concerned are told."
        ),
        forms.EstablishForm,
    ),
    "report": (
        V.REPORTED,
        gettext_lazy("Record the investigation report"),
        gettext_lazy("The investigation committee reports to the standing committee."),
        forms.InvestigationReportForm,
    ),
    "resolve": (
        V.RESOLVED,
        gettext_lazy("Record the resolution"),
        gettext_lazy("The standing committee's resolution on the report."),
        forms.ResolutionForm,
    ),
    "drop": (
        V.DROPPED,
        gettext_lazy("Record that it was not set up"),
        gettext_lazy("The standing committee decided not to set it up."),
        forms.DropForm,
    ),
}
RUN = {
    "establish": services.investigation_establish,
    "report": services.investigation_report,
    "resolve": services.investigation_resolve,
    "drop": services.investigation_drop,
}


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def investigation_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    investigation = investigation_get_for_user(request.user, pk)
    target, label, consequence, form_class = STEPS[step]
    if not workflow.INVESTIGATION.may(investigation.status, target, request.user):
        raise PermissionDenied
    form = form_class(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            RUN[step](investigation, user=request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": label})
            return redirect(investigation)
    return render(
        request,
        "supervision/livelihood/confirm.html",
        {
            "heading": label,
            "consequence": consequence,
            "form": form,
            "back": investigation.get_absolute_url(),
        },
    )
