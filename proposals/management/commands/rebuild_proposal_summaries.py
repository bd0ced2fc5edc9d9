import time

from django.core.management.base import BaseCommand

from proposals import summaries
from proposals.models import HandlingSummary, SatisfactionSummary


class Command(BaseCommand):
    help = (
        "Recompute the precomputed handling figures of motions and suggestions "
        "(statistics, board, dashboard, assessment) from the live tables. Safe "
        "to run at any time; run it after a bulk import or a restore."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        summaries.summaries_rebuild()
        self.stdout.write(
            f"{HandlingSummary.objects.count()} handling and "
            f"{SatisfactionSummary.objects.count()} satisfaction summary rows "
            f"in {time.perf_counter() - started:.1f} s"
        )
