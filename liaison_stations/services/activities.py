"""Station activities (学习, 视察, 调研, 座谈 ...) with the deputies' sign-in,
which enters their performance files."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from congress.history import history_context
from deputies import services as deputies_services
from deputies.models import ActivityKind as FileKind
from liaison_stations import access
from liaison_stations.models import (
    ActivityKind,
    ActivitySignIn,
    Station,
    StationActivity,
)
from liaison_stations.services.summaries import summaries_refresh

FILE_KINDS = {
    ActivityKind.STUDY: FileKind.TRAINING,
    ActivityKind.INSPECTION: FileKind.INSPECTION,
    ActivityKind.RESEARCH: FileKind.RESEARCH,
    ActivityKind.FORUM: FileKind.VOTER_CONTACT,
    ActivityKind.OFFICIALS: FileKind.VOTER_CONTACT,
    ActivityKind.OTHER: FileKind.OTHER,
}


def activity_create(
    station: Station,
    *,
    user,
    kind: str,
    title: str,
    date: datetime.date,
    place: str = "",
    summary: str = "",
) -> StationActivity:
    if not access.can_manage(user, station):
        raise PermissionDenied
    with transaction.atomic(), history_context(user):
        activity = StationActivity.objects.create(
            station=station,
            kind=kind,
            title=title,
            date=date,
            place=place or station.address,
            summary=summary,
            created_by=user,
        )
        summaries_refresh(station_ids=[station.pk], days=[date])
    return activity


def activity_sign_in(
    activity: StationActivity, deputies, *, user, now=None
) -> list[ActivitySignIn]:
    """The manager records who signed in; each entry goes into that deputy's
    file (once: signing in again changes nothing)."""
    if not access.can_manage(user, activity.station):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        rows = []
        for deputy in deputies:
            sign_in, _created = ActivitySignIn.objects.get_or_create(
                activity=activity, deputy=deputy, defaults={"signed_in_at": now}
            )
            deputies_services.record_push(
                deputy,
                source=sign_in,
                kind=FILE_KINDS[activity.kind],
                date=activity.date,
                description=f"{activity.station.name}：{activity.title}",
                place=activity.place,
            )
            rows.append(sign_in)
        summaries_refresh(
            days=[activity.date], deputy_ids=[deputy.pk for deputy in deputies]
        )
    return rows
