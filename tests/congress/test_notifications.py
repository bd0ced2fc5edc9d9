import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from congress import notifications
from congress.celery import app as celery_app
from congress.models import Delivery, Notification, NotificationPreference
from congress.notifications import notify
from congress.tasks import deliver, deliver_pending
from tests.factories.congress import UserFactory

pytestmark = pytest.mark.django_db

WELCOME = "congress.welcome"


class BrokenSms(notifications.SmsBackend):
    def send(self, mobile: str, text: str) -> None:
        raise ConnectionError("gateway down")


@pytest.fixture
def reader(db):
    return UserFactory(
        username="t_reader",
        real_name="张三",
        email="reader@example.org",
        mobile="13812345678",
    )


@pytest.fixture
def email_on(reader):
    NotificationPreference.objects.create(
        user=reader, kind=WELCOME, channel="email", enabled=True
    )
    return reader


@pytest.fixture
def enqueued(monkeypatch):
    """Records what would go to the broker instead of sending it to Redis."""
    calls = []
    monkeypatch.setattr(
        deliver, "apply_async", lambda args, **kwargs: calls.append(args[0])
    )
    return calls


@pytest.fixture
def broker_down():
    """Points Celery at a closed port; call the fixture's value to restore it."""
    conf = celery_app.conf
    saved = conf.broker_url
    conf.broker_url = "redis://127.0.0.1:1/0"

    def restore():
        conf.broker_url = saved

    yield restore
    restore()


def welcome(user, **kwargs) -> Notification:
    return notify(user, WELCOME, params={"name": user.real_name}, **kwargs)


# Creating and rendering ----------------------------------------------------


def _welcome_then_fail(user):
    with transaction.atomic():
        welcome(user)
        raise RuntimeError


def test_notify_in_a_rolled_back_transaction_leaves_nothing(
    email_on, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
    ):
        _welcome_then_fail(email_on)
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()
    assert callbacks == []


def test_notify_an_unknown_kind_raises(reader):
    with pytest.raises(KeyError):
        notify(reader, "nope.unknown")


def test_notice_renders_in_english_with_its_parameters(reader):
    notice = welcome(reader)
    with translation.override("en"):
        title, body = notifications.render(notice)
    assert title == "Welcome to the portal, 张三"
    assert body.startswith("Your account is ready.")


def test_notice_renders_in_chinese_with_its_parameters(reader):
    # The catalogue entry may not exist yet: check the structure, not the text.
    notice = welcome(reader)
    title, _body = notifications.render(notice, language="zh-hans")
    assert "张三" in title
    assert "%(" not in title


def test_missing_parameter_renders_empty_instead_of_failing(reader):
    notice = notify(reader, WELCOME)
    title, _body = notifications.render(notice, language="en")
    assert title == "Welcome to the portal, "


def test_notify_bulk_creates_each_notice_once(reader, other_deputy):
    created = notifications.notify_bulk(
        [(reader, WELCOME, {"name": "a"}), (other_deputy, WELCOME, {"name": "b"})]
    )
    assert len(created) == 2
    assert Notification.objects.filter(recipient=reader).count() == 1


# Channels and preferences --------------------------------------------------


def test_in_app_only_by_default(reader):
    welcome(reader)
    assert not Delivery.objects.exists()


def test_email_preference_adds_an_email_delivery(email_on):
    notice = welcome(email_on)
    assert list(notice.deliveries.values_list("channel", flat=True)) == ["email"]


def test_no_email_delivery_without_an_address(email_on):
    email_on.email = ""
    email_on.save()
    welcome(email_on)
    assert not Delivery.objects.exists()


def test_kind_defaults_apply_without_a_preference(reader):
    notifications.register_kind(
        "tests.sms_default", title="t", body="b", default_channels={"sms"}
    )
    try:
        notify(reader, "tests.sms_default")
    finally:
        notifications._KINDS.pop("tests.sms_default")
    assert list(Delivery.objects.values_list("channel", flat=True)) == ["sms"]


def test_preferences_page_saves_and_notify_honours_it(client, reader):
    client.force_login(reader)
    response = client.post(
        reverse("notification_preferences"), {f"{WELCOME}__sms": "on"}
    )
    assert response.status_code == 302
    notice = welcome(reader)
    assert list(notice.deliveries.values_list("channel", flat=True)) == ["sms"]


def test_preferences_page_shows_in_app_always_on(client, reader):
    client.force_login(reader)
    page = client.get(reverse("notification_preferences")).content.decode()
    assert "checked disabled" in page
    assert f'name="{WELCOME}__email"' in page


# Delivery ------------------------------------------------------------------


def test_email_is_enqueued_after_commit_and_sent_exactly_once(
    email_on, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notice = welcome(email_on)
        assert enqueued == []  # nothing leaves before the commit
    delivery = notice.deliveries.get()
    assert enqueued == [delivery.pk]

    assert deliver.run(delivery.pk) == Delivery.Status.SENT
    assert deliver.run(delivery.pk) is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["reader@example.org"]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 1)
    assert delivery.sent_at is not None


def test_sms_goes_through_the_logging_backend_masked(reader, caplog, enqueued):
    NotificationPreference.objects.create(user=reader, kind=WELCOME, channel="sms")
    delivery = welcome(reader).deliveries.get()
    with caplog.at_level("INFO", logger="congress.notifications"):
        assert deliver.run(delivery.pk) == Delivery.Status.SENT
    assert "138****5678" in caplog.text
    assert "13812345678" not in caplog.text


def test_failing_backend_backs_off_then_fails(reader, settings, enqueued):
    settings.SMS_BACKEND = "tests.congress.test_notifications.BrokenSms"
    NotificationPreference.objects.create(user=reader, kind=WELCOME, channel="sms")
    delivery = welcome(reader).deliveries.get()
    now = timezone.now()
    waits = []
    for _attempt in range(notifications.MAX_ATTEMPTS - 1):
        assert notifications.delivery_send(delivery.pk, now=now) == "pending"
        delivery.refresh_from_db()
        waits.append(delivery.next_attempt_at - now)
        # Not due before the back-off has passed.
        assert notifications.delivery_send(delivery.pk, now=now) is None
        now = delivery.next_attempt_at
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert notifications.delivery_send(delivery.pk, now=now) == "failed"
    delivery.refresh_from_db()
    assert delivery.attempts == notifications.MAX_ATTEMPTS
    assert "gateway down" in delivery.last_error
    assert notifications.delivery_send(delivery.pk, now=now + timedelta(days=1)) is None


def test_a_claimed_delivery_cannot_be_claimed_again(email_on, enqueued):
    delivery = welcome(email_on).deliveries.get()
    assert notifications.delivery_claim(delivery.pk)
    assert not notifications.delivery_claim(delivery.pk)
    assert notifications.delivery_send(delivery.pk) is None
    assert mail.outbox == []


def test_an_expired_lease_can_be_claimed_again(email_on, enqueued):
    delivery = welcome(email_on).deliveries.get()
    now = timezone.now()
    assert notifications.delivery_claim(delivery.pk, now=now)
    later = now + notifications.LEASE + timedelta(seconds=1)
    assert notifications.delivery_claim(delivery.pk, now=later)


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_let_only_one_through(enqueued):
    user = UserFactory(email="c@example.org")
    NotificationPreference.objects.create(user=user, kind=WELCOME, channel="email")
    delivery = welcome(user).deliveries.get()
    results = {}
    first_claimed = threading.Event()
    second_waiting = threading.Event()

    def first():
        try:
            with transaction.atomic():
                results["first"] = notifications.delivery_claim(delivery.pk)
                first_claimed.set()
                second_waiting.wait(timeout=10)
        finally:
            connection.close()

    def second():
        try:
            first_claimed.wait(timeout=10)
            results["second"] = notifications.delivery_claim(delivery.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    # Let the first commit only once the second is blocked on the row lock.
    for _poll in range(200):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                break
        time.sleep(0.05)
    second_waiting.set()
    for thread in threads:
        thread.join(timeout=10)
    assert results == {"first": True, "second": False}


def test_broker_down_action_succeeds_and_sweep_sends_once(
    email_on, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notice = welcome(email_on)  # the enqueue fails, quietly
    delivery = notice.deliveries.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 0)
    assert mail.outbox == []


def test_enqueue_reaches_the_real_broker(
    email_on, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        welcome(email_on)
    assert "Broker unavailable" not in caplog.text


def test_broker_down_is_logged(
    email_on, broker_down, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        welcome(email_on)
    assert "left to the sweep" in caplog.text


def test_sweep_after_broker_returns_sends_exactly_once(
    email_on, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notice = welcome(email_on)
    broker_down()  # Redis is back
    assert notice.deliveries.get().status == Delivery.Status.PENDING

    assert deliver_pending.run() == 1
    assert deliver_pending.run() == 0
    assert len(mail.outbox) == 1
    assert notice.deliveries.get().status == Delivery.Status.SENT


# Views ---------------------------------------------------------------------


def test_inbox_requires_login(client):
    response = client.get(reverse("notification_inbox"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_inbox_lists_own_notices_newest_first(client, reader, other_deputy):
    notify(reader, WELCOME, params={"name": "first"})
    notify(reader, WELCOME, params={"name": "second"})
    notify(other_deputy, WELCOME, params={"name": "not yours"})
    client.force_login(reader)
    with translation.override("en"):
        page = client.get(
            reverse("notification_inbox"), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert page.index("second") < page.index("first")
    assert "not yours" not in page


@pytest.mark.parametrize("count", [5, 10])
def test_inbox_query_count_is_fixed(client, reader, count, django_assert_num_queries):
    for number in range(count):
        notify(reader, WELCOME, params={"name": str(number)}, url="/")
    client.force_login(reader)
    # 1 session, 2 user, 3 paginator COUNT, 4 page of notices, 5 the user's
    # groups (navbar roles), 6 navbar unread COUNT.
    with django_assert_num_queries(6):
        response = client.get(reverse("notification_inbox"))
    assert response.status_code == 200


def test_inbox_paginates_by_twenty(client, reader):
    notifications.notify_bulk([(reader, WELCOME, {"name": "x"})] * 25)
    client.force_login(reader)
    response = client.get(reverse("notification_inbox"), {"page": 2})
    assert len(response.context["items"]) == 5


def test_mark_read_marks_own_notice(client, reader):
    notice = welcome(reader)
    client.force_login(reader)
    response = client.post(reverse("notification_read", args=[notice.pk]))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_mark_read_open_follows_the_link(client, reader):
    notice = welcome(reader, url="/password/")
    client.force_login(reader)
    response = client.post(
        reverse("notification_read", args=[notice.pk]), {"open": "1"}
    )
    assert response.url == "/password/"


def test_mark_read_refuses_an_external_link(client, reader):
    notice = welcome(reader, url="https://evil.example/")
    client.force_login(reader)
    response = client.post(
        reverse("notification_read", args=[notice.pk]), {"open": "1"}
    )
    assert response.url == reverse("notification_inbox")


def test_mark_read_of_another_users_notice_is_404(client, reader, other_deputy):
    notice = welcome(reader)
    client.force_login(other_deputy)
    response = client.post(reverse("notification_read", args=[notice.pk]))
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_read_refuses_get(client, reader):
    notice = welcome(reader)
    client.force_login(reader)
    response = client.get(reverse("notification_read", args=[notice.pk]))
    assert response.status_code == 405


def test_mark_all_read_touches_only_own_notices(client, reader, other_deputy):
    welcome(reader)
    welcome(reader)
    theirs = welcome(other_deputy)
    client.force_login(reader)
    client.post(reverse("notification_read_all"))
    assert notifications.notification_unread_count(reader) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_unread_count_endpoint_returns_json(client, reader, other_deputy):
    welcome(reader)
    welcome(reader)
    welcome(other_deputy)
    client.force_login(reader)
    response = client.get(reverse("notification_unread_count"))
    assert response.json() == {"unread": 2}


def test_unread_count_endpoint_gives_htmx_a_badge(client, reader):
    welcome(reader)
    client.force_login(reader)
    response = client.get(reverse("notification_unread_count"), HTTP_HX_REQUEST="true")
    assert 'data-testid="unread-count">1' in response.content.decode()


def test_navbar_shows_the_unread_badge(client, reader):
    welcome(reader)
    client.force_login(reader)
    page = client.get(reverse("notification_inbox")).content.decode()
    assert reverse("notification_inbox") in page
    assert 'data-testid="unread-count">1' in page


def test_admin_lists_notices_and_retries_a_failed_delivery(admin_client, email_on):
    delivery = welcome(email_on).deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED, attempts=notifications.MAX_ATTEMPTS
    )
    response = admin_client.get(reverse("admin:congress_notification_changelist"))
    assert response.status_code == 200
    assert (
        admin_client.get(
            reverse(
                "admin:congress_notification_change", args=[delivery.notification_id]
            )
        ).status_code
        == 200
    )
    response = admin_client.post(
        reverse("admin:congress_delivery_changelist"),
        {"action": "retry", "_selected_action": [delivery.pk]},
    )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 0)
