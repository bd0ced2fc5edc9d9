"""Personal data on request and by retention (个人信息保护法, 等保 2.0).

Each app registers the kinds of person whose data it holds (`citizen` by
phone number in liaison_stations, `deputy` in deputies) with three
functions: `export(identifier, by)` (JSON-able records), `erase(identifier,
by)` (records erased) and, optionally, `retention(now)` (records past the
installation's retention, erased by the daily sweep). Erasing overwrites
the personal fields with ERASED, deletes files, and scrubs the same fields
in the object's django-pghistory rows (`history_scrub`): otherwise the
history would still hold what was erased. The rows themselves stay, so
counts and statistics do not change.

Every export and erasure writes one PersonalDataRequest: who, when, which
kind, how many records, and a keyed hash of the identifier (never the data).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise

from congress.history import history_context

ERASED = "（已删除）"


@dataclass(frozen=True)
class PersonKind:
    key: str
    label: str | Promise
    identifier_label: str | Promise
    export: Callable[..., list[dict[str, Any]]]  # (identifier, by)
    erase: Callable[..., int]  # (identifier, by)
    retention: Callable[[datetime.datetime], int] | None = None


_kinds: dict[str, PersonKind] = {}


def register_person_kind(kind: PersonKind) -> None:
    if kind.key in _kinds:
        raise ValueError(f"Person kind {kind.key} is already registered")
    _kinds[kind.key] = kind


def person_kinds() -> list[PersonKind]:
    return list(_kinds.values())


def person_kind(key: str) -> PersonKind:
    return _kinds[key]


def reference(identifier: str) -> str:
    """A keyed hash: two requests about one person can be matched, the
    identifier cannot be read back."""
    return salted_hmac(
        "congress.personal_data", identifier.strip(), algorithm="sha256"
    ).hexdigest()


def _record(kind: str, action: str, identifier: str, records: int, by) -> None:
    from congress.models import PersonalDataRequest

    PersonalDataRequest.objects.create(
        kind=kind,
        action=action,
        reference=reference(identifier) if identifier else "",
        records=records,
        requested_by=by,
    )


def personal_data_export(kind: str, identifier: str, *, by) -> dict[str, Any]:
    """Everything the portal holds about one person, as JSON-able data;
    recorded with who asked. Raises KeyError for an unknown kind."""
    person = person_kind(kind)
    records = person.export(identifier, by)
    _record(kind, "export", identifier, len(records), by)
    return {
        "kind": kind,
        "exported_at": timezone.now().isoformat(),
        "records": records,
    }


def personal_data_erase(kind: str, identifier: str, *, by) -> int:
    """Erase one person's personal data (and its history); returns how many
    records were erased. Recorded with who did it, never with the data."""
    person = person_kind(kind)
    with transaction.atomic(), history_context(by):
        erased = person.erase(identifier, by)
        _record(kind, "erase", identifier, erased, by)
    return erased


def personal_data_retention_sweep(
    *, now: datetime.datetime | None = None
) -> dict[str, int]:
    """Erase what is past each kind's retention; idempotent (erased records
    are not found again). Returns {kind: records erased}."""
    now = now or timezone.now()
    erased = {}
    for person in person_kinds():
        if person.retention is None:
            continue
        with transaction.atomic():
            count = person.retention(now)
            if count:
                _record(person.key, "retention", "", count, None)
        erased[person.key] = count
    return erased


def history_scrub(model, pks, values: dict[str, Any]) -> int:
    """Overwrite `values` in the django-pghistory rows of these objects of
    `model` (the fields a history model does not track are skipped);
    returns how many history rows changed."""
    from pghistory.models import Event

    changed = 0
    for event_model in apps.get_models():
        if not issubclass(event_model, Event):
            continue
        if getattr(event_model, "pgh_tracked_model", None) is not model:
            continue
        fields = {f.name for f in event_model._meta.get_fields()}
        scrub = {name: value for name, value in values.items() if name in fields}
        if scrub:
            rows = event_model.objects.filter(**{"pgh_obj_id__in": list(pks)})
            changed += rows.update(**scrub)
    return changed


def notifications_scrub(model, pks) -> int:
    """Overwrite the text parameters of the notifications about these
    objects (a notice may quote a citizen's name or message); returns how
    many changed."""
    from django.contrib.contenttypes.models import ContentType

    from congress.models import Notification

    notices = Notification.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=list(pks),
    )
    changed = []
    for notice in notices:
        notice.params = {
            key: ERASED if isinstance(value, str) else value
            for key, value in notice.params.items()
        }
        changed.append(notice)
    Notification.objects.bulk_update(changed, ["params"])
    return len(changed)
