"""Reminders on the statutory clock and the handling deadline, through the
reminder engine: before and after the date, once per step."""

import datetime

from congress import reminders
from congress.models import Notification
from supervision import services
from tests.supervision.conftest import NOW, prepared

KEYS = [
    "supervision.report_due",
    "supervision.revised_due",
    "supervision.circulate_due",
    "supervision.handling_due",
    "supervision.rectification_due",
]


def _sent_to(user):
    return list(
        Notification.objects.filter(recipient=user, kind="supervision.reminder")
        .order_by("pk")
        .values_list("params__step", flat=True)
    )


def test_report_reminded_before_and_after_the_date(item, office, meeting, liaison_a):
    prepared(item, office, meeting)  # report due 2026-06-06
    reminders.scan(datetime.date(2026, 6, 2), keys=KEYS)
    reminders.scan(datetime.date(2026, 6, 2), keys=KEYS)  # idempotent
    reminders.scan(datetime.date(2026, 6, 7), keys=KEYS)
    assert _sent_to(liaison_a) == ["due_in_5", "overdue"]
    assert _sent_to(office)[:2] == ["due_in_5", "overdue"]


def test_received_report_is_not_reminded(item, office, meeting, liaison_a):
    item = prepared(item, office, meeting)
    services.item_report_receive(item, user=liaison_a, revised=False, now=NOW)
    reminders.scan(datetime.date(2026, 6, 2), keys=["supervision.report_due"])
    assert _sent_to(liaison_a) == []


def test_handling_report_reminded_late_then_stops(sent_item, liaison_a, office):
    # Due 2026-07-04.
    reminders.scan(datetime.date(2026, 6, 25), keys=KEYS)
    reminders.scan(datetime.date(2026, 7, 6), keys=KEYS)
    assert _sent_to(liaison_a) == ["due_in_14", "overdue"]
    # The working body hears of it once it is late.
    assert "overdue" in _sent_to(office)
    for point in sent_item.opinion.points.all():
        services.point_answer(point, user=liaison_a, answer="已落实。")
    services.handling_report_submit(sent_item, user=liaison_a, summary="报告")
    reminders.scan(datetime.date(2026, 7, 30), keys=KEYS)
    assert _sent_to(liaison_a) == ["due_in_14", "overdue"]
