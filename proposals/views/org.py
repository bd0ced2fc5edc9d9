"""The handling organisation's pages: its assignments sorted by due date (the
workspace of liaisons and heads), one assignment with the steps the user may
take now, and the reply letter template (.docx) in the official layout.

Thin views: access helper → bound form → service → message → redirect.
Whether a step is offered follows ASSIGNMENT_TRANSITIONS and the states the
handling services accept; the services check everything again.
"""

import io

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from congress.access import roles
from congress.confirm import confirm_transition
from congress.exceptions import DomainError
from congress.idempotency import idempotent_post
from congress.models import Attachment
from congress.ratelimits import limit_export
from congress.roles import Role
from proposals import services
from proposals.access import (
    assignment_get_for_user,
    contest_closes,
    current_draft,
    lead_deputy_phone,
    organization_steps,
    organizations_acting_for,
)
from proposals.forms_org import (
    AssignmentFilterForm,
    ContactForm,
    ContestForm,
    ExtensionForm,
    ImplementationForm,
    ReplyForm,
    ReturnDraftForm,
)
from proposals.letters import head_of, reply_letter_docx
from proposals.models import (
    AWAITING_FIRST,
    AWAITING_ORGANIZATION,
    HANDLING,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Reply,
    ReplyStatus,
)

A = AssignmentStatus
ORG_ROLES = (Role.ORG_LIAISON, Role.ORG_HEAD)
PER_PAGE = 20


# Access: proposals.access ------------------------------------------------------


def _get(user, pk: int) -> Assignment:
    return assignment_get_for_user(user, pk, action="handle")


# The list (workspace) -------------------------------------------------------


def _assignments_for(organizations: list[int]):
    draft_to_sign = Reply.objects.filter(
        assignment=OuterRef("pk"), round=OuterRef("round"), status=ReplyStatus.DRAFT
    )
    return (
        Assignment.objects.filter(organization_id__in=organizations)
        .select_related("proposal__lead_deputy", "organization")
        # The list is sorted before it is cut into pages: long texts would
        # be read and carried through the sort for every assignment.
        .defer("implementation_note", "proposal__body", "proposal__search_bigrams")
        .annotate(
            awaiting_signature=Exists(draft_to_sign),
            finished=AWAITING_FIRST,
        )
    )


def _needs_filter(user, needs: str) -> Q:
    form = AssignmentFilterForm
    to_accept = Q(status=A.ASSIGNED)
    to_reply = Q(status__in=HANDLING, awaiting_signature=False)
    to_sign = Q(
        status__in=HANDLING,
        awaiting_signature=True,
        organization_id=user.organization_id,
    )
    if needs == form.NEEDS_ACCEPT:
        return to_accept
    if needs == form.NEEDS_REPLY:
        return to_reply
    if needs == form.NEEDS_SIGN:
        return to_sign
    mine = Q(pk__in=[])
    if user.has_role(Role.ORG_LIAISON):
        mine |= to_accept | to_reply
    if user.has_role(Role.ORG_HEAD):
        mine |= to_sign
    return mine


def _filtered(assignments, form: AssignmentFilterForm, user, today):
    if not form.is_valid():
        return assignments
    data = form.cleaned_data
    if data["status"]:
        assignments = assignments.filter(status=data["status"])
    if data["needs"]:
        assignments = assignments.filter(_needs_filter(user, data["needs"]))
    if data["overdue"]:
        assignments = assignments.filter(
            status__in=AWAITING_ORGANIZATION, due_date__lt=today
        )
    return assignments


def _counts(assignments, user, today) -> dict:
    """The workspace's tiles, in one aggregate query over the open ones (each
    tile counts only those)."""
    return assignments.filter(status__in=AWAITING_ORGANIZATION).aggregate(
        open=Count("pk", filter=Q(status__in=AWAITING_ORGANIZATION)),
        overdue=Count(
            "pk", filter=Q(status__in=AWAITING_ORGANIZATION, due_date__lt=today)
        ),
        mine=Count("pk", filter=_needs_filter(user, AssignmentFilterForm.NEEDS_MINE)),
    )


@roles(*ORG_ROLES)
@require_GET
def org_assignments(request: HttpRequest) -> HttpResponse:
    """Our assignments, open ones first and each group by due date."""
    today = timezone.localdate()
    organizations = organizations_acting_for(request.user)
    assignments = _assignments_for(organizations)
    form = AssignmentFilterForm(request.GET, user=request.user)
    counts = _counts(assignments, request.user, today)
    filtered = _filtered(assignments, form, request.user, today)
    page = Paginator(
        filtered.order_by("finished", "due_date", "pk"), PER_PAGE
    ).get_page(request.GET.get("page"))
    for assignment in page.object_list:
        assignment.is_overdue = (
            assignment.status in AWAITING_ORGANIZATION and assignment.due_date < today
        )
    return render(
        request,
        "proposals/org/assignments.html",
        {
            "form": form,
            "page_obj": page,
            "counts": counts,
            "several_organizations": len(organizations) > 1,
        },
    )


# One assignment ----------------------------------------------------------------


def _reply_attachments(replies: list[Reply]) -> dict[int, list[Attachment]]:
    by_reply: dict[int, list[Attachment]] = {}
    if replies:
        attachments = Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(Reply),
            object_id__in=[reply.pk for reply in replies],
        )
        for attachment in attachments:
            by_reply.setdefault(attachment.object_id, []).append(attachment)
    for reply in replies:
        reply.files = by_reply.get(reply.pk, [])
    return by_reply


@roles(*ORG_ROLES)
@require_GET
def org_assignment(request: HttpRequest, pk: int) -> HttpResponse:
    """Our part in one proposal: its state, our replies and the next steps."""
    today = timezone.localdate()
    assignment = _get(request.user, pk)
    proposal = assignment.proposal
    # Never another organisation's draft (Reply.objects.visible_to).
    replies = list(
        Reply.objects.visible_to(request.user)
        .filter(assignment__proposal=proposal)
        .select_related("assignment__organization")
    )
    own = [reply for reply in replies if reply.assignment_id == assignment.pk]
    opinions = [
        reply
        for reply in replies
        if assignment.role == AssignmentRole.LEAD
        and reply.assignment.role == AssignmentRole.CO
        and reply.status == ReplyStatus.APPROVED
    ]
    _reply_attachments(own + opinions)
    context = {
        "assignment": assignment,
        "proposal": proposal,
        "steps": organization_steps(request.user, assignment, today=today),
        "is_overdue": assignment.status in AWAITING_ORGANIZATION
        and assignment.due_date < today,
        "contest_closes": contest_closes(assignment),
        "lead_phone": lead_deputy_phone(request.user, assignment),
        "own_replies": own,
        "has_draft": any(
            r.status == ReplyStatus.DRAFT and r.round == assignment.round for r in own
        ),
        "opinions": opinions,
        "others": proposal.assignments.exclude(pk=assignment.pk).select_related(
            "organization"
        ),
        "contacts": assignment.contacts.all(),
        "extensions": assignment.extension_requests.order_by("-created_at"),
        "Status": A,
    }
    return render(request, "proposals/org/assignment.html", context)


# Steps -----------------------------------------------------------------------


def _back(assignment: Assignment) -> HttpResponse:
    return redirect("proposals:org_assignment", assignment.pk)


def _unavailable(request, assignment, step: str, *, today=None) -> bool:
    """On GET, a step not offered now sends the user back with a message."""
    today = today or timezone.localdate()
    if step in organization_steps(request.user, assignment, today=today):
        return False
    closes = contest_closes(assignment)
    if step == "contest" and assignment.status == A.ASSIGNED and today > closes:
        message = gettext("The window to ask to be relieved closed on %(date)s.") % {
            "date": date_format(closes, "DATE_FORMAT")
        }
    else:
        message = gettext("This step is not available in the assignment's state.")
    messages.error(request, message)
    return True


def _confirm_step(request, pk: int, *, step: str, perform, done: str, page: dict):
    """A transition without input: GET shows the consequence (or sends the
    user back when the step is not open now), POST takes it."""
    assignment = _get(request.user, pk)
    if request.method == "GET" and _unavailable(request, assignment, step):
        return _back(assignment)
    return confirm_transition(
        request,
        perform=lambda _data: perform(assignment),
        done=done,
        back=reverse("proposals:org_assignment", args=[assignment.pk]),
        template="proposals/org/confirm.html",
        assignment=assignment,
        proposal=assignment.proposal,
        **page,
    )


def _form_step(request, pk: int, *, step: str, form_class, perform, done: str, page):
    """A step with a form: GET shows it, POST calls the service; refusals are
    shown on the form, which keeps what was typed."""
    assignment = _get(request.user, pk)
    page = page(assignment)
    form = form_class(initial=page.pop("initial", None))
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                perform(assignment, form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            except ValidationError as error:  # an attachment the engine refused
                form.add_error(None, error)
            else:
                messages.success(request, done)
                return _back(assignment)
    elif _unavailable(request, assignment, step):
        return _back(assignment)
    context = {"assignment": assignment, "proposal": assignment.proposal, "form": form}
    return render(
        request, page.pop("template", "proposals/org/step_form.html"), context | page
    )


@roles(Role.ORG_LIAISON)  # this step is the liaison's
@require_http_methods(["GET", "POST"])
def org_assignment_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm_step(
        request,
        pk,
        step="accept",
        perform=lambda a: services.assignment_accept(a, user=request.user),
        done=gettext("You accepted the assignment. Handle it by the due date."),
        page={
            "heading": gettext("Accept the assignment"),
            "consequence": gettext(
                "Accepting (签收) confirms that your organisation handles this "
                "item and replies by the due date. After accepting you can no "
                "longer ask to be relieved of it."
            ),
            "submit": gettext("Accept"),
        },
    )


@roles(Role.ORG_HEAD)  # this step is the head's
@require_http_methods(["GET", "POST"])
def org_reply_approve(request: HttpRequest, pk: int) -> HttpResponse:
    def sign(assignment: Assignment) -> None:
        draft = current_draft(assignment)
        if draft is None:
            raise DomainError(gettext("There is no draft reply to sign."))
        services.reply_approve(draft, user=request.user)

    assignment = _get(request.user, pk)
    co = assignment.role == AssignmentRole.CO
    return _confirm_step(
        request,
        pk,
        step="sign",
        perform=sign,
        done=gettext("The reply was signed and sent."),
        page={
            "heading": gettext("Sign the reply"),
            "draft": current_draft(assignment),
            "consequence": gettext(
                "Signing (签发) sends your opinion to the lead organisation. "
                "It can no longer be changed."
            )
            if co
            else gettext(
                "Signing (签发) sends the reply to the deputies, who are asked "
                "to rate your handling. It can no longer be changed."
            ),
            "submit": gettext("Sign and send"),
        },
    )


@roles(Role.ORG_HEAD)  # this step is the head's
@require_http_methods(["GET", "POST"])
def org_reply_return(request: HttpRequest, pk: int) -> HttpResponse:
    def send_back(assignment: Assignment, data: dict) -> None:
        draft = current_draft(assignment)
        if draft is None:
            raise DomainError(gettext("There is no draft reply to return."))
        services.reply_return(draft, user=request.user, comment=data["comment"])

    return _form_step(
        request,
        pk,
        step="return",
        form_class=ReturnDraftForm,
        perform=send_back,
        done=gettext("The draft was returned to its drafter with your comments."),
        page=lambda a: {
            "template": "proposals/org/reply_return.html",
            "draft": current_draft(a),
        },
    )


@roles(Role.ORG_LIAISON)  # this step is the liaison's
@require_http_methods(["GET", "POST"])
def org_assignment_contest(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_step(
        request,
        pk,
        step="contest",
        form_class=ContestForm,
        perform=lambda a, data: services.assignment_contest(
            a, user=request.user, reason=data["reason"]
        ),
        done=gettext("Your request to be relieved was sent to the office."),
        page=lambda a: {
            "heading": gettext("Ask to be relieved"),
            "intro": gettext(
                "If the matter is not for your organisation, ask the office to "
                "relieve you of it (申请调整) by %(date)s. The office decides "
                "and may assign it to another organisation."
            )
            % {"date": date_format(contest_closes(a), "DATE_FORMAT")},
            "submit": gettext("Send the request"),
        },
    )


@roles(*ORG_ROLES)
@require_http_methods(["GET", "POST"])
def org_extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_step(
        request,
        pk,
        step="extension",
        form_class=ExtensionForm,
        perform=lambda a, data: services.extension_request(
            a, user=request.user, **data
        ),
        done=gettext("Your extension request was sent to the office."),
        page=lambda a: {
            "heading": gettext("Request an extension"),
            "intro": gettext(
                "The reply is due on %(due)s. The office decides; the deadline "
                "cannot go beyond %(maximum)s, the legal maximum."
            )
            % {
                "due": date_format(a.due_date, "DATE_FORMAT"),
                "maximum": date_format(
                    services.handling.legal_maximum(a.assigned_on), "DATE_FORMAT"
                ),
            },
            "submit": gettext("Send the request"),
        },
    )


@roles(*ORG_ROLES)
@require_http_methods(["GET", "POST"])
@idempotent_post
def org_contact_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_step(
        request,
        pk,
        step="contact",
        form_class=ContactForm,
        perform=lambda a, data: services.contact_record(a, user=request.user, **data),
        done=gettext("The contact with the deputy was recorded."),
        page=lambda a: {
            "heading": gettext("Record contact with the deputy"),
            "intro": gettext(
                "Meet or call the deputy before replying (沟通见面) and record "
                "how, when and who took part."
            ),
            "submit": gettext("Record"),
            "initial": {"date": timezone.localdate()},
        },
    )


@roles(*ORG_ROLES)
@require_http_methods(["GET", "POST"])
def org_implementation_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_step(
        request,
        pk,
        step="implementation",
        form_class=ImplementationForm,
        perform=lambda a, data: services.implementation_update(
            a, user=request.user, **data
        ),
        done=gettext("The implementation was updated."),
        page=lambda a: {
            "heading": gettext("Update the implementation"),
            "intro": gettext(
                "A reply is not the end: record what has actually been done "
                "(落实情况) until the matter is solved."
            ),
            "submit": gettext("Save"),
            "initial": {
                "status": a.implementation,
                "note": a.implementation_note,
                "amount": a.outcome_amount,
                "unit": a.outcome_unit,
            },
        },
    )


def _reply_initial(assignment: Assignment) -> dict:
    reply = Reply.objects.filter(assignment=assignment, round=assignment.round).first()
    if reply is None:
        head = head_of(assignment)
        return {"signer": head.real_name if head else ""}
    fields = ("text", "reference_number", "category", "promised_date", "signer")
    return {name: getattr(reply, name) for name in (*fields, "contact", "copies_to")}


@roles(Role.ORG_LIAISON)  # this step is the liaison's
@require_http_methods(["GET", "POST"])
def org_reply_draft(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_step(
        request,
        pk,
        step="reply",
        form_class=ReplyForm,
        perform=lambda a, data: services.reply_draft(a, user=request.user, **data),
        done=gettext("The draft reply was saved; your head is asked to sign it."),
        page=lambda a: {
            "template": "proposals/org/reply_form.html",
            "initial": _reply_initial(a),
            "draft": current_draft(a),
            "returned": Reply.objects.filter(
                assignment=a, round=a.round, status=ReplyStatus.RETURNED
            ).first(),
            "is_co": a.role == AssignmentRole.CO,
        },
    )


@roles(*ORG_ROLES)
@require_GET
@limit_export
def org_reply_template(request: HttpRequest, pk: int) -> FileResponse:
    """The reply letter in the official layout, to finish in WPS or Word."""
    assignment = _get(request.user, pk)
    filename = gettext("reply-letter-no-%(number)s.docx") % {
        "number": assignment.proposal.number or assignment.proposal.pk
    }
    return FileResponse(
        io.BytesIO(reply_letter_docx(assignment)),
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument"
        ".wordprocessingml.document",
    )
