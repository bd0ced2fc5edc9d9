from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congress.backups import BackupInvalid, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from a backup folder made "
        "by `manage.py backup`, after checking every file against its manifest. "
        "Everything in the database and MEDIA_ROOT is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation."
        )

    def handle(self, *args, folder, yes=False, **options):
        if not yes and input(f"Replace all data with {folder}? [y/N] ") != "y":
            raise CommandError("Nothing restored.")
        try:
            backup_restore(folder)
        except BackupInvalid as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(f"Restored {folder}.")
