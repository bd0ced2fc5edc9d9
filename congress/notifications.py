"""Notices: a registry of kinds, `notify` inside the caller's transaction, outbox.

Apps register their kinds from `AppConfig.ready()` with `register_kind`. A
notice stores its kind and parameters, never rendered text: `render` produces
the title and body in the active language when the notice is shown, so a
reader who switches to English sees English.

Delivery is an outbox. `notify` writes the `Notification` and one `Delivery`
row per external channel in the caller's transaction; after commit it asks
Celery to send them, and a broker failure is logged, never raised. The
`deliver_pending` sweep (every minute from beat) sends whatever is still
pending, so nothing is lost while Redis is down. A send claims its row with a
lease first, so two workers never send the same row at once.
"""

import json
import logging
import urllib.request
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from congress.models import Channel, Delivery, Notification, NotificationPreference
from congress.validators import mask_mobile

logger = logging.getLogger(__name__)

EXTERNAL_CHANNELS = (Channel.EMAIL, Channel.SMS)
LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 5
BACKOFF = timedelta(minutes=1)  # 1, 2, 4, 8 minutes between attempts
SWEEP_BATCH = 100


# Registry ------------------------------------------------------------------


# Parameters that show what a notice says when it has not happened yet (the
# settings page describes each kind with a sample); a kind may add its own.
SAMPLE_PARAMS = {
    "title": _("On repairing the village primary school"),
    "lead": _("Lin Xiaozhou"),
    "deputy": _("Lei Binwei"),
    "name": _("Lin Xiaozhou"),
    "number": "12",
    "into": _("On the safety of school buildings"),
    "organization": _("County Education Bureau"),
    "due_date": "2026-09-01",
    "requested_due": "2026-10-08",
    "deadline": "2026-09-01",
    "reason": _("Please give the road section concerned."),
    "actor": _("Lin Xiaozhou"),
    "meeting": _("The 12th meeting of the standing committee"),
    "date": "2026-06-18",
    "place": _("Hefeng town liaison station"),
    "days": "90",
    "step": "",
    "topic": _("The county government's report on rural drinking water"),
    "due": "2026-09-01",
    "report_due": "2026-09-01",
    "revised_due": "2026-10-08",
    "percent": "58",
    "subject": _("The county government's report on rural drinking water"),
    "what": _("The county government's report on rural drinking water"),
    "category": "A",
    "attitude": _("satisfied"),
    "result": _("basically satisfied"),
    "note": _("the repair is done and the deputy was told."),
    "summary": _("The street lamps at the village entrance are out."),
    "code": "K7M2QX",
    "station": _("Chengxi sub-district liaison station"),
    "routing": _("Referred to the organisation"),
    "decision": _("approved"),
}


@dataclass(frozen=True)
class NoticeKind:
    key: str
    title: Any  # lazy string with %(name)s placeholders
    body: Any
    default_channels: frozenset[str]
    label: Any  # names the kind on the preferences page
    # The roles that receive this kind (the settings page shows each person
    # only these); empty: anyone may.
    roles: frozenset[str] = frozenset()
    sample: dict = field(default_factory=dict, hash=False, compare=False)

    def display_label(self) -> str:
        # A kind declared without a label is named by its title, whose
        # blanks the sample fills (never "会议材料：“”").
        return str(self.label) % _Params(self.sample_params())

    def sample_params(self) -> dict:
        return {
            key: str(value) for key, value in {**SAMPLE_PARAMS, **self.sample}.items()
        }

    def sample_title(self) -> str:
        return str(self.title) % _Params(self.sample_params())

    def sample_body(self) -> str:
        return str(self.body) % _Params(self.sample_params())

    def received_by(self, roles: Iterable[str]) -> bool:
        return not self.roles or bool(self.roles & {str(role) for role in roles})


_KINDS: dict[str, NoticeKind] = {}


def register_kind(
    key: str,
    *,
    title: Any,
    body: Any,
    default_channels: Iterable[str] = frozenset(),
    label: Any = None,
    roles: Iterable[str] = (),
    sample: dict | None = None,
) -> NoticeKind:
    """Declare a kind of notice; title, body and label are lazy translated strings.

    The label names the kind on the preferences page (defaults to the title);
    `roles` are who receives it; `sample` adds parameters to SAMPLE_PARAMS
    for the page's example. A key registered twice raises ValueError: two
    apps must not share a kind.
    """
    if key in _KINDS:
        raise ValueError(f"Notice kind {key} is already registered")
    channels = frozenset(Channel(channel).value for channel in default_channels)
    if not channels <= {c.value for c in EXTERNAL_CHANNELS}:
        raise ValueError("default_channels may only name e-mail and SMS")
    kind = NoticeKind(
        key,
        title,
        body,
        channels,
        label or title,
        frozenset(str(role) for role in roles),
        dict(sample or {}),
    )
    _KINDS[key] = kind
    return kind


def describe_kind(
    key: str,
    *,
    label: Any = None,
    roles: Iterable[str] | None = None,
    sample: dict | None = None,
) -> NoticeKind:
    """Give a registered kind its label, its receiving roles or sample
    parameters (for kinds declared in bulk); raises KeyError if unknown."""
    kind = _KINDS[key]
    changes: dict[str, Any] = {}
    if label is not None:
        changes["label"] = label
    if roles is not None:
        changes["roles"] = frozenset(str(role) for role in roles)
    if sample is not None:
        changes["sample"] = {**kind.sample, **sample}
    _KINDS[key] = replace(kind, **changes)
    return _KINDS[key]


def kind_for(key: str) -> NoticeKind:
    """The registered kind; raises KeyError for an unknown key."""
    return _KINDS[key]


def registered_kinds() -> list[NoticeKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.key)


def preference_groups(user) -> list[tuple[str, list[NoticeKind]]]:
    """The kinds the user's roles receive, one group per label (kinds that
    read the same, e.g. an extension granted or refused, are one choice),
    in the order of their first key."""
    groups: dict[str, list[NoticeKind]] = {}
    for kind in registered_kinds():
        if kind.received_by(user.roles):
            groups.setdefault(kind.display_label(), []).append(kind)
    return list(groups.items())


class _Params(dict):
    """A missing parameter renders empty instead of breaking the inbox."""

    def __missing__(self, key: str) -> str:
        return ""


def render(notification: Notification, language: str | None = None) -> tuple[str, str]:
    """(title, body) in `language`, or in the active language if None."""
    kind = _KINDS.get(notification.kind)
    if kind is None:
        return notification.kind, ""
    params = _Params(notification.params or {})
    with translation.override(language) if language else nullcontext():
        return str(kind.title) % params, str(kind.body) % params


# Preferences ---------------------------------------------------------------


def _channels(
    user, kind: NoticeKind, overrides: dict[tuple[str, str], bool]
) -> list[str]:
    chosen = []
    for channel in EXTERNAL_CHANNELS:
        enabled = overrides.get((kind.key, channel), channel in kind.default_channels)
        if not enabled:
            continue
        if channel == Channel.EMAIL and not user.email:
            continue
        if channel == Channel.SMS and not getattr(user, "mobile", ""):
            continue
        chosen.append(channel.value)
    return chosen


def _overrides(user_ids: Iterable[int]) -> dict[int, dict[tuple[str, str], bool]]:
    result: dict[int, dict[tuple[str, str], bool]] = {}
    rows = NotificationPreference.objects.filter(user_id__in=set(user_ids))
    for user_id, kind, channel, enabled in rows.values_list(
        "user_id", "kind", "channel", "enabled"
    ):
        result.setdefault(user_id, {})[(kind, channel)] = enabled
    return result


def notification_preferences_for(user) -> dict[tuple[str, str], bool]:
    """{(kind, channel): enabled} for every registered kind and external channel."""
    overrides = _overrides([user.pk]).get(user.pk, {})
    return {
        (kind.key, channel.value): overrides.get(
            (kind.key, channel.value), channel in kind.default_channels
        )
        for kind in registered_kinds()
        for channel in EXTERNAL_CHANNELS
    }


def notification_preferences_set(user, *, choices: dict[tuple[str, str], bool]) -> None:
    """Store the user's choice per (kind, e-mail|SMS); in-app cannot be chosen."""
    rows = [
        NotificationPreference(user=user, kind=kind, channel=channel, enabled=enabled)
        for (kind, channel), enabled in choices.items()
        if kind in _KINDS and channel in {c.value for c in EXTERNAL_CHANNELS}
    ]
    NotificationPreference.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["user", "kind", "channel"],
        update_fields=["enabled"],
    )


# Creating notices ----------------------------------------------------------


class NoticeItem(NamedTuple):
    recipient: Any
    kind: str
    params: dict | None = None
    target: models.Model | None = None
    url: str = ""


def notify(
    recipient,
    kind: str,
    *,
    params: dict | None = None,
    target: models.Model | None = None,
    url: str = "",
) -> Notification:
    """Write a notice and its outbox rows in the caller's transaction.

    Call it inside the transaction that makes the change: if that rolls back,
    no notice exists. Raises KeyError for an unregistered kind.
    """
    return notify_bulk([NoticeItem(recipient, kind, params, target, url)])[0]


def notify_bulk(items: Sequence[tuple]) -> list[Notification]:
    """Like `notify` for many (recipient, kind, params, target, url) at once."""
    items = [NoticeItem(*item) for item in items]
    kinds = [kind_for(item.kind) for item in items]
    with transaction.atomic():
        notifications = Notification.objects.bulk_create(
            [_notification(item) for item in items]
        )
        overrides = _overrides(item.recipient.pk for item in items)
        deliveries = Delivery.objects.bulk_create(
            [
                Delivery(notification=notification, channel=channel)
                for item, kind, notification in zip(
                    items, kinds, notifications, strict=True
                )
                for channel in _channels(
                    item.recipient, kind, overrides.get(item.recipient.pk, {})
                )
            ]
        )
        if deliveries:
            transaction.on_commit(partial(_enqueue, [d.pk for d in deliveries]))
    return notifications


def _notification(item: NoticeItem) -> Notification:
    target = item.target
    return Notification(
        recipient=item.recipient,
        kind=item.kind,
        params=item.params or {},
        content_type=ContentType.objects.get_for_model(target) if target else None,
        object_id=target.pk if target else None,
        url=item.url,
    )


# One short-lived connection per commit that gives up at once: with Redis
# down, the pooled connection would retry for seconds per message inside the
# web request.
ENQUEUE_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
}


# A bulk commit (a reminder scan) queues one sweep instead of a task per row.
ENQUEUE_ONE_BY_ONE_LIMIT = 20


def _enqueue(delivery_ids: list[int]) -> None:
    # The outbox rows are committed: if the broker is down the sweep sends
    # them later, so the user's action must not fail here.
    from congress.tasks import deliver, deliver_pending

    try:
        with deliver.app.connection_for_write(
            transport_options=ENQUEUE_TRANSPORT_OPTIONS
        ) as connection:
            if len(delivery_ids) > ENQUEUE_ONE_BY_ONE_LIMIT:
                deliver_pending.apply_async(retry=False, connection=connection)
                return
            for delivery_id in delivery_ids:
                deliver.apply_async((delivery_id,), retry=False, connection=connection)
    except Exception:
        logger.warning(
            "Broker unavailable; deliveries %s left to the sweep", delivery_ids
        )


# Reading and marking -------------------------------------------------------


def notification_unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_get_for_user(user, pk: int) -> Notification | None:
    """The user's own notice, or None (another user's notice is invisible)."""
    return Notification.objects.filter(recipient=user, pk=pk).first()


def notification_mark_read(notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# Delivery ------------------------------------------------------------------


class SmsBackend:
    """Interface for text-message gateways (SMS_BACKEND names the class)."""

    def send(self, mobile: str, text: str) -> None:
        raise NotImplementedError


class LoggingSmsBackend(SmsBackend):
    """Writes the message to the log; the number is masked."""

    def send(self, mobile: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_mobile(mobile), text)


class HttpSmsBackend(SmsBackend):
    """Posts {"mobile", "text"} as JSON to the gateway at SMS_GATEWAY_URL,
    with SMS_GATEWAY_TOKEN as a bearer token; any answer but 2xx raises, so
    the outbox retries."""

    def send(self, mobile: str, text: str) -> None:
        request = urllib.request.Request(  # noqa: S310 (the configured https URL)
            settings.SMS_GATEWAY_URL,
            data=json.dumps({"mobile": mobile, "text": text}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (as above)
            if not 200 <= response.status < 300:
                raise OSError(f"SMS gateway answered {response.status}")


def sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()


def _due(now: datetime) -> Q:
    return (
        Q(status=Delivery.Status.PENDING)
        & (Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    )


def delivery_claim(delivery_id: int, *, now: datetime | None = None) -> bool:
    """Lease a due delivery; True for exactly one of several concurrent callers.

    PostgreSQL re-checks the WHERE clause after waiting for a concurrent
    UPDATE of the row, so the second claimer sees the fresh lease and gets 0.
    """
    now = now or timezone.now()
    claimed = Delivery.objects.filter(_due(now), pk=delivery_id).update(
        leased_until=now + LEASE
    )
    return claimed == 1


def _send(delivery: Delivery) -> None:
    notification = delivery.notification
    recipient = notification.recipient
    title, body = render(notification, language=settings.LANGUAGE_CODE)
    if delivery.channel == Channel.EMAIL:
        send_mail(title, body, None, [recipient.email], fail_silently=False)
    else:
        sms_backend().send(recipient.mobile, f"{title} {body}".strip())


def delivery_send(delivery_id: int, *, now: datetime | None = None) -> str | None:
    """Claim, send and record one delivery; returns the new status or None.

    None means another worker holds it, it is not due, or it is finished.
    A failure schedules the next attempt with exponential back-off; after
    MAX_ATTEMPTS the row is marked failed with the last error. A worker that
    dies between sending and recording may send one message twice when the
    lease runs out (at-least-once; the lease makes that rare, not impossible).
    """
    now = now or timezone.now()
    if not delivery_claim(delivery_id, now=now):
        return None
    delivery = Delivery.objects.select_related("notification__recipient").get(
        pk=delivery_id
    )
    try:
        _send(delivery)
    except Exception as error:
        logger.warning("Delivery %s failed: %s", delivery_id, error)
        return _record_failure(delivery, error, now=now)
    Delivery.objects.filter(pk=delivery_id).update(
        status=Delivery.Status.SENT,
        sent_at=now,
        attempts=delivery.attempts + 1,
        leased_until=None,
        last_error="",
    )
    return Delivery.Status.SENT


def _record_failure(delivery: Delivery, error: Exception, *, now: datetime) -> str:
    attempts = delivery.attempts + 1
    failed = attempts >= MAX_ATTEMPTS
    status = Delivery.Status.FAILED if failed else Delivery.Status.PENDING
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status,
        attempts=attempts,
        leased_until=None,
        next_attempt_at=None if failed else now + BACKOFF * 2 ** (attempts - 1),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    return status


def deliveries_send_pending(
    *, now: datetime | None = None, batch: int = SWEEP_BATCH
) -> int:
    """The outbox sweep: send every due delivery; returns how many were sent.

    Rows that fail are rescheduled into the future, so the loop ends.
    """
    sent = 0
    while True:
        now_ = now or timezone.now()
        ids = list(
            Delivery.objects.filter(_due(now_))
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return sent
        results = [delivery_send(pk, now=now_) for pk in ids]
        sent += results.count(Delivery.Status.SENT)
        if not any(results):
            return sent  # every row was claimed by someone else meanwhile


def delivery_retry(delivery: Delivery) -> None:
    """Staff action: send a failed delivery again from scratch."""
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.PENDING,
        attempts=0,
        next_attempt_at=None,
        leased_until=None,
    )


register_kind(
    "congress.welcome",
    title=_("Welcome to the portal, %(name)s"),
    label=_("Welcome message"),
    body=_("Your account is ready. Notices about your work will appear here."),
)
register_kind(
    "congress.meeting_notice",
    title=_("Meeting notice: %(meeting)s"),
    label=_("Meeting notices"),
    roles=("member", "deputy", "leader"),
    body=_("%(meeting)s starts on %(date)s at %(place)s."),
)
