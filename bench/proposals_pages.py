"""Page times of the proposals pages on the large data profile.

    python manage.py generate_scale_data --profile province --yes      # once
    python bench/proposals_pages.py [--runs 5]

Logs office, leader, organisation and deputy users in (bench_office,
bench_leader, bench_org, bench_deputy, created if missing) with Django's test
client and fetches the organisation's list (proposals:org_assignments), the
office board (proposals:office_board), the statistics page of the whole
current term, cold (cache cleared before each run), warm and after 50
assignments changed since the summary refresh last ran, the assessment
ranking, the office's and the leader's workspaces, a deputy's own list, the
public page of published replies, and searches for one-, two- and
four-character words, `--runs` times each. Prints per page "name median_ms
ms" and "name_queries count queries" (the queries of the last run), then the
plan of the search query. Pages whose URL is not configured are skipped with
a message.
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
from django.urls import NoReverseMatch, reverse  # noqa: E402
from pagetiming import time_page  # noqa: E402

from congress.models import User  # noqa: E402
from congress.roles import Role  # noqa: E402
from deputies.models import Deputy  # noqa: E402
from proposals import selectors  # noqa: E402
from proposals.models import Assignment, Proposal, SummaryQueue  # noqa: E402


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


def deputy_client() -> Client:
    """The deputy who leads the most items, logged in through their user."""
    row = (
        Proposal.objects.values("lead_deputy")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    deputy = Deputy.objects.get(pk=row["lead_deputy"])
    if deputy.user_id is None:
        deputy.user, _created = User.objects.get_or_create(
            username="bench_deputy", defaults={"real_name": deputy.name}
        )
        deputy.save(update_fields=["user"])
    deputy.user.groups.add(Role.DEPUTY.group())
    client = Client()
    client.force_login(deputy.user)
    return client


def busiest_organization() -> int | None:
    row = (
        Assignment.objects.values("organization")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return row["organization"] if row else None


def url_of(name: str, url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        print(f"# {name}: URL {url_name} is not configured; skipped")
        return None


def after_writes(client: Client, runs: int, writes: int = 50) -> None:
    """The statistics page when `writes` assignments were changed since the
    summary refresh last ran (the page applies the queue first)."""
    url = reverse("proposals:reports_statistics")
    timings = []
    for _run in range(runs):
        ids = list(
            Assignment.objects.order_by("?").values_list("pk", flat=True)[:writes]
        )
        SummaryQueue.objects.bulk_create(SummaryQueue(assignment_id=i) for i in ids)
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    print(f"statistics_after_{writes}_writes {statistics.median(timings):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # In-process over plain HTTP, staff without their second factor.
    settings.SECURE_SSL_REDIRECT = False
    settings.STAFF_SECOND_FACTOR = False
    print(f"proposals {Proposal.objects.count()} rows")
    print(f"assignments {Assignment.objects.count()} rows")
    office = client_for("bench_office", Role.OFFICE)
    leader = client_for("bench_leader", Role.LEADER)
    org = client_for("bench_org", Role.ORG_LIAISON, busiest_organization())
    pages = [
        ("org_assignments", org, "proposals:org_assignments", False),
        ("org_workspace", org, "workspace_org_liaison", False),
        ("office_board", office, "proposals:office_board", False),
        ("office_workspace", office, "workspace_office", False),
        ("leader_workspace", leader, "workspace_leader", False),
        ("statistics_cold", office, "proposals:reports_statistics", True),
        ("statistics_warm", office, "proposals:reports_statistics", False),
        ("scores", office, "proposals:scores_ranking", False),
        ("deputy_list", deputy_client(), "proposals:deputy_list", False),
        ("published", Client(), "proposals:reports_published", False),
    ]
    for name, client, url_name, cold in pages:
        if url := url_of(name, url_name):
            time_page(client, name, url, options.runs, clear_cache=cold)
    after_writes(office, options.runs)
    search = url_of("search", "proposals:reports_search")
    # 道路 is in 40% of the synthetic titles (the planner rightly scans the
    # table); 冷链 in about 6% (the planner uses the bigram index).
    words = (
        ("search_lu", "路"),
        ("search_daolu", "道路"),
        ("search_lenglian", "冷链"),
        ("search_lenglian_wuliu", "冷链物流"),
    )
    for name, word in words:
        if search:
            time_page(office, name, f"{search}?q={word}", options.runs)
        plan = selectors.proposals_search(
            Proposal.objects.all(), filters={"q": word}
        ).explain()
        print(f"# {name} plan:")
        print("\n".join(f"#   {line}" for line in plan.splitlines()))


if __name__ == "__main__":
    main()
