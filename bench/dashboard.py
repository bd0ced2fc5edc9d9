"""Times of the leadership dashboard, its sections and the annual report.

    python manage.py seed_demo          # or a scale data profile
    python bench/dashboard.py [--runs 5] [--year 2026]

Logs a leader in (bench_leader, created if missing) and fetches the
dashboard: the first request (nothing cached by the dashboard, which caches
nothing) and the median of `--runs`; then each section's figures alone, the
annual report as PDF and the workbook. Prints "name value unit" per line:
milliseconds, the query count and the time PostgreSQL spent (sum of the
queries' times).
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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from congress.dashboard import Scope, sections  # noqa: E402
from congress.models import Term, User  # noqa: E402
from congress.roles import Role  # noqa: E402


def leader() -> User:
    user, _created = User.objects.get_or_create(
        username="bench_leader", defaults={"real_name": "基准测试"}
    )
    user.groups.add(Role.LEADER.group())
    return user


def _sql_ms(queries) -> float:
    return sum(float(query["time"]) for query in queries.captured_queries) * 1000


def _timed(call):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = call()
        elapsed = (time.perf_counter() - started) * 1000
    return result, elapsed, queries


def page(client: Client, name: str, url: str, runs: int) -> None:
    timings = []
    for run in range(max(runs, 1)):
        response, elapsed, queries = _timed(lambda: client.get(url, secure=True))
        if response.status_code != 200:
            print(f"# {name}: {url} answered {response.status_code}")
            return
        if run == 0:
            print(f"{name}_first {elapsed:.0f} ms")
        timings.append(elapsed)
    print(f"{name} {statistics.median(timings):.0f} ms")
    print(f"{name}_queries {len(queries)} queries")
    print(f"{name}_sql {_sql_ms(queries):.0f} ms")


def each_section(scope: Scope, runs: int) -> None:
    for section in sections():
        timings = []
        for _run in range(max(runs, 1)):
            _data, elapsed, queries = _timed(lambda s=section: s.figures(scope))
            timings.append(elapsed)
        key = section.key
        print(f"section_{key} {statistics.median(timings):.0f} ms")
        print(f"section_{key}_queries {len(queries)} queries")
        print(f"section_{key}_sql {_sql_ms(queries):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=timezone.localdate().year)
    options = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STAFF_SECOND_FACTOR = False
    settings.DEBUG = True  # records each query's time; templates stay cached
    client = Client()
    client.force_login(leader())
    query = f"?year={options.year}"
    page(client, "dashboard", reverse("dashboard") + query, options.runs)
    scope = Scope(
        year=options.year,
        term=Term.objects.filter(is_current=True).first(),
        today=timezone.localdate(),
    )
    each_section(scope, options.runs)
    page(client, "annual_report_pdf", reverse("dashboard_report_pdf") + query, 1)
    page(client, "annual_report_xlsx", reverse("dashboard_report_xlsx") + query, 1)


if __name__ == "__main__":
    main()
