"""The deputy's pages: my motions and suggestions, drafting with co-signers,
submitting and withdrawing, answering co-signing requests, rating replies
(also from a one-tap signed link) and urging organisations.

Thin views: access helper → bound form → service → message → redirect.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from congress import rules
from congress.access import roles
from congress.attachments import attachment_create
from congress.confirm import confirm_transition
from congress.exceptions import DomainError
from congress.idempotency import idempotent_post
from congress.models import Attachment
from congress.redirects import next_url
from congress.roles import Role
from deputies.models import Deputy
from proposals import services, workflow
from proposals.access import (
    assignment_get_for_user,
    awaiting_rating,
    awaiting_rating_by,
    proposal_get_for_user,
    rating_deputy,
)
from proposals.forms_deputy import (
    ProposalForm,
    RatingForm,
    SubmitForm,
    UrgeForm,
    WithdrawForm,
    rating_initial,
    session_meetings,
)
from proposals.models import (
    Assignment,
    AssignmentStatus,
    Proposal,
    ProposalStatus,
    Reply,
    ReplyStatus,
    Signer,
    SignerStatus,
)

PER_PAGE = 20
P = ProposalStatus
# Which buttons to show follows the workflow's map, as the services do.
SUBMITTABLE = frozenset(
    s for s, targets in workflow.PROPOSAL_TRANSITIONS.items() if P.SUBMITTED in targets
)
WITHDRAWABLE = frozenset(
    s for s, targets in workflow.PROPOSAL_TRANSITIONS.items() if P.WITHDRAWN in targets
)
PROPOSAL_FIELDS = ("kind", "period", "meeting", "title", "category", "body", "find")


# Helpers -----------------------------------------------------------------------


def _own_deputy(user) -> Deputy | None:
    try:
        return user.deputy
    except Deputy.DoesNotExist:
        return None


def _needs_deputy(view):
    """Pass the user's Deputy to the view; a friendly page when the account
    is not linked to one."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        deputy = _own_deputy(request.user)
        if deputy is None:
            return render(request, "proposals/deputy/no_deputy.html")
        return view(request, deputy, *args, **kwargs)

    return wrapper


def _attachments(proposal: Proposal):
    return Attachment.objects.filter(
        content_type__app_label="proposals",
        content_type__model="proposal",
        object_id=proposal.pk,
    )


# My list -----------------------------------------------------------------------


def _my_proposals(deputy: Deputy):
    confirmed = Signer.objects.filter(status=SignerStatus.CONFIRMED)
    # Led or co-signed, as one list of ids (one query, two index scans): an
    # OR of the two conditions would read every proposal.
    mine = list(
        Proposal.objects.filter(lead_deputy=deputy)
        .values_list("pk", flat=True)
        .union(confirmed.filter(deputy=deputy).values_list("proposal_id", flat=True))
    )
    current = Assignment.objects.exclude(status=AssignmentStatus.WITHDRAWN)
    signers = (
        confirmed.filter(proposal=OuterRef("pk"))
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Proposal.objects.filter(pk__in=mine)
        .select_related("category", "lead_deputy")
        .defer("body", "search_bigrams")
        .annotate(confirmed_signers=Coalesce(Subquery(signers), 0))
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=current.select_related("organization").order_by(
                    "-role", "due_date", "pk"
                ),
                to_attr="current_assignments",
            )
        )
        .order_by("-pk")
    )


@roles(Role.DEPUTY)
@require_GET
@_needs_deputy
def deputy_list(request: HttpRequest, deputy: Deputy) -> HttpResponse:
    """My motions and suggestions, co-signing requests and replies to rate."""
    requests_ = (
        Signer.objects.filter(
            deputy=deputy,
            status=SignerStatus.INVITED,
            proposal__status__in=SUBMITTABLE,
        )
        .select_related("proposal__lead_deputy")
        .order_by("pk")
    )
    page = Paginator(_my_proposals(deputy), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/deputy/list.html",
        {
            "deputy": deputy,
            "cosign_requests": requests_,
            "to_rate": awaiting_rating_by(deputy)
            .select_related("proposal", "organization")
            .order_by("due_date", "pk"),
            "page_obj": page,
            "submittable": SUBMITTABLE,
        },
    )


# Drafting ----------------------------------------------------------------------


def _save(form: ProposalForm, *, user, deputy: Deputy, proposal=None):
    """Create or update the item, store its attachments and invite its
    co-signers in one transaction. Returns the item, or None with the errors
    added to the form."""
    try:
        with transaction.atomic():
            values = form.proposal_values()
            if proposal is None:
                proposal = services.proposal_create(
                    lead_deputy=deputy, user=user, **values
                )
            else:
                proposal = services.proposal_update(proposal, user=user, **values)
            for uploaded in form.cleaned_data["attachments"]:
                attachment_create(proposal, uploaded, user=user, use="document")
            if cosigners := list(form.cleaned_data["cosigners"]):
                services.signer_invite(proposal, deputies=cosigners, user=user)
    except ValidationError as error:
        form.add_error("attachments", error)
    except DomainError as error:
        form.add_error(None, error.message)
    else:
        return proposal
    return None


def _posted_values(request: HttpRequest) -> dict:
    """The form as typed, to show it again after a co-signer search."""
    values = {name: request.POST.get(name, "") for name in PROPOSAL_FIELDS}
    values["cosigners"] = request.POST.getlist("cosigners")
    return values


def _new_initial(request: HttpRequest) -> dict:
    """During a session of the people's congress, default to it."""
    today = timezone.localdate()
    session = (
        session_meetings().filter(start_date__lte=today, end_date__gte=today).first()
    )
    initial = {"find": request.GET.get("find", "")}
    if session:
        initial |= {"period": "session", "meeting": session.pk}
    return initial


def _form_page(request, *, form, proposal=None) -> HttpResponse:
    context = {"form": form, "proposal": proposal}
    if proposal is not None:
        context["signers"] = proposal.signers.select_related("deputy").order_by("pk")
        context["attachments"] = _attachments(proposal)
    return render(request, "proposals/deputy/form.html", context)


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
@_needs_deputy
@idempotent_post
def deputy_create(request: HttpRequest, deputy: Deputy) -> HttpResponse:
    """Write a suggestion (or a motion during a session) and invite co-signers."""
    if request.method == "POST" and request.POST.get("do") == "find":
        form = ProposalForm(initial=_posted_values(request), lead=deputy)
    elif request.method == "POST":
        form = ProposalForm(request.POST, request.FILES, lead=deputy)
        if form.is_valid() and (
            proposal := _save(form, user=request.user, deputy=deputy)
        ):
            messages.success(
                request,
                gettext(
                    "Your draft was saved. Submit it when it is ready; co-signers "
                    "you invited confirm in their own workspace."
                ),
            )
            return redirect(proposal)
    else:
        form = ProposalForm(initial=_new_initial(request), lead=deputy)
    return _form_page(request, form=form)


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
@_needs_deputy
def deputy_edit(request: HttpRequest, deputy: Deputy, pk: int) -> HttpResponse:
    """Change a draft or returned item, add attachments, invite more co-signers."""
    proposal = proposal_get_for_user(request.user, pk, action="lead")
    if proposal.status not in SUBMITTABLE:
        messages.error(
            request,
            gettext("An item that is “%(status)s” can no longer be changed.")
            % {"status": proposal.get_status_display()},
        )
        return redirect(proposal)
    if request.method == "POST" and request.POST.get("do") == "find":
        form = ProposalForm(
            initial=_posted_values(request), lead=deputy, proposal=proposal
        )
    elif request.method == "POST":
        form = ProposalForm(request.POST, request.FILES, lead=deputy, proposal=proposal)
        if form.is_valid() and _save(
            form, user=request.user, deputy=deputy, proposal=proposal
        ):
            messages.success(request, gettext("Your changes were saved."))
            return redirect(proposal)
    else:
        initial = {
            "kind": proposal.kind,
            "period": proposal.period,
            "meeting": proposal.meeting_id,
            "title": proposal.title,
            "category": proposal.category_id,
            "body": proposal.body,
            "find": request.GET.get("find", ""),
        }
        form = ProposalForm(initial=initial, lead=deputy, proposal=proposal)
    return _form_page(request, form=form, proposal=proposal)


# Submitting and withdrawing ----------------------------------------------------


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
@_needs_deputy
def deputy_submit(request: HttpRequest, deputy: Deputy, pk: int) -> HttpResponse:
    """GET: what submitting means (and, for a motion, the signers it needs
    and has); POST: submit it for review."""
    proposal = proposal_get_for_user(request.user, pk, action="lead")
    signers = list(proposal.signers.select_related("deputy").order_by("pk"))
    pending = [s for s in signers if s.status == SignerStatus.INVITED]
    signed = 1 + sum(s.status == SignerStatus.CONFIRMED for s in signers)
    minimum = rules.get(workflow.MOTION_MIN_SIGNERS.key)
    form = SubmitForm(
        request.POST if request.method == "POST" else None, pending=len(pending)
    )
    return confirm_transition(
        request,
        form=form,
        perform=lambda data: services.proposal_submit(
            proposal,
            user=request.user,
            drop_unconfirmed=data["drop_unconfirmed"],
        ),
        done=gettext(
            "Submitted. The office of the standing committee reviews it; "
            "you will be told when it is numbered or returned."
        ),
        back=proposal.get_absolute_url(),
        template="proposals/deputy/submit_confirm.html",
        proposal=proposal,
        allowed=proposal.status in SUBMITTABLE,
        minimum=minimum,
        signed=signed,
        signers=signers,
        pending=pending,
        invited=len(pending),
        enough=signed >= minimum,
    )


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
@_needs_deputy
def deputy_withdraw(request: HttpRequest, deputy: Deputy, pk: int) -> HttpResponse:
    proposal = proposal_get_for_user(request.user, pk, action="lead")
    return confirm_transition(
        request,
        form=WithdrawForm(request.POST if request.method == "POST" else None),
        perform=lambda data: services.proposal_withdraw(
            proposal, user=request.user, reason=data["reason"]
        ),
        done=gettext("The item was withdrawn."),
        back=proposal.get_absolute_url(),
        template="proposals/deputy/withdraw_confirm.html",
        proposal=proposal,
        allowed=proposal.status in WITHDRAWABLE,
    )


# Co-signing --------------------------------------------------------------------


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
@_needs_deputy
def deputy_cosign(request: HttpRequest, deputy: Deputy, pk: int) -> HttpResponse:
    """Answer an invitation to co-sign item `pk`: GET shows the item and what
    confirming means; POST answer=confirm|decline."""
    signer = (
        Signer.objects.select_related("proposal__lead_deputy", "deputy")
        .filter(proposal_id=pk, deputy=deputy)
        .first()
    )
    if signer is None:
        raise Http404
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("confirm", "decline"):
            messages.error(request, gettext("Choose to confirm or to decline."))
            return redirect("proposals:deputy_cosign", pk=pk)
        try:
            services.signer_answer(
                signer, accept=answer == "confirm", user=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                gettext("You co-sign this item.")
                if answer == "confirm"
                else gettext("You declined to co-sign this item."),
            )
        return redirect(next_url(request, reverse("proposals:deputy_list")))
    return render(
        request,
        "proposals/deputy/cosign_confirm.html",
        {
            "signer": signer,
            "proposal": signer.proposal,
            "open": signer.status == SignerStatus.INVITED
            and signer.proposal.status in SUBMITTABLE,
        },
    )


# Rating ------------------------------------------------------------------------


def _rating_page(
    request: HttpRequest, deputy: Deputy, assignment: Assignment
) -> HttpResponse:
    if rating_deputy(request.user, assignment.proposal) is None:
        raise PermissionDenied
    form = RatingForm(
        request.POST if request.method == "POST" else None,
        initial=rating_initial(request.GET),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_submit(
                assignment,
                user=request.user,
                attitude=form.cleaned_data["attitude"],
                result=form.cleaned_data["result"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("Thank you; your rating was recorded."))
        return redirect(assignment.proposal)
    awaiting = awaiting_rating(assignment, deputy.pk)
    reply = Reply.objects.filter(
        assignment=assignment, round=assignment.round, status=ReplyStatus.APPROVED
    ).first()
    context = {
        "form": form,
        "assignment": assignment,
        "proposal": assignment.proposal,
        "reply": reply,
        "awaiting": awaiting,
        "is_lead": assignment.proposal.lead_deputy_id == deputy.pk,
        "second_round": assignment.round > 1,
    }
    return render(request, "proposals/deputy/rate.html", context)


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
@_needs_deputy
def deputy_rate(request: HttpRequest, deputy: Deputy, pk: int) -> HttpResponse:
    """Rate the lead organisation's reply: attitude and result, a comment."""
    return _rating_page(
        request, deputy, assignment_get_for_user(request.user, pk, action="rate")
    )


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
@_needs_deputy
def deputy_rate_link(request: HttpRequest, deputy: Deputy, token: str) -> HttpResponse:
    """The one-tap link of the notice: the rating form for the deputy it was
    sent to, who must be the one logged in."""
    try:
        assignment, link_deputy = services.rating_link_read(token)
    except DomainError as error:
        return render(
            request,
            "proposals/deputy/rate_link_invalid.html",
            {"message": error.message},
            status=400,
        )
    if link_deputy.pk != deputy.pk:
        raise Http404
    return _rating_page(request, deputy, assignment)


# Urging ------------------------------------------------------------------------


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
@_needs_deputy
def deputy_urge(request: HttpRequest, deputy: Deputy, pk: int) -> HttpResponse:
    """Urge (催办) the organisation of an open assignment of my item; GET
    explains what it does."""
    assignment = assignment_get_for_user(request.user, pk, action="urge")
    form = UrgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_urge(
                assignment, user=request.user, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                gettext("%(organization)s was urged; its liaisons are notified.")
                % {"organization": assignment.organization.name},
            )
        return redirect(next_url(request, assignment.proposal.get_absolute_url()))
    return render(
        request,
        "proposals/deputy/urge_confirm.html",
        {
            "assignment": assignment,
            "proposal": assignment.proposal,
            "form": form,
            "open": assignment.awaits_organization,
            "interval": rules.get(workflow.URGE_INTERVAL_DAYS.key),
        },
    )
