"""The installation's rules: one typed, validated, admin-editable home.

Counties differ in handling periods, thresholds, lockout limits and more. Each
app declares its rules with `register()` (from its AppConfig.ready()) and reads
them with `get()`; staff change them in the admin. A changed rule applies to
what starts after the change: values computed from a rule (a deadline, say)
are stored where they are computed and are never recomputed from it.
"""

import json
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

KINDS = (int, float, bool, str, list)
CACHE_PREFIX = "rules:"


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
        """Coerce a submitted value (e.g. the admin's text) to the rule's type."""
        try:
            value = _coerce(self.kind, value)
        except (TypeError, ValueError):
            raise ValidationError(
                gettext("%(rule)s: “%(value)s” is not a valid %(kind)s.")
                % {"rule": self.label, "value": value, "kind": _KIND_NAMES[self.kind]}
            ) from None
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                gettext("%(rule)s must be at least %(min)s.")
                % {"rule": self.label, "min": self.min_value}
            )
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                gettext("%(rule)s must be at most %(max)s.")
                % {"rule": self.label, "max": self.max_value}
            )
        if self.choices:
            items = value if isinstance(value, list) else [value]
            unknown = [item for item in items if item not in self.choices]
            if unknown:
                raise ValidationError(
                    gettext("%(rule)s: unknown value %(value)s.")
                    % {"rule": self.label, "value": ", ".join(map(str, unknown))}
                )
        return value


_KIND_NAMES = {
    int: _("whole number"),
    float: _("number"),
    bool: _("yes/no value"),
    str: _("text"),
    list: _("list"),
}


def _coerce(kind: type, value: Any) -> Any:
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    if not isinstance(value, str):
        raise TypeError(value)
    text = value.strip()
    if kind is bool:
        lowered = text.lower()
        if lowered in {"true", "1", "yes", "是"}:
            return True
        if lowered in {"false", "0", "no", "否"}:
            return False
        raise ValueError(value)
    if kind is list:
        parsed = json.loads(text) if text.startswith("[") else text.split(",")
        return [str(item).strip() for item in parsed if str(item).strip()]
    return kind(text)


_registry: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Declare a rule; each key once."""
    if not isinstance(rule.default, KINDS):
        raise TypeError(f"Rule {rule.key}: unsupported type {type(rule.default)}")
    if rule.key in _registry:
        raise ValueError(f"Rule {rule.key} is already registered")
    _registry[rule.key] = rule
    return rule


def registered() -> list[Rule]:
    return sorted(_registry.values(), key=lambda rule: rule.key)


def rule_for(key: str) -> Rule:
    try:
        return _registry[key]
    except KeyError:
        raise KeyError(f"Unknown installation rule {key!r}") from None


def get(key: str) -> Any:
    """The rule's current value. Works with Redis down (falls back to the database)."""
    rule = rule_for(key)
    marker = object()
    value = cache.get(CACHE_PREFIX + key, marker)
    if value is marker:
        value = _load(rule)
        cache.set(CACHE_PREFIX + key, value, timeout=300)
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
    return rule.default


def rule_set(key: str, value: Any, *, user=None):
    """Validate and store a rule's value; raises ValidationError when invalid."""
    from congress.models import RuleValue

    rule = rule_for(key)
    cleaned = rule.clean(value)
    with transaction.atomic():
        stored, _created = RuleValue.objects.update_or_create(
            key=key, defaults={"value": cleaned, "updated_by": user}
        )
        transaction.on_commit(lambda: cache.delete(CACHE_PREFIX + key))
    return stored


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


def login_failure_limit(request, credentials) -> int:
    return get(LOGIN_FAILURE_LIMIT.key)


def login_cooloff(request) -> timedelta:
    return timedelta(minutes=get(LOGIN_COOLOFF_MINUTES.key))
