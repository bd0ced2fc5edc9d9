"""The office's queue of records to confirm: oldest first, filters, the count,
photos shown inline, confirm or return without losing the place, batch
confirm."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congress.attachments import attachment_create
from congress.roles import Role
from deputies import services
from deputies.models import PerformanceRecord
from tests.deputies.test_views import count_queries, png_bytes
from tests.factories.congress import DivisionFactory, TermFactory, UserFactory
from tests.factories.deputies import MandateFactory
from tests.factories.deputies import PerformanceRecordFactory as RecordFactory

pytestmark = pytest.mark.django_db
S = PerformanceRecord.Status
URL = "deputies:pending"


@pytest.fixture
def other_office(db):
    return UserFactory(username="t_office_2", roles=[Role.OFFICE], is_staff=True)


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def listed(response) -> list[PerformanceRecord]:
    return list(response.context["page_obj"])


def test_queue_lists_oldest_entries_first_with_the_count(office_client):
    first, second = RecordFactory(), RecordFactory()
    RecordFactory(status=S.CONFIRMED)
    response = office_client.get(reverse(URL))
    assert listed(response) == [first, second]
    assert response.context["page_obj"].paginator.count == 2
    assert 'data-testid="pending-count">2<' in response.content.decode()


def test_queue_filters_by_division_deputy_kind_and_date(office_client):
    term = TermFactory()
    town, other_town = DivisionFactory(name="城关镇"), DivisionFactory(name="河西乡")
    here = MandateFactory(term=term, division=town, deputy__name="王小明").deputy
    there = MandateFactory(term=term, division=other_town, deputy__name="李四").deputy
    research = RecordFactory(deputy=here, date=datetime.date(2026, 10, 8))
    training = RecordFactory(
        deputy=here, kind="training", date=datetime.date(2026, 9, 1)
    )
    elsewhere = RecordFactory(deputy=there)
    url = reverse(URL)
    assert listed(office_client.get(url, {"division": town.pk})) == [
        research,
        training,
    ]
    assert listed(office_client.get(url, {"deputy": "李"})) == [elsewhere]
    assert listed(office_client.get(url, {"kind": "training"})) == [training]
    assert listed(
        office_client.get(url, {"date_from": "2026-10-01", "date_to": "2026-10-31"})
    ) == [research, elsewhere]


def test_confirming_comes_back_to_the_same_place(office_client):
    records = RecordFactory.create_batch(3)
    here = reverse(URL) + "?kind=research&page=2"
    response = office_client.post(
        reverse("deputies:record_confirm", args=[records[0].pk]), {"next": here}
    )
    assert response.url == here
    records[0].refresh_from_db()
    assert records[0].status == S.CONFIRMED


def test_returning_comes_back_to_the_same_place(office_client):
    record = RecordFactory()
    here = reverse(URL) + "?page=3"
    url = reverse("deputies:record_return", args=[record.pk]) + f"?next={here}"
    page = office_client.get(url).content.decode()
    assert f'href="{here}"' in page  # the cancel link
    response = office_client.post(url, {"reason": "请补充地点"})
    assert response.url == here


def test_a_next_url_elsewhere_is_ignored(office_client):
    record = RecordFactory()
    response = office_client.post(
        reverse("deputies:record_confirm", args=[record.pk]),
        {"next": "https://evil.example/deputies/records/pending/"},
    )
    assert response.url == reverse(URL)


def test_batch_confirm_confirms_the_selected_records(office_client, office):
    chosen = RecordFactory.create_batch(10)
    left = RecordFactory()
    here = reverse(URL) + "?division=&page=1"
    response = office_client.post(
        reverse("deputies:records_confirm"),
        {"records": [r.pk for r in chosen], "next": here},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == here
    assert set(PerformanceRecord.objects.filter(status=S.CONFIRMED)) == set(chosen)
    assert PerformanceRecord.objects.get(pk=left.pk).status == S.PENDING
    assert {
        r.confirmed_by for r in PerformanceRecord.objects.filter(status=S.CONFIRMED)
    } == {office}


def test_batch_confirm_leaves_records_a_colleague_has_returned(office, other_office):
    kept, returned = RecordFactory(), RecordFactory()
    services.record_return(returned, user=other_office, reason="日期有误")
    confirmed, skipped = services.records_confirm([kept, returned], user=office)
    assert (confirmed, skipped) == ([kept], [returned])
    returned.refresh_from_db()
    assert returned.status == S.RETURNED


def test_batch_confirm_needs_a_selection(office_client):
    response = office_client.post(reverse("deputies:records_confirm"), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_batch_confirm_is_forbidden_to_a_deputy(client, deputy):
    record = RecordFactory()
    client.force_login(deputy)
    response = client.post(
        reverse("deputies:records_confirm"), {"records": [record.pk]}
    )
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.status == S.PENDING


def test_queue_shows_photos_inline(office_client, office):
    record = RecordFactory()
    photo = attachment_create(
        record,
        SimpleUploadedFile("现场.png", png_bytes(), content_type="image/png"),
        user=office,
        use="photo",
    )
    page = office_client.get(reverse(URL)).content.decode()
    assert f'<img src="{photo.get_absolute_url()}?inline=1"' in page
    response = office_client.get(photo.get_absolute_url() + "?inline=1")
    assert response["Content-Disposition"].startswith("inline")
    response = office_client.get(photo.get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment")


def test_queue_with_filters_makes_a_fixed_number_of_queries(office_client):
    term, division = TermFactory(), DivisionFactory()
    url = reverse(URL) + f"?division={division.pk}&kind=research"

    def records(n: int) -> None:
        for mandate in MandateFactory.create_batch(n, term=term, division=division):
            RecordFactory(deputy=mandate.deputy)

    records(5)
    at_n = count_queries(office_client, url)
    records(5)
    # session, user, the user's groups (roles), row count, page of records
    # (with their deputies), their photos, the filter's divisions, the
    # division chosen, the unread-notices badge.
    assert at_n == count_queries(office_client, url) == 9
