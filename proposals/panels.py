"""What waits in motions and suggestions, on each role's workspace (congress
workspaces: one panel per thing to do, each with its count).

Each count is one query over what the user may act on; the panel links to the
page where it is done (with the filter that shows just those items).
"""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress import rules
from congress.roles import Role
from congress.workspaces import register_panel
from proposals import workflow
from proposals.access import organizations_acting_for
from proposals.models import (
    ANSWERING_ROLES,
    AWAITING_ORGANIZATION,
    HANDLING,
    Assignment,
    AssignmentStatus,
    ExtensionRequest,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Rating,
    Reply,
    ReplyStatus,
    Signer,
    SignerStatus,
    Urge,
)

A, P = AssignmentStatus, ProposalStatus
PENDING = ExtensionRequest.Status.PENDING


def _org_list(needs: str = "", *, overdue: bool = False):
    def url(user) -> str:
        query = "?overdue=on" if overdue else f"?needs={needs}"
        return reverse("proposals:org_assignments") + query

    return url


def _ours(user):
    return Assignment.objects.filter(organization_id__in=organizations_acting_for(user))


def _draft_to_sign():
    return Reply.objects.filter(
        assignment=OuterRef("pk"), round=OuterRef("round"), status=ReplyStatus.DRAFT
    )


def to_accept(user) -> int:
    return _ours(user).filter(status=A.ASSIGNED).count()


def to_reply(user) -> int:
    return (
        _ours(user)
        .filter(status__in=HANDLING)
        .exclude(Exists(_draft_to_sign()))
        .count()
    )


def to_sign(user) -> int:
    own = Assignment.objects.filter(organization_id=user.organization_id)
    return own.filter(status__in=HANDLING).filter(Exists(_draft_to_sign())).count()


def overdue_for_org(user) -> int:
    today = timezone.localdate()
    return (
        _ours(user).filter(status__in=AWAITING_ORGANIZATION, due_date__lt=today).count()
    )


def urged_for_org(user) -> int:
    """Open assignments of ours that someone has urged (催办)."""
    urged = Urge.objects.filter(assignment=OuterRef("pk"))
    return (
        _ours(user)
        .filter(status__in=AWAITING_ORGANIZATION)
        .filter(Exists(urged))
        .count()
    )


def extensions_for_org(user) -> int:
    return ExtensionRequest.objects.filter(
        assignment__in=_ours(user), status=PENDING
    ).count()


def my_open_drafts(user) -> int:
    """Drafts and returned items of mine to finish and submit."""
    return Proposal.objects.filter(
        lead_deputy__user=user, status__in=[P.DRAFT, P.RETURNED]
    ).count()


def cosign_requests(user) -> int:
    return Signer.objects.filter(
        deputy__user=user,
        status=SignerStatus.INVITED,
        proposal__status__in=[P.DRAFT, P.RETURNED],
    ).count()


def ratings_waiting(user) -> int:
    """Lead organisations' replies that I rate and have not rated yet."""
    mine = Q(proposal__lead_deputy__user=user)
    if rules.get(workflow.COSIGNERS_RATE.key):
        mine |= Exists(
            Signer.objects.filter(
                proposal=OuterRef("proposal"),
                deputy__user=user,
                status=SignerStatus.CONFIRMED,
            )
        )
    rated = Rating.objects.filter(
        assignment=OuterRef("pk"), round=OuterRef("round"), deputy__user=user
    )
    return (
        Assignment.objects.filter(mine, role__in=ANSWERING_ROLES, status=A.REPLIED)
        .exclude(Exists(rated))
        .count()
    )


def to_review(user) -> int:
    return Proposal.objects.filter(status=P.SUBMITTED).count()


def to_number(user) -> int:
    return Proposal.objects.filter(status=P.REGISTERED, number__isnull=True).count()


def to_assign(user) -> int:
    return (
        Proposal.objects.filter(status=P.REGISTERED, number__isnull=False)
        .exclude(kind=ProposalKind.MOTION)
        .count()
    )


def motions_on_agenda(user) -> int:
    """Numbered motions on the agenda whose deliberation has not ended."""
    return Proposal.objects.filter(
        status=P.REGISTERED, number__isnull=False, kind=ProposalKind.MOTION
    ).count()


def extensions_pending(user) -> int:
    return ExtensionRequest.objects.filter(status=PENDING).count()


def contested(user) -> int:
    return Assignment.objects.filter(status=A.CONTESTED).count()


def overdue(user) -> int:
    today = timezone.localdate()
    return Assignment.objects.filter(
        status__in=AWAITING_ORGANIZATION, due_date__lt=today
    ).count()


def escalated(user) -> int:
    return Assignment.objects.filter(status=A.ESCALATED).count()


def key_suggestions(user) -> int:
    """Key suggestions I supervise that are still being handled."""
    return Proposal.objects.filter(supervising_leaders=user, status=P.ASSIGNED).count()


def _register_office() -> None:
    office = Role.OFFICE
    panels = [
        ("to_review", _("Submitted items awaiting review"), to_review, "office_queue"),
        (
            "to_number",
            _("Reviewed items awaiting a number"),
            to_number,
            "office_number",
        ),
        (
            "to_assign",
            _("Numbered items awaiting assignment"),
            to_assign,
            "office_assign",
        ),
        (
            "motions",
            _("Motions on the agenda awaiting deliberation or resolution"),
            motions_on_agenda,
            "office_motions",
        ),
        (
            "contested",
            _("Organisations asking to be relieved"),
            contested,
            "office_board",
        ),
        (
            "extensions",
            _("Extension requests awaiting a decision"),
            extensions_pending,
            "office_extensions",
        ),
        (
            "overdue",
            _("Assignments past their reply deadline"),
            overdue,
            "office_board",
        ),
        ("escalated", _("Escalated for supervision"), escalated, "office_board"),
    ]
    for order, (key, title, count, url) in enumerate(panels, start=20):
        register_panel(
            office,
            f"proposals.{key}",
            title=title,
            order=order,
            count=count,
            url_name=f"proposals:{url}",
        )


def register_panels() -> None:
    """Called from ProposalsConfig.ready()."""
    _register_office()
    # Leaders supervise key suggestions (the page is theirs): office staff
    # following the key items use the board.
    register_panel(
        Role.LEADER,
        "proposals.key_suggestions",
        title=_("Key suggestions I supervise, being handled"),
        order=30,
        count=key_suggestions,
        url_name="proposals:office_key_suggestions",
    )
    register_panel(
        Role.LEADER,
        "proposals.escalated",
        title=_("Escalated for supervision"),
        order=31,
        count=escalated,
        url_name="proposals:reports_statistics",
    )
    register_panel(
        Role.VIEWER,
        "proposals.statistics",
        title=_("Handling statistics"),
        order=30,
        url_name="proposals:reports_statistics",
    )
    deputy_list = "proposals:deputy_list"
    for key, title, count, order in [
        ("ratings", _("Replies awaiting my rating"), ratings_waiting, 20),
        ("cosign", _("Invitations to co-sign awaiting my answer"), cosign_requests, 21),
        ("drafts", _("My drafts and items returned for revision"), my_open_drafts, 22),
    ]:
        register_panel(
            Role.DEPUTY,
            f"proposals.{key}",
            title=title,
            order=order,
            count=count,
            url_name=deputy_list,
        )
    liaison, head = Role.ORG_LIAISON, Role.ORG_HEAD
    for role, key, title, count, url, order in [
        (
            liaison,
            "to_accept",
            _("Assignments to accept"),
            to_accept,
            _org_list("accept"),
            20,
        ),
        (
            liaison,
            "to_reply",
            _("Assignments to reply to"),
            to_reply,
            _org_list("reply"),
            21,
        ),
        (
            head,
            "to_sign",
            _("Replies awaiting my signature"),
            to_sign,
            _org_list("sign"),
            20,
        ),
        (
            head,
            "to_reply",
            _("Assignments to reply to"),
            to_reply,
            _org_list("reply"),
            21,
        ),
    ]:
        register_panel(
            role,
            f"proposals.{key}",
            title=title,
            order=order,
            count=count,
            url_name=url,
        )
    for role in (liaison, head):
        register_panel(
            role,
            "proposals.overdue",
            title=_("Assignments past their reply deadline"),
            order=22,
            count=overdue_for_org,
            url_name=_org_list(overdue=True),
        )
        register_panel(
            role,
            "proposals.urged",
            title=_("Assignments we were urged on"),
            order=23,
            count=urged_for_org,
            url_name=_org_list("mine"),
        )
        register_panel(
            role,
            "proposals.extensions",
            title=_("Our extension requests awaiting a decision"),
            order=24,
            count=extensions_for_org,
            url_name=_org_list("mine"),
        )
