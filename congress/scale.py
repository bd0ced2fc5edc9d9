"""Scale data for benchmarks: one profile, a generator per app.

Apps register their generator with `register_scale_generator()` from
`AppConfig.ready()`; `generate_scale_data` runs them in registration order,
which is the order of INSTALLED_APPS and so the order of the apps'
dependencies (deputies before proposals before the stations). A generator is
called as `generator(profile, rng, log)` and returns the rows it added, by
table name. The data is synthetic: bulk inserts (COPY or bulk_create), no
history, no timeline events, no notices.
"""

import dataclasses
import random
import time
from collections.abc import Callable

from django.db import connection


@dataclasses.dataclass(frozen=True)
class Profile:
    name: str
    deputies: int
    records: int  # performance records
    proposals: int
    stations: int
    station_years: int  # years of duty slots and receptions
    supervision_years: int
    supervision_items: int  # a year
    appointment_years: int
    appointments_per_year: int
    appointments_open: int


PROFILES = {
    "tiny": Profile("tiny", 30, 300, 60, 2, 1, 1, 5, 1, 12, 3),
    "county": Profile("county", 400, 20_000, 3_000, 40, 2, 3, 30, 3, 60, 20),
    "province": Profile(
        "province", 20_000, 1_000_000, 100_000, 2_000, 5, 10, 60, 10, 300, 200
    ),
}

Log = Callable[[str], None]
Generator = Callable[[Profile, random.Random, Log], dict[str, int]]
_generators: list[tuple[str, Generator]] = []


def register_scale_generator(name: str, generator: Generator) -> None:
    """Add an app's generator (called from its AppConfig.ready())."""
    if name not in [known for known, _g in _generators]:
        _generators.append((name, generator))


def generators() -> list[tuple[str, Generator]]:
    return list(_generators)


def generate(profile: Profile, *, seed: int, log: Log) -> dict[str, int]:
    """Run every app's generator; each has its own random stream derived
    from the seed, so one app's change leaves the others' data alone."""
    from congress import demo
    from congress.models import Term

    if not Term.objects.filter(is_current=True).exists():
        demo.seed_structure()
    counts: dict[str, int] = {}
    for name, generator in _generators:
        started = time.perf_counter()
        rng = random.Random(f"{seed}:{name}")  # noqa: S311 (synthetic data)
        added = generator(profile, rng, log)
        counts |= added
        log(
            f"{name}: {sum(added.values())} rows "
            f"in {time.perf_counter() - started:.1f} s"
        )
    analyze(list(counts))
    return counts


def analyze(tables: list[str]) -> None:
    """Fresh planner statistics after a bulk load, and outside a transaction
    a VACUUM too: it sets the visibility map that index-only scans need."""
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
