"""The check that sees the whole: as every demo account, follow every link a
page shows (the portal, not the admin) and fail on any answer 400 or above.
A link that leads to an error is a bug wherever it is."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from congress.models import User

pytestmark = pytest.mark.django_db

ACCOUNTS = [
    "office",
    "leader",
    "member",
    "deputy",
    "liaison",
    "station",
    "security",
    "auditor",
]
HREF = re.compile(r'href="([^"]+)"')
# Links that end the session or leave the portal's own pages.
SKIPPED = ("/logout", "/admin/", "/static/", "/i18n/", "/media/")
PER_PATTERN = 3  # pages visited per URL shape (ids replaced), enough to see them
MAX_PAGES = 400


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def links(html: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue
        if href.startswith(SKIPPED):
            continue
        found.append(href)
    return found


def crawl(client: Client, start: str) -> list[tuple[str, int, str]]:
    """(url, status, the page linking to it) for every failing link."""
    seen, per_shape, failures = {start}, {}, []
    queue = deque([(start, "")])
    while queue and len(seen) <= MAX_PAGES:
        url, parent = queue.popleft()
        response = client.get(url)
        if response.status_code >= 400:
            failures.append((url, response.status_code, parent))
            continue
        if response.status_code in (301, 302):
            target = response["Location"]
            if target.startswith("/") and target not in seen:
                seen.add(target)
                queue.append((target, url))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in links(response.content.decode()):
            key = shape(urlsplit(link).path)
            if link in seen or per_shape.get(key, 0) >= PER_PATTERN:
                continue
            per_shape[key] = per_shape.get(key, 0) + 1
            seen.add(link)
            queue.append((link, url))
    return failures


@pytest.mark.parametrize("username", ACCOUNTS)
def test_no_visible_link_leads_to_an_error(demo_db, settings, username):
    settings.STAFF_SECOND_FACTOR = False
    client = Client()
    client.force_login(User.objects.get(username=username))
    failures = crawl(client, "/")
    assert failures == [], "\n".join(
        f"{status} {url} (linked from {parent})" for url, status, parent in failures
    )


def test_anonymous_visitor_meets_no_broken_link(demo_db):
    assert crawl(Client(), "/") == []


def test_no_admin_changelist_queries_per_row(demo_db, monkeypatch):
    """Each changelist of the demo is fetched showing one row a page and
    showing all its rows: the queries must be the same, or a column reaches
    into another table row by row (list_select_related is missing)."""
    from django.contrib import admin

    client = Client()
    client.force_login(User.objects.get(username="admin"))
    per_row = []
    for model, model_admin in admin.site._registry.items():
        if model._default_manager.count() < 2:
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        counts = []
        for per_page in (1, 100):
            monkeypatch.setattr(model_admin, "list_per_page", per_page)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            counts.append(len(queries))
        if counts[0] != counts[1]:
            per_row.append((url, *counts))
    assert per_row == []
