"""Tasks through a real worker on Redis: no eager mode (CONVENTIONS §19)."""

import logging

import pytest
from celery.contrib.testing.worker import start_worker

from congress.celery import app
from congress.tasks import health_check


@pytest.fixture
def celery_worker(transactional_db):
    # The worker runs in a thread with its own database connection, so it only
    # sees committed rows: hence the transactional database. No ping check:
    # it needs celery.contrib.testing's ping task registered on our app.
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        with start_worker(app, pool="solo", perform_ping_check=False) as worker:
            yield worker
    finally:
        # Celery's worker logging setup replaces the root handlers (pytest's too).
        root.handlers[:] = handlers
        root.setLevel(level)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_health_check_runs_on_worker(celery_worker):
    assert health_check.delay().get(timeout=10) == "ok"
