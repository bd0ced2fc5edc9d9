"""Deadline reminders: steps, exactly once (also under concurrency), delivery.

The rule under test treats a meeting's start date as its deadline: there is no
workflow model in `congress`, and the engine only needs a date field.
"""

import datetime
import threading
from io import StringIO

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from congress import notifications, reminders
from congress.models import Delivery, Meeting, Notification, ReminderLog, User
from congress.roles import Role
from tests.factories.congress import MeetingFactory

TODAY = datetime.date(2026, 6, 1)  # a Monday
KIND = "tests.deadline"
STEPS = {"due_in_7": 7, "due_in_3": 3, "due_in_1": 1, "overdue": reminders.OVERDUE}


def _recipients(meetings, step):
    # Stand-in for "the organisation's liaisons": every liaison (one query),
    # and on overdue also the office staff (a second query).
    liaisons = list(User.objects.with_role(Role.ORG_LIAISON))
    office = list(User.objects.with_role(Role.OFFICE)) if step == "overdue" else []
    return {meeting.pk: liaisons + office for meeting in meetings}


def _rule(key="tests.meeting", **changes):
    options = {
        "key": key,
        "queryset": lambda: Meeting.objects.exclude(place="cancelled"),
        "deadline_field": "start_date",
        "steps": STEPS,
        "recipients": _recipients,
        "kind": KIND,
        "params": lambda meeting: {"number": meeting.number},
        "url": lambda meeting: f"/meetings/{meeting.pk}/",
        **changes,
    }
    return reminders.DeadlineRule(**options)


@pytest.fixture(autouse=True)
def notice_kind(monkeypatch):
    # A registry copy for this test, so the kind does not outlive it.
    monkeypatch.setattr(notifications, "_KINDS", dict(notifications._KINDS))
    notifications.register_kind(
        KIND,
        title="Meeting no. %(number)s: %(step)s",
        body="Deadline %(deadline)s.",
        default_channels=["email"],
    )


@pytest.fixture
def rule():
    with reminders.registered_rule(_rule()) as rule:
        yield rule


@pytest.fixture
def liaison(liaison_a):
    liaison_a.email = "liaison@example.org"
    liaison_a.save(update_fields=["email"])
    return liaison_a


def _meeting(days_to_deadline: int, **fields) -> Meeting:
    day = TODAY + datetime.timedelta(days=days_to_deadline)
    return MeetingFactory(start_date=day, end_date=day, **fields)


def _keys() -> list[tuple[int, str, str]]:
    return sorted(
        ReminderLog.objects.values_list("object_id", "step", "recipient__username")
    )


# Steps ------------------------------------------------------------------


def test_an_extended_deadline_is_reminded_anew(rule, liaison):
    meeting = _meeting(3)
    reminders.scan(TODAY)
    meeting.start_date = meeting.end_date = TODAY + datetime.timedelta(days=10)
    meeting.save()
    later = TODAY + datetime.timedelta(days=7)  # 3 days before the new deadline

    [log] = reminders.scan(later)

    assert (log.step, log.deadline) == ("due_in_3", meeting.start_date)
    assert ReminderLog.objects.count() == 2


def test_scan_reminds_each_recipient_once_with_a_linked_notice(rule, liaison):
    meeting = _meeting(3)

    [log] = reminders.scan(TODAY)

    assert (log.rule, log.step, log.object_id) == (rule.key, "due_in_3", meeting.pk)
    notice = Notification.objects.get()
    assert ReminderLog.objects.get().notification == notice
    assert (notice.recipient, notice.kind, notice.url) == (
        liaison,
        KIND,
        f"/meetings/{meeting.pk}/",
    )
    assert notice.params == {
        "number": meeting.number,
        "step": "due_in_3",
        "deadline": "2026-06-04",
    }
    assert (notice.content_type.model_class(), notice.object_id) == (
        Meeting,
        meeting.pk,
    )


def test_scan_run_twice_creates_nothing_the_second_time(rule, liaison, office):
    _meeting(3)
    _meeting(-2)

    first = reminders.scan(TODAY)
    second = reminders.scan(TODAY)

    assert len(first) == 3  # due_in_3 → liaison; overdue → liaison and office
    assert second == []
    assert ReminderLog.objects.count() == Notification.objects.count() == 3


def test_scan_after_a_gap_sends_only_the_most_urgent_step(rule, liaison):
    meeting = _meeting(1)

    reminders.scan(TODAY)

    assert _keys() == [(meeting.pk, "due_in_1", liaison.username)]


def test_scan_ignores_deadlines_beyond_the_first_step(rule, liaison):
    _meeting(8)

    assert reminders.scan(TODAY) == []


def test_scan_ignores_closed_objects(rule, liaison):
    _meeting(-1, place="cancelled")

    assert reminders.scan(TODAY) == []


def test_scan_walks_through_every_step_as_the_clock_moves(rule, liaison):
    meeting = _meeting(7)
    sent = []
    for days in range(0, 10):
        with time_machine.travel(TODAY + datetime.timedelta(days=days), tick=False):
            sent += [log.step for log in reminders.scan()]

    assert sent == ["due_in_7", "due_in_3", "due_in_1", "overdue"]
    assert _keys() == sorted((meeting.pk, step, liaison.username) for step in STEPS)


def test_overdue_also_reminds_office_staff(rule, liaison, office):
    meeting = _meeting(0)

    reminders.scan(TODAY)
    reminders.scan(TODAY + datetime.timedelta(days=1))

    assert _keys() == [
        (meeting.pk, "due_in_1", liaison.username),
        (meeting.pk, "overdue", liaison.username),
        (meeting.pk, "overdue", office.username),
    ]


def test_working_days_rule_counts_over_the_weekend(liaison):
    friday = datetime.date(2026, 6, 12)
    monday = datetime.date(2026, 6, 15)  # one working day after the Friday
    meeting = MeetingFactory(start_date=monday, end_date=monday)

    with reminders.registered_rule(_rule("tests.calendar_days")):
        reminders.scan(friday)
    with reminders.registered_rule(_rule("tests.working_days", working_days=True)):
        reminders.scan(friday)

    assert sorted(ReminderLog.objects.values_list("rule", "step")) == [
        ("tests.calendar_days", "due_in_3"),
        ("tests.working_days", "due_in_1"),
    ]
    assert ReminderLog.objects.filter(object_id=meeting.pk).count() == 2


def test_register_refuses_a_second_rule_with_the_same_key(rule):
    with pytest.raises(ValueError, match="already registered"):
        reminders.register(_rule())


# Delivery ---------------------------------------------------------------


def test_overdue_reminder_is_mailed_exactly_once(rule, liaison):
    _meeting(-1)

    reminders.scan(TODAY)
    notifications.deliveries_send_pending()
    reminders.scan(TODAY)
    notifications.deliveries_send_pending()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [liaison.email]
    assert Delivery.objects.get().status == Delivery.Status.SENT


# Exactly once under concurrency -----------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_create_each_reminder_and_notice_once(liaison, office):
    meetings = [_meeting(days) for days in (-1, 0, 2, 5)]  # one per step
    start, selected = threading.Barrier(2), threading.Barrier(2)

    def recipients_in_step(objects, step):
        # Both scans have read the same due objects before either inserts,
        # so the second INSERT really meets the first one's uncommitted rows.
        selected.wait(timeout=10)
        return _recipients(objects, step)

    results: list[list[ReminderLog]] = []
    errors: list[BaseException] = []

    def run():
        try:
            start.wait(timeout=10)
            results.append(reminders.scan(TODAY))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    with reminders.registered_rule(_rule(recipients=recipients_in_step)):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert errors == []
    expected = len(meetings) + 1  # one liaison each, plus office on the overdue one
    assert sorted(len(result) for result in results) == [0, expected]
    assert ReminderLog.objects.count() == expected
    assert Notification.objects.count() == expected
    assert not ReminderLog.objects.filter(notification__isnull=True).exists()


# The command ------------------------------------------------------------


def test_send_reminders_lists_what_it_sent_and_sends_nothing_twice(rule, liaison):
    meeting = _meeting(1)
    first, second = StringIO(), StringIO()

    call_command("send_reminders", date=TODAY, stdout=first)
    call_command("send_reminders", "--date", TODAY.isoformat(), stdout=second)

    assert f"tests.meeting due_in_1: congress.meeting #{meeting.pk}" in (
        first.getvalue()
    )
    assert str(liaison) in first.getvalue()
    assert "1 reminder(s) sent." in first.getvalue()
    assert second.getvalue() == "0 reminder(s) sent.\n"


def test_send_reminders_rejects_an_unknown_rule(rule):
    with pytest.raises(CommandError, match=r"tests\.nope"):
        call_command("send_reminders", rule=["tests.nope"], stdout=StringIO())


# Query count ------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 20])
def test_scan_query_count_does_not_grow_with_objects(
    rule, liaison, count, django_assert_num_queries
):
    for _ in range(count):
        _meeting(2)
    ContentType.objects.get_for_model(Meeting)  # warm the content-type cache

    # 1 SELECT the due meetings, minus those already reminded for their step
    # 2 SAVEPOINT (the batch's transaction)
    # 3 SELECT the liaisons (the rule's recipients, once for the batch)
    # 4 INSERT the log rows ON CONFLICT DO NOTHING RETURNING
    # 5 SAVEPOINT (notify_bulk's transaction)
    # 6 INSERT the notices
    # 7 SELECT the recipients' channel preferences
    # 8 INSERT the e-mail deliveries
    # 9 RELEASE SAVEPOINT (notify_bulk)
    # 10 UPDATE the log rows with their notice
    # 11 RELEASE SAVEPOINT (the batch)
    # Only this rule: other apps register rules of their own.
    with django_assert_num_queries(11):
        assert len(reminders.scan(TODAY, keys=[rule.key])) == count


# Admin ------------------------------------------------------------------


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def test_reminder_log_admin_filters_by_delivery_status(rule, liaison, office_client):
    sent, failed = _meeting(1), _meeting(2)
    reminders.scan(TODAY)
    Delivery.objects.filter(notification__object_id=sent.pk).update(
        status=Delivery.Status.SENT
    )
    Delivery.objects.filter(notification__object_id=failed.pk).update(
        status=Delivery.Status.FAILED
    )
    url = "/admin/congress/reminderlog/"

    response = office_client.get(url, {"delivery": "failed"})

    assert response.status_code == 200
    assert [log.object_id for log in response.context["cl"].result_list] == [failed.pk]
    everything = office_client.get(url)
    assert everything.context["cl"].result_count == 2
