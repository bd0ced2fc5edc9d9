"""Deadline reminders: a registry of rules and one idempotent sweep over them.

An app declares what is due and whom to remind with `register(DeadlineRule(...))`
from its `AppConfig.ready()`; Celery beat runs `scan()` every few minutes
(`REMINDER_SCAN_MINUTES`) and `manage.py send_reminders` runs it by hand.

Steps are days before the deadline: ``{"due_in_7": 7, "due_in_3": 3,
"due_in_1": 1, "overdue": -1}``; 0 is the deadline day itself and -1 the day
after it (overdue). A step applies once today is within its distance of the
deadline, so a scan that was missed for a while catches up; when several steps
apply at once only the most urgent one is sent (after an outage an object due
tomorrow gets "due_in_1", not also "due_in_7" and "due_in_3"). With
``working_days=True`` the distance counts working days (congress.calendar).

Exactly once: every reminder is first inserted into `ReminderLog`, whose
unique constraint ``reminder_exactly_once`` covers (object, rule, step,
recipient), with ``INSERT ... ON CONFLICT DO NOTHING RETURNING``. Only the rows
this scan really inserted get a notice, written by `notify_bulk` in the same
transaction and linked to the row. A concurrent scan inserting the same key
waits for that transaction and then skips the row; if the transaction rolls
back, neither the row nor the notice exists and the next scan tries again.
Delivery then goes through the notices' outbox (pending → sent/failed under a
lease), which is at-least-once: a worker that dies between sending an e-mail
and recording it may send that one message twice.

Once an object has a reminder for a step, later scans skip it for that step:
a recipient who joins afterwards (a new liaison) gets the next step only.
"""

import datetime
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Case, Exists, OuterRef, Value, When
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from congress.models import ReminderLog

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000  # objects per transaction; each batch costs a fixed few queries
OVERDUE = -1  # the step distance for "the deadline has passed"
_STEP = "_reminder_step"
_DEADLINE = "_reminder_deadline"


def _no_params(obj: models.Model) -> dict[str, Any]:
    return {}


def _no_url(obj: models.Model) -> str:
    return ""


@dataclass(frozen=True)
class DeadlineRule:
    """What is due, when to remind and whom.

    queryset: callable returning the open objects (closed ones are never
      reminded); deadline_field: a DateField on them, or an annotation.
    steps: step key → days before the deadline (see the module docstring).
    recipients: callable(objects, step) → {object pk: users}, fetched in bulk
      (a few queries for the whole list, never one per object).
    kind: the notice kind (congress.notifications.register_kind); its
      parameters are params(obj) plus "step" and "deadline" (ISO date).
    """

    key: str
    queryset: Callable[[], models.QuerySet]
    deadline_field: str
    steps: Mapping[str, int]
    recipients: Callable[[list[models.Model], str], Mapping[Any, Iterable[Any]]]
    kind: str
    params: Callable[[models.Model], dict[str, Any]] = _no_params
    url: Callable[[models.Model], str] = _no_url
    working_days: bool = False

    def __post_init__(self) -> None:
        if not self.steps:
            raise ValueError(f"Deadline rule {self.key}: no steps")
        if len(set(self.steps.values())) != len(self.steps):
            raise ValueError(f"Deadline rule {self.key}: two steps share a distance")

    def thresholds(self, today: datetime.date) -> list[tuple[str, datetime.date]]:
        """(step, latest deadline it applies to), most urgent step first.

        An object is in the first step whose threshold its deadline does not
        pass: days (or working days) left until the deadline ≤ the distance.
        """
        ordered = sorted(self.steps.items(), key=lambda item: item[1])
        return [(step, self._latest_deadline(today, n)) for step, n in ordered]

    def _latest_deadline(self, today: datetime.date, n: int) -> datetime.date:
        if not self.working_days:
            return today + datetime.timedelta(days=n)
        from congress.calendar import add_working_days

        # Deadlines before the (n+1)-th working day from today leave at most n
        # working days; rest days just before it count with the n-th.
        return add_working_days(today, n + 1) - datetime.timedelta(days=1)


_registry: dict[str, DeadlineRule] = {}


def register(rule: DeadlineRule) -> DeadlineRule:
    """Declare a deadline rule; each key once (ValueError otherwise)."""
    if rule.key in _registry:
        raise ValueError(f"Deadline rule {rule.key} is already registered")
    _registry[rule.key] = rule
    return rule


def unregister(key: str) -> None:
    _registry.pop(key, None)


@contextmanager
def registered_rule(rule: DeadlineRule) -> Iterator[DeadlineRule]:
    """Register a rule for the duration of a block (tests, benchmarks)."""
    register(rule)
    try:
        yield rule
    finally:
        unregister(rule.key)


def registered() -> list[DeadlineRule]:
    return sorted(_registry.values(), key=lambda rule: rule.key)


def scan(
    today: datetime.date | None = None, *, keys: Iterable[str] | None = None
) -> list[ReminderLog]:
    """Create the reminders that are due under every rule (or those in `keys`).

    Returns the reminder-log rows this call inserted, each with its recipient,
    notice and content type set. Safe to run twice or concurrently: a key
    that exists already is skipped. A failing rule does not stop the others;
    its error is logged and the first one is raised after all rules ran.
    """
    today = today or timezone.localdate()
    rules = registered() if keys is None else [_registry[key] for key in keys]
    created: list[ReminderLog] = []
    errors: list[Exception] = []
    for rule in rules:
        try:
            created += scan_rule(rule, today=today)
        except Exception as error:
            logger.exception("Deadline rule %s failed", rule.key)
            errors.append(error)
    if errors:
        raise errors[0]
    return created


def scan_rule(rule: DeadlineRule, *, today: datetime.date) -> list[ReminderLog]:
    """One rule: a query for the due objects, then a few queries per batch."""
    content_type = ContentType.objects.get_for_model(rule.queryset().model)
    due = list(_due_objects(rule, content_type, today))
    created: list[ReminderLog] = []
    for start in range(0, len(due), BATCH_SIZE):
        with transaction.atomic():
            created += _remind_batch(
                rule, content_type, due[start : start + BATCH_SIZE]
            )
    return created


def _due_objects(
    rule: DeadlineRule, content_type: ContentType, today: datetime.date
) -> models.QuerySet:
    """Open objects within reach of a step, annotated with the most urgent step
    that applies; minus those already reminded for that step."""
    thresholds = rule.thresholds(today)
    already = ReminderLog.objects.filter(
        content_type=content_type,
        object_id=OuterRef("pk"),
        rule=rule.key,
        deadline=OuterRef(_DEADLINE),
        step=OuterRef(_STEP),
    )
    return (
        rule.queryset()
        .annotate(**{_DEADLINE: models.F(rule.deadline_field)})
        .filter(**{f"{_DEADLINE}__lte": thresholds[-1][1]})
        .annotate(
            **{
                _STEP: Case(
                    *(
                        When(**{f"{_DEADLINE}__lte": latest}, then=Value(step))
                        for step, latest in thresholds
                    ),
                    output_field=models.CharField(),
                )
            }
        )
        .filter(~Exists(already))
        .order_by("pk")
    )


def _remind_batch(
    rule: DeadlineRule, content_type: ContentType, objects: list[models.Model]
) -> list[ReminderLog]:
    from congress.notifications import notify_bulk

    candidates = _candidates(rule, objects)
    if not candidates:
        return []
    deadlines = {obj.pk: getattr(obj, _DEADLINE) for obj in objects}
    keys = [(pk, step, user_pk, deadlines[pk]) for pk, step, user_pk in candidates]
    inserted = _insert_logs(rule, content_type, keys)
    if not inserted:
        return []
    by_pk = {obj.pk: obj for obj in objects}
    items = []
    for _log_id, object_id, step, recipient_id in inserted:
        obj = by_pk[object_id]
        params = {
            **rule.params(obj),
            "step": step,
            "deadline": getattr(obj, _DEADLINE).isoformat(),
        }
        recipient = candidates[(object_id, step, recipient_id)]
        items.append((recipient, rule.kind, params, obj, rule.url(obj)))
    notices = notify_bulk(items)
    _link_notices([row[0] for row in inserted], [notice.pk for notice in notices])
    now = timezone.now()
    return [
        ReminderLog(
            id=log_id,
            rule=rule.key,
            content_type=content_type,
            object_id=object_id,
            step=step,
            deadline=deadlines[object_id],
            recipient=item[0],
            notification=notice,
            created_at=now,
        )
        for (log_id, object_id, step, _), item, notice in zip(
            inserted, items, notices, strict=True
        )
    ]


def _candidates(
    rule: DeadlineRule, objects: list[models.Model]
) -> dict[tuple[Any, str, Any], Any]:
    """{(object pk, step, user pk): user}: recipients, one call per step."""
    by_step: dict[str, list[models.Model]] = {}
    for obj in objects:
        by_step.setdefault(getattr(obj, _STEP), []).append(obj)
    candidates = {}
    for step, group in by_step.items():
        recipients = rule.recipients(group, step)
        for obj in group:
            for user in recipients.get(obj.pk, ()):
                candidates[(obj.pk, step, user.pk)] = user
    return candidates


def _insert_logs(
    rule: DeadlineRule,
    content_type: ContentType,
    keys: list[tuple[Any, str, Any, datetime.date]],
) -> list[tuple[int, int, str, int]]:
    """INSERT the keys (object id, step, recipient id, deadline), skipping
    existing ones; returns the rows inserted (id, object_id, step,
    recipient_id), in one statement.

    bulk_create(ignore_conflicts=True) cannot say which rows it inserted, so
    this is SQL: arrays unnested into rows, ON CONFLICT on the unique key.
    """
    opts = ReminderLog._meta
    qn = connection.ops.quote_name
    columns = ", ".join(
        qn(opts.get_field(name).column)
        for name in ("rule", "content_type", "object_id", "step", "recipient")
    )
    key_columns = ", ".join(
        qn(opts.get_field(name).column)
        for name in (
            "content_type",
            "object_id",
            "rule",
            "deadline",
            "step",
            "recipient",
        )
    )
    sql = (
        f"INSERT INTO {qn(opts.db_table)} "  # noqa: S608 (quoted table name)
        f"({columns}, {qn('deadline')}, {qn('created_at')}) "
        "SELECT %s, %s, keys.object_id, keys.step, keys.recipient_id, "
        "keys.deadline, %s "
        "FROM unnest(%s::bigint[], %s::text[], %s::bigint[], %s::date[]) "
        "AS keys(object_id, step, recipient_id, deadline) "
        f"ON CONFLICT ({key_columns}) DO NOTHING "
        "RETURNING id, object_id, step, recipient_id"
    )
    object_ids, steps, recipient_ids, deadlines = (
        list(column) for column in zip(*keys, strict=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                rule.key,
                content_type.pk,
                timezone.now(),
                object_ids,
                steps,
                recipient_ids,
                deadlines,
            ],
        )
        return cursor.fetchall()


def _link_notices(log_ids: list[int], notice_ids: list[int]) -> None:
    """Point each new log row at its notice, in one UPDATE."""
    opts = ReminderLog._meta
    qn = connection.ops.quote_name
    sql = (
        f"UPDATE {qn(opts.db_table)} AS log "  # noqa: S608 (quoted table name)
        f"SET {qn(opts.get_field('notification').column)} = link.notice_id "
        "FROM unnest(%s::bigint[], %s::bigint[]) AS link(log_id, notice_id) "
        "WHERE log.id = link.log_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [log_ids, notice_ids])


def rule_label(key: str) -> str:
    """A rule named as people know it: the label of the notice it sends (the
    key itself for a rule no longer registered)."""
    from congress import notifications

    rule = _registry.get(key)
    if rule is None:
        return key
    try:
        return notifications.kind_for(rule.kind).display_label()
    except KeyError:
        return key


def step_label(key: str, step: str) -> str:
    """A step named by its distance to the deadline ("截止前7天", "已逾期")."""
    rule = _registry.get(key)
    days = rule.steps.get(step) if rule else None
    if days is None:
        return step
    if days < 0 or step == "overdue":
        return gettext("Overdue")
    if days == 0:
        return gettext("On the deadline")
    unit = (
        ngettext("%(days)s working day before", "%(days)s working days before", days)
        if rule.working_days
        else ngettext("%(days)s day before", "%(days)s days before", days)
    )
    return unit % {"days": days}
