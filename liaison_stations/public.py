"""What the public pages need besides data: abuse limits, a self-hosted
challenge, map-app links and the iCalendar feed (RFC 5545, written here).

Nothing here ever puts a resident's name or phone into a public response.
"""

import datetime
import hashlib
import hmac
import random
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import rules
from congress.ratelimits import RateLimited, rate_limit_hit
from liaison_stations.models import Booking, Issue

PER_IP = rules.register(
    rules.Rule(
        "liaison.messages_per_ip_per_day",
        gettext_lazy("Online messages and bookings per address per day"),
        10,
        min_value=1,
        max_value=1000,
    )
)
PER_PHONE = rules.register(
    rules.Rule(
        "liaison.messages_per_phone_per_day",
        gettext_lazy("Online messages and bookings per phone number per day"),
        3,
        min_value=1,
        max_value=100,
    )
)
MAX_MESSAGE_CHARS = 2000
MAX_PHOTO_BYTES = 5 * 1024 * 1024
CHALLENGE_MAX_AGE = 60 * 60  # seconds a challenge stays valid


# Limits -------------------------------------------------------------------------


def client_hash(request) -> str:
    """A keyed hash of the client's address: enough to count, not to identify."""
    address = request.META.get("REMOTE_ADDR", "")
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def limit_error(*, client: str, phone: str, now=None) -> str | None:
    """The refusal message when this address or phone used up the day's
    messages and bookings (installation rules); None when within limits."""
    since = (now or timezone.now()) - datetime.timedelta(days=1)
    by_client = (
        Issue.objects.filter(client_hash=client, created_at__gte=since).count()
        + Booking.objects.filter(client_hash=client, created_at__gte=since).count()
    )
    if by_client >= rules.get(PER_IP.key):
        return _("Too many messages from this network today. Please try tomorrow.")
    by_phone = (
        Issue.objects.filter(
            citizen_phone=phone, source="online", created_at__gte=since
        ).count()
        + Booking.objects.filter(citizen_phone=phone, created_at__gte=since).count()
    )
    if by_phone >= rules.get(PER_PHONE.key):
        return _("Too many messages with this phone number today. Please try tomorrow.")
    return None


LOOKUPS_PER_HOUR = 20  # tracking-code lookups per address: no guessing codes


def lookup_allowed(client: str) -> bool:
    """Count a lookup by this address in the current hour; False past the
    limit. Counted in PostgreSQL (congress.ratelimits): the limit holds
    across workers and while Redis is down."""
    try:
        rate_limit_hit("liaison.lookup", f"client:{client}", limit=LOOKUPS_PER_HOUR)
    except RateLimited:
        return False
    return True


# Challenge -------------------------------------------------------------------------


def challenge_new() -> tuple[str, str]:
    """(question, signed token) of a small sum: a bot must read the page."""
    rng = random.SystemRandom()
    a, b = rng.randint(1, 9), rng.randint(1, 9)
    token = signing.TimestampSigner(salt="liaison_stations.challenge").sign(str(a + b))
    return _("What is %(a)s plus %(b)s?") % {"a": a, "b": b}, token


def challenge_passed(token: str, answer: str) -> bool:
    try:
        expected = signing.TimestampSigner(salt="liaison_stations.challenge").unsign(
            token, max_age=CHALLENGE_MAX_AGE
        )
    except signing.BadSignature:
        return False
    return (answer or "").strip() == expected


# Map-app links (no tiles: the visitor's own map app draws the map) ---------------


def map_links(station) -> list[tuple[str, str]]:
    """(label, URI) that open the station in a map app; empty without coordinates."""
    if not station.has_coordinates:
        return []
    lat, lon, name = station.latitude, station.longitude, quote(station.name)
    return [
        (_("Open in my map app"), f"geo:{lat},{lon}?q={lat},{lon}({name})"),
        (
            _("Amap"),
            f"https://uri.amap.com/marker?position={lon},{lat}&name={name}"
            "&coordinate=wgs84&callnative=1",
        ),
        (
            _("Baidu Maps"),
            f"baidumap://map/marker?location={lat},{lon}&title={name}"
            "&coord_type=wgs84&src=congress.portal",
        ),
    ]


# iCalendar ---------------------------------------------------------------------------


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF + space,
    never splitting a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = 75 if not out else 74
        if len(current) + len(encoded) > limit:
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_calendar(name: str, events: list[dict], *, host: str, now=None) -> str:
    """A VCALENDAR with one VEVENT per event dict (uid, start, end as aware
    datetimes, summary, location, description, url)."""
    stamp = _utc(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//congress portal//liaison stations//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Asia/Shanghai",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event['uid']}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(event['start'])}",
            f"DTEND:{_utc(event['end'])}",
            f"SUMMARY:{_escape(event['summary'])}",
            f"LOCATION:{_escape(event.get('location', ''))}",
            f"DESCRIPTION:{_escape(event.get('description', ''))}",
        ]
        if event.get("url"):
            lines.append(f"URL:{event['url']}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def slot_times(slot) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(slot.date, slot.start_time, tzinfo=tz),
        datetime.datetime.combine(slot.date, slot.end_time, tzinfo=tz),
    )


def deputy_qr_svg(url: str) -> str:
    """The deputy's code (代表码): a QR code of their public page, inline SVG."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=5, dark="#000")
