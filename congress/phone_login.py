"""Login with a mobile number and a one-time code by text message.

Deputies open the portal's links in WeChat on a phone and seldom remember a
password. A code is six digits, valid for minutes (a rule), good for one
login, refused after a few wrong tries (a rule); requests are limited per
number and per address within an hour (rules), counted in the database so
the limits hold across every gunicorn worker and while Redis is down. The
answer to a request is the same whether or not the number has an account.
Staff who need a second factor still verify it after this first factor.
"""

import datetime
import secrets

from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress import rules
from congress.exceptions import DomainError
from congress.models import LoginCode, User

CODE_MINUTES = rules.register(
    rules.Rule(
        "accounts.sms_code_minutes",
        _("Minutes a login code by text message stays valid"),
        5,
        min_value=1,
        max_value=15,
    )
)
CODE_ATTEMPTS = rules.register(
    rules.Rule(
        "accounts.sms_code_attempts",
        _("Wrong entries before a login code is void"),
        5,
        min_value=1,
        max_value=10,
    )
)
CODES_PER_NUMBER = rules.register(
    rules.Rule(
        "accounts.sms_codes_per_number_hour",
        _("Login codes per mobile number per hour"),
        5,
        min_value=1,
        max_value=20,
    )
)
CODES_PER_ADDRESS = rules.register(
    rules.Rule(
        "accounts.sms_codes_per_address_hour",
        _("Login codes per network address per hour"),
        20,
        min_value=1,
        max_value=200,
    )
)
RESEND_SECONDS = 60


class TooManyCodes(DomainError):
    default_message = _("Too many codes were requested. Try again later.")


def _hash(mobile: str, code: str) -> str:
    return salted_hmac(
        "congress.phone_login", f"{mobile}:{code}", algorithm="sha256"
    ).hexdigest()


def _account(mobile: str) -> User | None:
    """The one active account with this number; none if absent or shared."""
    accounts = list(User.objects.filter(mobile=mobile, is_active=True)[:2])
    return accounts[0] if len(accounts) == 1 else None


def _check_limits(mobile: str, address: str | None, now: datetime.datetime) -> None:
    hour_ago = now - datetime.timedelta(hours=1)
    recent = LoginCode.objects.filter(created_at__gt=hour_ago)
    last = recent.filter(mobile=mobile).order_by("-created_at").first()
    if last and (now - last.created_at).total_seconds() < RESEND_SECONDS:
        raise TooManyCodes(
            gettext("A code was just sent. Wait a minute before asking again.")
        )
    if recent.filter(mobile=mobile).count() >= rules.get(CODES_PER_NUMBER.key) or (
        address
        and recent.filter(address=address).count() >= rules.get(CODES_PER_ADDRESS.key)
    ):
        raise TooManyCodes


def login_code_send(
    mobile: str, *, address: str | None, now: datetime.datetime | None = None
) -> None:
    """Send a new login code to `mobile` if an account has that number.
    Raises TooManyCodes beyond the rules' limits (whoever owns the number)."""
    from congress.notifications import sms_backend

    now = now or timezone.now()
    with transaction.atomic():
        # One request at a time per number, so a double tap sends one code.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [mobile])
        _check_limits(mobile, address, now)
        code = f"{secrets.randbelow(10**6):06d}"
        user = _account(mobile)
        LoginCode.objects.create(
            mobile=mobile,
            user=user,
            code_hash=_hash(mobile, code),
            address=address,
            created_at=now,
            expires_at=now + datetime.timedelta(minutes=rules.get(CODE_MINUTES.key)),
        )
        if user is not None:
            text = gettext(
                "%(code)s is your login code, valid for %(minutes)s minutes. "
                "Do not tell anyone."
            ) % {"code": code, "minutes": rules.get(CODE_MINUTES.key)}
            transaction.on_commit(lambda: sms_backend().send(mobile, text))


def login_code_verify(
    mobile: str, code: str, *, now: datetime.datetime | None = None
) -> User | None:
    """The account the code logs in, once; None for a wrong, used, expired or
    exhausted code (each wrong entry counts against the code)."""
    now = now or timezone.now()
    with transaction.atomic():
        latest = (
            LoginCode.objects.select_for_update(of=("self",))
            .filter(mobile=mobile, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if latest is None or latest.attempts >= rules.get(CODE_ATTEMPTS.key):
            return None
        if latest.user_id is None or not constant_time_compare(
            latest.code_hash, _hash(mobile, code)
        ):
            latest.attempts += 1
            latest.save(update_fields=["attempts"])
            return None
        latest.used_at = now
        latest.save(update_fields=["used_at"])
        return User.objects.filter(pk=latest.user_id, is_active=True).first()
