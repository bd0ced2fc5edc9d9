"""Deputies log activities; office staff confirm them; the registry and statistics."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from congress import rules
from congress.models import Attachment
from deputies import services
from deputies.models import (
    Gender,
    Level,
    Mandate,
    PerformanceRecord,
)
from tests.congress.test_images import heic_bytes
from tests.factories.congress import TermFactory, UserFactory
from tests.factories.deputies import DeputyFactory, MandateFactory
from tests.factories.deputies import PerformanceRecordFactory as RecordFactory

TODAY = datetime.date(2026, 11, 20)
ID_NUMBER = "11010119900307123X"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC), tick=True
    ):
        yield


@pytest.fixture
def own_file(deputy):
    return DeputyFactory(user=deputy, name="张三", id_number=ID_NUMBER)


@pytest.fixture
def other_file(other_deputy):
    return DeputyFactory(user=other_deputy, name="李四")


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def activity(**overrides) -> dict:
    return {
        "kind": PerformanceRecord.Kind.VOTER_CONTACT,
        "date": "2026-11-18",
        "hours": "2",
        "place": "城关镇代表联络站",
        "description": "接待选民，听取意见",
        **overrides,
    }


def post_activity(client, url=None, **overrides):
    return client.post(url or reverse("deputies:record_create"), activity(**overrides))


# Logging an activity ------------------------------------------------------


def test_record_create_with_a_phone_photo_awaits_confirmation(client, deputy, own_file):
    client.force_login(deputy)
    photo = SimpleUploadedFile("IMG_0001.png", png_bytes(), content_type="image/png")
    response = post_activity(client, photos=[photo])
    assert response.status_code == 302
    assert response["Location"] == reverse("deputies:my_file")
    record = own_file.records.get()
    assert record.status == PerformanceRecord.Status.PENDING
    assert record.created_by == deputy
    attachment = Attachment.objects.get(object_id=record.pk)
    assert attachment.target == record
    assert attachment.mime_type == "image/png"
    assert attachment.uploaded_by == deputy


def test_record_create_accepts_an_iphone_heic_photo(client, deputy, own_file):
    client.force_login(deputy)
    photo = SimpleUploadedFile("IMG_0002.HEIC", heic_bytes(), content_type="image/heic")
    response = post_activity(client, photos=[photo])
    assert response.status_code == 302
    # Stored as a JPEG that every browser shows.
    assert Attachment.objects.get().mime_type == "image/jpeg"


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("date", {"date": "2026-11-21"}),
        ("hours", {"hours": "25"}),
        ("hours", {"hours": "0"}),
        ("description", {"description": ""}),
    ],
)
def test_record_create_refuses_invalid_values(
    client, deputy, own_file, field, overrides
):
    client.force_login(deputy)
    response = post_activity(client, **overrides)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'data-testid="field-error"' in response.content.decode()
    assert not PerformanceRecord.objects.exists()


def test_record_create_refuses_a_program_renamed_jpg(client, deputy, own_file):
    client.force_login(deputy)
    exe = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)
    response = post_activity(client, photos=[exe])
    assert response.status_code == 200
    assert "照片.jpg" in response.context["form"].errors["photos"][0]
    assert not PerformanceRecord.objects.exists()
    assert not Attachment.objects.exists()


def test_record_create_refuses_a_photo_too_large(client, deputy, own_file):
    rules.rule_set(rules.UPLOAD_MAX_MB.key, 1)
    client.force_login(deputy)
    big = png_bytes() + b"\x00" * (1024 * 1024)
    response = post_activity(client, photos=[SimpleUploadedFile("big.png", big)])
    assert response.status_code == 200
    assert "photos" in response.context["form"].errors
    assert not PerformanceRecord.objects.exists()


def test_record_create_without_a_file_shows_a_friendly_page(client, deputy):
    client.force_login(deputy)
    response = client.get(reverse("deputies:my_file"))
    assert response.status_code == 200
    assert 'data-testid="no-file"' in response.content.decode()
    assert client.get(reverse("deputies:record_create")).status_code == 302


# Editing one's own records ------------------------------------------------


def test_record_update_resubmits_a_returned_record(client, deputy, own_file, office):
    record = RecordFactory(deputy=own_file)
    services.record_return(record, user=office, reason="缺少照片")
    client.force_login(deputy)
    url = reverse("deputies:record_update", args=[record.pk])
    assert "缺少照片" in client.get(url).content.decode()
    response = post_activity(client, url, description="补充了说明")
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == PerformanceRecord.Status.PENDING
    assert record.description == "补充了说明"


def test_record_update_of_another_deputys_record_is_not_found(
    client, deputy, own_file, other_file
):
    record = RecordFactory(deputy=other_file)
    client.force_login(deputy)
    url = reverse("deputies:record_update", args=[record.pk])
    assert client.get(url).status_code == 404
    assert post_activity(client, url).status_code == 404


def test_record_update_of_a_confirmed_record_is_forbidden(
    client, deputy, own_file, office
):
    record = RecordFactory(deputy=own_file)
    services.record_confirm(record, user=office)
    client.force_login(deputy)
    url = reverse("deputies:record_update", args=[record.pk])
    assert client.get(url).status_code == 403
    assert post_activity(client, url).status_code == 403


# Files and registry access ------------------------------------------------


def test_detail_of_another_deputy_is_not_found(client, deputy, own_file, other_file):
    client.force_login(deputy)
    assert client.get(own_file.get_absolute_url()).status_code == 200
    assert client.get(other_file.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "name", ["deputies:registry", "deputies:statistics", "deputies:pending"]
)
def test_staff_pages_are_forbidden_to_a_deputy(client, deputy, own_file, name):
    client.force_login(deputy)
    assert client.get(reverse(name)).status_code == 403


def test_pending_is_forbidden_to_a_leader(client, leader):
    client.force_login(leader)
    assert client.get(reverse("deputies:pending")).status_code == 403


@pytest.mark.parametrize(
    "name", ["deputies:my_file", "deputies:registry", "deputies:statistics"]
)
def test_anonymous_visitor_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_deputy_workspace_leads_to_the_performance_file(client, deputy, own_file):
    client.force_login(deputy)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("workspace_deputy")
    assert reverse("deputies:my_file") in response.content.decode()


def test_registry_masks_the_id_number_for_a_leader(client, leader, own_file):
    client.force_login(leader)
    page = client.get(reverse("deputies:registry")).content.decode()
    assert "110101********123X" in page
    assert ID_NUMBER not in page
    detail = client.get(own_file.get_absolute_url()).content.decode()
    assert ID_NUMBER not in detail


def test_registry_shows_the_id_number_to_office_staff(client, office, own_file):
    client.force_login(office)
    assert ID_NUMBER in client.get(reverse("deputies:registry")).content.decode()
    assert ID_NUMBER in client.get(own_file.get_absolute_url()).content.decode()


def test_registry_filters_and_searches(client, office):
    term = TermFactory()
    serving = MandateFactory(term=term, deputy__name="王五", level=Level.COUNTY)
    MandateFactory(term=term, deputy__name="赵六", level=Level.TOWNSHIP)
    client.force_login(office)
    url = reverse("deputies:registry")
    page = client.get(url, {"level": Level.COUNTY}).context["page_obj"]
    assert list(page) == [serving.deputy]
    page = client.get(url, {"q": "赵"}).context["page_obj"]
    assert [deputy.name for deputy in page] == ["赵六"]


# Confirming and returning -------------------------------------------------


def test_record_confirm_asks_first_then_confirms(client, office, own_file):
    record = RecordFactory(deputy=own_file)
    client.force_login(office)
    url = reverse("deputies:record_confirm", args=[record.pk])
    assert client.get(url).status_code == 200
    record.refresh_from_db()
    assert record.status == PerformanceRecord.Status.PENDING
    assert client.post(url).status_code == 302
    record.refresh_from_db()
    assert record.status == PerformanceRecord.Status.CONFIRMED
    assert record.confirmed_by == office


def test_record_confirm_twice_gives_a_message_not_an_error(client, office, own_file):
    record = RecordFactory(deputy=own_file)
    client.force_login(office)
    url = reverse("deputies:record_confirm", args=[record.pk])
    client.post(url, follow=True)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_record_return_requires_a_reason(client, office, own_file):
    record = RecordFactory(deputy=own_file)
    client.force_login(office)
    url = reverse("deputies:record_return", args=[record.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    record.refresh_from_db()
    assert record.status == PerformanceRecord.Status.PENDING

    assert client.post(url, {"reason": "日期有误"}).status_code == 302
    record.refresh_from_db()
    assert record.status == PerformanceRecord.Status.RETURNED
    assert record.return_reason == "日期有误"


def test_record_confirm_is_forbidden_to_a_deputy(client, deputy, own_file):
    record = RecordFactory(deputy=own_file)
    client.force_login(deputy)
    url = reverse("deputies:record_confirm", args=[record.pk])
    assert client.post(url).status_code == 403
    record.refresh_from_db()
    assert record.status == PerformanceRecord.Status.PENDING


# The year at a glance -----------------------------------------------------


def test_my_file_counts_the_year_and_its_points(client, deputy, own_file, office):
    confirmed = RecordFactory(deputy=own_file, kind=PerformanceRecord.Kind.RESEARCH)
    services.record_confirm(confirmed, user=office)
    RecordFactory(deputy=own_file, kind=PerformanceRecord.Kind.RESEARCH)
    RecordFactory(deputy=own_file, date=datetime.date(2025, 5, 1))
    client.force_login(deputy)
    summary = client.get(reverse("deputies:my_file")).context["summary"]
    assert summary["confirmed"] == 1
    assert summary["pending"] == 1
    assert summary["points"] == services.points_for(PerformanceRecord.Kind.RESEARCH)


def test_my_file_activity_list_follows_the_year_switch(client, deputy, own_file):
    this_year = RecordFactory(deputy=own_file, date=datetime.date(2026, 3, 1))
    last_year = RecordFactory(deputy=own_file, date=datetime.date(2025, 5, 1))
    client.force_login(deputy)
    url = reverse("deputies:my_file")
    assert list(client.get(url).context["page_obj"]) == [this_year]
    assert list(client.get(url, {"year": 2025}).context["page_obj"]) == [last_year]


def test_my_file_year_switch_shows_only_the_deputys_own_records(
    client, deputy, own_file, other_file
):
    RecordFactory(deputy=other_file, date=datetime.date(2025, 5, 1))
    client.force_login(deputy)
    response = client.get(reverse("deputies:my_file"), {"year": 2025})
    assert list(response.context["page_obj"]) == []


# Query counts (CONVENTIONS §18) -------------------------------------------


def count_queries(client, url) -> int:
    client.get(url)  # warms the cached installation rules (points)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_my_file_makes_a_fixed_number_of_queries(client, deputy, own_file):
    client.force_login(deputy)
    url = reverse("deputies:my_file")
    RecordFactory.create_batch(5, deputy=own_file)
    at_n = count_queries(client, url)
    RecordFactory.create_batch(5, deputy=own_file)
    # session, user, the user's groups (roles), the deputy, the year's counts,
    # page count, page of records, their photos, the unread-notices badge.
    assert at_n == count_queries(client, url) == 9


def test_registry_makes_a_fixed_number_of_queries(client, office):
    term = TermFactory()
    client.force_login(office)
    url = reverse("deputies:registry")
    MandateFactory.create_batch(5, term=term)
    at_n = count_queries(client, url)
    MandateFactory.create_batch(5, term=term)
    # session, user, the user's groups (roles), row count, page of deputies,
    # their mandates (with term and division), the record of the full ID
    # numbers shown (one row), the filter's terms, divisions and groups, the
    # unread-notices badge.
    assert at_n == count_queries(client, url) == 11


def test_pending_makes_a_fixed_number_of_queries(client, office):
    client.force_login(office)
    url = reverse("deputies:pending")
    RecordFactory.create_batch(5)
    at_n = count_queries(client, url)
    RecordFactory.create_batch(5)
    # session, user, the user's groups (roles), row count, page of records
    # (with their deputies), their photos, the filter's divisions, the
    # unread-notices badge.
    assert at_n == count_queries(client, url) == 8


# Statistics ---------------------------------------------------------------


def test_statistics_counts_the_serving_deputies_of_the_current_term(client, viewer):
    term = TermFactory()
    old_term = TermFactory(number=8, is_current=False)
    born = datetime.date
    MandateFactory(
        term=term, deputy__gender=Gender.FEMALE, deputy__birth_date=born(1995, 1, 1)
    )
    MandateFactory(
        term=term,
        deputy__ethnicity="回族",
        deputy__birth_date=born(1981, 11, 20),  # 45 today
        deputy__composition="干部",
    )
    both = MandateFactory(term=term, deputy__birth_date=born(1960, 1, 1))
    MandateFactory(term=term, deputy=both.deputy, level=Level.TOWNSHIP)
    MandateFactory(
        term=term, status=Mandate.Status.TERMINATED, termination_ground="recall"
    )
    MandateFactory(term=old_term)
    client.force_login(viewer)
    stats = client.get(reverse("deputies:statistics")).context["stats"]

    def counts(rows):
        return {row["label"]: row["count"] for row in rows}

    assert stats["total"] == 3
    assert counts(stats["gender"]) == {"男": 2, "女": 1} or counts(stats["gender"]) == {
        "Male": 2,
        "Female": 1,
    }
    assert [row["count"] for row in stats["age"]] == [1, 0, 1, 1]
    assert stats["han"]["count"] == 2
    assert counts(stats["minorities"]) == {"回族": 1}
    assert counts(stats["composition"]) == {"农民": 2, "干部": 1}
    assert [row["count"] for row in stats["levels"]] == [3, 1]


@pytest.fixture
def viewer(db):
    from congress.roles import Role

    return UserFactory(username="t_viewer", roles=[Role.VIEWER])
