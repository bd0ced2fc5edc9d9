"""Chinese numerals and dates for certificates, and small board helpers."""

import datetime

from django import template

register = template.Library()

DIGITS = "〇一二三四五六七八九"


@register.filter
def cn_number(value: int) -> str:
    """26 → 二十六 (up to 9999), as official documents write counts."""
    value = int(value)
    if value < 10:
        return DIGITS[value]
    parts = []
    for unit, size in (("千", 1000), ("百", 100), ("十", 10)):
        digit, value = divmod(value, size)
        if digit:
            parts.append(
                ("" if unit == "十" and not parts and digit == 1 else DIGITS[digit])
                + unit
            )
        elif parts and value:
            parts.append("〇")
    if value:
        parts.append(DIGITS[value])
    text = "".join(parts)
    while "〇〇" in text:
        text = text.replace("〇〇", "〇")
    return text


@register.filter
def cn_date(value: datetime.date) -> str:
    """2026-10-30 → 二〇二六年十月三十日."""
    year = "".join(DIGITS[int(d)] for d in str(value.year))
    return f"{year}年{cn_number(value.month)}月{cn_number(value.day)}日"
