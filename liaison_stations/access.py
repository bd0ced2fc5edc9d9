"""Who sees and changes which station, slot, issue, booking and activity.

A station manager holds their station through a django-guardian object
permission (`liaison_stations.manage_station`); this module is the only place
that calls guardian. Office staff manage every station. Invisible → 404,
visible but not allowed → 403.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Subquery
from django.http import Http404
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from congress.roles import Role
from deputies.models import Deputy
from liaison_stations.models import (
    ActivitySignIn,
    Booking,
    DutyAssignment,
    DutySlot,
    Issue,
    IssueStatus,
    Station,
    StationActivity,
    SwapRequest,
)

MANAGE = "liaison_stations.manage_station"
READERS = (Role.OFFICE, Role.LEADER, Role.VIEWER)


# Grants ---------------------------------------------------------------------


def manager_grant(user, station: Station) -> None:
    assign_perm(MANAGE, user, station)
    _forget(user)


def manager_revoke(user, station: Station) -> None:
    remove_perm(MANAGE, user, station)
    _forget(user)


def _forget(user) -> None:
    user.__dict__.pop("_managed_station_perms", None)
    user.__dict__.pop("_managed_station_ids", None)


def station_managers(station_ids) -> dict[int, list]:
    """{station id: [manager users]} in one query (reminders, notices)."""
    rows = UserObjectPermission.objects.filter(
        permission__codename="manage_station",
        content_type=ContentType.objects.get_for_model(Station),
        object_pk__in=[str(pk) for pk in station_ids],
        user__is_active=True,
    ).select_related("user")
    result = defaultdict(list)
    for row in rows:
        result[int(row.object_pk)].append(row.user)
    return result


def managers_of(station: Station) -> list:
    return station_managers([station.pk]).get(station.pk, [])


# Stations -------------------------------------------------------------------


def managed_stations(user) -> QuerySet[Station]:
    """The stations `user` manages: every station for office staff, the granted
    ones for a station manager, none for anyone else."""
    if not (user.is_authenticated and user.is_active):
        return Station.objects.none()
    if user.has_role(Role.OFFICE):
        return Station.objects.all()
    if not user.has_role(Role.STATION_MANAGER):
        return Station.objects.none()
    return get_objects_for_user(
        user, MANAGE, klass=Station, accept_global_perms=False, with_superuser=False
    )


def managed_station_ids(user) -> list[int]:
    """The ids of managed_stations(user), read once per request (one query
    for a station manager, none otherwise): a list of ids lets PostgreSQL
    seek a station's rows by index where the permission subquery made it
    scan every issue."""
    if not (user.is_authenticated and user.has_role(Role.STATION_MANAGER)):
        return []
    if "_managed_station_ids" not in user.__dict__:
        user.__dict__["_managed_station_ids"] = list(
            managed_stations(user).order_by().values_list("pk", flat=True)
        )
    return user.__dict__["_managed_station_ids"]


def stations_visible_to(user) -> QuerySet[Station]:
    """Office, leaders and viewers: all; managers: theirs; township officers:
    their division's; deputies: the stations they are based at."""
    if not (user.is_authenticated and user.is_active):
        return Station.objects.none()
    if user.has_role(*READERS):
        return Station.objects.all()
    condition = Q(pk__in=managed_stations(user).values("pk"))
    if user.has_role(Role.DIVISION_OFFICER) and user.division_id:
        condition |= Q(division_id=user.division_id)
    if user.has_role(Role.DEPUTY):
        condition |= Q(deputies__user=user)
    return Station.objects.filter(condition).distinct()


def can_manage(user, station: Station) -> bool:
    """Office staff: every station; a station manager: the stations granted
    to them (remembered on the user object for the rest of the request)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.has_role(Role.OFFICE):
        return True
    if not user.has_role(Role.STATION_MANAGER):
        return False
    known = user.__dict__.setdefault("_managed_station_perms", {})
    if station.pk not in known:
        known[station.pk] = user.has_perm(MANAGE, station)
    return known[station.pk]


def _may_see(user, station: Station) -> bool:
    """stations_visible_to() for one station, without the list's subqueries."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.has_role(*READERS) or can_manage(user, station):
        return True
    if user.has_role(Role.DIVISION_OFFICER) and user.division_id == station.division_id:
        return True
    return user.has_role(Role.DEPUTY) and station.deputies.filter(user=user).exists()


def station_get_for_user(user, pk: int, *, action: str = "view") -> Station:
    """The station for `action` (view or manage). Raises Http404 when invisible,
    PermissionDenied when visible but not manageable."""
    station = Station.objects.filter(pk=pk).first()
    if station is None or not _may_see(user, station):
        raise Http404
    if action == "manage" and not can_manage(user, station):
        raise PermissionDenied
    return station


def can_see_contacts(user, station: Station) -> bool:
    """Citizens' names and phones: the station's managers and office staff only."""
    return can_manage(user, station)


# Slots and duties ---------------------------------------------------------------


def slot_get_for_user(user, pk: int, *, action: str = "view") -> DutySlot:
    slot = DutySlot.objects.select_related("station").filter(pk=pk).first()
    if slot is None or not _may_see(user, slot.station):
        raise Http404
    if action == "manage" and not can_manage(user, slot.station):
        raise PermissionDenied
    return slot


def own_assignments(user) -> QuerySet[DutyAssignment]:
    if not (user.is_authenticated and user.has_role(Role.DEPUTY)):
        return DutyAssignment.objects.none()
    return DutyAssignment.objects.filter(deputy__user=user)


def assignment_get_for_user(user, pk: int, *, action: str) -> DutyAssignment:
    """A duty for `action`: swap (its deputy) or confirm (the station's manager)."""
    assignment = (
        DutyAssignment.objects.select_related("slot__station", "deputy")
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404
    mine = assignment.deputy.user_id == user.pk
    manager = can_manage(user, assignment.slot.station)
    if not (mine or manager):
        raise Http404
    allowed = {"swap": mine, "confirm": manager}[action]
    if not allowed:
        raise PermissionDenied
    return assignment


def swap_get_for_user(user, pk: int, *, action: str) -> SwapRequest:
    """A swap request to decide (the station's manager) or withdraw (its deputy)."""
    swap = (
        SwapRequest.objects.select_related(
            "assignment__slot__station", "requested_by", "replacement"
        )
        .filter(pk=pk)
        .first()
    )
    if swap is None:
        raise Http404
    mine = swap.requested_by.user_id == user.pk
    manager = can_manage(user, swap.assignment.slot.station)
    if not (mine or manager):
        raise Http404
    if not {"decide": manager, "withdraw": mine}[action]:
        raise PermissionDenied
    return swap


# Issues -----------------------------------------------------------------------


def issues_visible_to(user) -> QuerySet[Issue]:
    """Managers and office: their stations' issues; leaders and viewers: all;
    an organisation: the issues referred to it; a deputy: those passed to
    them or addressed to them."""
    if not (user.is_authenticated and user.is_active):
        return Issue.objects.none()
    if user.has_role(*READERS):
        return Issue.objects.all()
    condition = Q(station_id__in=managed_station_ids(user))
    if user.has_role(Role.ORG_LIAISON, Role.ORG_HEAD) and user.organization_id:
        condition |= Q(organization_id=user.organization_id)
    if user.has_role(Role.DEPUTY):
        # The deputy's id as a scalar subquery: both columns are then
        # searched by their indexes instead of joining every issue to a deputy.
        mine = Subquery(Deputy.objects.filter(user=user).order_by().values("pk")[:1])
        condition |= Q(handling_deputy_id=mine) | Q(addressed_to_id=mine)
    return Issue.objects.filter(condition)


def issue_may(user, issue: Issue, action: str) -> bool:
    manager = can_manage(user, issue.station)
    if action in ("view",):
        return True
    if action in ("route", "feedback", "edit"):
        return manager
    if action == "answer":
        if issue.status == IssueStatus.REFERRED:
            own_org = (
                user.has_role(Role.ORG_LIAISON, Role.ORG_HEAD)
                and user.organization_id == issue.organization_id
            )
            return own_org or manager
        if issue.status == IssueStatus.PASSED_UP:
            return manager or _is_handling_deputy(user, issue)
        return False
    if action == "draft_suggestion":
        return issue.status == IssueStatus.SUGGESTION and _is_handling_deputy(
            user, issue
        )
    raise ValueError(action)


def _is_handling_deputy(user, issue: Issue) -> bool:
    return issue.handling_deputy is not None and issue.handling_deputy.user_id == (
        user.pk
    )


def issue_get_for_user(user, pk: int, *, action: str = "view") -> Issue:
    """An issue for `action`: view, route, answer, feedback, edit, draft_suggestion."""
    issue = (
        issues_visible_to(user)
        .select_related("station", "organization", "handling_deputy", "reception")
        .filter(pk=pk)
        .first()
    )
    if issue is None:
        raise Http404
    if not issue_may(user, issue, action):
        raise PermissionDenied
    return issue


def booking_get_for_user(user, pk: int) -> Booking:
    """A booking for the station's manager to confirm or decline."""
    booking = Booking.objects.select_related("slot__station").filter(pk=pk).first()
    if booking is None or not _may_see(user, booking.slot.station):
        raise Http404
    if not can_manage(user, booking.slot.station):
        raise PermissionDenied
    return booking


def activity_get_for_user(user, pk: int, *, action: str = "view") -> StationActivity:
    activity = StationActivity.objects.select_related("station").filter(pk=pk).first()
    if activity is None or not _may_see(user, activity.station):
        raise Http404
    if action == "manage" and not can_manage(user, activity.station):
        raise PermissionDenied
    return activity


def sign_ins_of(activity: StationActivity) -> QuerySet[ActivitySignIn]:
    return activity.sign_ins.select_related("deputy")
