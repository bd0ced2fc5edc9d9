import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from congress import services
from congress.models import Session, User
from congress.roles import Role
from tests.factories.congress import PASSWORD, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def log_in(client, user):
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()
    return response


def test_login_sends_a_deputy_to_the_deputy_workspace(client, deputy):
    response = log_in(client, deputy)
    assert client.get(response["Location"]).url == reverse("workspace_deputy")


def test_several_roles_get_a_workspace_switcher(client):
    user = UserFactory(roles=[Role.LEADER, Role.MEMBER])
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert reverse("workspace_leader") in page
    assert reverse("workspace_member") in page


def test_another_roles_workspace_is_refused_in_chinese(client, deputy):
    client.force_login(deputy)
    response = client.get(reverse("workspace_office"))
    assert response.status_code == 403
    assert "无权" in response.content.decode()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("workspace_deputy"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_temporary_password_must_be_changed_before_anything_else(client):
    user, password = services.user_create(
        username="newdeputy", real_name="新代表", roles=[Role.DEPUTY]
    )
    client.post(reverse("login"), {"username": "newdeputy", "password": password})
    response = client.get(reverse("workspace_deputy"))
    assert response.url == reverse("password_change")

    client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "a-much-better-pass-42",
            "new_password2": "a-much-better-pass-42",
        },
    )
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("workspace_deputy"), follow=True).status_code == 200


def test_deactivating_an_account_ends_its_sessions(client, deputy):
    log_in(client, deputy)
    assert Session.objects.filter(user=deputy).count() == 1
    services.user_deactivate(deputy)
    assert not Session.objects.filter(user=deputy).exists()
    assert client.get(reverse("workspace_deputy")).status_code == 302


def test_password_reset_by_staff_gives_a_one_time_password(client, deputy):
    log_in(client, deputy)
    password = services.user_password_reset(deputy)
    assert not Session.objects.filter(user=deputy).exists()
    deputy.refresh_from_db()
    assert deputy.must_change_password
    assert deputy.check_password(password)


def test_admin_reset_action_shows_the_temporary_password_once(client, office, deputy):
    client.force_login(office)
    response = client.post(
        reverse("admin:congress_user_changelist"),
        {"action": "reset_passwords", "_selected_action": [deputy.pk]},
        follow=True,
    )
    deputy.refresh_from_db()
    issued = response.context["issued"]
    assert deputy.must_change_password
    assert deputy.check_password(issued[0]["password"])


def spreadsheet(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["用户名", "姓名", "手机号码", "单位", "角色"])
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    workbook.save(data)
    return SimpleUploadedFile(
        "accounts.xlsx",
        data.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_bulk_import_creates_accounts_with_temporary_passwords(client, office):
    OrganizationFactory(name="青禾县教育局")
    client.force_login(office)
    upload = spreadsheet(
        [
            ["wangli", "王丽", "13800001111", "青禾县教育局", "承办单位联络员"],
            ["zhouqi", "周琪", "", "", "人大代表、承办单位负责人"],
        ]
    )
    response = client.post(reverse("admin:congress_user_import"), {"file": upload})
    assert response.status_code == 200
    zhouqi = User.objects.get(username="zhouqi")
    assert zhouqi.roles == [Role.DEPUTY, Role.ORG_HEAD]
    assert zhouqi.must_change_password
    assert User.objects.get(username="wangli").organization.name == "青禾县教育局"
    assert len(response.context["accounts"]) == 2


def test_bulk_import_with_a_bad_row_saves_nothing_and_names_the_row(client, office):
    client.force_login(office)
    upload = spreadsheet(
        [
            ["good", "好人", "13800001111", "", "人大代表"],
            ["bad", "坏行", "1380000", "不存在的单位", "国王"],
        ]
    )
    response = client.post(reverse("admin:congress_user_import"), {"file": upload})
    errors = response.context["row_errors"]
    assert {row for row, _field, _message in errors} == {3}
    assert len(errors) == 3
    assert not User.objects.filter(username__in=["good", "bad"]).exists()
    assert "手机号码" in response.content.decode()


def test_bulk_import_is_refused_to_non_staff(client, deputy):
    client.force_login(deputy)
    response = client.get(reverse("admin:congress_user_import"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_history_masks_the_mobile_number(client, office):
    user = UserFactory(mobile="13812345678")
    user.real_name = "改过的名字"
    user.save()
    client.force_login(office)
    page = client.get(reverse("admin:congress_user_history", args=[user.pk]))
    text = page.content.decode()
    assert "138****5678" in text
    assert "13812345678" not in text
    assert "改过的名字" in text


def test_office_workspace_links_to_the_admin_by_role(client):
    office_by_role = UserFactory(roles=[Role.OFFICE])  # is_staff not set
    client.force_login(office_by_role)
    page = client.get(reverse("workspace_office")).content.decode()
    assert reverse("admin:index") in page
    assert client.get(reverse("admin:index")).status_code == 200
