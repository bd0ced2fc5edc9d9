"""Tasks through a real worker on Redis: no eager mode (CONVENTIONS §19)."""

import pytest

from congress.tasks import health_check


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_health_check_runs_on_worker(celery_worker):
    assert health_check.delay().get(timeout=10) == "ok"
