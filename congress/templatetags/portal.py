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


@register.simple_tag
def form_token() -> str:
    """A create form's one-time token (congress.idempotency)."""
    from django.utils.html import format_html

    from congress.idempotency import FIELD, new_form_token

    return format_html(
        '<input type="hidden" name="{}" value="{}">', FIELD, new_form_token()
    )
