"""A deputy's personal data: export and erasure on request
(congress.personal_data), identified by the ID number.

The record of service (name, mandates, activities, composition figures)
is kept by law; erasure removes what identifies or reaches the person
privately: ID number, date of birth, mobile number and photo, in the row,
its field history and the linked account. Refused while a mandate is
serving or suspended: the registry must hold those by law."""

from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from congress.exceptions import DomainError
from congress.personal_data import PersonKind, history_scrub
from deputies.access import id_numbers_shown
from deputies.models import Deputy, MandateStatus

DEPUTY_ERASED = {"id_number": "", "birth_date": None, "mobile": "", "photo": ""}


class DeputyServing(DomainError):
    default_message = _(
        "This deputy holds a serving or suspended mandate: the registry must "
        "keep their data. Erase it after the mandate has ended."
    )


def _deputies(id_number: str):
    id_number = id_number.strip().upper()
    if not id_number:
        return Deputy.objects.none()
    return Deputy.objects.filter(id_number=id_number)


def deputy_export(id_number: str, by=None) -> list[dict[str, Any]]:
    """The deputy's registry data, mandates and activity records; the full
    ID number in it is recorded as shown to `by`."""
    deputies = list(_deputies(id_number).prefetch_related("mandates__term"))
    if by is not None:
        id_numbers_shown(by, deputies, channel="export")
    return [_deputy_data(deputy) for deputy in deputies]


def _deputy_data(deputy: Deputy) -> dict[str, Any]:
    return {
        "type": "deputy",
        "name": deputy.name,
        "gender": deputy.get_gender_display(),
        "ethnicity": deputy.ethnicity,
        "birth_date": deputy.birth_date.isoformat() if deputy.birth_date else "",
        "id_number": deputy.id_number,
        "education": deputy.education,
        "employer_and_post": deputy.employer_and_post,
        "mobile": deputy.mobile,
        "photo": deputy.photo.name if deputy.photo else "",
        "mandates": [
            {
                "term": str(mandate.term),
                "level": mandate.get_level_display(),
                "status": mandate.get_status_display(),
            }
            for mandate in deputy.mandates.all()
        ],
        "records": list(
            deputy.records.values(
                "kind", "date", "place", "description", "status"
            ).order_by("date")
        ),
    }


def deputy_erase(id_number: str, by=None) -> int:
    """Erase the private data of the deputy with this ID number; raises
    DeputyServing while a mandate is serving or suspended."""
    deputies = list(_deputies(id_number))
    active = (MandateStatus.SERVING, MandateStatus.SUSPENDED)
    if any(d.mandates.filter(status__in=active).exists() for d in deputies):
        raise DeputyServing
    for deputy in deputies:
        photo = deputy.photo.name if deputy.photo else ""
        Deputy.objects.filter(pk=deputy.pk).update(**DEPUTY_ERASED)
        if deputy.user_id:
            deputy.user.mobile = ""
            deputy.user.save(update_fields=["mobile"])
            history_scrub(type(deputy.user), [deputy.user_id], {"mobile": ""})
        if photo:
            transaction.on_commit(lambda name=photo: default_storage.delete(name))
    history_scrub(Deputy, [d.pk for d in deputies], DEPUTY_ERASED)
    return len(deputies)


DEPUTY = PersonKind(
    key="deputy",
    label=_("Deputy (registry data)"),
    identifier_label=_("ID number"),
    export=deputy_export,
    erase=deputy_erase,
)
