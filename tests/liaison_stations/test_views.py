"""Station pages for managers, office, deputies and organisations: the work
through the pages, and the other person's refusal (403/404) for every view."""

import datetime

import pytest
from django.urls import reverse

from liaison_stations import services
from liaison_stations.models import DutySlot, IssueStatus, SlotStatus
from tests.factories.deputies import DeputyFactory
from tests.factories.liaison_stations import StationFactory, member

pytestmark = pytest.mark.django_db
T = datetime.time


@pytest.fixture
def station(station_manager):
    return StationFactory(managers=[station_manager])


@pytest.fixture
def other_station(other_station_manager):
    return StationFactory(managers=[other_station_manager])


@pytest.fixture
def slot(station, station_manager):
    person = member(station)
    return services.slot_create(
        station,
        user=station_manager,
        kind="sitting",
        date=datetime.date(2026, 12, 15),
        start_time=T(9),
        end_time=T(11),
        deputies=[person],
    )


@pytest.fixture
def issue(station, station_manager):
    person = member(station)
    reception = services.reception_record(
        station,
        user=station_manager,
        kind="sitting",
        date=datetime.date(2026, 12, 1),
        deputies=[person],
        visitor_count=1,
        summary="",
    )
    return services.issue_record(
        reception,
        user=station_manager,
        citizen_name="骆志刚",
        citizen_phone="13905810002",
        content="路灯损坏",
        category="infrastructure",
    )


def manager_urls(station, slot, issue):
    reception = issue.reception
    activity = services.activity_create(
        station,
        user=station_managers(station)[0],
        kind="study",
        title="学习",
        date=datetime.date(2026, 12, 1),
    )
    return [
        reverse("liaison_stations:station_edit", args=[station.pk]),
        reverse("liaison_stations:station_deputies", args=[station.pk]),
        reverse("liaison_stations:photo_add", args=[station.pk]),
        reverse("liaison_stations:roster", args=[station.pk]),
        reverse("liaison_stations:rule_create", args=[station.pk]),
        reverse("liaison_stations:slot_create", args=[station.pk]),
        reverse("liaison_stations:publish", args=[station.pk]),
        reverse("liaison_stations:bookings", args=[station.pk]),
        reverse("liaison_stations:receptions", args=[station.pk]),
        reverse("liaison_stations:activities", args=[station.pk]),
        reverse("liaison_stations:ledger", args=[station.pk, "opinions", "xlsx"]),
        reverse("liaison_stations:slot", args=[slot.pk]),
        reverse("liaison_stations:slot_cancel", args=[slot.pk]),
        reverse("liaison_stations:slot_qr", args=[slot.pk]),
        reverse("liaison_stations:reception", args=[reception.pk]),
        reverse("liaison_stations:issue_detail", args=[issue.pk]),
        reverse("liaison_stations:activity", args=[activity.pk]),
    ]


def station_managers(station):
    from liaison_stations.access import managers_of

    return managers_of(station)


def test_manager_opens_every_page_of_their_station(
    client, station_manager, station, slot, issue
):
    client.force_login(station_manager)
    for url in manager_urls(station, slot, issue):
        assert client.get(url).status_code == 200, url


def test_another_stations_manager_is_refused_everywhere(
    client, other_station_manager, other_station, station, slot, issue
):
    client.force_login(other_station_manager)
    for url in manager_urls(station, slot, issue):
        assert client.get(url).status_code in (403, 404), url
    posts = [
        reverse("liaison_stations:publish", args=[station.pk]),
        reverse("liaison_stations:slot", args=[slot.pk]),
        reverse("liaison_stations:issue_route", args=[issue.pk]),
        reverse("liaison_stations:assignment_action", args=[slot.assignments.get().pk]),
    ]
    for url in posts:
        response = client.post(url, {"until": "2026-12-31", "route": "solve"})
        assert response.status_code in (403, 404), url
    assert DutySlot.objects.get(pk=slot.pk).status == SlotStatus.DRAFT


def test_a_deputy_gets_403_on_manager_pages(client, deputy, station, slot, issue):
    client.force_login(deputy)
    assert (
        client.get(reverse("liaison_stations:roster", args=[station.pk])).status_code
        == 403
    )
    assert (
        client.get(
            reverse("liaison_stations:issue_detail", args=[issue.pk])
        ).status_code
        == 404
    )


def test_manager_sets_a_rule_and_publishes_through_the_pages(
    client, station_manager, station
):
    client.force_login(station_manager)
    response = client.post(
        reverse("liaison_stations:rule_create", args=[station.pk]),
        {
            "kind": "reception_day",
            "frequency": "monthly",
            "days_of_month": "1、15",
            "start_time": "09:00",
            "end_time": "11:30",
            "on_holiday": "shift",
            "valid_from": "2026-01-01",
            "generate_until": "2026-12-31",
        },
    )
    assert response.status_code == 302
    slots = DutySlot.objects.filter(station=station)
    assert slots.count() == 24
    assert slots.filter(date=datetime.date(2026, 10, 8)).exists()
    response = client.post(
        reverse("liaison_stations:publish", args=[station.pk]), {"until": "2026-06-30"}
    )
    assert response.status_code == 302
    assert slots.filter(status="published").count() == 12


def test_slot_outside_opening_hours_is_refused_with_a_message(
    client, station_manager, station
):
    client.force_login(station_manager)
    response = client.post(
        reverse("liaison_stations:slot_create", args=[station.pk]),
        {
            "kind": "sitting",
            "date": "2026-12-15",
            "start_time": "19:00",
            "end_time": "20:00",
        },
        follow=True,
    )
    assert "超出联络站开放时间" in response.content.decode()
    assert not DutySlot.objects.filter(station=station).exists()


def test_qr_check_in_page_on_a_phone(client, station, station_manager, deputy):
    person = member(station, DeputyFactory(user=deputy))
    slot = services.slot_create(
        station,
        user=station_manager,
        kind="sitting",
        date=datetime.date(2026, 12, 15),
        start_time=T(9),
        end_time=T(11),
        deputies=[person],
    )
    services.slots_publish(station, until=slot.date, user=station_manager)
    url = services.check_in_url(slot)
    client.force_login(deputy)
    assert "我已到站" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    # Outside the window (the test runs on another day): refused in Chinese.
    assert "只能在" in response.content.decode()


def test_org_answers_in_its_pages_and_sees_no_contact(
    client, issue, station_manager, liaison_a
):
    services.issue_refer(
        issue, user=station_manager, organization=liaison_a.organization
    )
    client.force_login(liaison_a)
    listing = client.get(reverse("liaison_stations:issue_list") + "?status=referred")
    assert issue.tracking_code in listing.content.decode()
    page = client.get(reverse("liaison_stations:issue_detail", args=[issue.pk]))
    assert "骆志刚" not in page.content.decode()
    assert "13905810002" not in page.content.decode()
    client.post(
        reverse("liaison_stations:issue_answer", args=[issue.pk]),
        {"answer-reply": "已安排维修。"},
    )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.ANSWERED


def test_manager_routes_and_records_feedback_through_the_pages(
    client, issue, station_manager, liaison_a
):
    client.force_login(station_manager)
    page = client.get(reverse("liaison_stations:issue_detail", args=[issue.pk]))
    assert "13905810002" in page.content.decode()
    client.post(
        reverse("liaison_stations:issue_route", args=[issue.pk]),
        {"route": "refer", "refer-organization": liaison_a.organization.pk},
    )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.REFERRED
    services.issue_answer(issue, user=liaison_a, reply="已修复。")
    client.post(
        reverse("liaison_stations:issue_feedback", args=[issue.pk]),
        {"feedback-feedback": "satisfied"},
    )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.CLOSED


def test_ledger_pdf_has_the_referrals(client, issue, station_manager, liaison_a):
    import io

    from pypdf import PdfReader

    services.issue_refer(
        issue, user=station_manager, organization=liaison_a.organization
    )
    client.force_login(station_manager)
    response = client.get(
        reverse("liaison_stations:ledger", args=[issue.station_id, "referrals", "pdf"])
        + "?year=2026"
    )
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "交办转办记录" in text
    assert issue.tracking_code in text
    assert liaison_a.organization.name in text


def test_roster_page_queries_do_not_grow_with_slots(
    client, station, station_manager, django_assert_num_queries
):
    client.force_login(station_manager)
    url = reverse("liaison_stations:roster", args=[station.pk]) + "?month=2026-12"

    def add(first, n):
        for day in range(first, first + n):
            services.slot_create(
                station,
                user=station_manager,
                kind="sitting",
                date=datetime.date(2026, 12, day),
                start_time=T(9),
                end_time=T(10),
                deputies=[member(station)],
            )

    add(1, 5)
    client.get(url)  # warm the session and permission caches
    # session, user, groups, station (visible), guardian user and group
    # permissions, slots, assignments with deputies, swaps, unread notices
    # (navigation), rules
    with django_assert_num_queries(11):
        client.get(url)
    add(6, 5)  # 2N slots
    with django_assert_num_queries(11):
        client.get(url)


def test_issue_list_queries_do_not_grow(
    client, station, station_manager, django_assert_num_queries
):
    client.force_login(station_manager)
    url = reverse("liaison_stations:issue_list")
    person = member(station)
    reception = services.reception_record(
        station,
        user=station_manager,
        kind="sitting",
        date=datetime.date(2026, 12, 1),
        deputies=[person],
        visitor_count=1,
        summary="",
    )

    def add(n):
        for _i in range(n):
            services.issue_record(
                reception,
                user=station_manager,
                citizen_name="甲",
                citizen_phone="",
                content="问题",
                category="other",
            )

    add(3)
    client.get(url)
    # session, user, groups, the managed stations' ids (guardian), count,
    # unread notices, page
    with django_assert_num_queries(7):
        client.get(url)
    add(3)
    with django_assert_num_queries(7):
        client.get(url)


def test_rule_page_sets_when_the_duty_ends(client, station_manager, station):
    client.force_login(station_manager)
    client.post(
        reverse("liaison_stations:rule_create", args=[station.pk]),
        {
            "kind": "reception_day",
            "frequency": "monthly",
            "days_of_month": "1",
            "start_time": "09:00",
            "end_time": "11:30",
            "on_holiday": "shift",
            "valid_from": "2026-01-01",
            "valid_until": "2026-03-31",
            "generate_until": "2026-12-31",
        },
    )
    rule = station.duty_rules.get()
    assert rule.valid_until == datetime.date(2026, 3, 31)
    assert DutySlot.objects.filter(station=station).count() == 3


def test_slot_page_adds_a_duty_residents_cannot_book(client, station_manager, station):
    client.force_login(station_manager)
    response = client.post(
        reverse("liaison_stations:slot_create", args=[station.pk]),
        {
            "kind": "sitting",
            "date": "2026-12-15",
            "start_time": "09:00",
            "end_time": "11:00",
        },
    )
    assert response.status_code == 302
    assert DutySlot.objects.get(station=station).bookable is False


def test_slot_page_offers_booking_by_default(client, station_manager, station):
    client.force_login(station_manager)
    response = client.get(reverse("liaison_stations:slot_create", args=[station.pk]))
    assert response.context["form"]["bookable"].value() is True


def _my_published_duty(station, station_manager, user):
    person = member(station, DeputyFactory(user=user))
    slot = services.slot_create(
        station,
        user=station_manager,
        kind="sitting",
        date=datetime.date(2026, 12, 15),
        start_time=T(9),
        end_time=T(11),
        deputies=[person],
    )
    services.slots_publish(station, until=slot.date, user=station_manager)
    return slot.assignments.get()


def test_deputy_on_duty_invites_voters_shown_on_the_station_page(
    client, station, station_manager, deputy
):
    assignment = _my_published_duty(station, station_manager, deputy)
    client.force_login(deputy)
    duties = client.get(reverse("liaison_stations:my_duties")).content.decode()
    invite = reverse("liaison_stations:invite", args=[assignment.pk])
    assert invite in duties
    response = client.post(invite, {"invitation": "禾丰村村民代表"})
    assert response.status_code == 302
    client.logout()
    page = client.get(reverse("liaison_stations:public_station", args=[station.pk]))
    assert "禾丰村村民代表" in page.content.decode()


def test_another_deputy_cannot_invite_to_my_duty(
    client, station, station_manager, deputy, other_deputy
):
    assignment = _my_published_duty(station, station_manager, deputy)
    client.force_login(other_deputy)
    url = reverse("liaison_stations:invite", args=[assignment.pk])
    assert client.post(url, {"invitation": "冒名"}).status_code == 404
    assignment.slot.refresh_from_db()
    assert assignment.slot.invitation == ""


def test_invitation_to_a_draft_duty_is_refused(station, station_manager, deputy):
    person = member(station, DeputyFactory(user=deputy))
    slot = services.slot_create(
        station,
        user=station_manager,
        kind="sitting",
        date=datetime.date(2026, 12, 15),
        start_time=T(9),
        end_time=T(11),
        deputies=[person],
    )
    with pytest.raises(services.RosterRefused):
        services.slot_invite(slot.assignments.get(), user=deputy, invitation="村民")
