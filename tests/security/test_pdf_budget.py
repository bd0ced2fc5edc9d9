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
    # The report lists the latest 20 activities, places and descriptions cut
    # at 200 characters: 20 × 400 Chinese characters pass 20 KB.
    RecordFactory.create_batch(
        25, deputy=own_file, place="场" * 200, description="长" * 3000
    )
    queued = []
    monkeypatch.setattr(
        "deputies.tasks.performance_reports_zip.apply_async",
        lambda **kwargs: queued.append(kwargs),
    )
    monkeypatch.setattr(
        "deputies.views.reports.html_to_pdf",
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


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_compilation_over_the_budget_is_made_by_the_worker(
    client, office, liaison_a, celery_worker
):
    import io

    from pypdf import PdfReader

    from tests.factories.congress import MeetingFactory, TermFactory
    from tests.proposals.test_views_reports import _proposal

    rules.rule_set(rules.PDF_INLINE_MAX_KB.key, 20, user=office)
    session = MeetingFactory(term=TermFactory(), kind="congress_session", number=3)
    for number in range(1, 5):
        _proposal(period="session", meeting=session, number=number, body="长" * 5000)
    client.force_login(office)
    response = client.get(reverse("proposals:reports_compilation", args=[session.pk]))
    assert response.status_code == 302
    job_page = response["Location"]
    assert job_page.startswith("/pdf-jobs/")
    job_id = job_page.split("/")[2]
    from celery.result import AsyncResult

    AsyncResult(job_id).get(timeout=120)
    page = client.get(job_page)
    assert page.context["job"]["state"] == "success"
    download = client.get(reverse("pdf_job_download", args=[job_id]))
    content = b"".join(download.streaming_content)
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "代表建议汇编" in text
    # Only the person who started it sees it.
    client.force_login(liaison_a)
    assert client.get(job_page).status_code == 404
