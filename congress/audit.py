"""The audit trail that the audit administrator reads (三员分立): one list over
several sources, newest first, filtered by time and by who acted.

A source is registered by key (congress registers the field history, the
logins, the failed logins and the admin log; deputies adds the showings of
unmasked ID numbers) with two functions: `rows(filters)`, a queryset ordered
newest first, and `present(objects)`, which turns one page into AuditRows
with a fixed number of queries (never one per row).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.admin.models import LogEntry
from django.db.models import CharField, Value
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class AuditRow:
    time: datetime.datetime
    actor: str
    action: str
    subject: str
    detail: str = ""


@dataclass(frozen=True)
class Filters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    actor: Any = None  # a User, or None for everyone

    def time_range(self, field: str) -> dict:
        lookups = {}
        if self.date_from:
            lookups[f"{field}__gte"] = _day_start(self.date_from)
        if self.date_to:
            next_day = self.date_to + datetime.timedelta(days=1)
            lookups[f"{field}__lt"] = _day_start(next_day)
        return lookups


@dataclass(frozen=True)
class Source:
    key: str
    label: str | Promise
    rows: Callable[[Filters], Any]
    present: Callable[[list], list[AuditRow]]
    order: int


_sources: dict[str, Source] = {}


def register_audit_source(
    key: str, label, *, rows: Callable, present: Callable, order: int
) -> None:
    if key in _sources:
        raise ValueError(f"Audit source {key} is already registered")
    _sources[key] = Source(key, label, rows, present, order)


def audit_sources() -> list[Source]:
    return sorted(_sources.values(), key=lambda source: source.order)


def audit_source(key: str) -> Source:
    return _sources[key]


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _names(user_ids) -> dict:
    from congress.models import User

    users = User.objects.filter(pk__in={pk for pk in user_ids if pk})
    return {user.pk: user_label(user) for user in users}


def user_label(user) -> str:
    if user is None:
        return ""
    return f"{user.real_name or user.username}（{user.username}）"


# Field history (django-pghistory) ------------------------------------------------


def _event_models() -> list:
    from django.apps import apps
    from pghistory.models import Event

    return [
        model
        for model in apps.get_models()
        if issubclass(model, Event) and not model._meta.proxy
    ]


def _history_rows(filters: Filters):
    """(event model, event id, time) of every tracked model's events, newest
    first. pghistory's Events would compute every event's diff before the
    page is cut (a second on a province's history): the page's diffs are
    read afterwards, for its fifty events only."""
    parts = []
    for model in _event_models():
        events = model.objects.filter(**filters.time_range("pgh_created_at"))
        if filters.actor is not None:
            events = events.filter(pgh_context__metadata__user=filters.actor.pk)
        label = Value(model._meta.label, output_field=CharField())
        parts.append(
            events.annotate(event_model=label).values_list(
                "event_model", "pgh_id", "pgh_created_at"
            )
        )
    return parts[0].union(*parts[1:], all=True).order_by("-pgh_created_at", "-pgh_id")


def _history_present(keys: list) -> list[AuditRow]:
    from pghistory.models import Events

    slugs = [f"{model}:{pk}" for model, pk, _time in keys]
    found = Events.objects.across(*{model for model, _pk, _time in keys}).filter(
        pgh_slug__in=slugs
    )
    by_slug = {event.pgh_slug: event for event in found} if keys else {}
    events = [by_slug[slug] for slug in slugs if slug in by_slug]
    names = _names((event.pgh_context or {}).get("user") for event in events)
    rows = []
    for event in events:
        context = event.pgh_context or {}
        changed = ", ".join(sorted((event.pgh_diff or {}).keys()))
        rows.append(
            AuditRow(
                time=event.pgh_created_at,
                actor=names.get(context.get("user"), ""),
                action=event.pgh_label,
                subject=f"{event.pgh_obj_model} #{event.pgh_obj_id}",
                detail=changed or context.get("url", ""),
            )
        )
    return rows


# Logins (django-axes) -------------------------------------------------------------


def _login_rows(filters: Filters):
    from axes.models import AccessLog

    logins = AccessLog.objects.filter(**filters.time_range("attempt_time"))
    if filters.actor is not None:
        logins = logins.filter(username=filters.actor.username)
    return logins.order_by("-attempt_time", "-pk")


def _login_present(logins: list) -> list[AuditRow]:
    return [
        AuditRow(
            time=login.attempt_time,
            actor=login.username or "",
            action=str(_("Logged in")),
            subject=login.ip_address or "",
            detail=str(_("logged out at %(time)s") % {"time": login.logout_time})
            if login.logout_time
            else "",
        )
        for login in logins
    ]


def _failure_rows(filters: Filters):
    from axes.models import AccessFailureLog

    failures = AccessFailureLog.objects.filter(**filters.time_range("attempt_time"))
    if filters.actor is not None:
        failures = failures.filter(username=filters.actor.username)
    return failures.order_by("-attempt_time", "-pk")


def _failure_present(failures: list) -> list[AuditRow]:
    return [
        AuditRow(
            time=failure.attempt_time,
            actor=failure.username or "",
            action=str(_("Failed login")),
            subject=failure.ip_address or "",
            detail=str(_("locked out")) if failure.locked_out else "",
        )
        for failure in failures
    ]


# The admin log (also the security administrator's actions) ----------------------


def _admin_rows(filters: Filters):
    entries = LogEntry.objects.filter(**filters.time_range("action_time"))
    if filters.actor is not None:
        entries = entries.filter(user=filters.actor)
    return entries.select_related("user", "content_type").order_by(
        "-action_time", "-pk"
    )


def _admin_present(entries: list) -> list[AuditRow]:
    return [
        AuditRow(
            time=entry.action_time,
            actor=user_label(entry.user),
            action=_admin_action(entry),
            subject=f"{entry.content_type.name if entry.content_type else ''} "
            f"{entry.object_repr}".strip(),
            detail=entry.get_change_message(),
        )
        for entry in entries
    ]


def _admin_action(entry: LogEntry) -> str:
    if entry.is_addition():
        return str(_("Added"))
    if entry.is_deletion():
        return str(_("Deleted"))
    return str(_("Changed"))


def _request_rows(filters: Filters):
    from congress.models import PersonalDataRequest

    requests = PersonalDataRequest.objects.filter(**filters.time_range("created_at"))
    if filters.actor is not None:
        requests = requests.filter(requested_by=filters.actor)
    return requests.select_related("requested_by").order_by("-created_at", "-pk")


def _request_present(requests: list) -> list[AuditRow]:
    return [
        AuditRow(
            time=request.created_at,
            actor=user_label(request.requested_by),
            action=request.get_action_display(),
            subject=request.kind,
            detail=str(_("%(n)s records") % {"n": request.records}),
        )
        for request in requests
    ]


def register_core_sources() -> None:
    register_audit_source(
        "history",
        _("Change history"),
        rows=_history_rows,
        present=_history_present,
        order=10,
    )
    register_audit_source(
        "logins", _("Logins"), rows=_login_rows, present=_login_present, order=20
    )
    register_audit_source(
        "failed_logins",
        _("Failed logins"),
        rows=_failure_rows,
        present=_failure_present,
        order=30,
    )
    register_audit_source(
        "admin_log",
        _("Administration log"),
        rows=_admin_rows,
        present=_admin_present,
        order=40,
    )
    register_audit_source(
        "personal_data",
        _("Personal data requests"),
        rows=_request_rows,
        present=_request_present,
        order=50,
    )
