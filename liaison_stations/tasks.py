from celery import shared_task

from liaison_stations.services.summaries import summaries_rebuild


@shared_task
def rebuild_summaries() -> dict[str, int]:
    """Nightly catch-up of the stations' summary tables (beat schedule)."""
    return summaries_rebuild()
