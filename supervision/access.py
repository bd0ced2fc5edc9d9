"""Who may see and do what in supervision (one place per model).

Invisible → 404, visible but not allowed → 403. Visibility itself is the
models' `visible_to(user)`: an organisation sees only the items that
supervise it, once it was told of them; drafts of opinions are seen only by
office staff (the working bodies) and leaders.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from congress.roles import Role
from supervision.models import Item, ItemStatus, OpinionPoint

STAFF = (Role.OFFICE,)
READERS = (Role.OFFICE, Role.LEADER, Role.VIEWER)
ORG = (Role.ORG_LIAISON, Role.ORG_HEAD)


def _is_org_of(user, item: Item) -> bool:
    return user.has_role(*ORG) and user.organization_id == item.organization_id


def item_get_for_user(user, pk: int, *, action: str = "view") -> Item:
    """The item for `action`: view; manage (office staff); answer (its
    organisation, while opinions await its report); report (its organisation,
    while the report is being prepared). Raises Http404 / PermissionDenied."""
    item = (
        Item.objects.visible_to(user)
        .select_related("plan", "working_body", "organization", "meeting")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    allowed = {
        "view": True,
        "manage": user.has_role(*STAFF),
        "answer": _is_org_of(user, item)
        and item.status in (ItemStatus.OPINION_SENT, ItemStatus.RECTIFYING),
        "report": _is_org_of(user, item) and item.status == ItemStatus.PREPARING,
    }[action]
    if not allowed:
        raise PermissionDenied
    return item


def point_get_for_user(user, pk: int, *, action: str = "view") -> OpinionPoint:
    """A point of a sent (or, for staff, draft) opinion for view, answer (its
    organisation, while answerable) or close (office staff)."""
    point = (
        OpinionPoint.objects.visible_to(user)
        .select_related("opinion__item__organization")
        .filter(pk=pk)
        .first()
    )
    if point is None:
        raise Http404
    item = point.opinion.item
    allowed = {
        "view": True,
        "answer": _is_org_of(user, item)
        and item.status in (ItemStatus.OPINION_SENT, ItemStatus.RECTIFYING),
        "close": user.has_role(*STAFF),
    }[action]
    if not allowed:
        raise PermissionDenied
    return point


def project_get_for_user(user, pk: int, *, action: str = "view"):
    """A livelihood project for view (every portal user), report (the
    department in charge) or manage (office staff)."""
    from supervision.models import LivelihoodProject

    project = (
        LivelihoodProject.objects.visible_to(user)
        .select_related("department", "evaluation")
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404
    allowed = {
        "view": True,
        "report": user.has_role(*ORG) and user.organization_id == project.department_id,
        "manage": user.has_role(*STAFF),
    }[action]
    if not allowed:
        raise PermissionDenied
    return project
