"""When an item counts as made during a session of the people's congress.

A deputy may mark a motion or suggestion as made during a session (大会期间)
only while that session is open: from its first day to its last, plus the
installation's grace days. Submitted later, a suggestion goes in as made
during recess (闭会期间); a motion, which only a session receives, is refused.
The office's paper entry of session items after the session is not bound by
this (the paper shows when they were made).
"""

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from congress import rules
from congress.models import Meeting

SESSION_GRACE_DAYS = rules.register(
    rules.Rule(
        "proposals.session_grace_days",
        _("Days after a session in which items still count as made during it"),
        0,
        _("0: only while the session sits."),
        min_value=0,
        max_value=30,
    )
)


def _grace() -> datetime.timedelta:
    return datetime.timedelta(days=rules.get(SESSION_GRACE_DAYS.key))


def session_open(meeting: Meeting | None, *, today: datetime.date) -> bool:
    if meeting is None or meeting.kind != Meeting.Kind.CONGRESS_SESSION:
        return False
    return meeting.start_date <= today <= meeting.end_date + _grace()


def open_sessions(meetings: QuerySet, *, today: datetime.date) -> QuerySet:
    """The sessions of `meetings` that are open on `today`."""
    return meetings.filter(start_date__lte=today, end_date__gte=today - _grace())
