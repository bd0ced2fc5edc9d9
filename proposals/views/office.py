"""The office staff's pages: the review queue, numbering and the presidium's
decisions, paper entry, assignment, the board of everything open, extensions,
relieving, sending replies back, supervision, closing, publishing, look-back;
and the leaders' key suggestions.

Thin views: access declaration → form → service → message → redirect. The
services check state and role again; DomainError becomes a message,
PermissionDenied a 403. Transitions are POST-only; their GET is a confirm
page that says what will happen.
"""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from congress.access import list_scope, roles, scope_context
from congress.confirm import confirm_transition
from congress.exceptions import DomainError, ImportRejected
from congress.idempotency import idempotent_post
from congress.ratelimits import limit_export, limit_import
from congress.redirects import next_url
from congress.roles import Role
from congress.spreadsheets import read_rows
from proposals import selectors, services
from proposals.access import assignment_get_for_user, proposal_get_for_user
from proposals.forms_office import (
    COLUMN_LABELS,
    PAPER_COLUMNS,
    TEMPLATE_HEADERS,
    AssignFilterForm,
    AssignForm,
    BoardFilterForm,
    ExtensionDecisionForm,
    KeyForm,
    LookBackForm,
    MotionDecisionForm,
    NoteForm,
    NumberForm,
    PaperEntryForm,
    PaperUploadForm,
    ReasonForm,
    RegisterForm,
    RelieveForm,
    SupervisionForm,
    active_categories,
    assignable_proposals,
    paper_rows,
)
from proposals.models import (
    UNFINISHED,
    Assignment,
    AssignmentStatus,
    ExtensionRequest,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Reply,
)

PER_PAGE = 50


office_only = roles(Role.OFFICE)


# Helpers ----------


def _posted(request: HttpRequest) -> tuple:
    """Bind forms on POST even when nothing was sent (all fields optional)."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _page(request: HttpRequest, items, per_page: int = PER_PAGE):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _done(request: HttpRequest, message: str, default: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(next_url(request, default))


def _refused(request: HttpRequest, error: DomainError, default: str) -> HttpResponse:
    messages.error(request, error.message)
    return redirect(next_url(request, default))


def _confirm(request: HttpRequest, **kwargs) -> HttpResponse:
    """A transition's confirm page and its POST (congress.confirm)."""
    return confirm_transition(
        request, template="proposals/office/confirm.html", **kwargs
    )


def _proposal_url(proposal: Proposal) -> str:
    return proposal.get_absolute_url()


# Review queue: register (审查、分类) or return ----------


@office_only
@require_GET
def office_queue(request: HttpRequest) -> HttpResponse:
    """Submitted items awaiting review, oldest first."""
    # Queries: 1 count + 1 page of items with their lead deputy, 1 categories.
    items = (
        Proposal.objects.filter(status=ProposalStatus.SUBMITTED)
        .select_related("lead_deputy", "category", "meeting__term")
        .order_by("submitted_at", "pk")
    )
    # A working committee's staff see the items of its categories and those
    # not yet classified, unless they ask for all (one query for their body).
    if (body := list_scope(request)) is not None:
        items = items.filter(
            Q(category__supervising_body_id=body) | Q(category__isnull=True)
        )
    return render(
        request,
        "proposals/office/queue.html",
        {
            "page_obj": _page(request, items),
            "categories": list(active_categories()),
            **scope_context(request),
        },
    )


@office_only
@require_http_methods(["GET", "POST"])
def office_register(request: HttpRequest) -> HttpResponse:
    """Register one or several items with one category, in one transaction."""
    queue = reverse("proposals:office_queue")
    if request.method == "GET":
        return redirect(queue)
    form = RegisterForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(next_url(request, queue))
    category = form.cleaned_data["category"]
    try:
        registered = services.proposals_register(
            form.cleaned_data["proposals"],
            user=request.user,
            category=category,
            confidential=form.cleaned_data["confidential"],
        )
    except DomainError as error:
        return _refused(request, error, queue)
    count = len(registered)
    return _done(
        request,
        ngettext(
            "%(count)s item was reviewed and classified as %(category)s.",
            "%(count)s items were reviewed and classified as %(category)s.",
            count,
        )
        % {"count": count, "category": category},
        queue,
    )


@office_only
@require_http_methods(["GET", "POST"])
def office_register_one(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirm page for one item; its form posts to the batch view."""
    proposal = proposal_get_for_user(request.user, pk)
    if request.method == "POST":
        return office_register(request)
    back = _proposal_url(proposal)
    return render(
        request,
        "proposals/office/confirm.html",
        {
            "proposal": proposal,
            "title": gettext("Review and classify"),
            "consequence": gettext(
                "The item is accepted after review and gets the category you "
                "choose; it is numbered afterwards, with the others of its "
                "sequence."
            ),
            "form": RegisterForm(initial={"category": proposal.category_id}),
            "hidden": {"proposals": proposal.pk},
            "fields": ["category", "confidential"],
            "submit": gettext("Review and classify"),
            "cancel_url": back,
            "next": next_url(request, back),
        },
    )


@office_only
@require_http_methods(["GET", "POST"])
def office_return(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_get_for_user(request.user, pk)
    return _confirm(
        request,
        form=ReasonForm(_posted(request)[0]),
        perform=lambda data: services.proposal_return(
            proposal, user=request.user, reason=data["reason"]
        ),
        done=gettext("“%(title)s” was returned to the lead deputy for revision.")
        % {"title": proposal.title},
        back=reverse("proposals:office_queue"),
        proposal=proposal,
        title=gettext("Return for revision"),
        consequence=gettext(
            "The lead deputy is told your reason, can revise the item and "
            "submit it again."
        ),
        fields=["reason"],
        submit=gettext("Return"),
        danger=True,
    )


# Numbering (编号) and the presidium's decisions ----------


def _awaiting_number():
    return Proposal.objects.filter(
        status=ProposalStatus.REGISTERED, number__isnull=True
    )


@office_only
@require_http_methods(["GET", "POST"])
def office_number(request: HttpRequest) -> HttpResponse:
    """Registered items awaiting their number; motions first need the
    presidium's decision. POST numbers the selection (or everything ready)."""
    if request.method == "POST":
        return _number(request)
    # Queries: 1 count + 1 page of items.
    items = (
        _awaiting_number()
        .select_related("lead_deputy", "category", "term")
        .order_by("kind", "period", "submitted_at", "pk")
    )
    return render(
        request,
        "proposals/office/number.html",
        {"page_obj": _page(request, items, 100)},
    )


def _number(request: HttpRequest) -> HttpResponse:
    here = reverse("proposals:office_number")
    form = NumberForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(here)
    items = form.cleaned_data["proposals"]
    if form.cleaned_data["everything"]:
        # Motions awaiting the presidium stay for later.
        items = _awaiting_number().exclude(
            kind=ProposalKind.MOTION, presidium_decision=""
        )
    try:
        numbered = services.proposals_number(list(items), user=request.user)
    except DomainError as error:
        return _refused(request, error, here)
    return _done(
        request,
        ngettext(
            "%(count)s item was numbered.",
            "%(count)s items were numbered.",
            len(numbered),
        )
        % {"count": len(numbered)},
        here,
    )


@office_only
@require_http_methods(["GET", "POST"])
def office_motion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_get_for_user(request.user, pk)
    return _confirm(
        request,
        form=MotionDecisionForm(_posted(request)[0]),
        perform=lambda data: services.motion_decide(
            proposal, decision=data["decision"], user=request.user
        ),
        done=gettext("The presidium's decision on “%(title)s” was recorded.")
        % {"title": proposal.title},
        back=reverse("proposals:office_number"),
        proposal=proposal,
        title=gettext("Record the presidium's decision"),
        consequence=gettext(
            "Record what the session presidium decided on this motion. A motion "
            "converted into a suggestion is numbered and assigned as a session "
            "suggestion. The lead deputy is told."
        ),
        fields=["decision"],
        submit=gettext("Record the decision"),
    )


# Paper entry ----------


@office_only
@require_http_methods(["GET", "POST"])
@idempotent_post
def office_paper_entry(request: HttpRequest) -> HttpResponse:
    """Type in items received on paper, one after another from the keyboard."""
    form = PaperEntryForm(_posted(request)[0], initial=_sticky(request))
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_register_paper(
                **form.service_arguments(), user=request.user
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            request.session["office_paper_sticky"] = {
                name: getattr(value, "pk", value)
                for name, value in form.sticky_initial().items()
            }
            messages.success(
                request,
                gettext("Saved “%(title)s” of %(deputy)s. Next item:")
                % {"title": proposal.title, "deputy": proposal.lead_deputy.name},
            )
            return redirect("proposals:office_paper_entry")
    return render(
        request,
        "proposals/office/paper_entry.html",
        {"form": form, "upload_form": PaperUploadForm()},
    )


def _sticky(request: HttpRequest) -> dict:
    return dict(request.session.get("office_paper_sticky") or {})


@office_only
@require_http_methods(["GET", "POST"])
@limit_import
def office_paper_upload(request: HttpRequest) -> HttpResponse:
    """Enter a whole spreadsheet of paper items: all or nothing."""
    form = PaperUploadForm(*_posted(request))
    row_errors: list = []
    if request.method == "POST" and form.is_valid():
        created, row_errors = _import_paper(request, form)
        if created:
            return _done(
                request,
                ngettext(
                    "%(count)s item was entered; the items await review.",
                    "%(count)s items were entered; the items await review.",
                    len(created),
                )
                % {"count": len(created)},
                reverse("proposals:office_queue"),
            )
    return render(
        request,
        "proposals/office/paper_upload.html",
        {"form": form, "row_errors": row_errors},
    )


def _import_paper(request: HttpRequest, form: PaperUploadForm) -> tuple[list, list]:
    """(items created, row errors): all rows or nothing."""
    try:
        table = read_rows(form.cleaned_data["file"], PAPER_COLUMNS)
        rows = paper_rows(table, meeting=form.cleaned_data["meeting"])
    except ValidationError as error:
        form.add_error("file", error)
        return [], []
    except ImportRejected as rejected:
        messages.error(request, rejected.message)
        return [], _labelled(rejected.errors)
    if not rows:
        form.add_error("file", gettext("The spreadsheet has no rows."))
        return [], []
    try:
        created = services.proposals_register_paper_batch(rows, user=request.user)
    except ImportRejected as rejected:
        messages.error(request, rejected.message)
        # The service counts rows from 1; the reader kept each one's sheet row.
        sheet_rows = [number for number, _values in table]
        errors = [(sheet_rows[n - 1], f, m) for n, f, m in rejected.errors]
        return [], _labelled(errors)
    except DomainError as error:
        messages.error(request, error.message)
        return [], []
    return created, []


def _labelled(errors: list) -> list:
    """Name the spreadsheet's column instead of the field."""
    return [
        (row, COLUMN_LABELS.get(field, field), message)
        for row, field, message in errors
    ]


@office_only
@require_GET
@limit_export
def office_paper_template(request: HttpRequest) -> HttpResponse:
    """An empty CSV with the expected headers, to fill in WPS or Excel."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="paper-items.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a byte-order mark
    csv.writer(response).writerow(TEMPLATE_HEADERS)
    return response


# Assignment (交办) ----------


@office_only
@require_http_methods(["GET", "POST"])
def office_assign(request: HttpRequest) -> HttpResponse:
    """Assign one or many numbered items to a lead organisation and
    co-handling ones, or split by portfolio (分口办理), optionally marking
    them key with supervising leaders."""
    filters = AssignFilterForm(request.GET or None)
    if request.method == "POST":
        form = AssignForm(request.POST)
        if form.is_valid() and (created := _assign(request, form)) is not None:
            count = len({a.proposal_id for a in created})
            return _done(
                request,
                ngettext(
                    "%(count)s item was assigned.",
                    "%(count)s items were assigned.",
                    count,
                )
                % {"count": count},
                reverse("proposals:office_assign"),
            )
    else:
        form = AssignForm(initial={"proposals": request.GET.getlist("proposals")})
    # Queries: 1 candidates (with lead deputy, category), 1 organisations for
    # lead, 1 for co, 1 leaders, 1 categories of the filter; the split rows'
    # organisations and leaders in charge, 1 each (AssignForm).
    candidates = assignable_proposals().select_related("lead_deputy", "category")
    if filters.is_valid():
        if filters.cleaned_data["category"]:
            candidates = candidates.filter(category=filters.cleaned_data["category"])
        if filters.cleaned_data["kind"]:
            candidates = candidates.filter(kind=filters.cleaned_data["kind"])
    selected = {str(value) for value in (form["proposals"].value() or [])}
    return render(
        request,
        "proposals/office/assign.html",
        {
            "form": form,
            "filters": filters,
            "candidates": candidates.order_by("kind", "period", "number"),
            "selected": selected,
        },
    )


def _assign(request: HttpRequest, form: AssignForm) -> list[Assignment] | None:
    data = form.cleaned_data
    split = form.is_split
    try:
        created = services.proposals_assign(
            list(data["proposals"]),
            lead=None if split else data["lead"],
            co=[] if split else list(data["co"]),
            parts=[services.SplitPart(**part) for part in form.split_parts()]
            if split
            else [],
            assigned_on=data["assigned_on"],
            hard_case=data["hard_case"],
            due_date=data["due_date"],
            key_leaders=data["leaders"] if data["is_key"] else None,
            leader_in_charge=data["leader_in_charge"],
            handler=data["handler"],
            supervisor=data["supervisor"],
            user=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
        form.add_error(None, error.message)
        return None
    return created


@office_only
@require_http_methods(["GET", "POST"])
def office_mark_key(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_get_for_user(request.user, pk)
    return _confirm(
        request,
        form=KeyForm(
            request.POST or None,
            initial={"leaders": list(proposal.supervising_leaders.all())},
        ),
        perform=lambda data: services.proposal_mark_key(
            proposal, leaders=data["leaders"], user=request.user
        ),
        done=gettext("“%(title)s” is a key suggestion now.")
        % {"title": proposal.title},
        back=_proposal_url(proposal),
        proposal=proposal,
        title=gettext("Mark as a key suggestion"),
        consequence=gettext(
            "The leaders you choose supervise its handling and are told so."
        ),
        fields=["leaders"],
        submit=gettext("Mark as key"),
    )


# Board ----------


@office_only
@require_GET
def office_board(request: HttpRequest) -> HttpResponse:
    """Everything open, by state and by organisation; the open assignments
    with their due dates, overdue first."""
    today = timezone.localdate()
    filters = BoardFilterForm(request.GET or None)
    where = filters.assignment_filter(today)
    # A working committee's staff see the items it supervises unless they
    # ask for all (one query for their body).
    if (body := list_scope(request)) is not None:
        where &= Q(proposal__category__supervising_body_id=body)
    # Query 1: proposals per state (the filters on assignments do not apply).
    by_state = selectors.proposal_state_counts(body=body)
    # Queries 2–4: assignments per organisation × state, with the overdue
    # ones (selectors.board_cells: the summary queue, its rows, the overdue).
    chosen = filters.cleaned_data if filters.is_valid() else {}
    cells = selectors.board_cells(filters=chosen, body=body, today=today)
    # Queries 5–6: count and page of open assignments, overdue first (the
    # earliest due date first puts the overdue ones on top); "overdue only"
    # means still with the organisation after the due date.
    open_assignments = Assignment.objects.filter(where, status__in=UNFINISHED)
    if chosen.get("overdue"):
        open_assignments = open_assignments.overdue(today)
    open_assignments = open_assignments.select_related(
        "proposal", "organization"
    ).order_by("due_date", "pk")
    page = _page(request, open_assignments)
    for assignment in page.object_list:
        assignment.is_overdue = assignment.overdue_on(today)
    # Queries 7–9 render the filter's organisations, categories and terms.
    return render(
        request,
        "proposals/office/board.html",
        {
            "filters": filters,
            "states": _state_rows(by_state),
            "matrix": _matrix(cells),
            "columns": AssignmentStatus.choices,
            "page_obj": page,
            "today": today,
            **scope_context(request),
        },
    )


def _state_rows(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(label, counts.get(value, 0)) for value, label in ProposalStatus.choices]


def _matrix(cells) -> list[dict]:
    """Rows per organisation with a count per assignment state."""
    rows: dict[int, dict] = {}
    for cell in cells:
        row = rows.setdefault(
            cell["organization_id"],
            {
                "id": cell["organization_id"],
                "name": cell["organization__name"],
                "counts": dict.fromkeys(AssignmentStatus.values, 0),
                "overdue": 0,
                "total": 0,
            },
        )
        row["counts"][cell["status"]] = cell["n"]
        row["overdue"] += cell["overdue"]
        row["total"] += cell["n"]
    for row in rows.values():
        row["cells"] = [row["counts"][value] for value in AssignmentStatus.values]
    return list(rows.values())


# Extensions ----------


@office_only
@require_GET
def office_extensions(request: HttpRequest) -> HttpResponse:
    # Queries: 1 count + 1 page of requests with assignment, organisation,
    # proposal and requester.
    pending = (
        ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING)
        .select_related(
            "assignment__organization", "assignment__proposal", "requested_by"
        )
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "proposals/office/extensions.html",
        {"page_obj": _page(request, pending)},
    )


@office_only
@require_http_methods(["GET", "POST"])
def office_extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_object_or_404(
        ExtensionRequest.objects.select_related(
            "assignment__organization", "assignment__proposal"
        ),
        pk=pk,
    )
    organization = {"organization": extension.assignment.organization}

    def decide(data: dict) -> bool:
        grant = data["decision"] == ExtensionDecisionForm.GRANT
        services.extension_decide(extension, user=request.user, grant=grant)
        return grant

    return _confirm(
        request,
        form=ExtensionDecisionForm(_posted(request)[0]),
        perform=decide,
        done=lambda granted: (
            (
                gettext("The extension for %(organization)s was granted.")
                if granted
                else gettext("The extension for %(organization)s was refused.")
            )
            % organization
        ),
        back=reverse("proposals:office_extensions"),
        proposal=extension.assignment.proposal,
        extension=extension,
        title=gettext("Decide on the extension request"),
        consequence=gettext(
            "Granting moves the reply deadline to the requested date; refusing "
            "keeps it. The organisation is told either way."
        ),
        decision_buttons=True,
    )


# Assignments: relieve, send a reply back, finish supervision, urge ----


def _assignment(request: HttpRequest, pk: int, *, action: str = "view") -> Assignment:
    return assignment_get_for_user(request.user, pk, action=action)


@office_only
@require_http_methods(["GET", "POST"])
def office_relieve(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    return _confirm(
        request,
        form=RelieveForm(_posted(request)[0]),
        perform=lambda data: services.assignment_relieve(
            assignment, user=request.user, reassign_to=data["reassign_to"]
        ),
        done=gettext("%(organization)s was relieved of the item.")
        % {"organization": assignment.organization},
        back=_proposal_url(assignment.proposal),
        proposal=assignment.proposal,
        assignment=assignment,
        title=gettext("Relieve the organisation"),
        consequence=gettext(
            "The organisation no longer handles the item. If you choose another "
            "organisation, it takes over the same role and reply deadline."
        ),
        fields=["reassign_to"],
        submit=gettext("Relieve"),
        danger=True,
    )


@office_only
@require_http_methods(["GET", "POST"])
def office_reply_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    reply = get_object_or_404(
        Reply.objects.select_related(
            "assignment__proposal", "assignment__organization"
        ),
        pk=pk,
    )
    return _confirm(
        request,
        form=ReasonForm(_posted(request)[0]),
        perform=lambda data: services.reply_send_back(
            reply, user=request.user, reason=data["reason"]
        ),
        done=gettext("The reply was sent back to %(organization)s.")
        % {"organization": reply.assignment.organization},
        back=_proposal_url(reply.assignment.proposal),
        proposal=reply.assignment.proposal,
        reply=reply,
        title=gettext("Send the reply back"),
        consequence=gettext(
            "The reply is withdrawn before it is rated and the organisation "
            "handles the item again, with your reason (for example, the "
            "category does not match the content)."
        ),
        fields=["reason"],
        submit=gettext("Send back"),
        danger=True,
    )


@office_only
@require_http_methods(["GET", "POST"])
def office_finish_supervision(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    return _confirm(
        request,
        form=SupervisionForm(_posted(request)[0]),
        perform=lambda data: services.assignment_finish_supervision(
            assignment, user=request.user, note=data["note"]
        ),
        done=gettext("The supervision was finished."),
        back=_proposal_url(assignment.proposal),
        proposal=assignment.proposal,
        assignment=assignment,
        title=gettext("Finish the supervision"),
        consequence=gettext(
            "The escalated assignment is done; the lead deputy is told what the "
            "supervision achieved."
        ),
        fields=["note"],
        submit=gettext("Finish the supervision"),
    )


@roles(Role.OFFICE, Role.LEADER)
@require_http_methods(["GET", "POST"])
def office_urge(request: HttpRequest, pk: int) -> HttpResponse:
    """Office staff and supervising leaders urge (催办) an organisation."""
    assignment = _assignment(request, pk)
    return _confirm(
        request,
        form=NoteForm(_posted(request)[0]),
        perform=lambda data: services.assignment_urge(
            assignment, user=request.user, note=data["note"]
        ),
        done=gettext("%(organization)s was urged.")
        % {"organization": assignment.organization},
        back=_proposal_url(assignment.proposal),
        proposal=assignment.proposal,
        assignment=assignment,
        title=gettext("Urge the organisation"),
        consequence=gettext(
            "The organisation's liaisons are told that you urge them; the "
            "urging is recorded and counted."
        ),
        fields=["note"],
        submit=gettext("Urge"),
    )


# Closing, publishing, look-back ----------


@office_only
@require_http_methods(["GET", "POST"])
def office_close(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_get_for_user(request.user, pk)
    return _confirm(
        request,
        perform=lambda _data: services.proposal_close(proposal, user=request.user),
        done=gettext("“%(title)s” is closed.") % {"title": proposal.title},
        back=_proposal_url(proposal),
        proposal=proposal,
        title=gettext("Close the handling"),
        consequence=gettext(
            "The handling is complete: no more replies or ratings. The lead "
            "deputy is told. Closed items that are not confidential can then "
            "be published."
        ),
        submit=gettext("Close"),
    )


@office_only
@require_http_methods(["GET", "POST"])
def office_publish(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_get_for_user(request.user, pk)
    return _confirm(
        request,
        perform=lambda _data: services.proposal_publish(proposal, user=request.user),
        done=gettext("“%(title)s” is published.") % {"title": proposal.title},
        back=_proposal_url(proposal),
        proposal=proposal,
        title=gettext("Publish the replies"),
        consequence=gettext(
            "Every deputy can read the item and its replies, and they appear on "
            "the public pages. This cannot be undone here."
        ),
        submit=gettext("Publish"),
    )


@office_only
@require_http_methods(["GET", "POST"])
def office_look_back(request: HttpRequest) -> HttpResponse:
    """Closed key suggestions, to select for next year's look-back (回头看)."""
    here = reverse("proposals:office_look_back")
    if request.method == "POST":
        form = LookBackForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect(next_url(request, here))
        try:
            selected = services.proposals_select_look_back(
                form.cleaned_data["proposals"], user=request.user
            )
        except DomainError as error:
            return _refused(request, error, here)
        return _done(
            request,
            ngettext(
                "%(count)s item was selected for look-back.",
                "%(count)s items were selected for look-back.",
                len(selected),
            )
            % {"count": len(selected)},
            here,
        )
    # Queries: 1 count + 1 page (with the count of return visits).
    items = (
        Proposal.objects.filter(status=ProposalStatus.CLOSED, is_key=True)
        .select_related("lead_deputy", "category", "term")
        .annotate(visits=Count("follow_up_visits"))
        .order_by("look_back", "-term__number", "kind", "number")
    )
    return render(
        request, "proposals/office/look_back.html", {"page_obj": _page(request, items)}
    )


# Leaders ----------


@roles(Role.LEADER)
@require_GET
def office_key_suggestions(request: HttpRequest) -> HttpResponse:
    """The key suggestions the leader supervises, each organisation's part."""
    # Queries: 1 count + 1 page of assignments with proposal and organisation.
    assignments = (
        Assignment.objects.filter(
            proposal__is_key=True, proposal__supervising_leaders=request.user
        )
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .select_related("proposal__lead_deputy", "proposal__category", "organization")
        .order_by("proposal__status", "due_date", "proposal_id", "pk")
    )
    return render(
        request,
        "proposals/office/key_suggestions.html",
        {
            "page_obj": _page(request, assignments),
            "today": timezone.localdate(),
        },
    )
