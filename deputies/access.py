"""Who sees which deputy and which performance record (one place per model)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from congress.roles import Role
from congress.validators import mask_id_number
from deputies.models import Deputy, PerformanceRecord

# Roles that see the whole registry (read); only office staff change it.
REGISTRY_READERS = (Role.OFFICE, Role.LEADER, Role.VIEWER)


def sees_every_deputy(user) -> bool:
    """Office staff, leaders and viewers see the whole registry."""
    return user.is_authenticated and user.is_active and user.has_role(*REGISTRY_READERS)


def deputies_visible_to(user) -> QuerySet[Deputy]:
    """Office staff, leaders and viewers: everyone; a township or sub-district
    officer: deputies with a mandate in their division; a deputy: themself."""
    deputies = Deputy.objects.all()
    if not user.is_authenticated or not user.is_active:
        return deputies.none()
    if sees_every_deputy(user):
        return deputies
    if user.has_role(Role.DIVISION_OFFICER) and user.division_id:
        return deputies.filter(mandates__division_id=user.division_id).distinct()
    if user.has_role(Role.DEPUTY):
        return deputies.filter(user=user)
    return deputies.none()


def records_visible_to(user) -> QuerySet[PerformanceRecord]:
    return PerformanceRecord.objects.visible_to(user)


def can_confirm_records(user) -> bool:
    return user.has_role(Role.OFFICE)


def deputy_get_for_user(user, pk: int) -> Deputy:
    """The deputy if visible (else 404)."""
    deputy = deputies_visible_to(user).filter(pk=pk).first()
    if deputy is None:
        raise Http404
    return deputy


def record_get_for_user(user, pk: int, *, action: str = "view") -> PerformanceRecord:
    """A performance record for `action`: view, edit (its deputy, while not
    confirmed) or confirm (staff). Invisible → 404; visible but not allowed → 403."""
    record = records_visible_to(user).select_related("deputy").filter(pk=pk).first()
    if record is None:
        raise Http404
    allowed = {
        "view": True,
        "edit": record.deputy.user_id == user.pk
        and record.status != PerformanceRecord.Status.CONFIRMED,
        "confirm": can_confirm_records(user),
    }[action]
    if not allowed:
        raise PermissionDenied
    return record


def deputy_report_get_for_user(user, pk: int) -> Deputy:
    """The deputy whose report `user` may download: office, leadership and
    viewers any deputy, a deputy themself. Invisible → 404; visible but not
    allowed (a township officer) → 403."""
    deputy = deputies_visible_to(user).filter(pk=pk).first()
    if deputy is None:
        raise Http404
    if not (user.has_role(*REGISTRY_READERS) or deputy.user_id == user.pk):
        raise PermissionDenied
    return deputy


# Personal data (个人信息保护法): the full ID number is for office staff of the
# deputies' working committee only. Others see it masked, never search by it,
# and see no more of the birth date than the year (the masked digits are the
# birth date: with the month and the exact-ID search, an ID could be rebuilt).
def can_see_full_id(user) -> bool:
    return user.has_role(Role.OFFICE)


def id_numbers_shown(user, deputies, *, channel: str, path: str = "") -> dict:
    """{deputy pk: ID number as this user may see it}; when any is shown in
    full, one IdNumberDisclosure row records who saw which, where."""
    from deputies.models import IdNumberDisclosure

    deputies = list(deputies)
    if not can_see_full_id(user):
        return {deputy.pk: mask_id_number(deputy.id_number) for deputy in deputies}
    shown = [deputy.pk for deputy in deputies if deputy.id_number]
    if shown:
        IdNumberDisclosure.objects.create(
            user=user, channel=channel, deputy_ids=shown, path=path[:300]
        )
    return {deputy.pk: deputy.id_number for deputy in deputies}


def birth_date_shown(user, deputy) -> str:
    """The full date for office staff, the year alone for everyone else."""
    if deputy.birth_date is None:
        return ""
    if can_see_full_id(user):
        return deputy.birth_date.isoformat()
    return str(deputy.birth_date.year)


def exit_case_get_for_user(user, pk: int, *, action: str = "view"):
    """An exit case for `action`: view (registry readers) or decide (office
    staff: a decision, or a recall vote recorded). Invisible → 404; visible
    but not allowed → 403."""
    from deputies.models import ExitCase

    if not user.is_authenticated or not user.has_role(*REGISTRY_READERS):
        raise Http404
    case = (
        ExitCase.objects.select_related("mandate__deputy", "mandate__term")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    if action == "decide" and not user.has_role(Role.OFFICE):
        raise PermissionDenied
    return case
