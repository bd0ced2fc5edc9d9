"""Scale data for every app, for benchmarks (congress.scale)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from congress import scale


class Command(BaseCommand):
    help = (
        "Add a data profile to every app for benchmarks: 'county' (small, "
        "seconds) or 'province' (20,000 deputies, 1,000,000 performance "
        "records, 100,000 proposals, 2,000 stations with five years of duty "
        "slots and receptions, ten years of supervision and appointments). "
        "Seeded and reproducible on an empty database; adds more on every run. "
        "Synthetic rows: no history, no timeline, no notices. Refuses to run "
        "with DEBUG off unless --yes is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--profile", choices=sorted(scale.PROFILES), default="county"
        )
        parser.add_argument("--seed", type=int, default=2027)
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Run with DEBUG off (never on a real installation).",
        )

    def handle(self, *args, profile, seed, yes, **options):
        if not settings.DEBUG and not yes:
            raise CommandError(
                "generate_scale_data refuses to run with DEBUG off: it fills the "
                "database with invented data. Use --yes only on a throw-away "
                "installation."
            )
        started = time.perf_counter()
        counts = scale.generate(
            scale.PROFILES[profile], seed=seed, log=self.stdout.write
        )
        for table, count in counts.items():
            self.stdout.write(f"{table} {count}")
        self.stdout.write(f"total {time.perf_counter() - started:.1f} s")
