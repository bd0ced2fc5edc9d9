"""Proposals services: from the draft to the number (起草、联名、提出、审查、
分类、编号), paper entry, 并案 and the presidium's decision on motions.

Order for a motion: proposal_register (审查 + 分类) → motion_decide →
proposals_number. The presidium decides before numbering, so a motion it
converts takes a suggestion number and the motion sequence keeps no gaps;
numbering refuses a motion still awaiting its decision.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import rules
from congress.exceptions import DomainError, ImportRejected, TransitionNotAllowed
from congress.history import history_context
from congress.models import Meeting, Term, User
from congress.notifications import NoticeItem, notify, notify_bulk, register_kind
from congress.roles import Role
from congress.workflow import transition
from deputies import services as deputies_services
from deputies.models import Level, Mandate, MandateStatus
from proposals import workflow
from proposals.models import (
    Category,
    Period,
    PresidiumDecision,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Signer,
    SignerStatus,
)
from proposals.session_window import session_open

__all__ = [
    "ProposalRefused",
    "motion_decide",
    "proposal_create",
    "proposal_merge",
    "proposal_register",
    "proposal_register_paper",
    "proposal_return",
    "proposal_submit",
    "proposal_update",
    "proposal_withdraw",
    "proposals_number",
    "proposals_register",
    "proposals_register_paper_batch",
    "signer_answer",
    "signer_invite",
]

P = ProposalStatus
EDITABLE = (P.DRAFT, P.RETURNED)
UPDATABLE_FIELDS = {"kind", "title", "body", "period", "meeting", "category"}
PAPER_REQUIRED = ("lead_deputy", "kind", "title", "body", "period")


class ProposalRefused(DomainError):
    """A business rule of drafting, submission or numbering refuses the step."""


# Notice kinds ---------------------------------------------------------------

_KINDS = {
    "proposals.cosign_requested": (
        gettext_lazy("%(lead)s asks you to co-sign “%(title)s”"),
        gettext_lazy("Confirm or decline in your workspace."),
    ),
    "proposals.cosign_confirmed": (
        gettext_lazy("%(deputy)s co-signs “%(title)s”"),
        gettext_lazy("%(deputy)s confirmed joining your item as a co-signer."),
    ),
    "proposals.cosign_declined": (
        gettext_lazy("%(deputy)s declined to co-sign “%(title)s”"),
        gettext_lazy("%(deputy)s will not join your item as a co-signer."),
    ),
    "proposals.submitted": (
        gettext_lazy("Submitted for review: “%(title)s”"),
        gettext_lazy("%(deputy)s submitted it; it awaits review."),
    ),
    "proposals.paper_entered": (
        gettext_lazy("“%(title)s” was entered from paper"),
        gettext_lazy(
            "The office entered your item received on paper; it awaits review."
        ),
    ),
    "proposals.returned": (
        gettext_lazy("“%(title)s” was returned for revision"),
        gettext_lazy("Reason: %(reason)s"),
    ),
    "proposals.withdrawn": (
        gettext_lazy("“%(title)s” was withdrawn"),
        gettext_lazy("Withdrawn by %(actor)s. %(reason)s"),
    ),
    "proposals.numbered": (
        gettext_lazy("“%(title)s” is registered as no. %(number)s"),
        gettext_lazy(
            "It was reviewed, classified and numbered; it will be assigned "
            "to the handling organisations."
        ),
    ),
    "proposals.merged": (
        gettext_lazy("“%(title)s” is handled together with “%(into)s”"),
        gettext_lazy("Each item keeps its own number and gets its own answer."),
    ),
    "proposals.motion_on_agenda": (
        gettext_lazy("Your motion “%(title)s” is on the agenda"),
        gettext_lazy("The presidium put it on the agenda of the session."),
    ),
    "proposals.motion_referred": (
        gettext_lazy("Your motion “%(title)s” was referred to a special committee"),
        gettext_lazy("The presidium referred it to a special committee for review."),
    ),
    "proposals.motion_converted": (
        gettext_lazy("Your motion “%(title)s” is handled as a suggestion"),
        gettext_lazy(
            "The presidium converted it into a suggestion; it will be numbered "
            "and assigned as a suggestion."
        ),
    ),
}
for _key, (_title, _body) in _KINDS.items():
    register_kind(_key, title=_title, body=_body)


# Helpers ----------------------------------------------------------------------


def _is_office(user) -> bool:
    return user.has_role(Role.OFFICE)


def _is_lead(proposal: Proposal, user) -> bool:
    return user.is_active and proposal.lead_deputy.user_id == user.pk


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _lock_editable(proposal: Proposal) -> Proposal:
    """Re-read under a row lock; only a draft or a returned item can change."""
    locked = Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
    if locked.status not in EDITABLE:
        raise TransitionNotAllowed(
            _("An item that is “%(status)s” can no longer be changed.")
            % {"status": P(locked.status).label}
        )
    return locked


def _current_term() -> Term:
    term = Term.objects.filter(is_current=True).first()
    if term is None:
        raise ProposalRefused(_("No term is marked as current."))
    return term


def _params(proposal: Proposal, **extra) -> dict:
    return {"title": proposal.title, **extra}


def _notify_lead(proposal: Proposal, kind: str, **params) -> None:
    # A deputy without a login account is told on paper by the office.
    if proposal.lead_deputy.user_id:
        notify(
            proposal.lead_deputy.user,
            kind,
            params=_params(proposal, **params),
            target=proposal,
        )


def _notify_office(proposal: Proposal, kind: str, **params) -> None:
    notify_bulk(
        [
            NoticeItem(user, kind, _params(proposal, **params), proposal)
            for user in User.objects.with_role(Role.OFFICE)
        ]
    )


def _rule_errors(
    *, kind: str, period: str, meeting: Meeting | None, signers: int | None = None
) -> list[tuple[str, str]]:
    """(field, message) for every broken rule; `signers` counts the lead too
    (None: not checked yet, as for a draft)."""
    errors = []
    if kind not in ProposalKind.values:
        errors.append(("kind", _("Choose motion or suggestion.")))
    if period not in Period.values:
        errors.append(("period", _("Choose during the session or during recess.")))
    is_session = meeting is not None and meeting.kind == Meeting.Kind.CONGRESS_SESSION
    if period == Period.SESSION and not is_session:
        errors.append(("meeting", _("Choose the congress session it belongs to.")))
    if period == Period.RECESS and meeting is not None:
        errors.append(
            ("meeting", _("An item submitted during recess belongs to no session."))
        )
    if kind == ProposalKind.MOTION and period != Period.SESSION:
        errors.append(
            (
                "kind",
                _(
                    "Motions are submitted only during a session of the people's "
                    "congress; in recess deputies submit suggestions."
                ),
            )
        )
    if kind == ProposalKind.MOTION and signers is not None:
        errors += _signer_errors(signers)
    return errors


def _signer_errors(signers: int) -> list[tuple[str, str]]:
    minimum = rules.get(workflow.MOTION_MIN_SIGNERS.key)
    if signers >= minimum:
        return []
    return [
        (
            "cosigners",
            _(
                "A motion needs at least %(count)s deputies, the lead deputy "
                "included; it has %(signed)s."
            )
            % {"count": minimum, "signed": signers},
        )
    ]


def _lead_mandate_error(lead_deputy, *, term: Term | None) -> str:
    """Items go to the county people's congress: their lead deputy must hold a
    serving county mandate in the item's term (as co-signers must)."""
    if lead_deputy is None or term is None:
        return ""
    serving = Mandate.objects.filter(
        deputy=lead_deputy,
        term=term,
        level=Level.COUNTY,
        status=MandateStatus.SERVING,
    ).exists()
    if serving:
        return ""
    return _(
        "%(name)s holds no serving mandate as a deputy to the county people's "
        "congress in this term, and so cannot lead a motion or suggestion."
    ) % {"name": lead_deputy.name}


def _check_lead_mandate(lead_deputy, *, term: Term | None) -> None:
    if message := _lead_mandate_error(lead_deputy, term=term):
        raise ProposalRefused(message)


def _check_rules(**values) -> None:
    if errors := _rule_errors(**values):
        raise ProposalRefused(errors[0][1])


def _confirmed_signers(proposal: Proposal) -> int:
    """Deputies who stand behind the item: confirmed co-signers and the lead."""
    return proposal.signers.filter(status=SignerStatus.CONFIRMED).count() + 1


def _push_performance(proposal: Proposal, *, now=None) -> None:
    """Points are earned when the item is accepted (登记): the lead deputy's
    and each confirmed co-signer's, by the rules in force today."""
    deputies_services.records_push_accepted_item(
        source=proposal,
        lead=proposal.lead_deputy,
        cosigners=[
            signer.deputy
            for signer in proposal.signers.filter(
                status=SignerStatus.CONFIRMED
            ).select_related("deputy")
        ],
        date=timezone.localdate(now) if now else timezone.localdate(),
        description=proposal.title,
    )


# Drafting and co-signing --------------------------------------------------------


def proposal_create(
    *,
    lead_deputy,
    kind: str,
    title: str,
    body: str,
    period: str,
    meeting: Meeting | None = None,
    category: Category | None = None,
    term: Term | None = None,
    user,
    now: datetime.datetime | None = None,
) -> Proposal:
    """The lead deputy starts a draft. Raises PermissionDenied for anyone else,
    ProposalRefused for a motion outside a congress session."""
    _require(user.is_active and lead_deputy.user_id == user.pk)
    _check_rules(kind=kind, period=period, meeting=meeting)
    term = term or (meeting.term if meeting else _current_term())
    _check_lead_mandate(lead_deputy, term=term)
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        proposal = Proposal.objects.create(
            lead_deputy=lead_deputy,
            kind=kind,
            title=title,
            body=body,
            period=period,
            meeting=meeting,
            category=category,
            term=term,
            entered_by=user,
            search_bigrams=workflow.bigrams(title, body),
            created_at=now,
        )
        workflow.record_event(proposal, "proposals.created", actor=user, now=now)
    return proposal


def proposal_update(proposal: Proposal, *, user, now=None, **fields) -> Proposal:
    """The lead deputy edits a draft or returned item (kind, title, body,
    period, meeting, category). Raises PermissionDenied, TransitionNotAllowed
    or ProposalRefused."""
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"proposal_update() cannot change {sorted(unknown)}")
    with transaction.atomic(), history_context(user):
        proposal = _lock_editable(proposal)
        _require(_is_lead(proposal, user))
        for name, value in fields.items():
            setattr(proposal, name, value)
        changed = [*fields, "search_bigrams"]
        if fields.get("meeting"):
            proposal.term = fields["meeting"].term
            changed.append("term")
        _check_rules(
            kind=proposal.kind, period=proposal.period, meeting=proposal.meeting
        )
        proposal.search_bigrams = workflow.bigrams(proposal.title, proposal.body)
        proposal.save(update_fields=changed)
        workflow.record_event(
            proposal, "proposals.updated", actor=user, now=now, fields=sorted(fields)
        )
    return proposal


def signer_invite(
    proposal: Proposal, *, deputies: Iterable, user, now=None
) -> list[Signer]:
    """The lead deputy invites co-signers (联名) to a draft or returned item;
    each invitee is notified. An invitee who declined is asked again; one
    already invited or confirmed is left alone. Raises PermissionDenied,
    TransitionNotAllowed or ProposalRefused (the lead, or a deputy without a
    login account who could not confirm)."""
    deputies = list(deputies)
    with transaction.atomic(), history_context(user):
        proposal = _lock_editable(proposal)
        _require(_is_lead(proposal, user))
        for deputy in deputies:
            if deputy.pk == proposal.lead_deputy_id:
                raise ProposalRefused(_("The lead deputy does not co-sign."))
            if not deputy.user_id:
                raise ProposalRefused(
                    _("%(name)s has no login account and cannot confirm.")
                    % {"name": deputy.name}
                )
        invited = [_invite(proposal, deputy, user=user) for deputy in deputies]
        invited = [signer for signer in invited if signer is not None]
        workflow.record_event(
            proposal,
            "proposals.cosigners_invited",
            actor=user,
            now=now,
            deputies=[signer.deputy_id for signer in invited],
        )
        notify_bulk(
            [
                NoticeItem(
                    signer.deputy.user,
                    "proposals.cosign_requested",
                    _params(proposal, lead=proposal.lead_deputy.name),
                    proposal,
                )
                for signer in invited
            ]
        )
    return invited


def _invite(proposal: Proposal, deputy, *, user) -> Signer | None:
    signer, created = Signer.objects.get_or_create(proposal=proposal, deputy=deputy)
    if created:
        return signer
    if signer.status == SignerStatus.DECLINED:
        signer = transition(
            signer, SignerStatus.INVITED, machine=workflow.SIGNER, user=user
        )
        signer.answered_at = None
        signer.save(update_fields=["status", "answered_at"])
        return signer
    return None


def signer_answer(signer: Signer, *, accept: bool, user, now=None) -> Signer:
    """The invited deputy confirms or declines in their own workspace, while
    the item is still a draft or returned; the lead deputy is notified.
    Raises PermissionDenied or TransitionNotAllowed (already answered)."""
    now = now or timezone.now()
    _require(user.is_active and signer.deputy.user_id == user.pk)
    target = SignerStatus.CONFIRMED if accept else SignerStatus.DECLINED
    with transaction.atomic(), history_context(user):
        # Parent before child: the proposal, then the signer.
        proposal = _lock_editable(signer.proposal)
        signer = transition(signer, target, machine=workflow.SIGNER, user=user)
        signer.answered_at = now
        signer.save(update_fields=["status", "answered_at"])
        event = "proposals.cosign_confirmed" if accept else "proposals.cosign_declined"
        workflow.record_event(
            proposal, event, actor=user, now=now, deputy=signer.deputy_id
        )
        _notify_lead(proposal, event, deputy=signer.deputy.name)
    return signer


# Submission and paper entry -------------------------------------------------------


def _drop_unconfirmed(proposal: Proposal, *, drop: bool, user, now) -> None:
    """Invited co-signers who have not answered lapse at submission (they can
    no longer confirm): refused unless the lead agreed to drop them; dropped
    rows are deleted (the history keeps them) and named on the timeline."""
    pending = list(
        proposal.signers.filter(status=SignerStatus.INVITED)
        .select_related("deputy")
        .order_by("pk")
    )
    if not pending:
        return
    names = "、".join(signer.deputy.name for signer in pending)
    if not drop:
        raise ProposalRefused(
            _(
                "%(names)s have not confirmed co-signing yet. Wait for them, or "
                "confirm that they are dropped from the item."
            )
            % {"names": names}
        )
    Signer.objects.filter(pk__in=[signer.pk for signer in pending]).delete()
    workflow.record_event(
        proposal,
        "proposals.cosigners_dropped",
        actor=user,
        now=now,
        comment=names,
        deputies=[signer.deputy_id for signer in pending],
    )


def _session_still_open(proposal: Proposal, *, today: datetime.date) -> None:
    """A session item submitted after its session closed: a suggestion goes
    in as made during recess, a motion is refused (see session_window)."""
    if proposal.period != Period.SESSION or session_open(proposal.meeting, today=today):
        return
    if proposal.kind == ProposalKind.MOTION:
        raise ProposalRefused(
            _(
                "The session is closed: motions are received only while it "
                "sits. Submit a suggestion instead."
            )
        )
    proposal.period, proposal.meeting = Period.RECESS, None


def proposal_submit(
    proposal: Proposal, *, user, now=None, drop_unconfirmed: bool = False
) -> Proposal:
    """The lead deputy submits (提出) a draft or revised item: office staff are
    notified (the performance file records it once it is accepted). Invited
    co-signers who have not confirmed are dropped only when the lead says so
    (`drop_unconfirmed`), never silently. Raises PermissionDenied,
    TransitionNotAllowed, or ProposalRefused when co-signers are unconfirmed
    and not to be dropped, or a motion has too few confirmed signers."""
    _require(_is_lead(proposal, user))
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        proposal = transition(
            proposal, P.SUBMITTED, machine=workflow.PROPOSAL, user=user
        )
        _check_lead_mandate(proposal.lead_deputy, term=proposal.term)
        _session_still_open(proposal, today=timezone.localdate(now))
        _check_rules(
            kind=proposal.kind,
            period=proposal.period,
            meeting=proposal.meeting,
            signers=_confirmed_signers(proposal),
        )
        _drop_unconfirmed(proposal, drop=drop_unconfirmed, user=user, now=now)
        proposal.submitted_at = now
        proposal.save(update_fields=["status", "submitted_at", "period", "meeting"])
        workflow.record_event(proposal, "proposals.submitted", actor=user, now=now)
        _notify_office(
            proposal, "proposals.submitted", deputy=proposal.lead_deputy.name
        )
    return proposal


def proposal_register_paper(
    *,
    lead_deputy,
    kind: str,
    title: str,
    body: str,
    period: str,
    meeting: Meeting | None,
    category: Category | None,
    user,
    cosigners: Sequence = (),
    now=None,
) -> Proposal:
    """Office staff enter an item received on paper: it is submitted at once,
    with its co-signers confirmed; the lead deputy gets one notice. Raises
    PermissionDenied or ProposalRefused."""
    _require(_is_office(user))
    row = {
        "lead_deputy": lead_deputy,
        "kind": kind,
        "title": title,
        "body": body,
        "period": period,
        "meeting": meeting,
        "category": category,
        "cosigners": cosigners,
    }
    if errors := _paper_errors(row):
        raise ProposalRefused(errors[0][1])
    with transaction.atomic(), history_context(user):
        proposal = _paper_create(row, user=user, now=now or timezone.now())
        _notify_lead(proposal, "proposals.paper_entered")
    return proposal


def proposals_register_paper_batch(
    rows: Sequence[Mapping], *, user, now=None
) -> list[Proposal]:
    """Enter many paper items at once (a session's 200–400 suggestions), each
    row a mapping with the arguments of proposal_register_paper. All or
    nothing: raises ImportRejected with (row number from 1, field, message)
    for every error and saves nothing; PermissionDenied for non-office users."""
    _require(_is_office(user))
    errors = [
        (number, field, message)
        for number, row in enumerate(rows, start=1)
        for field, message in _paper_errors(row)
    ]
    if errors:
        raise ImportRejected(errors)
    now = now or timezone.now()
    term = _current_term() if not all(row.get("meeting") for row in rows) else None
    with transaction.atomic(), history_context(user):
        proposals = [_paper_create(row, user=user, now=now, term=term) for row in rows]
        notify_bulk(
            [
                NoticeItem(p.lead_deputy.user, "proposals.paper_entered", _params(p), p)
                for p in proposals
                if p.lead_deputy.user_id
            ]
        )
    return proposals


def _paper_errors(row: Mapping) -> list[tuple[str, str]]:
    errors = [
        (name, _("This field is required."))
        for name in PAPER_REQUIRED
        if not row.get(name)
    ]
    if len(row.get("title") or "") > Proposal._meta.get_field("title").max_length:
        errors.append(("title", _("The title is too long.")))
    lead, cosigners = row.get("lead_deputy"), list(row.get("cosigners") or ())
    if lead in cosigners or len({d.pk for d in cosigners}) < len(cosigners):
        errors.append(("cosigners", _("A deputy is listed twice.")))
    meeting = row.get("meeting")
    term = meeting.term if meeting else Term.objects.filter(is_current=True).first()
    if message := _lead_mandate_error(lead, term=term):
        errors.append(("lead_deputy", message))
    return errors + _rule_errors(
        kind=row.get("kind") or "",
        period=row.get("period") or "",
        meeting=row.get("meeting"),
        signers=len(cosigners) + 1,
    )


def _paper_create(
    row: Mapping, *, user, now: datetime.datetime, term: Term | None = None
) -> Proposal:
    """Create one validated paper item, without its notice."""
    meeting = row.get("meeting")
    proposal = Proposal.objects.create(
        lead_deputy=row["lead_deputy"],
        kind=row["kind"],
        title=row["title"],
        body=row["body"],
        period=row["period"],
        meeting=meeting,
        category=row.get("category"),
        term=meeting.term if meeting else term or _current_term(),
        status=P.SUBMITTED,
        submitted_at=now,
        created_at=now,
        entered_by=user,
        search_bigrams=workflow.bigrams(row["title"], row["body"]),
    )
    Signer.objects.bulk_create(
        Signer(proposal=proposal, deputy=deputy, status="confirmed", answered_at=now)
        for deputy in row.get("cosigners") or ()
    )
    workflow.record_event(
        proposal, "proposals.submitted", actor=user, now=now, on_paper=True
    )
    return proposal


# Review ----------------------------------------------------------------------------


def proposal_return(proposal: Proposal, *, user, reason: str, now=None) -> Proposal:
    """Office staff return a submitted item for revision (指导修改), with a
    reason the lead deputy is told. Raises PermissionDenied,
    TransitionNotAllowed or ProposalRefused (no reason)."""
    _require(_is_office(user))
    if not reason.strip():
        raise ProposalRefused(_("Say why the item is returned."))
    with transaction.atomic(), history_context(user):
        proposal = transition(
            proposal, P.RETURNED, machine=workflow.PROPOSAL, user=user
        )
        proposal.return_reason = reason
        proposal.save(update_fields=["status", "return_reason"])
        workflow.record_event(
            proposal, "proposals.returned", actor=user, now=now, comment=reason
        )
        _notify_lead(proposal, "proposals.returned", reason=reason)
    return proposal


def proposal_withdraw(
    proposal: Proposal, *, user, reason: str = "", now=None
) -> Proposal:
    """The lead deputy or office staff withdraw a submitted or returned item
    (撤回); the other side is notified. Raises PermissionDenied or
    TransitionNotAllowed."""
    by_lead = _is_lead(proposal, user)
    _require(by_lead or _is_office(user))
    with transaction.atomic(), history_context(user):
        proposal = transition(
            proposal, P.WITHDRAWN, machine=workflow.PROPOSAL, user=user
        )
        proposal.save(update_fields=["status"])
        workflow.record_event(
            proposal, "proposals.withdrawn", actor=user, now=now, comment=reason
        )
        notice = _notify_office if by_lead else _notify_lead
        notice(proposal, "proposals.withdrawn", actor=str(user), reason=reason)
    return proposal


def proposal_register(
    proposal: Proposal,
    *,
    user,
    category: Category,
    confidential: bool = False,
    now=None,
) -> Proposal:
    """Office staff accept a submitted item after review and classify it
    (审查、分类), marking it confidential when its content must not be
    published (never on the public pages, nor shown to other deputies);
    numbering follows in bulk. Raises PermissionDenied, TransitionNotAllowed
    or ProposalRefused (no category)."""
    _require(_is_office(user))
    if category is None:
        raise ProposalRefused(_("Choose a category."))
    with transaction.atomic(), history_context(user):
        proposal = transition(
            proposal, P.REGISTERED, machine=workflow.PROPOSAL, user=user
        )
        proposal.category = category
        proposal.confidential = proposal.confidential or confidential
        proposal.save(update_fields=["status", "category", "confidential"])
        workflow.record_event(
            proposal,
            "proposals.registered",
            actor=user,
            now=now,
            category=category.pk,
            confidential=proposal.confidential,
        )
        _push_performance(proposal, now=now)
    return proposal


def proposals_register(
    proposals: Iterable[Proposal],
    *,
    user,
    category: Category,
    confidential: bool = False,
) -> list[Proposal]:
    """Register several submitted items with one category, all or none
    (in primary-key order, so that two overlapping batches cannot deadlock).
    Raises what proposal_register raises."""
    with transaction.atomic():
        return [
            proposal_register(
                proposal, user=user, category=category, confidential=confidential
            )
            for proposal in sorted(proposals, key=lambda item: item.pk)
        ]


def motion_decide(proposal: Proposal, *, decision: str, user, now=None) -> Proposal:
    """Office staff record the presidium's decision on a registered motion
    not yet numbered: on the agenda, referred to a special committee, or
    converted into a suggestion (its kind changes; it is numbered as a
    session suggestion). Raises PermissionDenied, TransitionNotAllowed or
    ProposalRefused (not a motion, unknown decision)."""
    _require(_is_office(user))
    if decision not in PresidiumDecision.values:
        raise ProposalRefused(_("Choose the presidium's decision."))
    with transaction.atomic(), history_context(user):
        proposal = Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
        _check_undecided(proposal)
        if proposal.kind != ProposalKind.MOTION:
            raise ProposalRefused(_("The presidium decides on motions only."))
        proposal.presidium_decision = decision
        if decision == PresidiumDecision.CONVERTED:
            proposal.kind = ProposalKind.SUGGESTION
        proposal.save(update_fields=["presidium_decision", "kind"])
        workflow.record_event(
            proposal, "proposals.motion_decided", actor=user, now=now, decision=decision
        )
        _notify_lead(proposal, f"proposals.motion_{decision}")
    return proposal


def _check_undecided(proposal: Proposal) -> None:
    if proposal.status != P.REGISTERED or proposal.number is not None:
        raise TransitionNotAllowed(
            _(
                "The presidium's decision is recorded after review and "
                "classification and before numbering; this item is “%(status)s”."
            )
            % {"status": P(proposal.status).label}
        )
    if proposal.presidium_decision:
        raise TransitionNotAllowed(
            _("The presidium has already decided: “%(decision)s”.")
            % {"decision": PresidiumDecision(proposal.presidium_decision).label}
        )


# Numbering and 并案 ----------------------------------------------------------------


def proposals_number(
    proposals: Iterable[Proposal], *, user, now=None
) -> list[Proposal]:
    """Number registered items in bulk (编号): motions, session suggestions and
    recess suggestions each have a sequence per term, continued from its
    highest number in the order (submitted_at, pk); items that already have a
    number keep it. Each lead deputy is notified. Raises PermissionDenied,
    TransitionNotAllowed (an item not registered) or ProposalRefused (a motion
    awaiting the presidium's decision)."""
    _require(_is_office(user))
    with transaction.atomic(), history_context(user):
        locked = list(
            Proposal.objects.select_for_update(of=("self",))
            .filter(pk__in=[proposal.pk for proposal in proposals], number__isnull=True)
            .select_related("lead_deputy")
            .order_by("pk")
        )
        for proposal in locked:
            _check_numberable(proposal)
        sequences = sorted({(p.term_id, p.kind, p.period) for p in locked})
        for sequence in sequences:
            _lock_sequence(*sequence)
        locked.sort(key=lambda p: (p.submitted_at is None, p.submitted_at, p.pk))
        for sequence in sequences:
            in_sequence = [p for p in locked if _sequence_of(p) == sequence]
            _number(sequence, in_sequence, user, now=now)
    return locked


def _sequence_of(proposal: Proposal) -> tuple[int, str, str]:
    return (proposal.term_id, proposal.kind, proposal.period)


def _check_numberable(proposal: Proposal) -> None:
    if proposal.status != P.REGISTERED:
        raise TransitionNotAllowed(
            _(
                "Only reviewed and classified items are numbered; "
                "“%(title)s” is “%(status)s”."
            )
            % {"title": proposal.title, "status": P(proposal.status).label}
        )
    if proposal.kind == ProposalKind.MOTION and not proposal.presidium_decision:
        raise ProposalRefused(
            _("The presidium has not decided on the motion “%(title)s” yet.")
            % {"title": proposal.title}
        )


def _lock_sequence(term_id: int, kind: str, period: str) -> None:
    """Serialise numbering per sequence until the transaction ends: the row
    locks alone do not stop two staff numbering different items of the same
    sequence from reading the same highest number."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))",
            [f"proposals.number:{term_id}:{kind}:{period}"],
        )


def _number(
    sequence: tuple[int, str, str], proposals: list[Proposal], user, *, now
) -> None:
    term_id, kind, period = sequence
    highest = Proposal.objects.filter(
        term_id=term_id, kind=kind, period=period
    ).aggregate(highest=Max("number"))["highest"]
    for number, proposal in enumerate(proposals, start=(highest or 0) + 1):
        proposal.number = number
        proposal.save(update_fields=["number"])
        workflow.record_event(
            proposal, "proposals.numbered", actor=user, now=now, number=number
        )
    notify_bulk(
        [
            NoticeItem(
                proposal.lead_deputy.user,
                "proposals.numbered",
                _params(proposal, number=proposal.number),
                proposal,
            )
            for proposal in proposals
            if proposal.lead_deputy.user_id
        ]
    )


def proposal_merge(
    proposals: Iterable[Proposal], *, into: Proposal, user
) -> list[Proposal]:
    """Handle related registered items together with `into` (并案): each keeps
    its number and gets its own answer; events on both sides, lead deputies
    of the merged items notified. Raises PermissionDenied,
    TransitionNotAllowed (not registered, or already merged) or
    ProposalRefused (into itself, or motions with suggestions)."""
    _require(_is_office(user))
    with transaction.atomic(), history_context(user):
        pks = sorted({p.pk for p in proposals} | {into.pk})
        locked = {
            p.pk: p
            for p in Proposal.objects.select_for_update(of=("self",))
            .filter(pk__in=pks)
            .order_by("pk")
        }
        into = locked.pop(into.pk)
        if not locked:
            raise ProposalRefused(_("Choose the items to handle together."))
        for proposal in [into, *locked.values()]:
            _check_mergeable(proposal, into)
        for proposal in locked.values():
            proposal.merged_into = into
            proposal.save(update_fields=["merged_into"])
            workflow.record_event(
                proposal, "proposals.merged", actor=user, into=into.pk
            )
            _notify_lead(proposal, "proposals.merged", into=into.title)
        workflow.record_event(
            into, "proposals.merged_with", actor=user, proposals=sorted(locked)
        )
    return list(locked.values())


def _check_mergeable(proposal: Proposal, into: Proposal) -> None:
    merged = proposal.merged_into_id or (
        proposal.pk != into.pk and proposal.merged.exists()
    )
    if proposal.status != P.REGISTERED or merged:
        raise TransitionNotAllowed(
            _(
                "Only reviewed, classified items not yet handled together are "
                "merged; “%(title)s” is “%(status)s”."
            )
            % {"title": proposal.title, "status": P(proposal.status).label}
        )
    if proposal.kind != into.kind:
        raise ProposalRefused(_("Motions and suggestions are not handled together."))
