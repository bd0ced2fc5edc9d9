"""Filing review (备案审查): the 30-day rule, late filings reminded, the
outcomes, the yearly count, and who sees which document."""

import datetime

import pytest
from django.urls import reverse

from congress import reminders
from congress.exceptions import TransitionNotAllowed
from congress.models import Notification
from supervision import filings
from supervision.filings import FilingRefused

PUBLISHED = datetime.date(2026, 3, 2)


@pytest.fixture
def document(liaison_a, office):
    return filings.document_register(
        title="县全面治理拖欠农民工工资问题的实施办法",
        doc_number="青政发〔2026〕5号",
        issuer=liaison_a.organization,
        published_on=PUBLISHED,
        user=office,
    )


def test_filing_due_thirty_days_after_publication(document):
    assert document.due_on == datetime.date(2026, 4, 1)


def test_late_filing_is_reminded_then_marked_late(document, liaison_a):
    reminders.scan(datetime.date(2026, 4, 2), keys=["supervision.filing_due"])
    assert Notification.objects.filter(
        recipient=liaison_a, kind="supervision.reminder", params__step="overdue"
    ).exists()
    document = filings.document_file(
        document, user=liaison_a, today=datetime.date(2026, 4, 5)
    )
    assert document.filed_late


def test_another_body_cannot_file(document, liaison_b):
    with pytest.raises(FilingRefused):
        filings.document_file(document, user=liaison_b)


def test_review_with_correction_then_revoked(document, liaison_a, office):
    filings.document_file(document, user=liaison_a, today=PUBLISHED)
    filings.document_review_start(document, user=office, reviewers="法工委、律师代表")
    with pytest.raises(FilingRefused):
        filings.document_conclude(document, user=office, outcome="correction")
    filings.document_conclude(
        document,
        user=office,
        outcome="correction",
        findings="第八条增设行政许可，超越权限",
        today=datetime.date(2026, 4, 20),
    )
    done = filings.document_correction(document, user=office, outcome="revoked")
    assert done.status == "revoked"


def test_organisation_cannot_review(document, liaison_a):
    filings.document_file(document, user=liaison_a)
    with pytest.raises(TransitionNotAllowed):
        filings.document_review_start(document, user=liaison_a)


def test_yearly_count(document, liaison_a, office):
    filings.document_file(document, user=liaison_a, today=datetime.date(2026, 4, 9))
    filings.document_review_start(document, user=office)
    filings.document_conclude(
        document, user=office, outcome="no_issue", today=datetime.date(2026, 4, 20)
    )
    assert filings.yearly_counts(2026) == {
        "registered": 1,
        "filed": 1,
        "filed_late": 1,
        "reviewed": 1,
        "corrections": 0,
    }


def test_another_body_does_not_see_the_document(client, document, liaison_b):
    client.force_login(liaison_b)
    url = reverse("supervision:filing_detail", args=[document.pk])
    assert client.get(url).status_code == 404
    assert document.title not in client.get(reverse("supervision:filings")).text


def test_issuer_files_through_the_page(client, document, liaison_a):
    client.force_login(liaison_a)
    step = reverse("supervision:filing_step", args=[document.pk, "file"])
    assert client.get(step).status_code == 200
    client.post(step)
    document.refresh_from_db()
    assert document.status == "filed"
    review = reverse("supervision:filing_step", args=[document.pk, "review"])
    assert client.get(review).status_code == 403


def test_member_has_no_filing_pages(client, member):
    client.force_login(member)
    assert client.get(reverse("supervision:filings")).status_code == 403


@pytest.mark.parametrize("n", [3, 6])
def test_list_query_count(client, office, liaison_a, n, django_assert_num_queries):
    for k in range(n):
        filings.document_register(
            title=f"文件{k}",
            doc_number=f"青政发〔2026〕{k}号",
            issuer=liaison_a.organization,
            published_on=PUBLISHED,
            user=office,
        )
    client.force_login(office)
    # session, user, roles, the pager's count, the page with issuers, the
    # year's counts, the unread notices.
    with django_assert_num_queries(7):
        client.get(reverse("supervision:filings") + "?year=2026")
