"""The deputies app's deadline reminders (congress.reminders), registered at import.

- A record a deputy logged that has waited for confirmation more than
  `deputies.confirmation_reminder_days` reminds the confirmers (office staff;
  station managers once liaison stations land), once per record.
- A deputy with no confirmed activity for `deputies.inactive_days` is reminded
  only when the installation switched `deputies.remind_inactive_deputies` on
  AND staff cleared the deputy's `no_reminders` flag: both are off by
  default, because an automatic nag to a deputy who is a county leader is
  unacceptable.
"""

import datetime

from django.db import models
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress import reminders, rules
from congress.models import User
from congress.notifications import register_kind
from congress.roles import Role
from deputies.models import (
    Deputy,
    Mandate,
    MandateStatus,
    PerformanceRecord,
    RecordStatus,
)

CONFIRMATION_DAYS = rules.register(
    rules.Rule(
        "deputies.confirmation_reminder_days",
        _("Days a record may await confirmation before the confirmers are reminded"),
        7,
        min_value=1,
        max_value=90,
    )
)
REMIND_INACTIVE = rules.register(
    rules.Rule(
        "deputies.remind_inactive_deputies",
        _("Remind deputies who have logged no activity for a while"),
        False,
        _("Each deputy must also allow reminders (their “no automatic reminders”)."),
    )
)
INACTIVE_DAYS = rules.register(
    rules.Rule(
        "deputies.inactive_days",
        _("Days without a confirmed activity before a deputy is reminded"),
        90,
        min_value=30,
        max_value=365,
    )
)

register_kind(
    "deputies.confirmation_due",
    title=_("A record of %(deputy)s awaits confirmation"),
    label=_("Records waiting long for confirmation"),
    roles=("office",),
    body=_(
        "%(deputy)s logged an activity on %(date)s that has waited more than "
        "%(days)s days for confirmation."
    ),
)
register_kind(
    "deputies.inactive",
    title=_("No activity in your performance file for %(days)s days"),
    label=_("No recent activity in my performance file"),
    roles=("deputy",),
    body=_(
        "Your performance file has no confirmed activity in the last %(days)s "
        "days. Log your recent duty activities so that they count."
    ),
)


# Records awaiting confirmation ----------------------------------------------


def _pending_records() -> models.QuerySet:
    # The deadline is the day the record was entered plus N days; the
    # "overdue" step (-1) fires once it has waited more than N days.
    days = rules.get(CONFIRMATION_DAYS.key)
    due = models.ExpressionWrapper(
        models.F("created_at") + datetime.timedelta(days=days),
        output_field=models.DateTimeField(),
    )
    return (
        PerformanceRecord.objects.filter(status=RecordStatus.PENDING)
        .select_related("deputy")
        .annotate(confirm_by=TruncDate(due))
    )


def _confirmers(records: list[PerformanceRecord], step: str) -> dict:
    staff = list(User.objects.with_role(Role.OFFICE))
    return {record.pk: staff for record in records}


def _record_params(record: PerformanceRecord) -> dict:
    return {
        "deputy": record.deputy.name,
        "date": record.date.isoformat(),
        "days": rules.get(CONFIRMATION_DAYS.key),
    }


CONFIRMATION_DUE = reminders.register(
    reminders.DeadlineRule(
        key="deputies.confirmation_due",
        queryset=_pending_records,
        deadline_field="confirm_by",
        steps={"overdue": reminders.OVERDUE},
        recipients=_confirmers,
        kind="deputies.confirmation_due",
        params=_record_params,
        url=lambda record: reverse("deputies:pending"),
    )
)


# Inactive deputies (off by default) -----------------------------------------


def _inactive_deputies() -> models.QuerySet:
    """Serving deputies with a login who allow reminders, annotated with the
    day N days after their last confirmed activity (or their entry in the
    registry); nothing at all while the rule is off."""
    days = rules.get(INACTIVE_DAYS.key)
    last_activity = (
        PerformanceRecord.objects.filter(
            deputy=models.OuterRef("pk"), status=RecordStatus.CONFIRMED
        )
        .order_by("-date")
        .values("date")[:1]
    )
    serving = Mandate.objects.filter(
        deputy=models.OuterRef("pk"), status=MandateStatus.SERVING
    )
    since = Coalesce(
        models.Subquery(last_activity),
        TruncDate("created_at"),
        output_field=models.DateField(),
    )
    deputies = (
        Deputy.objects.filter(
            models.Exists(serving),
            no_reminders=False,
            user__isnull=False,
            user__is_active=True,
        )
        .select_related("user")
        # date + integer is a date in PostgreSQL.
        .annotate(
            active_until=models.ExpressionWrapper(
                since + models.Value(days), output_field=models.DateField()
            )
        )
    )
    # Still annotated when off: the sweep reads the deadline field.
    return deputies if rules.get(REMIND_INACTIVE.key) else deputies.none()


def _deputy_themself(deputies: list[Deputy], step: str) -> dict:
    return {deputy.pk: [deputy.user] for deputy in deputies}


INACTIVE = reminders.register(
    reminders.DeadlineRule(
        key="deputies.inactive",
        queryset=_inactive_deputies,
        deadline_field="active_until",
        steps={"overdue": reminders.OVERDUE},
        recipients=_deputy_themself,
        kind="deputies.inactive",
        params=lambda deputy: {"days": rules.get(INACTIVE_DAYS.key)},
        url=lambda deputy: reverse("deputies:my_file"),
    )
)
