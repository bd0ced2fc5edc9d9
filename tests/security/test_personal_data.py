"""Issue 14 §6: personal data on request and by retention. An erased
citizen's message is gone from every page, export, history view and table
of the database, while the counts stay; the erasure is recorded with who
did it and nothing of the data."""

import datetime
import io
import json

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from congress.models import PersonalDataRequest
from congress.personal_data import (
    ERASED,
    personal_data_erase,
    personal_data_export,
    personal_data_retention_sweep,
)
from congress.roles import Role
from deputies.models import IdNumberDisclosure, Mandate, MandateStatus
from liaison_stations import services
from liaison_stations.models import Booking, Issue
from tests.factories.congress import UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.liaison_stations import StationFactory

pytestmark = pytest.mark.django_db

NAME, PHONE, SECRET = "王秘密", "13900001111", "秘密路灯在幸福巷口"
START = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def station(station_manager):
    return StationFactory(managers=[station_manager])


@pytest.fixture
def closed_issue(station, station_manager):
    with time_machine.travel(START, tick=False):
        issue = services.message_receive(
            station,
            citizen_name=NAME,
            citizen_phone=PHONE,
            content=SECRET,
            category="other",
        )
        return services.issue_solve(
            issue, user=station_manager, reply=f"{NAME}同志：{SECRET}已修好。"
        )


@pytest.fixture
def auditor(db):
    return UserFactory(username="t_auditor", roles=[Role.AUDIT_ADMIN])


def tables_holding(*texts: str) -> list[str]:
    """Every table of the database with a row whose text holds one of these."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        tables = [row[0] for row in cursor.fetchall()]
        found = []
        for table in tables:
            for text in texts:
                cursor.execute(
                    f'SELECT 1 FROM "{table}" t WHERE t::text LIKE %s LIMIT 1',  # noqa: S608 (names from the catalogue)
                    [f"%{text}%"],
                )
                if cursor.fetchone():
                    found.append(table)
    return sorted(set(found))


def workbook_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return " ".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def test_before_erasure_the_data_is_in_the_rows_and_their_history(closed_issue):
    # Proves the scan below can find the data it later misses.
    assert {"liaison_stations_issue", "liaison_stations_issuehistory"} <= set(
        tables_holding(NAME, PHONE, SECRET)
    )


def test_erasure_leaves_no_table_holding_the_citizens_data(closed_issue, office):
    personal_data_erase("citizen", PHONE, by=office)

    assert tables_holding(NAME, PHONE, SECRET) == []


def test_erasure_keeps_the_counts(closed_issue, office, station):
    before = Issue.objects.filter(station=station, status="closed").count()

    personal_data_erase("citizen", PHONE, by=office)

    assert Issue.objects.filter(station=station, status="closed").count() == before
    issue = Issue.objects.get(pk=closed_issue.pk)
    assert (issue.citizen_name, issue.category) == (ERASED, "other")


def test_erased_message_is_gone_from_the_stations_pages(
    client, closed_issue, office, station_manager
):
    personal_data_erase("citizen", PHONE, by=office)
    client.force_login(station_manager)

    for url in (
        reverse("liaison_stations:issue_detail", args=[closed_issue.pk]),
        reverse("liaison_stations:issue_list"),
    ):
        page = client.get(url).content.decode()
        assert NAME not in page
        assert SECRET not in page


def test_erased_message_is_gone_from_the_ledger_exports(
    client, closed_issue, office, station
):
    personal_data_erase("citizen", PHONE, by=office)
    client.force_login(office)

    for kind in ("contacts", "opinions", "referrals"):
        url = reverse("liaison_stations:ledger", args=[station.pk, kind, "xlsx"])
        text = workbook_text(client.get(url + "?year=2026").content)
        assert NAME not in text
        assert SECRET not in text


def test_erased_message_is_gone_from_the_history_views(
    client, closed_issue, office, auditor
):
    personal_data_erase("citizen", PHONE, by=office)
    superuser = UserFactory(username="t_root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    admin_page = client.get(reverse("admin:pghistory_events_changelist")).content
    client.force_login(auditor)
    audit_page = client.get(reverse("audit_trail"), {"source": "history"}).content

    for page in (admin_page.decode(), audit_page.decode()):
        assert NAME not in page
        assert SECRET not in page


def test_erased_message_cannot_be_tracked_with_the_old_phone(client, closed_issue):
    personal_data_erase("citizen", PHONE, by=None)

    page = client.get(
        reverse("liaison_stations:track"),
        {"code": closed_issue.tracking_code, "phone": PHONE},
    ).content.decode()

    assert SECRET not in page


def test_erasure_is_recorded_with_who_and_without_the_phone(closed_issue, office):
    personal_data_erase("citizen", PHONE, by=office)

    request = PersonalDataRequest.objects.get()
    assert (request.action, request.requested_by, request.records) == (
        "erase",
        office,
        1,
    )
    assert PHONE not in request.reference


def test_export_holds_every_message_and_booking_of_the_phone(closed_issue, office):
    data = personal_data_export("citizen", PHONE, by=office)

    assert [record["content"] for record in data["records"]] == [SECRET]
    assert PersonalDataRequest.objects.get().action == "export"


# Retention ------------------------------------------------------------------------


def test_retention_sweep_erases_closed_messages_past_the_rule(closed_issue, station):
    fresh = services.message_receive(
        station,
        citizen_name="新来的",
        citizen_phone="13900002222",
        content="新",
        category="other",
    )
    with time_machine.travel(START + datetime.timedelta(days=37 * 30), tick=False):
        erased = personal_data_retention_sweep()

    assert erased["citizen"] == 1
    assert Issue.objects.get(pk=closed_issue.pk).citizen_name == ERASED
    assert Issue.objects.get(pk=fresh.pk).citizen_name == "新来的"


def test_retention_sweep_keeps_what_is_within_the_rule(closed_issue):
    with time_machine.travel(START + datetime.timedelta(days=30 * 30), tick=False):
        erased = personal_data_retention_sweep()

    assert erased["citizen"] == 0
    assert Issue.objects.get(pk=closed_issue.pk).citizen_name == NAME


def test_retention_sweep_is_idempotent(closed_issue):
    later = START + datetime.timedelta(days=37 * 30)
    with time_machine.travel(later, tick=False):
        personal_data_retention_sweep()
        again = personal_data_retention_sweep()

    assert again["citizen"] == 0
    assert PersonalDataRequest.objects.filter(action="retention").count() == 1


def test_retention_task_is_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "congress.tasks.personal_data_retention" in tasks


def test_retention_erases_old_bookings_too(station):
    from tests.factories.liaison_stations import DutySlotFactory

    slot = DutySlotFactory(station=station)
    booking = Booking.objects.create(
        slot=slot,
        citizen_name=NAME,
        citizen_phone=PHONE,
        topic=SECRET,
        tracking_code="B1234567",
    )
    Booking.objects.filter(pk=booking.pk).update(created_at=START)
    with time_machine.travel(START + datetime.timedelta(days=37 * 30), tick=False):
        personal_data_retention_sweep()

    assert tables_holding(NAME, SECRET) == []


# Deputies ---------------------------------------------------------------------------


def test_deputy_export_records_the_id_number_shown(office):
    deputy = DeputyFactory()

    data = personal_data_export("deputy", deputy.id_number, by=office)

    assert data["records"][0]["id_number"] == deputy.id_number
    assert IdNumberDisclosure.objects.get().user == office


def test_serving_deputys_data_cannot_be_erased(office):
    from congress.exceptions import DomainError
    from tests.factories.deputies import MandateFactory

    mandate = MandateFactory()

    with pytest.raises(DomainError):
        personal_data_erase("deputy", mandate.deputy.id_number, by=office)


def test_former_deputys_private_data_is_erased_with_its_history(office):
    from tests.factories.deputies import MandateFactory

    mandate = MandateFactory()
    Mandate.objects.filter(pk=mandate.pk).update(status=MandateStatus.TERM_ENDED)
    deputy = mandate.deputy
    id_number = deputy.id_number

    assert personal_data_erase("deputy", id_number, by=office) == 1

    deputy.refresh_from_db()
    assert (deputy.id_number, deputy.birth_date) == ("", None)
    assert deputy.name  # the record of service stays
    assert tables_holding(id_number) == []


# The office's page -------------------------------------------------------------------


def test_office_exports_a_citizens_data_as_json(client, closed_issue, office):
    client.force_login(office)

    response = client.post(
        reverse("personal_data"),
        {"kind": "citizen", "identifier": PHONE, "action": "export", "confirm": "on"},
    )

    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["records"][0]["name"] == NAME


def test_office_erases_a_citizens_data_from_the_page(client, closed_issue, office):
    client.force_login(office)

    response = client.post(
        reverse("personal_data"),
        {"kind": "citizen", "identifier": PHONE, "action": "erase", "confirm": "on"},
        follow=True,
    )

    assert "1" in response.content.decode()
    assert Issue.objects.get(pk=closed_issue.pk).citizen_name == ERASED


def test_request_without_confirmation_names_the_field(client, closed_issue, office):
    client.force_login(office)

    response = client.post(
        reverse("personal_data"),
        {"kind": "citizen", "identifier": PHONE, "action": "erase"},
    )

    assert response.context["form"].errors["confirm"]
    assert Issue.objects.get(pk=closed_issue.pk).citizen_name == NAME


@pytest.mark.parametrize("persona", ["station_manager", "leader", "auditor"])
def test_only_office_staff_handle_requests(client, request, persona, closed_issue):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        reverse("personal_data"),
        {"kind": "citizen", "identifier": PHONE, "action": "erase", "confirm": "on"},
    )

    assert response.status_code == 403
    assert Issue.objects.get(pk=closed_issue.pk).citizen_name == NAME
