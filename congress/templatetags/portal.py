from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value: timedelta) -> int:
    return int(value.total_seconds() // 60)
