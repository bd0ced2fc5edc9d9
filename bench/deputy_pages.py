"""Page times of the deputy registry on the large data profile.

    python manage.py generate_scale_data --profile province --yes    # once
    python bench/deputy_pages.py [--runs 5]

Logs an office user in (bench_office, created if missing) with Django's test
client and fetches the registry list (also searched for one and two Chinese
characters), the file of the deputy with the most records (the worst case),
the statistics page, the queue of records to confirm, the meetings'
attendance list, the attendance sheet of the latest congress session (also
searched) and the picker of deputies to sit in on the latest committee
meeting, `--runs` times each.
Prints per page "name median_ms ms" and "name_queries count queries" (the
queries of the last run). Pages whose URL is not configured are skipped with
a message.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from pagetiming import time_page  # noqa: E402

from congress.models import Meeting, User  # noqa: E402
from congress.roles import Role  # noqa: E402
from deputies.models import PerformanceRecord  # noqa: E402


def office_client() -> Client:
    user, _created = User.objects.get_or_create(
        username="bench_office", defaults={"real_name": "基准测试"}
    )
    user.groups.add(Role.OFFICE.group())
    client = Client()
    client.force_login(user)
    return client


def largest_file() -> tuple[int | None, int]:
    """(deputy pk, record count) of the deputy with the most records."""
    row = (
        PerformanceRecord.objects.values("deputy")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return (row["deputy"], row["n"]) if row else (None, 0)


def latest_meeting(kind: str) -> int | None:
    return (
        Meeting.objects.filter(kind=kind, term__is_current=True)
        .order_by("-start_date", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


def pages(deputy_pk: int | None) -> list[tuple[str, str | None]]:
    session = latest_meeting(Meeting.Kind.CONGRESS_SESSION)
    committee = latest_meeting(Meeting.Kind.COMMITTEE_MEETING)
    names = [
        ("registry", "deputies:registry", [], ""),
        ("registry_search_1", "deputies:registry", [], "?q=王"),
        ("registry_search_2", "deputies:registry", [], "?q=李明"),
        ("deputy_file", "deputies:detail", [deputy_pk], ""),
        ("statistics", "deputies:statistics", [], ""),
        ("pending", "deputies:pending", [], ""),
        ("pending_search", "deputies:pending", [], "?deputy=王"),
        ("attendance_meetings", "deputies:attendance_meetings", [], ""),
        ("attendance_sheet", "deputies:attendance_edit", [session], ""),
        ("attendance_sheet_search", "deputies:attendance_edit", [session], "?q=王"),
        ("arrange_picker", "deputies:attendance_arrange", [committee], "?q=王"),
    ]
    found = []
    for name, url_name, args, query in names:
        if None in args:
            print(f"# {name}: nothing to show; skipped")
            continue
        try:
            found.append((name, reverse(url_name, args=args) + query))
        except NoReverseMatch:
            print(f"# {name}: URL {url_name} is not configured; skipped")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    # The test client's host name; the pages are served as in production.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    deputy_pk, records = largest_file()
    if deputy_pk is None:
        print(
            "# no performance records: "
            "run `manage.py generate_scale_data --profile province` first"
        )
    print(f"records {PerformanceRecord.objects.count()} rows")
    print(f"deputy_file_records {records} rows")
    client = office_client()
    for name, url in pages(deputy_pk):
        time_page(client, name, url, options.runs)


if __name__ == "__main__":
    main()
