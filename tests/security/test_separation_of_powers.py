"""Issue 9 §1: office staff cannot raise anyone's powers or take over an account
(三员分立). Each test is one escalation path, tried as office staff."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from pghistory.models import MiddlewareEvents

from congress import services
from congress.exceptions import AccountNotManageable
from congress.models import User
from congress.roles import Role
from tests.congress.test_accounts import spreadsheet
from tests.factories.congress import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(username="t_root", is_staff=True, is_superuser=True)


def change_form(user, **extra) -> dict:
    data = {
        "username": user.username,
        "real_name": user.real_name,
        "mobile": "",
        "is_active": "on",
    }
    return {**data, **extra}


def test_office_cannot_make_itself_superuser(client, office):
    client.force_login(office)
    url = reverse("admin:congress_user_change", args=[office.pk])
    response = client.post(url, change_form(office, is_superuser="on", is_staff="on"))
    assert response.status_code == 403
    office.refresh_from_db()
    assert not office.is_superuser


def test_office_cannot_raise_an_ordinary_account(client, office, deputy):
    client.force_login(office)
    url = reverse("admin:congress_user_change", args=[deputy.pk])
    permission = Permission.objects.get(codename="change_user")
    client.post(
        url,
        change_form(
            deputy,
            is_superuser="on",
            is_staff="on",
            user_permissions=[permission.pk],
            groups=[Role.DEPUTY.group().pk, Role.OFFICE.group().pk],
        ),
    )
    deputy = User.objects.get(pk=deputy.pk)
    assert not deputy.is_superuser
    assert not deputy.is_staff
    assert not deputy.user_permissions.exists()
    assert deputy.roles == [Role.DEPUTY]


def test_office_change_form_hides_superuser_fields(client, office, deputy):
    for role in Role:
        role.group()
    client.force_login(office)
    page = client.get(reverse("admin:congress_user_change", args=[deputy.pk]))
    fields = page.context["adminform"].form.fields
    assert not {"is_superuser", "is_staff", "user_permissions"} & set(fields)
    offered = {group.name for group in fields["groups"].queryset}
    privileged = {"office", "leader", "member", "security_admin", "audit_admin"}
    assert offered == {r.value for r in Role} - privileged


@pytest.mark.parametrize("target", ["superuser", "leader", "member"])
def test_office_cannot_edit_a_privileged_account(client, office, target, request):
    account = request.getfixturevalue(target)
    client.force_login(office)
    url = reverse("admin:congress_user_change", args=[account.pk])
    response = client.post(url, change_form(account, is_active=""))
    assert response.status_code == 403
    account.refresh_from_db()
    assert account.is_active


@pytest.mark.parametrize("target", ["superuser", "deputy"])
def test_office_cannot_set_anyones_password(client, office, target, request):
    account = request.getfixturevalue(target)
    client.force_login(office)
    url = reverse("admin:auth_user_password_change", args=[account.pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url, {"password1": "Taken-over-42x", "password2": "Taken-over-42x"}
    )
    assert response.status_code == 403
    account.refresh_from_db()
    assert account.check_password(PASSWORD)


@pytest.mark.parametrize("target", ["superuser", "leader"])
def test_office_cannot_reset_a_privileged_password(client, office, target, request):
    account = request.getfixturevalue(target)
    client.force_login(office)
    client.post(
        reverse("admin:congress_user_changelist"),
        {"action": "reset_passwords", "_selected_action": [account.pk]},
    )
    account.refresh_from_db()
    assert account.check_password(PASSWORD)
    assert not account.must_change_password
    with pytest.raises(AccountNotManageable):
        services.user_password_reset(account, by=office)


def test_office_cannot_deactivate_or_delete_a_superuser(client, office, superuser):
    client.force_login(office)
    changelist = reverse("admin:congress_user_changelist")
    for action in ("deactivate", "delete_selected"):
        client.post(changelist, {"action": action, "_selected_action": [superuser.pk]})
    delete = reverse("admin:congress_user_delete", args=[superuser.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    superuser.refresh_from_db()
    assert superuser.is_active


def test_office_cannot_create_an_account_with_a_privileged_role(client, office):
    client.force_login(office)
    response = client.post(
        reverse("admin:congress_user_add"),
        {"username": "sneaky", "real_name": "新人", "roles": ["office"]},
    )
    assert response.status_code == 200
    assert "roles" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="sneaky").exists()


def test_office_cannot_import_an_account_with_a_privileged_role(client, office):
    client.force_login(office)
    upload = spreadsheet([["sneaky", "新人", "", "", "机关工作人员"]])
    response = client.post(reverse("admin:congress_user_import"), {"file": upload})
    assert response.context["row_errors"]
    assert not User.objects.filter(username="sneaky").exists()


def test_office_issues_a_recorded_temporary_password(client, office, deputy):
    client.force_login(office)
    client.post(
        reverse("admin:congress_user_changelist"),
        {"action": "reset_passwords", "_selected_action": [deputy.pk]},
    )
    deputy.refresh_from_db()
    assert deputy.must_change_password
    assert not deputy.check_password(PASSWORD)
    assert deputy.password_reset_by == office
    events = MiddlewareEvents.objects.tracks(deputy).order_by("-pgh_created_at")
    issued = [e for e in events if "password_reset_by_id" in (e.pgh_diff or {})]
    assert issued[0].pgh_context["user"] == office.pk


def test_superuser_may_grant_a_privileged_role_and_set_a_password(
    client, superuser, deputy
):
    client.force_login(superuser)
    url = reverse("admin:congress_user_change", args=[deputy.pk])
    response = client.post(
        url, change_form(deputy, groups=[Role.OFFICE.group().pk], is_staff="on")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    deputy.refresh_from_db()
    assert deputy.roles == [Role.OFFICE]
    url = reverse("admin:auth_user_password_change", args=[deputy.pk])
    client.post(url, {"password1": "Handed-over-42x", "password2": "Handed-over-42x"})
    deputy.refresh_from_db()
    assert deputy.check_password("Handed-over-42x")
    assert deputy.must_change_password


def test_office_sets_an_accounts_email_for_notices(client, office, deputy):
    # The e-mail channel of the notices needs an address: the admin sets it.
    client.force_login(office)
    url = reverse("admin:congress_user_change", args=[deputy.pk])
    response = client.post(
        url,
        change_form(deputy, email="lin@example.cn", groups=[Role.DEPUTY.group().pk]),
    )
    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.email == "lin@example.cn"
