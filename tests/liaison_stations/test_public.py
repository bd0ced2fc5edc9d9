"""Public pages without login: content, privacy, caching, feeds, messages."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from liaison_stations import public, services
from liaison_stations.models import Booking, DutySlot, Issue, SlotStatus
from tests.factories.deputies import DeputyFactory
from tests.factories.liaison_stations import StationFactory, member

T = datetime.time


@pytest.fixture
def station(db, station_manager):
    return StationFactory(managers=[station_manager])


def _slot(station, manager, deputy, *, days=1, publish=True):
    date = timezone.localdate() + datetime.timedelta(days=days)
    slot = services.slot_create(
        station,
        user=manager,
        kind="reception_day",
        date=date,
        start_time=T(9),
        end_time=T(11, 30),
        deputies=[deputy],
    )
    if publish:
        services.slots_publish(station, until=date, user=manager)
    return slot


def test_station_page_shows_published_duties_only(client, station, station_manager):
    published = member(station, DeputyFactory(name="值班甲"))
    draft = member(station, DeputyFactory(name="草稿乙"))
    _slot(station, station_manager, published, days=1)
    _slot(station, station_manager, draft, days=2, publish=False)
    page = client.get(reverse("liaison_stations:public_station", args=[station.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "值班甲" in text
    assert "草稿乙" not in text
    assert "geo:" in text  # the visitor's own map app, no tiles
    assert "csrfmiddlewaretoken" not in text


def test_public_pages_are_cacheable_and_publication_changes_the_etag(
    client, station, station_manager
):
    url = reverse("liaison_stations:public_station", args=[station.pk])
    first = client.get(url)
    assert "public" in first["Cache-Control"]
    assert "max-age=300" in first["Cache-Control"]
    etag = first["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    _slot(station, station_manager, member(station), days=1)
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 200
    assert again["ETag"] != etag


def test_station_page_queries_are_fixed(
    client, station, station_manager, django_assert_num_queries
):
    url = reverse("liaison_stations:public_station", args=[station.pk])
    for days in (1, 2):
        _slot(station, station_manager, member(station), days=days)
    cache.clear()
    # station, published slots, assignments with deputies, their mandates, photos
    with django_assert_num_queries(5):
        client.get(url)
    for days in (3, 4):
        _slot(station, station_manager, member(station), days=days)
    cache.clear()
    with django_assert_num_queries(5):
        client.get(url)
    # Cached: only the station row (its public version) is read.
    with django_assert_num_queries(1):
        client.get(url)


def test_directory_queries_are_fixed(client, db, django_assert_num_queries):
    url = reverse("liaison_stations:public_directory")
    StationFactory.create_batch(3)
    cache.clear()
    # version (sum and count), number of stations, stations with divisions
    with django_assert_num_queries(3):
        client.get(url)
    StationFactory.create_batch(3)
    cache.clear()
    with django_assert_num_queries(3):
        assert client.get(url).content.decode().count('data-testid="division"') == 6


def test_a_large_directory_lists_divisions_and_one_division_at_a_time(
    client, db, settings, django_assert_num_queries
):
    from liaison_stations import selectors

    first, second = StationFactory.create_batch(2)
    selectors.DIRECTORY_PAGE, saved = 1, selectors.DIRECTORY_PAGE
    try:
        url = reverse("liaison_stations:public_directory")
        # version, number of stations, divisions with counts, their stations
        with django_assert_num_queries(4):
            page = client.get(url, {"division": second.division_id})
    finally:
        selectors.DIRECTORY_PAGE = saved
    text = page.content.decode()
    assert second.name in text
    assert first.name not in text
    assert first.division.name in text


def test_ics_feed_is_rfc5545(client, station, station_manager):
    deputy = member(station, DeputyFactory(name="日历代表"))
    slot = _slot(station, station_manager, deputy)
    response = client.get(reverse("liaison_stations:station_ics", args=[station.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert f"UID:duty-{slot.pk}@" in body
    start = datetime.datetime.combine(slot.date, T(1))  # 09:00 in Shanghai
    assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    deputy_feed = client.get(
        reverse("liaison_stations:deputy_ics", args=[deputy.pk])
    ).content.decode()
    assert f"UID:duty-{slot.pk}@" in deputy_feed


def test_fold_never_splits_a_character():
    line = "DESCRIPTION:" + "值班代表" * 40
    folded = public._fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_deputy_page_has_the_code_and_contact_only_on_opt_in(
    client, station, station_manager, deputy
):
    person = member(station, DeputyFactory(user=deputy, mobile="13800000001"))
    url = reverse("liaison_stations:public_deputy", args=[person.pk])
    text = client.get(url).content.decode()
    assert "<svg" in text
    assert "13800000001" not in text
    services.deputy_profile_update(
        person,
        user=deputy,
        show_contact=True,
        public_phone="0574-88001234",
        introduction="",
    )
    assert "0574-88001234" in client.get(url).content.decode()


def test_a_deputy_without_a_station_has_no_public_page(client, db):
    deputy = DeputyFactory()
    url = reverse("liaison_stations:public_deputy", args=[deputy.pk])
    assert client.get(url).status_code == 404


def _message_data(client, station, **extra):
    page = client.get(reverse("liaison_stations:public_message", args=[station.pk]))
    form = page.context["form"]
    token = form.initial["challenge_token"]
    answer = str(sum(int(n) for n in page.context["question"] if n.isdigit()))
    return {
        "citizen_name": "应素琴",
        "citizen_phone": "13905810005",
        "category": "health",
        "content": "社区卫生站周末不开诊",
        "challenge_token": token,
        "challenge_answer": answer,
        **extra,
    }


def test_online_message_gets_a_code_and_is_looked_up_with_the_phone(client, station):
    data = _message_data(client, station)
    response = client.post(
        reverse("liaison_stations:public_message", args=[station.pk]), data
    )
    code = response.context["code"]
    issue = Issue.objects.get(tracking_code=code)
    assert issue.source == "online"
    found = client.get(
        reverse("liaison_stations:track"), {"code": code, "phone": "13905810005"}
    )
    assert found.context["issue"] == issue
    assert "应素琴" not in found.content.decode()
    assert "no-store" in found["Cache-Control"]
    wrong = client.get(
        reverse("liaison_stations:track"), {"code": code, "phone": "13905810006"}
    )
    assert wrong.context["issue"] is None


def test_wrong_challenge_keeps_what_was_typed(client, station):
    data = _message_data(client, station, challenge_answer="99")
    response = client.post(
        reverse("liaison_stations:public_message", args=[station.pk]), data
    )
    text = response.content.decode()
    assert not Issue.objects.exists()
    assert "社区卫生站周末不开诊" in text
    assert "答案不正确" in text


def test_too_long_message_is_refused_keeping_the_text(client, station):
    data = _message_data(client, station, content="长" * 2001)
    response = client.post(
        reverse("liaison_stations:public_message", args=[station.pk]), data
    )
    assert not Issue.objects.exists()
    assert "长" * 2001 in response.content.decode()


def test_phone_limit_refuses_the_fourth_message_of_the_day(client, station):
    url = reverse("liaison_stations:public_message", args=[station.pk])
    for _i in range(3):
        client.post(url, _message_data(client, station))
    response = client.post(url, _message_data(client, station, content="第四条"))
    assert Issue.objects.count() == 3
    text = response.content.decode()
    assert "该手机号今天留言过多" in text
    assert "第四条" in text


def test_booking_a_published_slot(client, station, station_manager):
    slot = _slot(station, station_manager, member(station), days=3)
    url = reverse("liaison_stations:public_book", args=[slot.pk])
    page = client.get(url)
    answer = str(sum(int(n) for n in page.context["question"] if n.isdigit()))
    response = client.post(
        url,
        {
            "citizen_name": "俞国庆",
            "citizen_phone": "13905810006",
            "topic": "养老服务",
            "challenge_token": page.context["form"].initial["challenge_token"],
            "challenge_answer": answer,
        },
    )
    booking = Booking.objects.get(tracking_code=response.context["code"])
    assert booking.slot == slot
    draft = _slot(station, station_manager, member(station), days=4, publish=False)
    assert (
        client.get(reverse("liaison_stations:public_book", args=[draft.pk])).status_code
        == 404
    )


def test_anonymous_home_is_public_and_logged_in_users_go_to_work(
    client, station, station_manager
):
    page = client.get("/")
    assert page.status_code == 200
    assert "查找联络站" in page.content.decode()
    client.force_login(station_manager)
    assert client.get("/").status_code == 302


PUBLIC_URLS = [
    "/",
    "/stations/",
    "/stations/{station}/",
    "/stations/{station}/wall/",
    "/stations/{station}/calendar.ics",
    "/stations/{station}/message/",
    "/stations/deputies/{deputy}/",
    "/stations/deputies/{deputy}/calendar.ics",
    "/stations/track/",
]


@pytest.mark.django_db
def test_no_public_response_contains_a_residents_data_or_a_draft(client, demo_db):
    """Every public page of every demo station and deputy, grepped for the
    demo residents' names and phones and for duties not yet published."""
    from deputies.models import Deputy
    from liaison_stations.demo import DEMO_VISITORS
    from liaison_stations.models import Station

    stations = list(Station.objects.all())
    assert stations
    deputies = list(Deputy.objects.filter(stations__isnull=False).distinct())
    drafts = DutySlot.objects.filter(status=SlotStatus.DRAFT)
    assert drafts.exists()
    urls = {"/", "/stations/", "/stations/track/"}
    for station in stations:
        urls |= {u.format(station=station.pk, deputy=0) for u in PUBLIC_URLS[2:6]}
    for deputy in deputies:
        urls |= {u.format(station=0, deputy=deputy.pk) for u in PUBLIC_URLS[6:8]}
    for slot in DutySlot.objects.filter(
        status="published", date__gte=timezone.localdate()
    ):
        urls.add(reverse("liaison_stations:public_book", args=[slot.pk]))
    secrets = [part for pair in DEMO_VISITORS for part in pair]
    draft_uids = [f"UID:duty-{pk}@" for pk in drafts.values_list("pk", flat=True)]
    for url in sorted(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        leaked = [s for s in secrets + draft_uids if s in body]
        assert not leaked, (url, leaked)


def test_lookups_are_limited_per_address(client, db):
    url = reverse("liaison_stations:track")
    for _i in range(public.LOOKUPS_PER_HOUR):
        assert client.get(url, {"code": "ABCDEFGH", "phone": "1"}).context["searched"]
    response = client.get(url, {"code": "ABCDEFGH", "phone": "1"})
    assert not response.context["searched"]
    assert "查询过于频繁" in response.content.decode()


def _jpeg_with_gps() -> bytes:
    import io

    from PIL import Image

    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 10.0), 3: "E", 4: (120.0, 9.0, 5.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_online_message_photo_is_stored_without_its_location(client, station):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    upload = SimpleUploadedFile("IMG_1.jpg", _jpeg_with_gps(), "image/jpeg")
    with Image.open(upload) as original:
        assert original.getexif().get_ifd(0x8825)  # the fixture has a position
    upload.seek(0)
    data = _message_data(client, station, photo=upload)
    response = client.post(
        reverse("liaison_stations:public_message", args=[station.pk]), data
    )
    issue = Issue.objects.get(tracking_code=response.context["code"])
    with issue.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert not image.getexif()


def test_online_message_with_a_broken_photo_is_refused_keeping_the_text(
    client, station
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    broken = SimpleUploadedFile("IMG_2.jpg", b"\xff\xd8\xff broken", "image/jpeg")
    data = _message_data(client, station, photo=broken)
    before = Issue.objects.count()
    response = client.post(
        reverse("liaison_stations:public_message", args=[station.pk]), data
    )
    assert response.status_code == 200
    assert Issue.objects.count() == before
    assert "社区卫生站周末不开诊" in response.content.decode()
