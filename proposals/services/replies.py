"""Proposals services: the reply stage of handling.

The organisation records its contact with the deputy (沟通见面), its liaison
drafts the reply and its head signs it (签发); office staff may send a reply
back; afterwards the organisation records the implementation (落实情况), kept
apart from the reply state. Co-handling organisations draft and sign their
part the same way, but it goes to the lead organisation as their opinion
(协办意见); only the lead organisation's reply goes to the deputies for rating.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.attachments import attachment_create
from congress.exceptions import DomainError, TransitionNotAllowed
from congress.history import history_context
from congress.models import User
from congress.notifications import notify_bulk, register_kind
from congress.roles import Role
from congress.workflow import transition
from proposals import access
from proposals.models import (
    AFTER_REPLY,
    CONTACT_ALLOWED,
    HANDLING,
    Assignment,
    AssignmentRole,
    Contact,
    ImplementationStatus,
    Reply,
    ReplyCategory,
    ReplyStatus,
)
from proposals.services.handling import (
    IMPLEMENTATION_BY_CATEGORY,
    A,
    _lock,
    _org_users,
    _params,
    _require_acting_for,
    _require_office,
    _required,
    _send,
    _users_by_org,
)
from proposals.workflow import ASSIGNMENT, REPLY, record_event

register_kind(
    "proposals.reply_returned",
    title=gettext_lazy("Your draft reply was returned: %(title)s"),
    body=gettext_lazy("Your head returned the draft reply with comments: %(reason)s"),
    label=gettext_lazy("Draft replies my head returned to me"),
)

__all__ = [
    "contact_record",
    "implementation_update",
    "reply_approve",
    "reply_draft",
    "reply_return",
    "reply_send_back",
]


# Handling and reply ----------------------------------------------------------


def contact_record(
    assignment: Assignment,
    *,
    user: User,
    method: str,
    date: datetime.date,
    participants: str,
    notes: str = "",
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Contact:
    """Record the organisation's contact with the deputy (沟通见面: how, when,
    who took part).

    Raises PermissionDenied, TransitionNotAllowed (not accepted yet, relieved
    or done) and DomainError (unknown method, nobody named, a future date).
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    _require_acting_for(user, assignment, Role.ORG_LIAISON, Role.ORG_HEAD)
    if method not in Contact.Method.values:
        raise DomainError(_("Choose how the deputy was contacted."))
    participants = _required(participants, _("Name who took part."))
    if date > today:
        raise DomainError(_("A contact cannot be recorded for a future date."))
    with transaction.atomic(), history_context(user):
        locked = _lock(
            assignment,
            CONTACT_ALLOWED,
            _("Contact with the deputy is recorded once the assignment is accepted."),
        )
        contact = Contact.objects.create(
            assignment=locked,
            method=method,
            date=date,
            participants=participants,
            notes=notes,
            recorded_by=user,
        )
        record_event(
            locked.proposal,
            "proposals.contact_recorded",
            actor=user,
            now=now,
            assignment=locked,
            contact=contact.pk,
            method=method,
            date=date.isoformat(),
        )
    return contact


def _reply_fields(
    *,
    text: str,
    reference_number: str,
    category: str,
    signer: str,
    contact: str,
    copies_to: str,
    promised_date: datetime.date | None,
) -> dict[str, Any]:
    if category not in ReplyCategory.values:
        raise DomainError(_("Choose the result category A, B or C."))
    if category == ReplyCategory.B and promised_date is None:
        raise DomainError(_("A category B reply needs the promised completion date."))
    return {
        "text": _required(text, _("Write the reply.")),
        "reference_number": _required(
            reference_number, _("Give the reply's reference number.")
        ),
        "category": category,
        "signer": _required(signer, _("Name the head who signs the reply.")),
        "contact": _required(contact, _("Give a contact person and phone.")),
        "copies_to": (copies_to or "").strip(),
        "promised_date": promised_date if category == ReplyCategory.B else None,
    }


def reply_draft(
    assignment: Assignment,
    *,
    user: User,
    text: str,
    reference_number: str,
    category: str,
    signer: str,
    contact: str,
    copies_to: str = "",
    promised_date: datetime.date | None = None,
    attachment: File | None = None,
    now: datetime.datetime | None = None,
) -> Reply:
    """The liaison drafts (or updates the draft of) the reply of the current
    round; the organisation's heads are told a reply awaits their signature.

    Only a draft is ever edited: after the office sends a signed reply back,
    the next draft is a new reply, and the one sent back stays on the record
    for the deputy. A co-handling organisation drafts its opinion for the
    lead organisation the same way. Raises PermissionDenied, TransitionNotAllowed (not
    being handled), DomainError (missing or invalid fields) and
    ValidationError (a refused attachment).
    """
    _require_acting_for(user, assignment, Role.ORG_LIAISON)
    fields = _reply_fields(
        text=text,
        reference_number=reference_number,
        category=category,
        signer=signer,
        contact=contact,
        copies_to=copies_to,
        promised_date=promised_date,
    )
    with transaction.atomic(), history_context(user):
        locked = _lock(
            assignment,
            HANDLING,
            _("A reply can be drafted only while the assignment is being handled."),
        )
        reply = Reply.objects.select_for_update(of=("self",)).filter(
            assignment=locked,
            round=locked.round,
            status__in=[ReplyStatus.DRAFT, ReplyStatus.RETURNED],
        ).first() or Reply(assignment=locked, round=locked.round)
        was_draft = reply.pk is not None and reply.status == ReplyStatus.DRAFT
        if reply.status == ReplyStatus.RETURNED:
            reply = transition(reply, ReplyStatus.DRAFT, machine=REPLY, user=user)
        for name, value in fields.items():
            setattr(reply, name, value)
        reply.status = ReplyStatus.DRAFT
        reply.drafted_by = user
        reply.save()
        if attachment is not None:
            attachment_create(reply, attachment, user=user)
        record_event(
            locked.proposal,
            "proposals.reply_drafted",
            actor=user,
            now=now,
            assignment=locked,
            reply=reply.pk,
            round=reply.round,
            category=reply.category,
        )
        if not was_draft:
            heads = _org_users(locked, Role.ORG_HEAD)
            _send(
                heads, "proposals.reply_to_sign", target=locked, params=_params(locked)
            )
    return reply


def reply_approve(
    reply: Reply, *, user: User, now: datetime.datetime | None = None
) -> Reply:
    """The organisation's head signs the reply (签发) and it goes out: the
    assignment is replied, its implementation gets the category's default
    (A solved, B in progress with the promised date, C cannot be solved), and
    the lead deputy (and co-signers when they rate) or, for a co-handling
    organisation, the lead organisation are notified.

    Raises PermissionDenied (not the head of that organisation) and
    TransitionNotAllowed.
    """
    now = now or timezone.now()
    assignment = Assignment.objects.get(pk=reply.assignment_id)
    if not (
        user.has_role(Role.ORG_HEAD)
        and user.organization_id == assignment.organization_id
    ):
        raise PermissionDenied(_("Only the head of the organisation signs its reply."))
    with transaction.atomic(), history_context(user):
        # Parent before child: the assignment, then its reply.
        locked_assignment = transition(
            assignment, A.REPLIED, machine=ASSIGNMENT, user=user
        )
        locked = transition(reply, ReplyStatus.APPROVED, machine=REPLY, user=user)
        if locked.round != locked_assignment.round:
            raise TransitionNotAllowed(
                _("Only the draft reply of the current round can be signed.")
            )
        locked.approved_by = user
        locked.sent_at = now
        locked.save(update_fields=["status", "approved_by", "sent_at"])
        _mark_replied(locked_assignment, locked)
        record_event(
            locked_assignment.proposal,
            "proposals.replied",
            actor=user,
            now=now,
            assignment=locked_assignment,
            reply=locked.pk,
            round=locked.round,
            category=locked.category,
        )
        _notify_replied(locked_assignment, locked)
    return locked


def reply_return(
    reply: Reply, *, user: User, comment: str, now: datetime.datetime | None = None
) -> Reply:
    """The organisation's head returns a draft reply to the liaison who wrote
    it, with comments, instead of signing it; the drafter is told and edits
    the same draft, which then awaits signature again.

    Raises PermissionDenied (not the head of that organisation), DomainError
    (no comment) and TransitionNotAllowed (not a draft of the current round).
    """
    assignment = Assignment.objects.get(pk=reply.assignment_id)
    if not (
        user.has_role(Role.ORG_HEAD)
        and user.organization_id == assignment.organization_id
    ):
        raise PermissionDenied(_("Only the head of the organisation returns a draft."))
    comment = _required(comment, _("Say what should change in the draft."))
    with transaction.atomic(), history_context(user):
        locked = transition(reply, ReplyStatus.RETURNED, machine=REPLY, user=user)
        if locked.round != assignment.round:
            raise TransitionNotAllowed(
                _("Only the draft reply of the current round can be returned.")
            )
        locked.head_comment = comment
        locked.save(update_fields=["status", "head_comment"])
        record_event(
            assignment.proposal,
            "proposals.reply_returned",
            actor=user,
            now=now,
            assignment=assignment,
            comment=comment,
            audience=[Role.ORG_LIAISON, Role.ORG_HEAD, Role.OFFICE],
            reply=locked.pk,
        )
        if locked.drafted_by_id and locked.drafted_by.is_active:
            _send(
                [locked.drafted_by],
                "proposals.reply_returned",
                target=assignment,
                params=_params(assignment, reason=comment),
            )
    return locked


def _mark_replied(assignment: Assignment, reply: Reply) -> None:
    assignment.status = A.REPLIED
    assignment.implementation = IMPLEMENTATION_BY_CATEGORY[reply.category]
    assignment.promised_date = reply.promised_date
    assignment.save(update_fields=["status", "implementation", "promised_date"])


def _notify_replied(assignment: Assignment, reply: Reply) -> None:
    params = _params(assignment, category=reply.category)
    if assignment.role == AssignmentRole.CO:
        lead = assignment.proposal.assignments.filter(role=AssignmentRole.LEAD).exclude(
            status=A.WITHDRAWN
        )
        liaisons = _users_by_org(lead.values_list("organization_id", flat=True))
        users = [user for group in liaisons.values() for user in group]
        _send(users, "proposals.co_opinion", target=assignment, params=params)
        return
    # Each rater gets a one-tap, signed link to their own rating form.
    from proposals.services.rating import rating_url

    notify_bulk(
        [
            (
                deputy.user,
                "proposals.reply_to_rate",
                params,
                assignment,
                rating_url(assignment, deputy),
            )
            for deputy in access.raters(assignment.proposal)
        ]
    )


def reply_send_back(
    reply: Reply, *, user: User, reason: str, now: datetime.datetime | None = None
) -> Reply:
    """Office staff send a signed reply back (e.g. the category does not match
    the content) before it is rated: the assignment is handled again and the
    organisation's liaisons are notified. The reply itself is kept, marked
    sent back; the organisation answers with a new reply.

    Raises PermissionDenied, DomainError (no reason) and TransitionNotAllowed
    (also when the deputy's rating got there first).
    """
    _require_office(user)
    reason = _required(reason, _("Give a reason for sending the reply back."))
    with transaction.atomic(), history_context(user):
        current = Reply.objects.select_related("assignment").get(pk=reply.pk)
        # A second-round reply goes back to re-handling, a first one to handling.
        target = A.RE_HANDLING if current.assignment.round > 1 else A.ACCEPTED
        # Parent before child: the assignment, then its reply.
        assignment = transition(
            current.assignment, target, machine=ASSIGNMENT, user=user
        )
        locked = transition(reply, ReplyStatus.SENT_BACK, machine=REPLY, user=user)
        if locked.round != assignment.round:
            raise TransitionNotAllowed(
                _("Only a signed reply awaiting rating can be sent back.")
            )
        locked.send_back_reason = reason
        locked.save(update_fields=["status", "send_back_reason"])
        assignment.save(update_fields=["status"])
        record_event(
            assignment.proposal,
            "proposals.reply_sent_back",
            actor=user,
            now=now,
            assignment=assignment,
            comment=reason,
            reply=locked.pk,
        )
        _send(
            _org_users(assignment),
            "proposals.reply_sent_back",
            target=assignment,
            params=_params(assignment, reason=reason),
        )
    return locked


def implementation_update(
    assignment: Assignment,
    *,
    user: User,
    status: str,
    note: str = "",
    amount: Decimal | None = None,
    unit: str = "",
    now: datetime.datetime | None = None,
) -> Assignment:
    """The organisation records how far the matter has been implemented
    (落实情况), with evidence and a structured outcome (amount and unit); kept
    apart from the reply state.

    Raises PermissionDenied, TransitionNotAllowed (no reply sent yet) and
    DomainError (unknown status, negative amount).
    """
    _require_acting_for(user, assignment, Role.ORG_LIAISON, Role.ORG_HEAD)
    if status not in ImplementationStatus.values:
        raise DomainError(_("Choose how far the matter has been implemented."))
    if amount is not None and amount < 0:
        raise DomainError(_("The outcome amount cannot be negative."))
    with transaction.atomic(), history_context(user):
        locked = _lock(
            assignment,
            AFTER_REPLY,
            _("The implementation is recorded once a reply has been sent."),
        )
        locked.implementation = status
        locked.implementation_note = note.strip()
        locked.outcome_amount = amount
        locked.outcome_unit = unit.strip()
        locked.save(
            update_fields=[
                "implementation",
                "implementation_note",
                "outcome_amount",
                "outcome_unit",
            ]
        )
        record_event(
            locked.proposal,
            "proposals.implementation_updated",
            actor=user,
            now=now,
            assignment=locked,
            comment=locked.implementation_note,
            status=status,
            amount=str(amount) if amount is not None else None,
            unit=locked.outcome_unit,
        )
    return locked
