"""Logins for deputies, created by office staff in bulk (item 1 of issue 4)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from congress.exceptions import DomainError
from congress.roles import Role
from deputies.accounts import deputies_logins_create
from deputies.models import Deputy, MandateStatus
from tests.factories.congress import DivisionFactory, TermFactory
from tests.factories.deputies import DeputyGroupFactory, MandateFactory

URL = reverse("deputies:accounts_create")


@pytest.fixture
def term(db):
    return TermFactory()


@pytest.fixture
def serving(term):
    """Two serving deputies of the current term, without a login; the second
    has no mobile number."""
    first = MandateFactory(
        term=term, deputy__name="王立新", deputy__mobile="13900001111"
    )
    second = MandateFactory(
        term=term, deputy__name="阿依古丽·买买提", deputy__mobile=""
    )
    return [first.deputy, second.deputy]


def test_deputies_logins_create_links_deputy_accounts(office, serving):
    accounts = deputies_logins_create(serving, user=office)
    assert {deputy.pk for deputy, _username, _password in accounts} == {
        d.pk for d in serving
    }
    for deputy, username, password in accounts:
        deputy.refresh_from_db()
        user = deputy.user
        assert user.username == username
        assert user.real_name == deputy.name
        assert user.has_role(Role.DEPUTY)
        assert user.must_change_password
        assert user.check_password(password)


def test_deputies_logins_create_uses_the_mobile_else_the_registry_number(
    office, serving
):
    usernames = {d.name: u for d, u, _p in deputies_logins_create(serving, user=office)}
    assert usernames["王立新"] == "13900001111"
    assert usernames["阿依古丽·买买提"] == f"d{serving[1].pk:06d}"


def test_deputies_logins_create_skips_a_mobile_already_a_username(office, serving):
    get_user_model().objects.create_user(username="13900001111", real_name="他人")
    accounts = deputies_logins_create(serving[:1], user=office)
    assert accounts[0][1] == f"d{serving[0].pk:06d}"


@pytest.mark.parametrize("persona", ["leader", "deputy", "member"])
def test_deputies_logins_create_is_for_office_staff_only(request, persona, serving):
    with pytest.raises(PermissionDenied):
        deputies_logins_create(serving, user=request.getfixturevalue(persona))
    assert not Deputy.objects.filter(user__isnull=False).exists()


def test_deputies_logins_create_refuses_all_when_one_has_a_login(
    office, deputy, serving
):
    Deputy.objects.filter(pk=serving[1].pk).update(user=deputy)
    users_before = get_user_model().objects.count()
    with pytest.raises(DomainError, match="阿依古丽·买买提"):
        deputies_logins_create(serving, user=office)
    assert get_user_model().objects.count() == users_before
    serving[0].refresh_from_db()
    assert serving[0].user is None


def test_accounts_create_lists_serving_deputies_without_a_login(
    client, office, deputy, term, serving
):
    with_login = MandateFactory(term=term, deputy__name="甲乙丙", deputy__user=deputy)
    MandateFactory(
        term=term,
        deputy__name="已终止",
        status=MandateStatus.TERMINATED,
        termination_ground="deceased",
    )
    MandateFactory(term=TermFactory(number=8, is_current=False), deputy__name="上届")
    client.force_login(office)
    response = client.get(URL)
    assert response.status_code == 200
    assert [d.name for d in response.context["page_obj"]] == sorted(
        d.name for d in serving
    )
    assert with_login.deputy.name not in response.text


def test_accounts_create_filters_by_division_and_group(client, office, term, serving):
    division = DivisionFactory(name="测试乡")
    group = DeputyGroupFactory(term=term)
    MandateFactory(term=term, deputy__name="乡里代表", division=division)
    grouped = MandateFactory(term=term, deputy__name="小组代表")
    grouped.groups.add(group)
    client.force_login(office)
    by_division = client.get(URL, {"division": division.pk}).context["page_obj"]
    by_group = client.get(URL, {"group": group.pk}).context["page_obj"]
    assert [d.name for d in by_division] == ["乡里代表"]
    assert [d.name for d in by_group] == ["小组代表"]


def test_accounts_create_shows_the_passwords_once(client, office, serving):
    client.force_login(office)
    response = client.post(URL, {"deputies": [d.pk for d in serving]})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for deputy, username, password in response.context["accounts"]:
        assert get_user_model().objects.get(username=username).deputy == deputy
        assert password in response.text
    assert get_user_model().objects.filter(must_change_password=True).count() == 2


def test_accounts_create_returns_the_pdf_sheet(client, office, serving):
    client.force_login(office)
    response = client.post(URL, {"deputies": [d.pk for d in serving], "as_pdf": "on"})
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    for deputy in serving:
        deputy.refresh_from_db()
        assert deputy.name in text
        assert deputy.user.username in text
    assert "http://testserver/" in text


def test_accounts_create_refuses_a_deputy_with_a_login(client, office, deputy, serving):
    Deputy.objects.filter(pk=serving[0].pk).update(user=deputy)
    client.force_login(office)
    response = client.post(URL, {"deputies": [d.pk for d in serving]})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert get_user_model().objects.filter(deputy__isnull=False).count() == 1


@pytest.mark.parametrize("persona", ["leader", "deputy"])
def test_accounts_create_is_forbidden_to_others(client, request, persona, serving):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"deputies": [d.pk for d in serving]})
    assert response.status_code == 403
    assert not Deputy.objects.filter(user__isnull=False).exists()
