"""Every main page of every role, timed in-process on the current data.

    python manage.py generate_scale_data --profile province --yes   # once
    python manage.py collectstatic --no-input   # DEBUG off needs the manifest
    python bench/all_pages.py [--runs 5] [--only SUBSTRING] [--no-admin]

Logs each demo account in (office, leader, member, deputy, liaison, station,
admin; STAFF_SECOND_FACTOR is switched off in-process) with Django's test
client, follows the links its workspace shows (one page per URL shape, ids
replaced, as tests/test_crawl.py does), adds the searches and the public
pages, and for the admin account every admin changelist. Then it times every
page found `--runs` times and prints a table: page, role, queries, median ms,
slowest first. Non-HTML answers (PDF, Excel, downloads) are left out: they
have their own benchmarks. Run with DEBUG off (the default).
"""

import argparse
import os
import re
import statistics
import sys
import time
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from congress.models import User  # noqa: E402

ACCOUNTS = ["office", "leader", "member", "deputy", "liaison", "station", "admin"]
HREF = re.compile(r'href="([^"]+)"')
SKIPPED = ("/logout", "/admin/", "/static/", "/i18n/", "/media/", "/accounts/")
SKIPPED_WORDS = ("export", "download", ".pdf", ".xlsx", ".csv", "print", "pdf")
MAX_PAGES = 150
# Searches a user types (two- and three-character Chinese words).
SEARCHES = [
    ("office", "/proposals/reports/search/?q=道路"),
    ("office", "/proposals/reports/search/?q=冷链物流"),
    ("office", "/deputies/?q=王"),
    ("office", "/deputies/?q=建国"),
]


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def links(html: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue
        if href.startswith(SKIPPED) or any(w in href for w in SKIPPED_WORDS):
            continue
        found.append(href)
    return found


def discover(client: Client, start: str = "/") -> list[str]:
    """One URL per shape reachable from the start page (HTML answers only)."""
    seen, shapes, pages = {start}, {shape(start)}, []
    queue = deque([start])
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            target = response["Location"]
            if target.startswith("/") and shape(target) not in shapes:
                seen.add(target)
                shapes.add(shape(target))
                queue.append(target)
            continue
        if response.status_code != 200:
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        pages.append(url)
        for link in links(response.content.decode()):
            key = shape(urlsplit(link).path) + ("?" if urlsplit(link).query else "")
            if link in seen or key in shapes:
                continue
            shapes.add(key)
            seen.add(link)
            queue.append(link)
    return pages


def admin_changelists() -> list[str]:
    urls = []
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return sorted(urls)


def time_url(client: Client, url: str, runs: int) -> tuple[int, int, float, str]:
    """(status, queries of the last run, median ms, its slowest query)."""
    timings, status, count, slowest = [], 0, 0, ""
    for _run in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        status, count = response.status_code, len(queries)
        if queries.captured_queries:
            top = max(queries.captured_queries, key=lambda q: float(q["time"]))
            slowest = f"{float(top['time']) * 1000:.0f} ms: {top['sql'][:600]}"
        if status != 200:
            break
    return status, count, statistics.median(timings), slowest


def clients() -> dict[str, Client]:
    found = {}
    for username in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            print(f"# no account {username}: run seed_demo first")
            continue
        client = Client()
        client.force_login(user)
        found[username] = client
    found["anonymous"] = Client()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="")
    parser.add_argument("--no-admin", action="store_true")
    parser.add_argument(
        "--slowest", action="store_true", help="print the slowest query of slow pages"
    )
    options = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STAFF_SECOND_FACTOR = False
    settings.SECURE_SSL_REDIRECT = False
    print(f"# DEBUG={settings.DEBUG}")
    users = clients()
    plan: list[tuple[str, str]] = []
    for name, client in users.items():
        if name == "admin":
            continue
        started = time.perf_counter()
        found = discover(client)
        print(
            f"# {name}: {len(found)} pages in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        plan.extend((name, url) for url in found)
    plan.extend(SEARCHES)
    if "admin" in users and not options.no_admin:
        plan.extend(("admin", url) for url in admin_changelists())
    rows = []
    for name, url in plan:
        if options.only not in url:
            continue
        status, queries, median, slowest = time_url(users[name], url, options.runs)
        rows.append((median, name, url, status, queries, slowest))
        print(f"# {median:.0f} ms {queries} queries {name} {url}", flush=True)
    rows.sort(reverse=True)
    print(f"{'page':70} {'role':9} {'status':>6} {'queries':>7} {'median ms':>9}")
    for median, name, url, status, queries, slowest in rows:
        print(f"{url[:70]:70} {name:9} {status:>6} {queries:>7} {median:>9.0f}")
        if options.slowest and median >= 50:
            print(f"#   {slowest}")
    slow = [row for row in rows if row[0] >= 50]
    print(f"# {len(rows)} pages, {len(slow)} at or over 50 ms median")


if __name__ == "__main__":
    main()
