"""Recompute the activity summary (deputies.summary) from the records:
after restoring a backup, or with `--check` to list deputies that drifted."""

from django.core.management.base import BaseCommand

from deputies import summary


class Command(BaseCommand):
    help = "Recompute the deputies' activity summary from their records."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report deputies whose summary differs; change nothing.",
        )

    def handle(self, *args, check: bool = False, **options):
        if check:
            drifted = summary.activity_summary_drifted()
            self.stdout.write(f"{len(drifted)} deputies drifted: {drifted[:20]}")
            return
        rows = summary.activity_summary_rebuild()
        self.stdout.write(f"{rows} summary rows written.")
