"""Reminders: long-pending records remind office staff; deputies themselves are
reminded of inactivity only when the rule and the deputy both allow it."""

import datetime

import pytest
from django.utils import timezone

from congress import reminders, rules
from congress.models import ReminderLog
from congress.roles import Role
from deputies.models import PerformanceRecord, RecordStatus
from tests.factories.congress import UserFactory
from tests.factories.deputies import (
    DeputyFactory,
    MandateFactory,
    PerformanceRecordFactory,
)

TODAY = datetime.date(2026, 11, 20)
CONFIRMATION = ["deputies.confirmation_due"]
INACTIVE = ["deputies.inactive"]


def _entered_days_ago(record: PerformanceRecord, days: int) -> PerformanceRecord:
    moment = datetime.datetime.combine(
        TODAY - datetime.timedelta(days=days),
        datetime.time(10),
        tzinfo=timezone.get_current_timezone(),
    )
    PerformanceRecord.objects.filter(pk=record.pk).update(created_at=moment)
    return record


def test_confirmation_reminder_reminds_office_once_after_more_than_seven_days(
    office,
):
    record = _entered_days_ago(PerformanceRecordFactory(), 8)
    [log] = reminders.scan(today=TODAY, keys=CONFIRMATION)
    assert (log.object_id, log.recipient) == (record.pk, office)
    assert log.notification.kind == "deputies.confirmation_due"
    assert (
        reminders.scan(today=TODAY + datetime.timedelta(days=1), keys=CONFIRMATION)
        == []
    )


@pytest.mark.parametrize("days", [6, 7])
def test_confirmation_reminder_waits_for_a_recent_record(office, days):
    _entered_days_ago(PerformanceRecordFactory(), days)
    assert reminders.scan(today=TODAY, keys=CONFIRMATION) == []


def test_confirmation_reminder_skips_confirmed_records(office):
    _entered_days_ago(PerformanceRecordFactory(status=RecordStatus.CONFIRMED), 30)
    assert reminders.scan(today=TODAY, keys=CONFIRMATION) == []


# Inactive deputies -----------------------------------------------------------


@pytest.fixture
def idle_deputy(db):
    """A serving deputy with a login whose last confirmed activity was 100
    days ago."""
    deputy = DeputyFactory(user=UserFactory(username="t_idle", roles=[Role.DEPUTY]))
    MandateFactory(deputy=deputy)
    PerformanceRecordFactory(
        deputy=deputy,
        status=RecordStatus.CONFIRMED,
        date=TODAY - datetime.timedelta(days=100),
    )
    return deputy


@pytest.fixture
def rule_on(office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rules.rule_set("deputies.remind_inactive_deputies", True, user=office)


def _allow_reminders(deputy) -> None:
    deputy.no_reminders = False
    deputy.save(update_fields=["no_reminders"])


def test_inactive_reminder_is_off_by_default(idle_deputy):
    _allow_reminders(idle_deputy)
    assert reminders.scan(today=TODAY, keys=INACTIVE) == []


def test_inactive_reminder_spares_a_deputy_with_no_reminders(idle_deputy, rule_on):
    assert idle_deputy.no_reminders  # the default
    assert reminders.scan(today=TODAY, keys=INACTIVE) == []


def test_inactive_reminder_reminds_when_rule_and_deputy_allow_it(idle_deputy, rule_on):
    _allow_reminders(idle_deputy)
    [log] = reminders.scan(today=TODAY, keys=INACTIVE)
    assert (log.object_id, log.recipient) == (idle_deputy.pk, idle_deputy.user)
    assert log.notification.kind == "deputies.inactive"
    assert reminders.scan(today=TODAY, keys=INACTIVE) == []


def test_inactive_reminder_spares_a_recently_active_deputy(idle_deputy, rule_on):
    _allow_reminders(idle_deputy)
    PerformanceRecordFactory(
        deputy=idle_deputy,
        status=RecordStatus.CONFIRMED,
        date=TODAY - datetime.timedelta(days=30),
    )
    assert reminders.scan(today=TODAY, keys=INACTIVE) == []
    assert not ReminderLog.objects.exists()
