from celery import shared_task

from deputies.report import performance_reports_zip_write


@shared_task(bind=True)
def performance_reports_zip(self, deputy_ids: list[int], year: int) -> str:
    """Renders the reports of `deputy_ids` into one ZIP under MEDIA_ROOT; the
    progress goes to the result backend, the task id names the file. Returns
    the ZIP's path relative to MEDIA_ROOT."""

    def progress(done: int, total: int) -> None:
        self.update_state(state="PROGRESS", meta={"done": done, "total": total})

    return performance_reports_zip_write(
        deputy_ids, year, name=self.request.id, progress=progress
    )


@shared_task(ignore_result=True)
def activity_summary_repair() -> int:
    """Nightly: rebuild the activity summary of deputies whose rows differ
    from their records (deputies.summary); returns how many."""
    from deputies.summary import activity_summary_repair as repair

    return repair()
