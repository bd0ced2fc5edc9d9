"""Issue 14 §7: 三员分立. The system administrator (superuser), the security
administrator and the audit administrator are three accounts: no account
holds two of the powers (forms, services and a database trigger), the audit
administrator reads the audit trail and nothing else, the security
administrator looks after other people's accounts."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress import services
from congress.history import history_context
from congress.models import Session, User
from congress.roles import Role, separation_errors
from deputies.access import id_numbers_shown
from tests.factories.congress import UserFactory
from tests.factories.deputies import DeputyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_admin(db):
    return UserFactory(username="t_security", roles=[Role.SECURITY_ADMIN])


@pytest.fixture
def auditor(db):
    return UserFactory(username="t_auditor", roles=[Role.AUDIT_ADMIN])


@pytest.fixture
def superuser(db):
    return UserFactory(username="t_root", is_staff=True, is_superuser=True)


def check_now() -> None:
    """Fire the deferred constraint triggers (tests never commit)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def committed(write) -> None:
    """Run `write` as if committed: the triggers fire, then it is undone."""
    with transaction.atomic():
        write()
        check_now()


# No account holds two powers ------------------------------------------------------


@pytest.mark.parametrize(
    ("is_superuser", "roles"),
    [
        (True, {Role.SECURITY_ADMIN}),
        (True, {Role.AUDIT_ADMIN}),
        (False, {Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}),
        (False, {Role.AUDIT_ADMIN, Role.OFFICE}),
    ],
)
def test_separation_refuses_combined_powers(is_superuser, roles):
    assert separation_errors(is_superuser=is_superuser, roles=roles)


@pytest.mark.parametrize(
    ("is_superuser", "roles"),
    [
        (True, set()),
        (False, {Role.SECURITY_ADMIN}),
        (False, {Role.AUDIT_ADMIN}),
        (False, {Role.SECURITY_ADMIN, Role.OFFICE}),
    ],
)
def test_separation_allows_one_power(is_superuser, roles):
    assert not separation_errors(is_superuser=is_superuser, roles=roles)


def test_account_service_refuses_security_and_audit_together():
    with pytest.raises(ValidationError):
        services.user_create(
            username="both",
            real_name="两职",
            roles=[Role.SECURITY_ADMIN, Role.AUDIT_ADMIN],
        )

    assert not User.objects.filter(username="both").exists()


def test_database_refuses_a_superuser_who_is_also_auditor(superuser):
    with pytest.raises(IntegrityError):
        committed(lambda: superuser.groups.add(Role.AUDIT_ADMIN.group()))


def test_database_refuses_making_the_security_administrator_superuser(
    security_admin,
):
    account = User.objects.filter(pk=security_admin.pk)
    with pytest.raises(IntegrityError):
        committed(lambda: account.update(is_superuser=True))


def test_database_refuses_an_auditor_with_another_role(auditor):
    with pytest.raises(IntegrityError):
        committed(lambda: auditor.groups.add(Role.DEPUTY.group()))


def test_database_accepts_three_separate_administrators(
    superuser, security_admin, auditor
):
    check_now()  # raises if any of the three broke the rule

    assert User.objects.get(pk=security_admin.pk).roles == [Role.SECURITY_ADMIN]
    assert User.objects.get(pk=auditor.pk).roles == [Role.AUDIT_ADMIN]


def test_admin_form_refuses_giving_the_superuser_the_audit_role(client, superuser):
    other = UserFactory(username="t_root2", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    url = reverse("admin:congress_user_change", args=[other.pk])

    response = client.post(
        url,
        {
            "username": other.username,
            "real_name": other.real_name,
            "mobile": "",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [Role.AUDIT_ADMIN.group().pk],
        },
    )

    assert response.status_code == 200
    assert "三员分立" in response.content.decode()
    assert User.objects.get(pk=other.pk).roles == []


def test_office_cannot_grant_the_administrator_roles(client, office, deputy):
    client.force_login(office)
    page = client.get(reverse("admin:congress_user_change", args=[deputy.pk]))

    offered = {g.name for g in page.context["adminform"].form.fields["groups"].queryset}
    assert not offered & {Role.SECURITY_ADMIN.value, Role.AUDIT_ADMIN.value}


# The audit administrator ----------------------------------------------------------


def test_auditor_workspace_links_to_the_audit_trail(client, auditor):
    client.force_login(auditor)

    page = client.get(reverse("workspace_audit_admin")).content.decode()

    assert reverse("audit_trail") in page


@pytest.mark.parametrize(
    "source", ["history", "logins", "failed_logins", "id_views", "admin_log"]
)
def test_auditor_reads_every_source(client, auditor, source):
    client.force_login(auditor)

    response = client.get(reverse("audit_trail"), {"source": source})

    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["superuser", "security_admin", "office"])
def test_nobody_else_reads_the_audit_trail(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("audit_trail")).status_code == 403


def test_auditor_cannot_use_the_admin_or_the_office_pages(client, auditor):
    client.force_login(auditor)

    assert client.get(reverse("admin:index")).status_code == 302  # to login
    assert client.get(reverse("security_accounts")).status_code == 403
    assert client.get(reverse("deputies:registry")).status_code == 403


def test_audit_trail_shows_who_changed_what(client, auditor, office, deputy):
    services.user_password_reset(deputy, by=office)
    client.force_login(auditor)

    page = client.get(
        reverse("audit_trail"), {"source": "history", "actor": office.username}
    ).content.decode()

    assert "congress.User" in page
    assert "must_change_password" in page


def test_audit_trail_filters_by_date(client, auditor, office):
    entry = LogEntry.objects.log_actions(
        user_id=office.pk,
        queryset=[office],
        action_flag=CHANGE,
        change_message="旧的记录",
        single_object=True,
    )
    LogEntry.objects.filter(pk=entry.pk).update(
        action_time=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    client.force_login(auditor)
    url = reverse("audit_trail")

    old = client.get(url, {"source": "admin_log", "date_to": "2020-01-31"})
    recent = client.get(url, {"source": "admin_log", "date_from": "2026-01-01"})

    assert "旧的记录" in old.content.decode()
    assert "旧的记录" not in recent.content.decode()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "昨天"}, "date_from"),
        ({"actor": "nobody-here"}, "actor"),
        ({"date_from": "2026-02-01", "date_to": "2026-01-01"}, "date_to"),
    ],
)
def test_audit_trail_names_the_bad_filter_in_chinese(client, auditor, params, field):
    client.force_login(auditor)

    response = client.get(reverse("audit_trail"), params)

    assert response.status_code == 200
    assert response.context["form"].errors[field]


def _log_entries(user, n: int) -> None:
    for _n in range(n):
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[user],
            action_flag=CHANGE,
            change_message="x",
            single_object=True,
        )


def _history_by(user, n: int) -> None:
    with history_context(user):
        UserFactory.create_batch(n, roles=[Role.DEPUTY])


def _id_views_by(user, n: int) -> None:
    for _n in range(n):
        id_numbers_shown(user, DeputyFactory.create_batch(2), channel="detail")


def _rows_by(user, n: int) -> None:
    _log_entries(user, n)
    _history_by(user, n)
    _id_views_by(user, n)


# session, user, groups; count, page; [names]; unread notices (base page);
# the history reads its page's events (with their diffs) after the page.
QUERIES = {"admin_log": 6, "history": 8, "id_views": 7, "logins": 6}


@pytest.mark.parametrize(("source", "queries"), QUERIES.items())
def test_audit_trail_query_count_is_fixed(
    client, auditor, office, source, queries, django_assert_num_queries
):
    client.force_login(auditor)
    url = reverse("audit_trail")
    client.get(url, {"source": source})  # warm the session and the rules
    _rows_by(office, 3)
    with django_assert_num_queries(queries):
        client.get(url, {"source": source})
    _rows_by(office, 3)
    with django_assert_num_queries(queries):
        client.get(url, {"source": source})


# The security administrator -------------------------------------------------------


def test_security_workspace_links_to_the_accounts(client, security_admin):
    client.force_login(security_admin)

    page = client.get(reverse("workspace_security_admin")).content.decode()

    assert reverse("security_accounts") in page


def test_security_accounts_query_count_is_fixed(
    client, security_admin, django_assert_num_queries
):
    client.force_login(security_admin)
    url = reverse("security_accounts")
    client.get(url)
    UserFactory.create_batch(3, roles=[Role.DEPUTY])
    # session, user, groups (own), count, page, groups (page), lockouts,
    # unread notices (base page)
    with django_assert_num_queries(8):
        client.get(url)
    UserFactory.create_batch(6, roles=[Role.DEPUTY])
    with django_assert_num_queries(8):
        client.get(url)


def _act(client, account, action):
    return client.post(
        reverse("security_account", args=[account.pk]), {"action": action}
    )


def test_account_list_links_only_accounts_the_admin_may_act_on(
    client, security_admin, superuser, deputy
):
    client.force_login(security_admin)

    page = client.get(reverse("security_accounts")).content.decode()

    assert reverse("security_account", args=[deputy.pk]) in page
    assert reverse("security_account", args=[superuser.pk]) not in page
    assert reverse("security_account", args=[security_admin.pk]) not in page


def test_security_admin_opens_an_accounts_state(client, security_admin, deputy):
    client.force_login(security_admin)

    page = client.get(reverse("security_account", args=[deputy.pk]))

    assert page.status_code == 200
    assert deputy.username in page.content.decode()


def test_security_admin_lifts_a_lockout(client, security_admin, deputy):
    AccessAttempt.objects.create(
        username=deputy.username,
        ip_address="10.0.0.1",
        user_agent="x",
        failures_since_start=50,
    )
    client.force_login(security_admin)

    _act(client, deputy, "unlock")

    assert not AccessAttempt.objects.filter(username=deputy.username).exists()


def test_security_admin_resets_a_second_factor(client, security_admin, office):
    TOTPDevice.objects.create(user=office, name="phone")
    client.force_login(security_admin)

    _act(client, office, "reset_second_factor")

    assert not TOTPDevice.objects.filter(user=office).exists()


def test_security_admin_locks_and_logs_out(client, security_admin, deputy):
    other = client.__class__()
    other.force_login(deputy)
    client.force_login(security_admin)

    _act(client, deputy, "lock")

    deputy.refresh_from_db()
    assert not deputy.is_active
    assert not Session.objects.filter(user=deputy).exists()


def test_security_action_is_in_the_admin_log_under_their_name(
    client, security_admin, deputy
):
    client.force_login(security_admin)

    _act(client, deputy, "end_sessions")

    entry = LogEntry.objects.get(user=security_admin)
    assert entry.object_id == str(deputy.pk)


@pytest.mark.parametrize("target", ["superuser", "security_admin"])
def test_security_admin_cannot_act_on_administrators_or_themselves(
    client, security_admin, target, request
):
    account = request.getfixturevalue(target)
    client.force_login(security_admin)

    assert _act(client, account, "lock").status_code == 403
    assert User.objects.get(pk=account.pk).is_active


@pytest.mark.parametrize("persona", ["office", "auditor", "superuser"])
def test_nobody_else_uses_the_security_pages(client, request, persona, deputy):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("security_accounts")).status_code == 403
    assert _act(client, deputy, "lock").status_code == 403
