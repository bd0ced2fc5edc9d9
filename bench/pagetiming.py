"""Timing a page the way the page benchmarks print it (imported by them)."""

import statistics
import time

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def time_page(client, name, url, runs, *, clear_cache=False) -> None:
    """Print the median time of `runs` GETs and the queries of the last one."""
    timings = []
    for _run in range(runs):
        if clear_cache:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            print(f"# {name}: {url} answered {response.status_code}")
            return
    print(f"{name} {statistics.median(timings):.0f} ms")
    print(f"{name}_queries {len(queries)} queries")
