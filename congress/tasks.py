from celery import shared_task
from django.db import connection

from congress.notifications import deliveries_send_pending, delivery_send


@shared_task
def health_check() -> str:
    """Proves a worker can reach the broker and the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


@shared_task(ignore_result=True)
def deliver(delivery_id: int) -> str | None:
    """Send one outbox row (e-mail or SMS); failures are rescheduled in the row."""
    return delivery_send(delivery_id)


@shared_task(ignore_result=True)
def deliver_pending() -> int:
    """The outbox sweep: sends what the broker never got and the due retries."""
    return deliveries_send_pending()


@shared_task(ignore_result=True)
def scan_reminders() -> int:
    """The deadline sweep over every registered rule; returns how many it sent."""
    from congress.reminders import scan

    return len(scan())


@shared_task(ignore_result=True)
def prune_counters() -> int:
    """Daily: rate counts of ended windows, login codes and claimed form
    tokens a day old."""
    from datetime import timedelta

    from django.utils import timezone

    from congress.idempotency import form_submissions_prune
    from congress.models import LoginCode
    from congress.ratelimits import rate_counts_prune

    day_ago = timezone.now() - timedelta(days=1)
    codes, _by_model = LoginCode.objects.filter(created_at__lt=day_ago).delete()
    return rate_counts_prune() + codes + form_submissions_prune()


@shared_task(bind=True)
def render_pdf_job(self, name: str, args: list) -> dict:
    """Builds a registered PDF too large for a request (congress.pdf_jobs)."""
    from congress.pdf_jobs import pdf_job_build

    return pdf_job_build(self.request.id, name, args)


@shared_task(ignore_result=True)
def personal_data_retention() -> dict[str, int]:
    """Daily: erase citizens' data past the retention rule (idempotent)."""
    from congress.personal_data import personal_data_retention_sweep

    return personal_data_retention_sweep()


@shared_task(ignore_result=True)
def rotate_logs() -> tuple[int, int]:
    """Daily at midnight: rename the day's log, delete logs past retention."""
    from django.conf import settings
    from django.utils import timezone

    from congress.logs import logs_rotate

    if not settings.LOG_DIR:
        return (0, 0)
    return logs_rotate(
        settings.LOG_DIR,
        retention_days=settings.LOG_RETENTION_DAYS,
        today=timezone.localdate(),
    )
