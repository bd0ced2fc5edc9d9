"""Deadline-reminder scan over many open deadline objects.

    python bench/reminder_scan.py [--objects 100000]

Builds the objects (meetings whose start date stands in for the deadline,
spread from 30 days overdue to 60 days ahead), one liaison and one office
user, registers a rule with the usual steps and times two scans: the first
creates every due reminder, notice and e-mail outbox row (the day the
feature goes live on years of data); the second, like every later run of the
beat entry that day, finds nothing new; the third is the next day's first
run, which reminds the objects that crossed a step overnight. Everything happens in
one transaction that is rolled back, so the database is left as it was (and
no delivery is enqueued: on-commit callbacks never run).

Prints one "name value unit" line per figure.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from congress import notifications, reminders  # noqa: E402
from congress.models import Meeting, Term, User  # noqa: E402
from congress.roles import Role  # noqa: E402

TODAY = datetime.date(2026, 6, 1)
KIND = "bench.deadline"
STEPS = {"due_in_7": 7, "due_in_3": 3, "due_in_1": 1, "overdue": reminders.OVERDUE}
SPREAD = range(-30, 61)  # deadline offsets from TODAY, in days
MAX_NUMBER = 32767  # Meeting.number is a smallint, unique per (term, kind)


class Rollback(Exception):
    pass


def _recipients(meetings, step):
    liaisons = list(User.objects.with_role(Role.ORG_LIAISON))
    office = list(User.objects.with_role(Role.OFFICE)) if step == "overdue" else []
    return {meeting.pk: liaisons + office for meeting in meetings}


def _seed(count: int) -> None:
    for role, name in [
        (Role.ORG_LIAISON, "bench_liaison"),
        (Role.OFFICE, "bench_office"),
    ]:
        user = User.objects.create(
            username=name, real_name=name, email=f"{name}@example.org"
        )
        user.groups.add(role.group())
    kinds = Meeting.Kind.values
    per_term = len(kinds) * MAX_NUMBER
    terms = Term.objects.bulk_create(
        Term(number=30000 + i, start_date=datetime.date(2020, 1, 1))
        for i in range(count // per_term + 1)
    )
    meetings = []
    for i in range(count):
        term, rest = divmod(i, per_term)
        kind, number = divmod(rest, MAX_NUMBER)
        day = TODAY + datetime.timedelta(days=SPREAD[i % len(SPREAD)])
        meetings.append(
            Meeting(
                term=terms[term],
                kind=kinds[kind],
                number=number + 1,
                start_date=day,
                end_date=day,
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=5000)


def _timed_scan(label: str, count: int, today: datetime.date = TODAY) -> None:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        created = reminders.scan(today)
        seconds = time.perf_counter() - started
    print(f"{label}_seconds {seconds:.2f} s")
    print(f"{label}_objects_per_second {count / seconds:.0f} objects/s")
    print(f"{label}_reminders {len(created)} reminders")
    print(f"{label}_queries {len(queries)} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--objects", type=int, default=100_000)
    count = parser.parse_args().objects

    notifications.register_kind(
        KIND, title="%(step)s", body="%(deadline)s", default_channels=["email"]
    )
    rule = reminders.DeadlineRule(
        key="bench.meeting",
        queryset=Meeting.objects.all,
        deadline_field="start_date",
        steps=STEPS,
        recipients=_recipients,
        kind=KIND,
    )
    # Only the bench rule: apps' own rules would scan the real data.
    for other in reminders.registered():
        reminders.unregister(other.key)
    try:
        with transaction.atomic(), reminders.registered_rule(rule):
            started = time.perf_counter()
            _seed(count)
            print(f"objects {count} objects")
            print(f"seed_seconds {time.perf_counter() - started:.2f} s")
            _timed_scan("first_scan", count)
            _timed_scan("repeat_scan", count)
            _timed_scan("next_day_scan", count, TODAY + datetime.timedelta(days=1))
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
