"""Page times of the supervision pages on ten years of plans, and the
审议意见书 PDF.

    python manage.py generate_scale_data --profile province --yes   # once
    python bench/supervision_pages.py [--runs 5]

Logs an office user and the busiest organisation's liaison in (bench_office,
bench_org, created if missing) and fetches the year board of every year's
plan size, the open points across all reviews, the organisation's list;
renders one 审议意见书 PDF. Prints "name median_ms ms" and
"name_queries count queries" per page, "opinion_pdf median_ms ms".
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from pagetiming import time_page  # noqa: E402

from congress.models import User  # noqa: E402
from congress.roles import Role  # noqa: E402
from supervision.models import Item, Opinion, OpinionPoint, Plan  # noqa: E402
from supervision.pdf import opinion_pdf_bytes  # noqa: E402


def client_for(username: str, role: Role, organization_id=None) -> Client:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"real_name": "基准测试"}
    )
    if organization_id and user.organization_id != organization_id:
        user.organization_id = organization_id
        user.save(update_fields=["organization"])
    user.groups.add(role.group())
    client = Client()
    client.force_login(user)
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Timings on a shared machine: the load says how much to trust them.
    print(f"loadavg_1min {os.getloadavg()[0]:.1f} load")
    print(f"supervision_plans {Plan.objects.count()} rows")
    print(f"supervision_items {Item.objects.count()} rows")
    print(f"supervision_points {OpinionPoint.objects.count()} rows")
    busiest = (
        Item.objects.values("organization")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    office = client_for("bench_office", Role.OFFICE)
    org = client_for(
        "bench_org", Role.ORG_LIAISON, busiest["organization"] if busiest else None
    )
    year = Plan.objects.order_by("year").values_list("year", flat=True).first()
    pages = [
        (office, "board", reverse("supervision:board_year", args=[year or 2026])),
        (office, "board_current", reverse("supervision:board")),
        (office, "open_points", reverse("supervision:open_points")),
        (org, "org_items", reverse("supervision:org_items")),
    ]
    for client, name, url in pages:
        time_page(client, name, url, options.runs)
    opinion = Opinion.objects.order_by("pk").first()
    if opinion is None:
        print("# opinion_pdf: no opinion; skipped")
        return
    timings = []
    for _run in range(options.runs):
        started = time.perf_counter()
        opinion_pdf_bytes(opinion.pk)
        timings.append((time.perf_counter() - started) * 1000)
    print(f"opinion_pdf {statistics.median(timings):.0f} ms")


if __name__ == "__main__":
    main()
