"""A deputy logs an activity with a photo on a phone; office staff confirm it;
the deputy downloads the performance report of the year."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from congress.roles import Role
from deputies.models import PerformanceRecord
from tests.factories.congress import PASSWORD, UserFactory
from tests.factories.deputies import MandateFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(transactional_db):
    deputy_user = UserFactory(username="lin", real_name="林晓舟", roles=[Role.DEPUTY])
    mandate = MandateFactory(deputy__name="林晓舟", deputy__user=deputy_user)
    office = UserFactory(username="zhou", real_name="周文静", roles=[Role.OFFICE])
    return mandate.deputy, office


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")


def test_activity_logged_on_a_phone_is_confirmed_by_staff(
    browser, phone_page, page, live_server, people, console_errors
):
    deputy, _office = people
    day = timezone.localdate() - datetime.timedelta(days=1)

    console_errors.watch(phone_page)
    log_in(phone_page, live_server, "lin")
    # The workspace's panels lead to the performance file.
    phone_page.locator("[data-panel='deputies.my_file'] a").click()
    phone_page.get_by_test_id("log-activity").click()
    phone_page.select_option("#id_kind", PerformanceRecord.Kind.RESEARCH)
    phone_page.fill("#id_date", day.isoformat())
    phone_page.fill("#id_hours", "3")
    phone_page.fill("#id_place", "禾丰镇敬老院")
    phone_page.fill("#id_description", "调研农村养老服务情况")
    phone_page.set_input_files(
        "#id_photos",
        files=[{"name": "现场.png", "mimeType": "image/png", "buffer": png_bytes()}],
    )
    phone_page.get_by_test_id("submit").click()
    expect(phone_page.locator(".alert-success")).to_be_visible()
    record = PerformanceRecord.objects.get(deputy=deputy)
    assert record.status == PerformanceRecord.Status.PENDING

    console_errors.watch(page)
    log_in(page, live_server, "zhou")
    page.goto(f"{live_server.url}{reverse('deputies:pending')}")
    expect(page.get_by_text("调研农村养老服务情况")).to_be_visible()
    page.locator(f"form[action$='/records/{record.pk}/confirm/'] button").click()
    expect(page.get_by_text("已确认林晓舟的履职记录。")).to_be_visible()
    record.refresh_from_db()
    assert record.status == PerformanceRecord.Status.CONFIRMED

    url = reverse("deputy_reports:pdf", args=[deputy.pk, day.year])
    response = phone_page.request.get(f"{live_server.url}{url}")
    assert response.headers["content-type"] == "application/pdf"
    assert console_errors == []
