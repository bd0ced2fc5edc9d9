"""The staff admin, one module per area."""

from congress.admin import (
    ballots,
    calendar,
    notifications,
    reminders,
    rules,
    structure,
    users,
)

__all__ = [
    "ballots",
    "calendar",
    "notifications",
    "reminders",
    "rules",
    "structure",
    "users",
]
