import datetime

from django.core.management.base import BaseCommand, CommandError

from congress import reminders


class Command(BaseCommand):
    help = (
        "Run the deadline-reminder scan now (as Celery beat does) and list the "
        "reminders it created; running it again creates none twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Scan as of this day (YYYY-MM-DD) instead of today.",
        )
        parser.add_argument(
            "--rule",
            action="append",
            dest="keys",
            metavar="KEY",
            help="Only this deadline rule (repeatable). Default: every rule.",
        )

    def handle(self, *args, date=None, keys=None, **options):
        known = {rule.key for rule in reminders.registered()}
        if unknown := sorted(set(keys or ()) - known):
            raise CommandError(f"Unknown deadline rule: {', '.join(unknown)}")
        created = reminders.scan(date, keys=keys)
        for log in created:
            self.stdout.write(
                f"{log.rule} {log.step}: {log.content_type.app_label}."
                f"{log.content_type.model} #{log.object_id} → {log.recipient} "
                f"(notice {log.notification_id})"
            )
        self.stdout.write(f"{len(created)} reminder(s) sent.")
