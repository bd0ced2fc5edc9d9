"""Stations, their managers, deputies, photos and the standard checklist."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.access import require_role
from congress.exceptions import DomainError
from congress.history import history_context
from congress.images import normalize_photo
from congress.roles import Role
from congress.uploads import validate_upload
from liaison_stations import access
from liaison_stations.models import (
    CheckStatus,
    DeputyPublicProfile,
    StandardCheck,
    StandardItem,
    Station,
    StationMembership,
    StationPhoto,
)

STATION_FIELDS = {
    "name",
    "type",
    "division",
    "address",
    "latitude",
    "longitude",
    "phone",
    "opens_at",
    "closes_at",
    "hours_note",
    "rules_text",
    "chief",
    "liaison_staff",
    "is_active",
}


class StationRefused(DomainError):
    """A station rule refuses the change."""


def station_create(*, user, deputy_chiefs=(), **fields) -> Station:
    """Office staff open a station. Raises PermissionDenied."""
    require_role(user, Role.OFFICE)
    _check_fields(fields)
    with transaction.atomic(), history_context(user):
        station = Station.objects.create(**fields)
        station.deputy_chiefs.set(deputy_chiefs)
        checks_ensure(station)
    return station


def station_update(station: Station, *, user, deputy_chiefs=None, **fields) -> Station:
    """The station's manager or office staff edit its details; raises
    PermissionDenied for anyone else."""
    _check_fields(fields)
    if not access.can_manage(user, station):
        raise PermissionDenied
    with transaction.atomic(), history_context(user):
        for name, value in fields.items():
            setattr(station, name, value)
        station.public_version += 1
        station.save()
        if deputy_chiefs is not None:
            station.deputy_chiefs.set(deputy_chiefs)
    return station


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - STATION_FIELDS
    if unknown:
        raise TypeError(f"station fields {sorted(unknown)} cannot be set")
    opens, closes = fields.get("opens_at"), fields.get("closes_at")
    if opens and closes and closes <= opens:
        raise StationRefused(_("The station must close after it opens."))


def station_manager_grant(station: Station, manager, *, user) -> None:
    """Office staff make `manager` (a station-manager account) manage `station`."""
    require_role(user, Role.OFFICE)
    if not manager.has_role(Role.STATION_MANAGER):
        raise StationRefused(
            _("%(name)s has no station-manager role.") % {"name": manager}
        )
    with history_context(user):
        access.manager_grant(manager, station)


def station_manager_revoke(station: Station, manager, *, user) -> None:
    require_role(user, Role.OFFICE)
    with history_context(user):
        access.manager_revoke(manager, station)


def station_deputies_set(
    station: Station, deputies, *, user, today: datetime.date | None = None
) -> None:
    """The deputies based at the station (any level); keeps the dates of
    those who stay."""
    if not access.can_manage(user, station):
        raise PermissionDenied
    today = today or timezone.localdate()
    wanted = {deputy.pk for deputy in deputies}
    with transaction.atomic(), history_context(user):
        StationMembership.objects.filter(station=station).exclude(
            deputy_id__in=wanted
        ).delete()
        have = set(
            StationMembership.objects.filter(station=station).values_list(
                "deputy_id", flat=True
            )
        )
        StationMembership.objects.bulk_create(
            StationMembership(station=station, deputy_id=pk, since=today)
            for pk in sorted(wanted - have)
        )
        Station.objects.filter(pk=station.pk).update(
            public_version=station.public_version + 1
        )


def station_photo_add(station: Station, *, image, caption: str, user) -> StationPhoto:
    """A photo of the station (checked as a photo, HEIC turned into JPEG)."""
    if not access.can_manage(user, station):
        raise PermissionDenied
    mime_type = validate_upload(image, use="photo")
    image = normalize_photo(image, mime_type=mime_type)
    with history_context(user):
        return StationPhoto.objects.create(
            station=station,
            image=image,
            caption=caption,
            sort_order=station.photos.count(),
        )


def deputy_profile_update(
    deputy, *, user, show_contact: bool, public_phone: str, introduction: str
) -> DeputyPublicProfile:
    """The deputy decides what their public page shows (contact: opt-in)."""
    if deputy.user_id != user.pk:
        raise PermissionDenied
    profile, _created = DeputyPublicProfile.objects.update_or_create(
        deputy=deputy,
        defaults={
            "show_contact": show_contact,
            "public_phone": public_phone if show_contact else "",
            "introduction": introduction,
        },
    )
    return profile


# The standard -------------------------------------------------------------------


NINE_HAVES = [
    ("venue", "有场所", "按照就近、便民的原则，设在办事处、社区会议室或党群服务中心"),
    ("sign", "有牌子", "统一命名为“XX人大代表联络站”的站牌"),
    ("equipment", "有设备", "配有桌子、椅子、电脑、文件柜等"),
    ("staff", "有人员", "站长、副站长、联络员和管理员"),
    ("rules", "有制度", "将制度上墙并落到实处"),
    ("plan", "有计划", "全年活动计划和代表接待选民时间表"),
    ("activities", "有活动", "结合重要时间节点开展主题活动和调研、视察工作"),
    ("ledger", "有台账", "活动记录、联系群众记录、建议意见记录和交办转办记录"),
    ("archive", "有档案", "整理相关活动资料，装订成册"),
]


def standard_items_ensure() -> None:
    """The default standard ("九有", as the data migration 0002 adds it) when
    the list is empty, e.g. after a test database flush; an edited list is
    left alone."""
    if StandardItem.objects.exists():
        return
    StandardItem.objects.bulk_create(
        StandardItem(code=code, name=name, evidence=evidence, sort_order=n * 10)
        for n, (code, name, evidence) in enumerate(NINE_HAVES, start=1)
    )


def checks_ensure(station: Station) -> list[StandardCheck]:
    """One check row per active standard item (new items get a row)."""
    standard_items_ensure()
    items = StandardItem.objects.filter(is_active=True)
    StandardCheck.objects.bulk_create(
        [StandardCheck(station=station, item=item) for item in items],
        ignore_conflicts=True,
    )
    return list(
        station.checks.filter(item__is_active=True)
        .select_related("item", "reviewed_by")
        .order_by("item__sort_order", "item__code")
    )


def check_self_assess(
    check: StandardCheck, *, met: bool, note: str, user, now=None
) -> StandardCheck:
    """The station marks an item met or not met (自查); an accepted item that
    the station changes goes back to the office."""
    if not access.can_manage(user, check.station):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        check = StandardCheck.objects.select_for_update(of=("self",)).get(pk=check.pk)
        check.status = CheckStatus.SELF_CHECKED if met else CheckStatus.NOT_MET
        check.note, check.checked_at = note, now
        check.reviewed_by, check.reviewed_at = None, None
        check.save()
        Station.objects.filter(pk=check.station_id).update(accepted_on=None)
    return check


def check_review(
    check: StandardCheck, *, accept: bool, note: str, user, now=None
) -> StandardCheck:
    """Office staff accept or refuse an item the station marked met; when every
    item is accepted the station counts as accepted (验收) that day."""
    require_role(user, Role.OFFICE)
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        check = StandardCheck.objects.select_for_update(of=("self",)).get(pk=check.pk)
        if check.status not in (CheckStatus.SELF_CHECKED, CheckStatus.ACCEPTED):
            raise StationRefused(
                _("Only an item the station marked as met can be reviewed.")
            )
        check.status = CheckStatus.ACCEPTED if accept else CheckStatus.REJECTED
        check.office_note, check.reviewed_by, check.reviewed_at = note, user, now
        check.save()
        pending = (
            StandardCheck.objects.filter(
                station_id=check.station_id, item__is_active=True
            )
            .exclude(status=CheckStatus.ACCEPTED)
            .exists()
        )
        Station.objects.filter(pk=check.station_id).update(
            accepted_on=None if pending else timezone.localdate(now)
        )
    return check
