from datetime import timedelta

from django import template

from congress.notifications import notification_unread_count

register = template.Library()


@register.filter
def minutes(value: timedelta) -> int:
    return int(value.total_seconds() // 60)


@register.simple_tag
def unread_count(user) -> int:
    """The navbar badge: one COUNT query per page for a logged-in user."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return notification_unread_count(user)
