"""Issue 9 §6: a report PDF larger than the installation's budget is made by
a Celery task, never laid out while the request waits."""

import pytest
from django.urls import reverse

from congress import rules
from tests.deputies.test_report import (
    YEAR,
    RecordFactory,
    own_file,  # noqa: F401 (fixture)
)

pytestmark = pytest.mark.django_db


def test_a_report_over_the_budget_goes_to_a_task(
    client,
    deputy,
    office,
    own_file,  # noqa: F811
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    rules.rule_set(rules.PDF_INLINE_MAX_KB.key, 20, user=office)
    RecordFactory.create_batch(10, deputy=own_file, description="长" * 3000)
    queued = []
    monkeypatch.setattr(
        "deputies.tasks.performance_reports_zip.apply_async",
        lambda **kwargs: queued.append(kwargs),
    )
    monkeypatch.setattr(
        "deputies.report_views.html_to_pdf",
        lambda html: pytest.fail("laid out in the request"),
    )
    client.force_login(deputy)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("deputy_reports:pdf", args=[own_file.pk, YEAR]))
    assert response.status_code == 302
    assert response["Location"].startswith("/deputies/report/jobs/")
    assert queued[0]["args"] == [[own_file.pk], YEAR]
    # The job page is the requester's own; nobody else sees it.
    assert client.get(response["Location"]).status_code == 200
    client.force_login(office)
    assert client.get(response["Location"]).status_code == 404


def test_a_small_report_is_made_in_the_request(client, deputy, own_file):  # noqa: F811
    client.force_login(deputy)
    response = client.get(reverse("deputy_reports:pdf", args=[own_file.pk, YEAR]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
