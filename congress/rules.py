"""The installation's rules: one typed, validated, admin-editable home.

Counties differ in handling periods, thresholds, lockout limits and more. Each
app declares its rules with `register()` (from its AppConfig.ready()) and reads
them with `get()`; staff change them in the admin. A changed rule applies to
what starts after the change: values computed from a rule (a deadline, say)
are stored where they are computed and are never recomputed from it.
"""

import json
import logging
import math
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.history import history_context

logger = logging.getLogger(__name__)

KINDS = (int, float, bool, str, list)
CACHE_PREFIX = "rules:"
# Bounds how long a value can stay stale when an invalidation is lost (Redis
# unreachable at commit time, or a row edited outside rule_set()).
CACHE_SECONDS = 300
# Staff type lists with ASCII or full-width commas, enumeration commas,
# semicolons or one item per line.
LIST_SEPARATORS = re.compile(r"[,，、;；\n]")


@dataclass(frozen=True)
class Rule:
    key: str
    label: str | Promise
    default: Any
    help_text: str | Promise = ""
    min_value: float | None = None
    max_value: float | None = None
    choices: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> type:
        return type(self.default)

    def clean(self, value: Any) -> Any:
        """Coerce a value (e.g. the admin's text) to the rule's type and check it;
        raises ValidationError naming the rule."""
        try:
            value = _coerce(self.kind, value)
        except (TypeError, ValueError):
            raise ValidationError(
                gettext("%(rule)s: “%(value)s” is not a valid %(kind)s."),
                code="invalid",
                params={"rule": self.label, "value": value, "kind": self.kind_name},
            ) from None
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                gettext("%(rule)s must be at least %(min)s."),
                code="min_value",
                params={"rule": self.label, "min": self.min_value},
            )
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                gettext("%(rule)s must be at most %(max)s."),
                code="max_value",
                params={"rule": self.label, "max": self.max_value},
            )
        items = value if isinstance(value, list) else [value]
        unknown = [item for item in items if self.choices and item not in self.choices]
        if unknown:
            raise ValidationError(
                gettext("%(rule)s: unknown value %(value)s."),
                code="invalid_choice",
                params={"rule": self.label, "value": ", ".join(map(str, unknown))},
            )
        return value

    @property
    def kind_name(self) -> str:
        return str(_KIND_NAMES[self.kind])

    def format(self, value: Any) -> str:
        """The value as staff type it: the inverse of clean() on text."""
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return str(value)


_KIND_NAMES = {
    int: _("whole number"),
    float: _("decimal number"),
    bool: _("yes/no value"),
    str: _("text"),
    list: _("list"),
}


def _coerce(kind: type, value: Any) -> Any:
    if isinstance(value, bool) and kind is not bool:
        raise TypeError(value)
    if kind is list and isinstance(value, list | tuple):
        return [str(item).strip() for item in value if str(item).strip()]
    if kind is float and isinstance(value, int | float):
        value = float(value)
    elif isinstance(value, kind):
        return value.strip() if kind is str else value
    elif not isinstance(value, str):
        raise TypeError(value)
    elif kind is bool:
        return _parse_bool(value)
    elif kind is list:
        text = value.strip()
        return _coerce(
            list,
            json.loads(text) if text.startswith("[") else LIST_SEPARATORS.split(text),
        )
    else:
        value = kind(value.strip())
    if kind is float and not math.isfinite(value):
        raise ValueError(value)
    return value


def _parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"true", "1", "yes", "y", "是", gettext("Yes").lower()}:
        return True
    if lowered in {"false", "0", "no", "n", "否", gettext("No").lower()}:
        return False
    raise ValueError(text)


_registry: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Declare a rule; each key once. Bounds only for numbers."""
    if type(rule.default) not in KINDS:
        raise TypeError(f"Rule {rule.key}: unsupported type {type(rule.default)}")
    if rule.key in _registry:
        raise ValueError(f"Rule {rule.key} is already registered")
    bounded = rule.min_value is not None or rule.max_value is not None
    if bounded and rule.kind not in (int, float):
        raise TypeError(f"Rule {rule.key}: only numbers take min_value/max_value")
    _registry[rule.key] = rule
    return rule


def registered() -> list[Rule]:
    return sorted(_registry.values(), key=lambda rule: rule.key)


def rule_for(key: str) -> Rule:
    """The registered rule; raises KeyError for an unknown key."""
    try:
        return _registry[key]
    except KeyError:
        raise KeyError(f"Unknown installation rule {key!r}") from None


def get(key: str) -> Any:
    """The rule's current value; raises KeyError for an unknown key.

    Never fails because of Redis: the cache degrades to a miss and the value
    comes from the database.
    """
    rule = rule_for(key)
    marker = object()
    value = cache.get(CACHE_PREFIX + key, marker)
    if value is marker:
        value = _load(rule)
        # add(), not set(): a reader that loaded the old value just before a
        # change was committed must not overwrite what _refresh() cached.
        cache.add(CACHE_PREFIX + key, value, timeout=CACHE_SECONDS)
    return value


def _load(rule: Rule) -> Any:
    from congress.models import RuleValue

    stored = RuleValue.objects.filter(key=rule.key).values_list("value", flat=True)
    for value in stored:
        try:
            return rule.clean(value)
        except ValidationError:
            logger.exception(
                "Stored value of rule %s is invalid; using default", rule.key
            )
    # A copy: callers must not be able to change the registered default.
    return list(rule.default) if rule.kind is list else rule.default


def _refresh(rule: Rule) -> None:
    # Re-read after commit so that two changes committed close together leave
    # the cache holding the one the database kept.
    cache.set(CACHE_PREFIX + rule.key, _load(rule), timeout=CACHE_SECONDS)


def rule_set(key: str, value: Any, *, user=None):
    """Validate and store a rule's value, recording who changed it; the cache
    follows on commit. Raises KeyError (unknown key) or ValidationError."""
    from congress.models import RuleValue

    rule = rule_for(key)
    cleaned = rule.clean(value)
    with transaction.atomic(), history_context(user):
        stored, _created = RuleValue.objects.update_or_create(
            key=key, defaults={"value": cleaned, "updated_by": user}
        )
        transaction.on_commit(lambda: _refresh(rule))
    return stored


def rule_reset(key: str, *, user=None) -> None:
    """Delete the stored value so that the rule has its default again.

    Also works for a row whose rule is no longer registered.
    """
    from congress.models import RuleValue

    with transaction.atomic(), history_context(user):
        RuleValue.objects.filter(key=key).delete()
        if key in _registry:
            transaction.on_commit(lambda: _refresh(_registry[key]))


# The foundation's own rules.
LOGIN_FAILURE_LIMIT = register(
    Rule(
        "accounts.login_failure_limit",
        _("Failed logins before lock-out"),
        5,
        _("Counted per user name and address together."),
        min_value=3,
        max_value=20,
    )
)
LOGIN_COOLOFF_MINUTES = register(
    Rule(
        "accounts.login_cooloff_minutes",
        _("Lock-out duration (minutes)"),
        15,
        min_value=1,
        max_value=24 * 60,
    )
)
UPLOAD_MAX_MB = register(
    Rule(
        "attachments.max_upload_mb",
        _("Largest upload (MB)"),
        20,
        min_value=1,
        max_value=200,
    )
)
IMAGE_MAX_MEGAPIXELS = register(
    Rule(
        "attachments.max_image_megapixels",
        _("Largest image (million pixels)"),
        50,
        _(
            "Images with more pixels are refused before they are decoded "
            "(decompression bombs); phone photos have 12 to 50."
        ),
        min_value=1,
        max_value=200,
    )
)
TEXT_SHORT_MAX_CHARS = register(
    Rule(
        "text.short_max_chars",
        _("Longest reason, comment or note (characters)"),
        2000,
        _("Applies to every short free-text field: reasons, comments, notes."),
        min_value=100,
        max_value=10_000,
    )
)
TEXT_LONG_MAX_CHARS = register(
    Rule(
        "text.long_max_chars",
        _("Longest proposal, reply or description (characters)"),
        20_000,
        _(
            "Applies to proposal and suggestion texts, replies and activity "
            "descriptions; they flow into letters, compilations and reports."
        ),
        min_value=1000,
        max_value=100_000,
    )
)
PDF_INLINE_MAX_KB = register(
    Rule(
        "pdf.inline_max_kb",
        _("Largest PDF made while you wait (KB of page text)"),
        300,
        _(
            "A PDF whose page source is larger is produced in the background "
            "and offered for download when ready, so that no request waits "
            "on it."
        ),
        min_value=20,
        max_value=5000,
    )
)


def login_failure_limit(request, credentials) -> int:
    return get(LOGIN_FAILURE_LIMIT.key)


def login_cooloff(request) -> timedelta:
    return timedelta(minutes=get(LOGIN_COOLOFF_MINUTES.key))
