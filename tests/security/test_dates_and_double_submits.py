"""Issue 9 §12: dates within sensible ranges, session items only while the
session is open (else 闭会期间), and a double-tapped create makes one record."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from congress.exceptions import DomainError
from deputies import services as deputy_services
from deputies.models import PerformanceRecord
from proposals.models import Period, Proposal, ProposalStatus
from proposals.services import proposal_submit
from tests.factories.congress import MeetingFactory, TermFactory
from tests.factories.deputies import DeputyFactory, MandateFactory
from tests.factories.proposals import ProposalFactory


@pytest.fixture
def my_file(deputy):
    own = DeputyFactory(user=deputy)
    MandateFactory(deputy=own, term=TermFactory())  # term from 2022-01-10
    return own


def record(**extra) -> dict:
    return {"kind": "research", "description": "调研", **extra}


@pytest.mark.django_db
@pytest.mark.parametrize("date", ["0001-01-01", "1900-01-01", "2021-12-31"])
def test_an_activity_before_the_term_is_refused(client, deputy, my_file, date):
    client.force_login(deputy)
    response = client.post(reverse("deputies:record_create"), record(date=date))
    assert response.status_code == 200
    assert not PerformanceRecord.objects.exists()
    with pytest.raises(DomainError):
        deputy_services.record_log(
            my_file,
            kind="research",
            date=datetime.date.fromisoformat(date),
            description="调研",
            user=deputy,
        )


@pytest.mark.django_db
def test_an_activity_in_the_future_is_refused(client, deputy, my_file):
    client.force_login(deputy)
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    client.post(reverse("deputies:record_create"), record(date=tomorrow.isoformat()))
    assert not PerformanceRecord.objects.exists()


@pytest.fixture
def session_2025(db):
    return MeetingFactory(
        term=TermFactory(),
        kind="congress_session",
        number=4,
        start_date=datetime.date(2025, 1, 10),
        end_date=datetime.date(2025, 1, 13),
    )


@pytest.mark.django_db
def test_a_session_suggestion_submitted_after_the_session_goes_in_as_recess(
    deputy, session_2025
):
    lead = DeputyFactory(user=deputy)
    item = ProposalFactory(
        lead_deputy=lead, term=session_2025.term, period="session", meeting=session_2025
    )
    with time_machine.travel(datetime.datetime(2026, 12, 7, 10, tzinfo=datetime.UTC)):
        proposal_submit(item, user=deputy)
    item.refresh_from_db()
    assert item.status == ProposalStatus.SUBMITTED
    assert item.period == Period.RECESS
    assert item.meeting is None


@pytest.mark.django_db
def test_a_session_suggestion_during_the_session_stays_a_session_item(
    deputy, session_2025
):
    lead = DeputyFactory(user=deputy)
    item = ProposalFactory(
        lead_deputy=lead, term=session_2025.term, period="session", meeting=session_2025
    )
    with time_machine.travel(datetime.datetime(2025, 1, 12, 10, tzinfo=datetime.UTC)):
        proposal_submit(item, user=deputy)
    item.refresh_from_db()
    assert item.period == Period.SESSION
    assert item.meeting == session_2025


@pytest.mark.django_db
def test_a_closed_session_is_not_offered_on_the_form(client, deputy, session_2025):
    lead = DeputyFactory(user=deputy)
    MandateFactory(deputy=lead, term=session_2025.term)
    client.force_login(deputy)
    page = client.get(reverse("proposals:deputy_create"))
    assert session_2025 not in page.context["form"].fields["meeting"].queryset


# Double submits --------------------------------------------------------------


def _parallel_posts(user, url, data, count=4):
    """`count` identical posts at once, each on its own connection."""
    statuses, barrier = [], threading.Barrier(count)

    def post():
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.django_db(transaction=True)
def test_four_parallel_activity_posts_make_one_record(deputy):
    own = DeputyFactory(user=deputy)
    MandateFactory(deputy=own, term=TermFactory())
    client = Client()
    client.force_login(deputy)
    page = client.get(reverse("deputies:record_create")).content.decode()
    token = page.split('name="form_token" value="')[1].split('"')[0]
    data = record(date="2026-03-01", form_token=token)
    statuses = _parallel_posts(deputy, reverse("deputies:record_create"), data)
    assert statuses == [302] * 4
    assert PerformanceRecord.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_four_parallel_draft_posts_make_one_draft(deputy):
    lead = DeputyFactory(user=deputy)
    MandateFactory(deputy=lead, term=TermFactory())
    client = Client()
    client.force_login(deputy)
    page = client.get(reverse("proposals:deputy_create")).content.decode()
    token = page.split('name="form_token" value="')[1].split('"')[0]
    data = {
        "do": "save",
        "kind": "suggestion",
        "period": "recess",
        "title": "关于修缮村道的建议",
        "body": "村道破损严重。",
        "form_token": token,
    }
    statuses = _parallel_posts(deputy, reverse("proposals:deputy_create"), data)
    assert statuses == [302] * 4
    assert Proposal.objects.count() == 1


@pytest.mark.django_db
def test_a_form_with_errors_can_be_sent_again_with_its_token(client, deputy, my_file):
    client.force_login(deputy)
    token = "6f1c1f5e-1111-4a4a-9999-000000000001"
    url = reverse("deputies:record_create")
    client.post(url, record(date="1900-01-01", form_token=token))
    response = client.post(url, record(date="2026-03-01", form_token=token))
    assert response.status_code == 302
    assert PerformanceRecord.objects.count() == 1


@pytest.mark.django_db
def test_claimed_tokens_are_pruned_after_a_day(deputy):
    from congress.idempotency import form_submissions_prune
    from congress.models import FormSubmission

    FormSubmission.objects.create(
        token="6f1c1f5e-1111-4a4a-9999-000000000002", user=deputy
    )
    assert form_submissions_prune() == 0
    later = timezone.now() + datetime.timedelta(days=2)
    assert form_submissions_prune(now=later) == 1


@pytest.mark.django_db
def test_a_double_tapped_contact_is_recorded_once(client, liaison_a):
    from proposals.models import Contact
    from tests.proposals.test_views_org import IN_THE_WINDOW, _assignment, _url

    assignment = _assignment(liaison_a.organization, status="accepted")
    client.force_login(liaison_a)
    data = {
        "method": "phone",
        "date": "2026-06-02",
        "participants": "张代表、李科长",
        "form_token": "6f1c1f5e-1111-4a4a-9999-000000000003",
    }
    with time_machine.travel(IN_THE_WINDOW):
        first = client.post(_url("org_contact", assignment), data)
        second = client.post(_url("org_contact", assignment), data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Contact.objects.count() == 1
