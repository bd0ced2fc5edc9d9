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
from django.utils.crypto import salted_hmac
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


def _identity(request, by: str) -> str:
    if by == "person" and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return address_identity(request.META.get("REMOTE_ADDR", ""))


def address_identity(address: str) -> str:
    """A keyed hash: enough to count a network address, not to keep it."""
    digest = salted_hmac("congress.ratelimits", address, algorithm="sha256")
    return f"ip:{digest.hexdigest()[:32]}"


def rate_limited(
    scope: str,
    rule: rules.Rule,
    *,
    methods: tuple[str, ...] | None = None,
    by: str = "person",
    when: Callable | None = None,
) -> Callable:
    """View decorator: at most `rule` (per hour) requests of `scope` per
    person (or address, logged out, or always with by="address"); beyond it
    a 429 page says when. `methods` limits only those (e.g. the POST of a
    form, not its display); `when(request, **kwargs)` limits only the
    requests it accepts (a page that is also a download). The view is
    marked (`view.rate_limit`), so that a guard test can find unlimited
    exports, PDFs and imports."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            counted = methods is None or request.method in methods
            if counted and (when is None or when(request, **kwargs)):
                try:
                    rate_limit_check(request, scope, rule, by=by)
                except RateLimited as error:
                    return rate_limited_response(request, error)
            return view(request, *args, **kwargs)

        wrapper.rate_limit = (scope, rule.key)  # type: ignore[attr-defined]
        return wrapper

    return decorate


def rate_limit_check(request, scope: str, rule: rules.Rule, *, by="person") -> None:
    """Count this request against `rule`; raises RateLimited past it. For
    views that cannot take the decorator (admin views, class-based views)."""
    rate_limit_hit(scope, _identity(request, by), limit=rules.get(rule.key))


def rate_limited_response(request, error: RateLimited):
    return render(request, "429.html", {"message": error.message}, status=429)


def _per_hour(key: str, label, default: int, *, low: int, high: int) -> rules.Rule:
    return rules.register(
        rules.Rule(key, label, default, min_value=low, max_value=high)
    )


# One scope per kind, shared by every app: an hour's budget is per person
# whatever they export, print or import.
EXPORTS_PER_HOUR = _per_hour(
    "limits.exports_per_hour",
    _("Spreadsheet exports per person per hour"),
    60,
    low=5,
    high=1000,
)
PDFS_PER_HOUR = _per_hour(
    "limits.pdfs_per_hour",
    _("PDF documents per person per hour"),
    60,
    low=5,
    high=1000,
)
IMPORTS_PER_HOUR = _per_hour(
    "limits.imports_per_hour",
    _("File imports per person per hour"),
    30,
    low=2,
    high=500,
)
LOGINS_PER_ADDRESS = _per_hour(
    "limits.logins_per_address_hour",
    _("Login attempts per network address per hour"),
    # A county office building often shares one public address.
    600,
    low=10,
    high=10000,
)
PASSWORD_CHANGES_PER_HOUR = _per_hour(
    "limits.password_changes_per_hour",
    _("Password changes and resets per person per hour"),
    10,
    low=2,
    high=100,
)
PUBLIC_FORMS_PER_ADDRESS = _per_hour(
    "limits.public_forms_per_address_hour",
    _("Public form submissions (messages, bookings, lookups) per address per hour"),
    30,
    low=3,
    high=1000,
)

EXPORT = "export"
PDF = "pdf"
IMPORT = "import"


def limit_export(view: Callable) -> Callable:
    return rate_limited(EXPORT, EXPORTS_PER_HOUR)(view)


def limit_pdf(view: Callable) -> Callable:
    return rate_limited(PDF, PDFS_PER_HOUR)(view)


def limit_import(view: Callable) -> Callable:
    """Imports are counted when a file is sent (POST), not when the form shows."""
    return rate_limited(IMPORT, IMPORTS_PER_HOUR, methods=("POST",))(view)


def limit_by_format(kwarg: str = "fmt") -> Callable:
    """For a view that answers a PDF or a spreadsheet by its `kwarg` URL
    argument: counts the request as a PDF or an export accordingly."""

    def decorate(view: Callable) -> Callable:
        as_pdf = rate_limited(
            PDF, PDFS_PER_HOUR, when=lambda request, **kw: kw.get(kwarg) == "pdf"
        )
        as_export = rate_limited(
            EXPORT, EXPORTS_PER_HOUR, when=lambda request, **kw: kw.get(kwarg) != "pdf"
        )
        wrapper = as_pdf(as_export(view))
        wrapper.rate_limit = ((PDF, PDFS_PER_HOUR.key), (EXPORT, EXPORTS_PER_HOUR.key))
        return wrapper

    return decorate


def limit_pdf_post(view: Callable) -> Callable:
    """A form whose POST makes a PDF (or starts a PDF job)."""
    return rate_limited(PDF, PDFS_PER_HOUR, methods=("POST",))(view)


def limit_export_when_asked(view: Callable) -> Callable:
    """A page that answers a spreadsheet for `?format=xlsx`."""
    return rate_limited(
        EXPORT,
        EXPORTS_PER_HOUR,
        when=lambda request, **kwargs: request.GET.get("format") == "xlsx",
    )(view)


def limit_public_form(view: Callable) -> Callable:
    """A public form (no login): its POSTs counted per network address."""
    return rate_limited(
        "public_form", PUBLIC_FORMS_PER_ADDRESS, methods=("POST",), by="address"
    )(view)


def limit_login(view: Callable) -> Callable:
    """A login form: its POSTs counted per network address, on top of the
    per-account lockout (django-axes) and the per-number code limits."""
    return rate_limited("login", LOGINS_PER_ADDRESS, methods=("POST",), by="address")(
        view
    )


def limit_password_change(view: Callable) -> Callable:
    return rate_limited("password", PASSWORD_CHANGES_PER_HOUR, methods=("POST",))(view)
