from django.core.management.base import BaseCommand

from liaison_stations.services.summaries import summaries_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the liaison stations' summary tables (monthly station figures, "
        "deputies' yearly visits) from the rows they count, as Celery beat does "
        "nightly; run it after a bulk load or a restore."
    )

    def handle(self, *args, **options):
        for table, rows in summaries_rebuild().items():
            self.stdout.write(f"{table} {rows} rows")
