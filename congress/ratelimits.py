"""Rate limits on expensive or abusable actions (exports, PDFs, imports,
public forms), counted in PostgreSQL: one upsert per limited request, the
same for every gunicorn worker, and unaffected when Redis is down.

A limit is a rule (count per hour); `rate_limited(scope, rule)` wraps a view,
`rate_limit_hit(...)` serves services. Hitting a limit raises RateLimited,
whose Chinese message says when to try again; the decorator answers 429.
"""

import datetime
from collections.abc import Callable
from functools import wraps

from django.db import connection
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress import rules
from congress.exceptions import DomainError

WINDOW = datetime.timedelta(hours=1)


class RateLimited(DomainError):
    default_message = _("Too many requests. Try again later.")


def _window_start(now: datetime.datetime) -> datetime.datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def rate_limit_hit(
    scope: str, identity: str, *, limit: int, now: datetime.datetime | None = None
) -> int:
    """Count one more `scope` action by `identity` in this hour; raise
    RateLimited once the count passes `limit`. Returns the count."""
    now = now or timezone.now()
    start = _window_start(now)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO congress_ratecount (scope, identity, window_start, count)
            VALUES (%s, %s, %s, 1)
            ON CONFLICT (scope, identity, window_start)
            DO UPDATE SET count = congress_ratecount.count + 1
            RETURNING count
            """,
            [scope, identity[:100], start],
        )
        count = cursor.fetchone()[0]
    if count > limit:
        retry = timezone.localtime(start + WINDOW)
        raise RateLimited(
            gettext("Too many requests. Try again after %(time)s.")
            % {"time": retry.strftime("%H:%M")}
        )
    return count


def rate_counts_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the counts of windows that have ended; returns how many."""
    from congress.models import RateCount

    now = now or timezone.now()
    deleted, _by_model = RateCount.objects.filter(
        window_start__lt=_window_start(now) - WINDOW
    ).delete()
    return deleted


def _identity(request) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def rate_limited(scope: str, rule: rules.Rule) -> Callable:
    """View decorator: at most `rule` (per hour) requests of `scope` per
    person (or address, logged out); beyond it a 429 page says when."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                rate_limit_hit(scope, _identity(request), limit=rules.get(rule.key))
            except RateLimited as error:
                return render(
                    request, "429.html", {"message": error.message}, status=429
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


EXPORTS_PER_HOUR = rules.register(
    rules.Rule(
        "limits.exports_per_hour",
        _("Exports, PDF reports and imports per person per hour"),
        60,
        min_value=5,
        max_value=1000,
    )
)
