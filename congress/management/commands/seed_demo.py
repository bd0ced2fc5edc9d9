from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from congress import demo


class Command(BaseCommand):
    help = "Create the fictional demo county and one account per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on a real installation).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it creates accounts with a "
                "published password. Use --force only on a throw-away installation."
            )
        with transaction.atomic():
            created = demo.seed_all()
        if created:
            self.stdout.write(f"Demo accounts created: {', '.join(created)}")
        self.stdout.write(
            f"Demo data ready; password for every account: {demo.DEMO_PASSWORD}"
        )
