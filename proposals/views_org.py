"""The handling organisation's pages: its assignments sorted by due date (the
workspace of liaisons and heads), one assignment with the steps the user may
take now, and the reply letter template (.docx) in the official layout.

Thin views: access helper → bound form → service → message → redirect.
Whether a step is offered follows ASSIGNMENT_TRANSITIONS and the states the
handling services accept; the services check everything again.
"""

import datetime
import io
import zipfile
from xml.sax.saxutils import escape

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from congress import rules
from congress.access import roles
from congress.calendar import add_working_days
from congress.exceptions import DomainError
from congress.idempotency import idempotent_post
from congress.models import Attachment, User
from congress.roles import Role
from proposals import services
from proposals.access import organizations_acting_for
from proposals.forms_org import (
    AssignmentFilterForm,
    ContactForm,
    ContestForm,
    ExtensionForm,
    ImplementationForm,
    ReplyForm,
)
from proposals.models import (
    OPEN_ASSIGNMENT_STATUSES,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Reply,
    ReplyStatus,
)
from proposals.services.handling import AFTER_REPLY, CONTACT_ALLOWED, HANDLING
from proposals.workflow import ASSIGNMENT_TRANSITIONS, CONTEST_WINDOW_DAYS

A = AssignmentStatus
ORG_ROLES = (Role.ORG_LIAISON, Role.ORG_HEAD)
PER_PAGE = 20
# Steps only one of the two roles takes (the services say the same).
LIAISON_STEPS = {"accept", "contest", "reply"}
HEAD_STEPS = {"sign"}


# Access ----------------------------------------------------------------------


def assignment_get_for_org(user, pk: int) -> Assignment:
    """One of the assignments of the organisations the user acts for (the
    government office: also the departments it coordinates), else 404."""
    assignment = (
        Assignment.objects.filter(
            pk=pk, organization_id__in=organizations_acting_for(user)
        )
        .select_related("proposal__lead_deputy", "organization", "via_hub")
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def _require_role_for(user, step: str) -> None:
    if step in LIAISON_STEPS and not user.has_role(Role.ORG_LIAISON):
        raise PermissionDenied(gettext("Only the organisation's liaison does this."))
    if step in HEAD_STEPS and not user.has_role(Role.ORG_HEAD):
        raise PermissionDenied(
            gettext("Only the head of the organisation signs its reply.")
        )


def _contest_closes(assignment: Assignment) -> datetime.date:
    return add_working_days(assignment.assigned_on, rules.get(CONTEST_WINDOW_DAYS.key))


def _current_draft(assignment: Assignment) -> Reply | None:
    return Reply.objects.filter(
        assignment=assignment, round=assignment.round, status=ReplyStatus.DRAFT
    ).first()


def _steps(user, assignment: Assignment, *, today: datetime.date) -> set[str]:
    """The steps to offer the user now (buttons on the page)."""
    status = assignment.status
    following = ASSIGNMENT_TRANSITIONS[status]
    steps = set()
    if status in (A.ASSIGNED, A.CONTESTED) and A.ACCEPTED in following:
        steps.add("accept")
    if A.CONTESTED in following and today <= _contest_closes(assignment):
        steps.add("contest")
    if status in HANDLING:
        steps |= {"reply", "extension"}
        own_org = user.organization_id == assignment.organization_id
        if own_org and A.REPLIED in following and _current_draft(assignment):
            steps.add("sign")
    if status in CONTACT_ALLOWED:
        steps.add("contact")
    if status in AFTER_REPLY:
        steps.add("implementation")
    if not user.has_role(Role.ORG_LIAISON):
        steps -= LIAISON_STEPS
    if not user.has_role(Role.ORG_HEAD):
        steps -= HEAD_STEPS
    return steps


# The list (workspace) -------------------------------------------------------


def _assignments_for(organizations: list[int]):
    draft_to_sign = Reply.objects.filter(
        assignment=OuterRef("pk"), round=OuterRef("round"), status=ReplyStatus.DRAFT
    )
    return (
        Assignment.objects.filter(organization_id__in=organizations)
        .select_related("proposal__lead_deputy", "organization")
        .annotate(
            awaiting_signature=Exists(draft_to_sign),
            finished=Case(
                When(status__in=OPEN_ASSIGNMENT_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
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
            status__in=OPEN_ASSIGNMENT_STATUSES, due_date__lt=today
        )
    return assignments


def _counts(assignments, user, today) -> dict:
    """The workspace's tiles, in one aggregate query."""
    return assignments.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_ASSIGNMENT_STATUSES)),
        overdue=Count(
            "pk", filter=Q(status__in=OPEN_ASSIGNMENT_STATUSES, due_date__lt=today)
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
            assignment.status in OPEN_ASSIGNMENT_STATUSES
            and assignment.due_date < today
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
    assignment = assignment_get_for_org(request.user, pk)
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
        "steps": _steps(request.user, assignment, today=today),
        "is_overdue": assignment.status in OPEN_ASSIGNMENT_STATUSES
        and assignment.due_date < today,
        "contest_closes": _contest_closes(assignment),
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
    if step in _steps(request.user, assignment, today=today):
        return False
    closes = _contest_closes(assignment)
    if step == "contest" and assignment.status == A.ASSIGNED and today > closes:
        message = gettext("The window to ask to be relieved closed on %(date)s.") % {
            "date": date_format(closes, "DATE_FORMAT")
        }
    else:
        message = gettext("This step is not available in the assignment's state.")
    messages.error(request, message)
    return True


def _confirm_step(request, pk: int, *, step: str, perform, done: str, page: dict):
    """A transition without input: GET shows the consequence, POST takes it."""
    _require_role_for(request.user, step)
    assignment = assignment_get_for_org(request.user, pk)
    if request.method == "POST":
        try:
            perform(assignment)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
        return _back(assignment)
    if _unavailable(request, assignment, step):
        return _back(assignment)
    return render(
        request,
        "proposals/org/confirm.html",
        {"assignment": assignment, "proposal": assignment.proposal, **page},
    )


def _form_step(request, pk: int, *, step: str, form_class, perform, done: str, page):
    """A step with a form: GET shows it, POST calls the service; refusals are
    shown on the form, which keeps what was typed."""
    _require_role_for(request.user, step)
    assignment = assignment_get_for_org(request.user, pk)
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


@roles(*ORG_ROLES)
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


@roles(*ORG_ROLES)
@require_http_methods(["GET", "POST"])
def org_reply_approve(request: HttpRequest, pk: int) -> HttpResponse:
    def sign(assignment: Assignment) -> None:
        draft = _current_draft(assignment)
        if draft is None:
            raise DomainError(gettext("There is no draft reply to sign."))
        services.reply_approve(draft, user=request.user)

    _require_role_for(request.user, "sign")
    assignment = assignment_get_for_org(request.user, pk)
    co = assignment.role == AssignmentRole.CO
    return _confirm_step(
        request,
        pk,
        step="sign",
        perform=sign,
        done=gettext("The reply was signed and sent."),
        page={
            "heading": gettext("Sign the reply"),
            "draft": _current_draft(assignment),
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


@roles(*ORG_ROLES)
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
            % {"date": date_format(_contest_closes(a), "DATE_FORMAT")},
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
        head = _head_of(assignment)
        return {"signer": head.real_name if head else ""}
    fields = ("text", "reference_number", "category", "promised_date", "signer")
    return {name: getattr(reply, name) for name in (*fields, "contact", "copies_to")}


@roles(*ORG_ROLES)
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
            "draft": _current_draft(a),
            "is_co": a.role == AssignmentRole.CO,
        },
    )


# The reply letter template (.docx) ------------------------------------------


def _head_of(assignment: Assignment) -> User | None:
    return (
        User.objects.with_role(Role.ORG_HEAD)
        .filter(organization_id=assignment.organization_id)
        .order_by("pk")
        .first()
    )


def _split_contact(contact: str) -> tuple[str, str]:
    """ "李科长 13900000000" → ("李科长", "13900000000")."""
    name, _space, phone = contact.strip().rpartition(" ")
    if name and any(char.isdigit() for char in phone):
        return name.strip(), phone
    return contact.strip(), ""


def _letter_paragraphs(assignment: Assignment) -> list[tuple[str, str]]:
    """(style, text) for each paragraph of the letter, filled from the
    assignment and, when there is one, the current round's reply."""
    proposal = assignment.proposal
    reply = Reply.objects.filter(assignment=assignment, round=assignment.round).first()
    blank = "＿＿＿＿"
    head = _head_of(assignment)
    signer = reply.signer if reply else (head.real_name if head else blank)
    name, phone = _split_contact(reply.contact) if reply else (blank, blank)
    names = {"title": proposal.title, "deputy": proposal.lead_deputy.name}
    if assignment.role == AssignmentRole.CO:
        lead = proposal.assignments.filter(role=AssignmentRole.LEAD).exclude(
            status=A.WITHDRAWN
        )
        title = gettext("Co-handling opinion on “%(title)s” by deputy %(deputy)s")
        salutation = "、".join(lead.values_list("organization__name", flat=True))
        salutation = gettext("%(organization)s:") % {"organization": salutation}
    else:
        title = gettext("Reply to “%(title)s” submitted by deputy %(deputy)s")
        salutation = gettext("Deputy %(deputy)s:") % names
    body = reply.text.splitlines() if reply else []
    body = [line for line in body if line.strip()] or [
        gettext(
            "[The reply: what has been done, what will be done and by when, "
            "and why where something cannot be done.]"
        )
    ]
    copies = (reply.copies_to if reply else "") or (
        assignment.via_hub.name if assignment.via_hub else blank
    )
    category = reply.category if reply else "A / B / C"
    number = reply.reference_number if reply else blank
    signed_by = gettext("Signed by: %(signer)s") % {"signer": signer}
    return [
        ("mark", gettext("Category: %(category)s") % {"category": category}),
        ("letterhead", assignment.organization.name),
        ("number", f"{number}\t{signed_by}"),
        ("title", title % names),
        ("plain", salutation),
        (
            "body",
            gettext(
                "We have received “%(title)s” (No. %(number)s), which you "
                "submitted. Our reply follows:"
            )
            % {"title": proposal.title, "number": proposal.number or blank},
        ),
        *(("body", line.strip()) for line in body),
        ("body", gettext("Thank you for your concern for and support of our work.")),
        ("right", assignment.organization.name),
        ("right", date_format(timezone.localdate(), "DATE_FORMAT")),
        ("plain", gettext("Contact person: %(name)s") % {"name": name}),
        ("plain", gettext("Phone: %(phone)s") % {"phone": phone or blank}),
        ("copies", gettext("Copies to: %(copies)s") % {"copies": copies}),
    ]


# GB/T 9704 layout: A4, 3-size 仿宋 body, 2-size 小标宋 title, red letterhead.
# Word rejects a file whose property elements are out of the schema's order
# (pBdr, tabs, spacing, ind, jc; rFonts, color, sz): keep them so.
TEXT_WIDTH = 11906 - 1588 - 1474
LETTER_STYLES = {
    # style: (paragraph properties, run properties)
    "mark": ("", "<w:rFonts w:eastAsia='黑体'/><w:sz w:val='32'/>"),
    "letterhead": (
        "<w:pBdr><w:bottom w:val='single' w:sz='18' w:space='6' w:color='FF0000'/>"
        "</w:pBdr><w:spacing w:before='240' w:after='240'/><w:jc w:val='center'/>",
        "<w:rFonts w:eastAsia='方正小标宋简体'/><w:color w:val='FF0000'/>"
        "<w:sz w:val='60'/>",
    ),
    "number": (
        f"<w:tabs><w:tab w:val='right' w:pos='{TEXT_WIDTH}'/></w:tabs>"
        "<w:spacing w:after='480'/>",
        "<w:rFonts w:eastAsia='仿宋_GB2312'/><w:sz w:val='32'/>",
    ),
    "title": (
        "<w:spacing w:after='480'/><w:jc w:val='center'/>",
        "<w:rFonts w:eastAsia='方正小标宋简体'/><w:sz w:val='44'/>",
    ),
    "plain": ("", "<w:rFonts w:eastAsia='仿宋_GB2312'/><w:sz w:val='32'/>"),
    "body": (
        "<w:ind w:firstLineChars='200' w:firstLine='640'/>",
        "<w:rFonts w:eastAsia='仿宋_GB2312'/><w:sz w:val='32'/>",
    ),
    "right": (
        "<w:jc w:val='right'/>",
        "<w:rFonts w:eastAsia='仿宋_GB2312'/><w:sz w:val='32'/>",
    ),
    "copies": (
        "<w:pBdr><w:top w:val='single' w:sz='6' w:space='4' w:color='000000'/>"
        "</w:pBdr><w:spacing w:before='480'/>",
        "<w:rFonts w:eastAsia='仿宋_GB2312'/><w:sz w:val='28'/>",
    ),
}
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
    "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'>"
    "<Default Extension='rels' "
    "ContentType='application/vnd.openxmlformats-package.relationships+xml'/>"
    "<Default Extension='xml' ContentType='application/xml'/>"
    "<Override PartName='/word/document.xml' ContentType='application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'/>"
    "</Types>"
)
PACKAGE_RELS = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
    "<Relationships "
    "xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
    "<Relationship Id='rId1' Type='http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/officeDocument' Target='word/document.xml'/>"
    "</Relationships>"
)


def _paragraph_xml(style: str, text: str) -> str:
    paragraph, run = LETTER_STYLES[style]
    runs = "<w:r><w:tab/></w:r>".join(
        f"<w:r><w:rPr>{run}</w:rPr><w:t xml:space='preserve'>{escape(part)}</w:t></w:r>"
        for part in text.split("\t")
    )
    return f"<w:p><w:pPr>{paragraph}</w:pPr>{runs}</w:p>"


def reply_letter_docx(assignment: Assignment) -> bytes:
    """A minimal WordprocessingML package: the parts Word and WPS need."""
    body = "".join(_paragraph_xml(*item) for item in _letter_paragraphs(assignment))
    document = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
        f"<w:document xmlns:w='{W_NS}'><w:body>{body}"
        "<w:sectPr><w:pgSz w:w='11906' w:h='16838'/>"
        "<w:pgMar w:top='2098' w:right='1474' w:bottom='1984' w:left='1588' "
        "w:header='851' w:footer='992' w:gutter='0'/></w:sectPr>"
        "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        package.writestr("word/document.xml", document)
    return buffer.getvalue()


@roles(*ORG_ROLES)
@require_GET
def org_reply_template(request: HttpRequest, pk: int) -> FileResponse:
    """The reply letter in the official layout, to finish in WPS or Word."""
    assignment = assignment_get_for_org(request.user, pk)
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
