"""The staff admin, one module per area."""

from congress.admin import ballots, calendar, notifications, rules, structure, users

__all__ = ["ballots", "calendar", "notifications", "rules", "structure", "users"]
