"""Celery tasks of motions and suggestions: thin adapters over services."""

from celery import shared_task

from proposals import summaries


@shared_task(ignore_result=True)
def refresh_summaries() -> int:
    """Every minute: recompute the summary rows of the organisations that
    changes queued, so that readers rarely have any left to do."""
    return summaries.summaries_refresh()


@shared_task(ignore_result=True)
def rebuild_summaries() -> None:
    """Nightly: recompute every summary row from the live tables (a safety
    net; the queue keeps them exact in between)."""
    summaries.summaries_rebuild()
