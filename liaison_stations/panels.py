"""What waits for each role in their workspace (congress.workspaces panels)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.roles import Role
from congress.workspaces import register_links, register_panel
from liaison_stations import access, selectors
from liaison_stations.models import (
    Issue,
    IssueStatus,
    StandardCheck,
    Station,
    SwapRequest,
    SwapStatus,
)


def _managed(user):
    return access.managed_stations(user).values("pk")


def _first_station_url(user, name: str) -> str:
    station = access.managed_stations(user).order_by("pk").first()
    if station is None:
        return reverse("liaison_stations:station_list")
    return reverse(name, args=[station.pk])


def _my_deputy_duties(user):
    today = timezone.localdate()
    return access.own_assignments(user).filter(
        slot__date__gte=today, slot__status="published"
    )


def _org_issues(user):
    if not user.organization_id:
        return Issue.objects.none()
    return Issue.objects.filter(
        organization_id=user.organization_id, status=IssueStatus.REFERRED
    )


def _issues_url(**params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("liaison_stations:issue_list") + (f"?{query}" if query else "")


def register() -> None:
    sm = Role.STATION_MANAGER
    register_panel(
        sm,
        "liaison_stations.today",
        title=_("On duty today at my stations"),
        order=10,
        count=lambda user: len(
            selectors.today_duties(_managed(user), timezone.localdate())
        ),
        url_name=lambda user: _first_station_url(user, "liaison_stations:roster"),
        template="liaison_stations/panels/_today.html",
        context=lambda user: {
            "slots": selectors.today_duties(_managed(user), timezone.localdate())
        },
    )
    register_panel(
        sm,
        "liaison_stations.issues",
        title=_("Citizens' issues to route or close"),
        order=20,
        count=lambda user: selectors.issues_awaiting(_managed(user)).count(),
        url_name=lambda user: _issues_url(status="open"),
    )
    register_panel(
        sm,
        "liaison_stations.requests",
        title=_("Bookings and swap requests to answer"),
        order=30,
        count=lambda user: (
            selectors.bookings_awaiting(_managed(user)).count()
            + SwapRequest.objects.filter(
                assignment__slot__station__in=_managed(user), status=SwapStatus.PENDING
            ).count()
        ),
        url_name=lambda user: _first_station_url(user, "liaison_stations:bookings"),
    )
    register_panel(
        sm,
        "liaison_stations.stations",
        title=_("My liaison stations"),
        order=40,
        count=lambda user: access.managed_stations(user).count(),
        url_name="liaison_stations:station_list",
    )
    register_panel(
        Role.DEPUTY,
        "liaison_stations.my_duties",
        title=_("My duties at the liaison station"),
        order=30,
        count=lambda user: _my_deputy_duties(user).count(),
        url_name="liaison_stations:my_duties",
    )
    register_panel(
        Role.DEPUTY,
        "liaison_stations.my_issues",
        title=_("Citizens' issues passed to me"),
        order=31,
        count=lambda user: (
            access.issues_visible_to(user)
            .filter(status__in=(IssueStatus.PASSED_UP, IssueStatus.SUGGESTION))
            .count()
        ),
        url_name="liaison_stations:my_duties",
    )
    for role in (Role.ORG_LIAISON, Role.ORG_HEAD):
        register_panel(
            role,
            "liaison_stations.referred",
            title=_("Citizens' issues referred by liaison stations"),
            order=40,
            count=lambda user: _org_issues(user).count(),
            url_name=lambda user: _issues_url(status="referred"),
        )
    register_panel(
        Role.OFFICE,
        "liaison_stations.acceptance",
        title=_("Liaison stations: standard items awaiting acceptance"),
        order=60,
        count=lambda user: StandardCheck.objects.filter(status="self_checked").count(),
        url_name="liaison_stations:station_list",
    )
    register_panel(
        Role.OFFICE,
        "liaison_stations.overdue",
        title=_("Liaison stations: overdue citizens' issues"),
        order=61,
        count=lambda user: Issue.objects.overdue(timezone.localdate()).count(),
        url_name=lambda user: _issues_url(status="referred"),
    )
    register_panel(
        Role.LEADER,
        "liaison_stations.statistics",
        title=_("Liaison stations this year"),
        order=60,
        count=lambda user: Station.objects.active().count(),
        url_name="liaison_stations:statistics",
    )
    managers = {Role.STATION_MANAGER, Role.OFFICE}
    register_links(
        _("Liaison stations"),
        order=40,
        links=[
            (
                "liaison_stations:station_list",
                _("Liaison stations"),
                {*managers, Role.LEADER, Role.VIEWER, Role.DIVISION_OFFICER},
            ),
            (
                "liaison_stations:issue_list",
                _("Citizens' issues"),
                {*managers, Role.LEADER, Role.ORG_LIAISON, Role.ORG_HEAD},
            ),
            (
                "liaison_stations:statistics",
                _("Station statistics"),
                {*managers, Role.LEADER, Role.VIEWER, Role.DIVISION_OFFICER},
            ),
            (
                "liaison_stations:station_create",
                _("New liaison station"),
                {Role.OFFICE},
            ),
            (
                "liaison_stations:my_duties",
                _("My duties at the liaison station"),
                {Role.DEPUTY},
            ),
            (
                "liaison_stations:public_directory",
                _("Public station directory"),
                set(Role),
            ),
        ],
    )


register()
