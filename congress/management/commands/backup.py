from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from congress.backups import backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format) and the uploaded files into "
        "a dated folder with a checksum manifest; older backups beyond the "
        "retention rule (operations.backups_kept) are deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="Where backup folders go (default: BACKUP_ROOT, var/backups).",
        )

    def handle(self, *args, dir=None, **options):
        folder = backup_create(dir or Path(settings.BACKUP_ROOT))
        self.stdout.write(str(folder))
