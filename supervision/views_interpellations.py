"""Interpellation pages (质询案): the list, one interpellation with its
signatures, members signing, staff lodging it and recording the answer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congress import rules
from congress.access import roles
from congress.exceptions import DomainError
from congress.roles import Role
from supervision import forms, workflow
from supervision import interpellations as services
from supervision.models import Interpellation, InterpellationStatus
from supervision.views import _data, _fail

I = InterpellationStatus  # noqa: E741
READERS = (
    Role.OFFICE,
    Role.LEADER,
    Role.VIEWER,
    Role.MEMBER,
    Role.ORG_LIAISON,
    Role.ORG_HEAD,
)


def interpellation_get_for_user(user, pk: int) -> Interpellation:
    """Invisible (another organisation's, a draft for an organisation) → 404."""
    interpellation = (
        Interpellation.objects.visible_to(user)
        .select_related("organization", "item", "meeting")
        .filter(pk=pk)
        .first()
    )
    if interpellation is None:
        raise Http404
    return interpellation


@roles(*READERS)
@require_GET
def interpellation_list(request: HttpRequest) -> HttpResponse:
    rows = (
        Interpellation.objects.visible_to(request.user)
        .select_related("organization")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/interpellations/list.html",
        {"page": page, "may_draft": request.user.has_role(Role.OFFICE, Role.MEMBER)},
    )


@roles(Role.OFFICE, Role.MEMBER)
@require_http_methods(["GET", "POST"])
def interpellation_create(request: HttpRequest) -> HttpResponse:
    form = forms.InterpellationForm(_data(request))
    if request.method == "POST" and form.is_valid():
        interpellation = services.interpellation_draft(
            user=request.user, **form.cleaned_data
        )
        if request.user.has_role(Role.MEMBER):
            services.interpellation_sign(interpellation, member=request.user)
        messages.success(request, _("The draft is ready for signatures."))
        return redirect(interpellation)
    return render(
        request,
        "supervision/livelihood/form.html",
        {"form": form, "heading": _("Draft an interpellation")},
    )


@roles(*READERS)
@require_GET
def interpellation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interpellation = interpellation_get_for_user(request.user, pk)
    signatures = list(interpellation.signatures.select_related("member"))
    user = request.user
    steps = [
        (name, label)
        for name, (target, label, _text, _form) in STEPS.items()
        if workflow.INTERPELLATION.may(interpellation.status, target, user)
    ]
    return render(
        request,
        "supervision/interpellations/detail.html",
        {
            "interpellation": interpellation,
            "signatures": signatures,
            "needed": rules.get(services.MIN_SIGNERS.key),
            "may_sign": interpellation.status == I.DRAFT
            and user.has_role(Role.MEMBER)
            and all(s.member_id != user.pk for s in signatures),
            "steps": steps,
            "may_propose_investigation": user.has_role(Role.OFFICE),
        },
    )


@roles(Role.MEMBER)
@require_POST
def interpellation_sign(request: HttpRequest, pk: int) -> HttpResponse:
    interpellation = interpellation_get_for_user(request.user, pk)
    try:
        services.interpellation_sign(interpellation, member=request.user)
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("You signed the interpellation."))
    return redirect(interpellation)


STEPS = {
    "submit": (
        I.SUBMITTED,
        gettext_lazy("Submit the interpellation"),
        gettext_lazy(
            "It is lodged with the standing committee and the organisation is "
            "told; it needs the members' signatures the rules require."
        ),
        forms.SubmitForm,
    ),
    "answer": (
        I.ANSWERED,
        gettext_lazy("Record the answer"),
        gettext_lazy("The answer given orally at the meeting or in writing."),
        forms.InterpellationAnswerForm,
    ),
    "conclude": (
        I.CLOSED,
        gettext_lazy("Record the members' view"),
        gettext_lazy(
            "Whether the members are satisfied with the answer; if not, what "
            "the committee decided to do next."
        ),
        forms.ConcludeForm,
    ),
    "withdraw": (
        I.WITHDRAWN,
        gettext_lazy("Withdraw the draft"),
        gettext_lazy("The draft is withdrawn; signatures are kept on record."),
        None,
    ),
}


def _run(step: str, interpellation, user, data):
    if step == "submit":
        return services.interpellation_submit(
            interpellation, user=user, meeting=data["meeting"]
        )
    if step == "answer":
        return services.interpellation_answer(interpellation, user=user, **data)
    if step == "conclude":
        return services.interpellation_conclude(interpellation, user=user, **data)
    return services.interpellation_withdraw(interpellation, user=user)


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def interpellation_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    interpellation = interpellation_get_for_user(request.user, pk)
    target, label, consequence, form_class = STEPS[step]
    if not workflow.INTERPELLATION.may(interpellation.status, target, request.user):
        raise PermissionDenied
    form = form_class(_data(request)) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            _run(step, interpellation, request.user, form.cleaned_data if form else {})
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": label})
            return redirect(interpellation)
    return render(
        request,
        "supervision/livelihood/confirm.html",
        {
            "heading": label,
            "consequence": consequence,
            "form": form,
            "back": interpellation.get_absolute_url(),
        },
    )
