"""The notice settings page: each role sees the kinds it receives, each
named once and described with a sample, never a text with empty blanks."""

import re

import pytest
from django.urls import reverse

from congress import notifications
from congress.roles import Role
from tests.factories.congress import UserFactory

pytestmark = pytest.mark.django_db
BROKEN = re.compile(r"《》|“”|第号|：$|（类）")


def rows(client, user) -> list[str]:
    client.force_login(user)
    page = client.get(reverse("notification_preferences")).content.decode()
    return [
        re.sub(r"<[^>]+>", " ", row).split()
        for row in re.findall(r'data-testid="notice-kind">(.*?)</th>', page, re.S)
    ]


def labels(client, user) -> list[str]:
    return [words[0] for words in rows(client, user)]


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_role_sees_its_kinds_once_with_a_sample(client, role):
    user = UserFactory(username=f"t_{role}", roles=[role])
    found = labels(client, user)
    assert len(found) == len(set(found)), "a kind is listed twice"
    expected = {
        kind.display_label()
        for kind in notifications.registered_kinds()
        if kind.received_by([role])
    }
    assert set(found) == expected
    for words in rows(client, user):
        assert "示例" in " ".join(words)


def test_the_deputy_does_not_see_the_offices_kinds(client, deputy, office):
    deputy_kinds, office_kinds = labels(client, deputy), labels(client, office)
    assert "我领衔的议案列入会议议程" in deputy_kinds
    assert "提交审查的议案建议" not in deputy_kinds
    assert "提交审查的议案建议" in office_kinds
    assert "我领衔的议案列入会议议程" not in office_kinds


def test_no_kind_reads_with_empty_blanks():
    for kind in notifications.registered_kinds():
        for text in (kind.display_label(), kind.sample_title(), kind.sample_body()):
            assert not BROKEN.search(text), (kind.key, text)


def test_kinds_of_the_built_apps_name_who_receives_them():
    unrestricted = {"congress.welcome"}
    for kind in notifications.registered_kinds():
        if kind.key.split(".")[0] in {"congress", "deputies", "proposals"}:
            assert kind.roles or kind.key in unrestricted, kind.key


def test_saving_a_group_sets_each_of_its_kinds(client, liaison_a):
    client.force_login(liaison_a)
    client.post(
        reverse("notification_preferences"),
        {"proposals.extension_granted__email": "on"},
    )
    chosen = notifications.notification_preferences_for(liaison_a)
    assert chosen[("proposals.extension_granted", "email")]
    assert chosen[("proposals.extension_refused", "email")]
