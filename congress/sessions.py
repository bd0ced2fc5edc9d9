"""Sessions: Django's database sessions plus the user they belong to, the
staff session limits, and each user's list of their own open sessions."""

import datetime
import time

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from congress import rules


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
        from congress.models import Session

        return Session

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        instance.user_id = data.get(SESSION_KEY)
        return instance


# Staff sessions are short (等保: session timeout for privileged users); the
# bounds keep office staff, who edit rules, from switching the limits off.
IDLE_FLOOR_MINUTES, SESSION_FLOOR_HOURS = 5, 1
STAFF_IDLE_MINUTES = rules.register(
    rules.Rule(
        "accounts.staff_idle_minutes",
        _("Staff sessions end after this many idle minutes"),
        30,
        min_value=IDLE_FLOOR_MINUTES,
        max_value=120,
    )
)
STAFF_SESSION_HOURS = rules.register(
    rules.Rule(
        "accounts.staff_session_hours",
        _("Staff sessions end after this many hours in all"),
        8,
        min_value=SESSION_FLOOR_HOURS,
        max_value=24,
    )
)
LOGIN_AT, SEEN_AT, AGENT, ADDRESS = "login_at", "seen_at", "agent", "address"


def session_stamp_login(request) -> None:
    """Note when and from where the session began (the user's device list)."""
    now = int(time.time())
    request.session[LOGIN_AT] = request.session[SEEN_AT] = now
    request.session[AGENT] = request.headers.get("User-Agent", "")[:200]
    request.session[ADDRESS] = request.META.get("REMOTE_ADDR", "")


def session_expired(request, *, now: float | None = None) -> bool:
    """For staff: idle too long, or open too long in all. Marks the session
    seen (at most once a minute, to spare the database a write per page)."""
    now = now or time.time()
    session = request.session
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        session_stamp_login(request)
        return False
    # Within the rules' lowest bounds no value of theirs can end the session:
    # most requests need not read them.
    within_bounds = (
        now - seen_at <= IDLE_FLOOR_MINUTES * 60
        and now - login_at <= SESSION_FLOOR_HOURS * 3600
    )
    if not within_bounds and (
        now - seen_at > rules.get(STAFF_IDLE_MINUTES.key) * 60
        or now - login_at > rules.get(STAFF_SESSION_HOURS.key) * 3600
    ):
        return True
    if now - seen_at > 60:
        session[SEEN_AT] = int(now)
    return False


def session_id(session_key: str) -> str:
    """A public handle for a session: the key itself is the cookie's secret."""
    return salted_hmac(
        "congress.sessions.id", session_key, algorithm="sha256"
    ).hexdigest()[:20]


def sessions_of(user, *, current_key: str | None) -> list[dict]:
    """The user's open sessions, newest first, with device and times."""
    from congress.models import Session

    rows = Session.objects.filter(user=user, expire_date__gt=timezone.now())
    result = []
    for row in rows:
        data = row.get_decoded()
        result.append(
            {
                "id": session_id(row.session_key),
                "current": row.session_key == current_key,
                "login_at": _when(data.get(LOGIN_AT)),
                "seen_at": _when(data.get(SEEN_AT)),
                "agent": data.get(AGENT, ""),
                "address": data.get(ADDRESS, ""),
            }
        )
    return sorted(result, key=lambda s: s["login_at"] or _EPOCH, reverse=True)


def session_end(user, public_id: str, *, keep_key: str | None = None) -> int:
    """End the user's session with this handle (or all but `keep_key` when
    `public_id` is "others"); returns how many ended."""
    from congress.models import Session

    keys = [
        key
        for key in Session.objects.filter(user=user).values_list(
            "session_key", flat=True
        )
        if key != keep_key and (public_id == "others" or session_id(key) == public_id)
    ]
    deleted, _by_model = Session.objects.filter(session_key__in=keys).delete()
    return deleted


_EPOCH = datetime.datetime.fromtimestamp(0, tz=datetime.UTC)


def _when(stamp) -> datetime.datetime | None:
    return datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC) if stamp else None
