"""Supervision's panels on each role's workspace (congress.workspaces)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.roles import Role
from congress.workspaces import (
    register_links,
    register_panel,
    register_public_link,
)
from supervision import selectors
from supervision.models import Item

PANEL = "supervision/panels/_items.html"
ORG = (Role.ORG_LIAISON, Role.ORG_HEAD)


def _today():
    return timezone.localdate()


def _items(queryset):
    return {"items": list(queryset.select_related("organization")[:5])}


def register() -> None:
    # The public's questions for TV and online questioning: in every public
    # footer, the liaison stations' public pages included.
    register_public_link("supervision:public_inquiries", _("Ask at the TV inquiry"))
    readers = {Role.OFFICE, Role.LEADER, Role.VIEWER, Role.MEMBER}
    register_links(
        _("Supervision"),
        order=30,
        links=[
            ("supervision:board", _("Year plan"), readers),
            (
                "supervision:open_points",
                _("Open opinion points"),
                {Role.OFFICE, Role.LEADER, Role.VIEWER},
            ),
            ("supervision:org_items", _("Supervision of our organisation"), set(ORG)),
            (
                "supervision:appraisals",
                _("Work appraisals"),
                {Role.OFFICE, Role.LEADER, Role.VIEWER, Role.MEMBER, *ORG},
            ),
            (
                "supervision:coverage",
                _("Appraisal coverage of the term"),
                {Role.OFFICE, Role.LEADER, Role.VIEWER},
            ),
            (
                "supervision:session_reports",
                _("Opinion cards on the session's work reports"),
                {Role.OFFICE, Role.LEADER, Role.VIEWER, Role.DEPUTY},
            ),
            (
                "supervision:filings",
                _("Filing review of normative documents"),
                {Role.OFFICE, Role.LEADER, Role.VIEWER, *ORG},
            ),
            (
                "supervision:interpellations",
                _("Interpellations"),
                {Role.OFFICE, Role.LEADER, Role.VIEWER, Role.MEMBER},
            ),
            (
                "supervision:matters",
                _("Major matters: the yearly list"),
                {Role.OFFICE, Role.LEADER, Role.VIEWER, Role.MEMBER, *ORG},
            ),
            (
                "supervision:investigations",
                _("Special investigations"),
                {Role.OFFICE, Role.LEADER, Role.VIEWER, Role.MEMBER, *ORG},
            ),
            (
                "supervision:projects",
                _("Livelihood projects"),
                {*readers, Role.DEPUTY, *ORG},
            ),
        ],
    )
    register_panel(
        Role.DEPUTY,
        "supervision.livelihood_vote",
        title=_("Livelihood projects: your vote"),
        order=30,
        count=lambda user: selectors.selection_votes_open_for(user).count(),
        url_name="supervision:projects",
    )
    for role in ORG:
        register_panel(
            role,
            "supervision.asked",
            title=_("Supervision: what is asked of us"),
            order=30,
            count=lambda user: selectors.awaiting_org(user).count(),
            url_name="supervision:org_items",
            template=PANEL,
            context=lambda user: _items(selectors.awaiting_org(user)),
        )
    # The working body reaches them through its links (no extra count).
    for role in ORG:
        register_panel(
            role,
            "supervision.appraisals",
            title=_("Work appraisals in progress"),
            order=34,
            count=lambda user: selectors.appraisals_in_progress(user).count(),
            url_name="supervision:appraisals",
        )
    register_panel(
        Role.OFFICE,
        "supervision.deadlines",
        title=_("Supervision: deadlines in the next 30 days"),
        order=30,
        count=lambda user: selectors.deadlines_this_month(user, _today()).count(),
        url_name="supervision:board",
        template=PANEL,
        context=lambda user: _items(selectors.deadlines_this_month(user, _today())),
    )
    register_panel(
        Role.OFFICE,
        "supervision.open_points",
        title=_("Supervision: open opinion points"),
        order=31,
        count=lambda user: selectors.open_points(user).count(),
        url_name="supervision:open_points",
    )
    register_panel(
        Role.MEMBER,
        "supervision.documents",
        title=_("Supervision: reports for the next meeting"),
        order=30,
        count=lambda user: selectors.meeting_documents(user, _today()).count(),
        url_name="supervision:board",
        template=PANEL,
        context=lambda user: _items(selectors.meeting_documents(user, _today())),
    )
    register_panel(
        Role.MEMBER,
        "supervision.open_votes",
        title=_("Supervision: satisfaction votes open to you"),
        order=31,
        count=lambda user: selectors.open_votes_for(user).count(),
        url_name="ballot_vote_list",
    )
    register_panel(
        Role.LEADER,
        "supervision.open_items",
        title=_("Supervision: open items"),
        order=30,
        count=lambda user: Item.objects.visible_to(user).open().count(),
        url_name="supervision:board",
    )
    register_panel(
        Role.LEADER,
        "supervision.overdue",
        title=_("Supervision: overdue handling reports"),
        order=31,
        count=lambda user: selectors.overdue_reports(user, _today()).count(),
        url_name="supervision:open_points",
        template=PANEL,
        context=lambda user: _items(selectors.overdue_reports(user, _today())),
    )
    register_panel(
        Role.LEADER,
        "supervision.for_council",
        title=_("Supervision: items for the chairpersons' meeting"),
        order=32,
        count=lambda user: selectors.for_council(user).count(),
        url_name="supervision:board",
        template=PANEL,
        context=lambda user: _items(selectors.for_council(user)),
    )
    register_panel(
        Role.LEADER,
        "supervision.vote_results",
        title=_("Supervision: satisfaction vote results"),
        order=33,
        count=None,
        url_name="supervision:board",
        template="supervision/panels/_votes.html",
        context=lambda user: {"votes": list(selectors.vote_results(user)[:5])},
    )
