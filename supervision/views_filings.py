"""Filing-review pages (备案审查): the documents with the year's count, one
document with its steps, and registering a published document."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from congress.access import roles
from congress.exceptions import DomainError
from congress.roles import Role
from supervision import filings, forms, workflow
from supervision.models import FilingStatus, NormativeDocument
from supervision.views import _data, _fail, year_param

F = FilingStatus
READERS = (Role.OFFICE, Role.LEADER, Role.VIEWER, Role.ORG_LIAISON, Role.ORG_HEAD)
ORG = (Role.ORG_LIAISON, Role.ORG_HEAD)


def document_get_for_user(user, pk: int) -> NormativeDocument:
    """Another body's document → 404."""
    document = (
        NormativeDocument.objects.visible_to(user)
        .select_related("issuer")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404
    return document


@roles(*READERS)
@require_GET
def filing_list(request: HttpRequest) -> HttpResponse:
    year = year_param(request)
    rows = (
        NormativeDocument.objects.visible_to(request.user)
        .filter(published_on__year=year)
        .select_related("issuer")
        .order_by("-published_on", "-pk")
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/filings/list.html",
        {
            "page": page,
            "year": year,
            "counts": filings.yearly_counts(year)
            if request.user.has_role(Role.OFFICE, Role.LEADER, Role.VIEWER)
            else None,
            "may_register": request.user.has_role(Role.OFFICE, *ORG),
            "today": timezone.localdate(),
        },
    )


@roles(Role.OFFICE, *ORG)
@require_http_methods(["GET", "POST"])
def filing_create(request: HttpRequest) -> HttpResponse:
    own = None if request.user.has_role(Role.OFFICE) else request.user.organization
    if own is None and not request.user.has_role(Role.OFFICE):
        raise PermissionDenied
    form = forms.DocumentForm(_data(request), issuer=own)
    if request.method == "POST" and form.is_valid():
        document = filings.document_register(user=request.user, **form.cleaned_data)
        messages.success(request, _("The document was registered."))
        return redirect(document)
    return render(
        request,
        "supervision/livelihood/form.html",
        {"form": form, "heading": _("Register a normative document")},
    )


STEPS = {
    "file": (F.FILED, gettext_lazy("File for review"), None),
    "review": (F.UNDER_REVIEW, gettext_lazy("Start the review"), forms.ReviewForm),
    "conclude": (None, gettext_lazy("Conclude the review"), forms.ConcludeReviewForm),
    "correction": (None, gettext_lazy("Record the correction"), forms.CorrectionForm),
}


def _offered(document, user) -> list[tuple[str, str]]:
    machine = workflow.FILING
    targets = {
        "file": [F.FILED],
        "review": [F.UNDER_REVIEW],
        "conclude": list(filings.OUTCOMES),
        "correction": list(filings.CORRECTIONS),
    }
    own = user.organization_id == document.issuer_id or user.has_role(Role.OFFICE)
    return [
        (name, label)
        for name, (_t, label, _f) in STEPS.items()
        if any(machine.may(document.status, t, user) for t in targets[name])
        and (name != "file" or own)
    ]


@roles(*READERS)
@require_GET
def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_get_for_user(request.user, pk)
    return render(
        request,
        "supervision/filings/detail.html",
        {"document": document, "steps": _offered(document, request.user)},
    )


def _run(step, document, user, data):
    if step == "file":
        return filings.document_file(document, user=user)
    if step == "review":
        return filings.document_review_start(document, user=user, **data)
    if step == "conclude":
        return filings.document_conclude(document, user=user, **data)
    return filings.document_correction(document, user=user, **data)


@roles(Role.OFFICE, *ORG)
@require_http_methods(["GET", "POST"])
def filing_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    document = document_get_for_user(request.user, pk)
    if step not in dict(_offered(document, request.user)):
        raise PermissionDenied
    _target, label, form_class = STEPS[step]
    form = form_class(_data(request)) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            _run(step, document, request.user, form.cleaned_data if form else {})
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": label})
            return redirect(document)
    return render(
        request,
        "supervision/livelihood/confirm.html",
        {
            "heading": label,
            "consequence": document.title,
            "form": form,
            "back": document.get_absolute_url(),
        },
    )
