"""The admin speaks Chinese: history pages name fields and values, logs and
filters show labels instead of stored codes."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from congress.history import history_context
from congress.models import ReminderLog
from congress.notifications import notify
from congress.roles import Role
from tests.factories.congress import UserFactory
from tests.factories.deputies import DeputyFactory

pytestmark = pytest.mark.django_db


def shown(page: str) -> str:
    """The page without its links' query strings (filters keep codes there)."""
    return re.sub(r'href="[^"]*"', "", page)


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def test_history_page_names_fields_and_values_in_chinese(office_client, office):
    with history_context(office):
        deputy = DeputyFactory(gender="male", affiliation="05")
        deputy.gender = "female"
        deputy.save()
    page = office_client.get(
        reverse("admin:deputies_deputy_history", args=[deputy.pk])
    ).content.decode()
    assert "新建" in page
    assert "修改" in page
    assert "性别" in page
    assert "男 → 女" in page
    assert "民盟盟员" in page
    for code in ("insert", "update", "gender", "male", "affiliation"):
        assert f">{code}<" not in page
        assert f"{code}:" not in page


def test_reminder_log_shows_rule_and_step_labels(office_client, office):
    deputy = DeputyFactory()
    ReminderLog.objects.create(
        rule="deputies.confirmation_due",
        content_type=ContentType.objects.get_for_model(deputy),
        object_id=deputy.pk,
        step="overdue",
        deadline=datetime.date(2026, 6, 1),
        recipient=office,
    )
    page = shown(
        office_client.get(
            reverse("admin:congress_reminderlog_changelist")
        ).content.decode()
    )
    assert "deputies.confirmation_due" not in page
    assert ">overdue<" not in page
    assert "逾期" in page
    assert "Filter by" not in page


def test_notification_list_and_filter_show_kind_labels(office_client, office):
    notify(office, "congress.welcome", params={})
    page = shown(
        office_client.get(
            reverse("admin:congress_notification_changelist")
        ).content.decode()
    )
    assert "congress.welcome" not in page
    assert "欢迎" in page


def test_user_list_filters_by_role_label(office_client):
    UserFactory(roles=[Role.ORG_LIAISON])
    page = office_client.get(reverse("admin:congress_user_changelist")).content.decode()
    assert str(Role.ORG_LIAISON.label) not in ("org_liaison",)
    assert ">org_liaison<" not in page
    assert "承办单位联络员" in page or "联络员" in page
