"""The installation's rules: registry, typed values, cache, history, admin, lockout."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pghistory.models import Events

from congress import rules
from congress.models import RuleValue
from congress.roles import Role
from tests.factories.congress import PASSWORD, UserFactory

LIMIT = rules.LOGIN_FAILURE_LIMIT.key
DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


@pytest.fixture
def test_rules():
    """A few throw-away rules of the types the foundation does not use itself."""
    declared = [
        rules.register(rules.Rule("tests.ratio", "Ratio", 0.8, min_value=0)),
        rules.register(rules.Rule("tests.enabled", "Enabled", False)),
        rules.register(
            rules.Rule("tests.channels", "Channels", ["sms"], choices=("sms", "mail"))
        ),
        rules.register(rules.Rule("tests.title", "Title", "县人大")),
    ]
    yield {rule.key: rule for rule in declared}
    for rule in declared:
        rules._registry.pop(rule.key)


@pytest.fixture
def superuser(db):
    return UserFactory(
        username="t_office_super", roles=[Role.OFFICE], is_staff=True, is_superuser=True
    )


def test_get_returns_default_without_row(db):
    assert rules.get(LIMIT) == 5


def test_get_reads_the_cache_after_the_first_read(db, django_assert_num_queries):
    rules.get(LIMIT)
    with django_assert_num_queries(0):
        assert rules.get(LIMIT) == 5


def test_rule_set_changes_get_through_the_cache(
    office, django_capture_on_commit_callbacks
):
    assert rules.get(LIMIT) == 5  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        rules.rule_set(LIMIT, 7, user=office)
    assert rules.get(LIMIT) == 7
    with django_capture_on_commit_callbacks(execute=True):
        rules.rule_set(LIMIT, "9", user=office)
    assert rules.get(LIMIT) == 9
    assert RuleValue.objects.get(key=LIMIT).updated_by == office


def test_rule_reset_restores_the_default(office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rules.rule_set(LIMIT, 7, user=office)
    assert rules.get(LIMIT) == 7
    with django_capture_on_commit_callbacks(execute=True):
        rules.rule_reset(LIMIT, user=office)
    assert rules.get(LIMIT) == 5
    assert not RuleValue.objects.exists()


@pytest.mark.parametrize("value", ["abc", "", "5.5", True, 2, 21, "100"])
def test_rule_set_refuses_invalid_value_and_stores_nothing(db, value):
    with pytest.raises(ValidationError) as error:
        rules.rule_set(LIMIT, value)
    with translation.override("en"):
        assert str(rules.LOGIN_FAILURE_LIMIT.label) in error.value.messages[0]
    assert not RuleValue.objects.exists()


@pytest.mark.parametrize(
    ("value", "code"), [(2, "min_value"), (3, None), (20, None), (21, "max_value")]
)
def test_clean_checks_min_and_max(value, code):
    if code is None:
        assert rules.LOGIN_FAILURE_LIMIT.clean(value) == value
    else:
        with pytest.raises(ValidationError) as error:
            rules.LOGIN_FAILURE_LIMIT.clean(value)
        assert error.value.code == code


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("tests.enabled", "yes", True),
        ("tests.enabled", " 是 ", True),
        ("tests.enabled", "FALSE", False),
        ("tests.enabled", "0", False),
        ("tests.channels", "sms, mail", ["sms", "mail"]),
        ("tests.channels", "sms，mail、", ["sms", "mail"]),
        ("tests.channels", '["mail"]', ["mail"]),
        ("tests.channels", "", []),
        ("tests.ratio", "0.65", 0.65),
        ("tests.ratio", 1, 1.0),
        ("tests.title", "  青禾县  ", "青禾县"),
    ],
)
def test_clean_coerces_text_to_the_rule_type(test_rules, key, text, expected):
    assert test_rules[key].clean(text) == expected


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("tests.enabled", "maybe"),
        ("tests.enabled", 1),
        ("tests.channels", "sms, fax"),
        ("tests.channels", "[broken"),
        ("tests.ratio", "nan"),
        ("tests.ratio", "-0.1"),
        ("tests.ratio", False),
    ],
)
def test_clean_refuses_what_does_not_fit(test_rules, key, text):
    with pytest.raises(ValidationError):
        test_rules[key].clean(text)


def test_format_is_parsed_back_by_clean(test_rules):
    for rule in test_rules.values():
        for value in (rule.default, rule.clean(rule.format(rule.default))):
            assert rule.clean(rule.format(value)) == value


def test_get_returns_a_copy_of_a_list_default(db, test_rules):
    rules.get("tests.channels").append("mail")
    assert test_rules["tests.channels"].default == ["sms"]


def test_get_ignores_an_invalid_stored_value(db, caplog):
    RuleValue.objects.create(key=LIMIT, value="lots")
    assert rules.get(LIMIT) == 5
    assert "invalid" in caplog.text


def test_unknown_key_raises_key_error(db):
    with pytest.raises(KeyError):
        rules.get("nope.unknown")
    with pytest.raises(KeyError):
        rules.rule_set("nope.unknown", 1)


def test_register_refuses_duplicates_and_misfit_declarations():
    with pytest.raises(ValueError, match="already registered"):
        rules.register(rules.Rule(LIMIT, "Again", 5))
    with pytest.raises(TypeError):
        rules.register(rules.Rule("tests.when", "When", None))
    with pytest.raises(TypeError):
        rules.register(rules.Rule("tests.name", "Name", "x", min_value=1))
    assert "tests.when" not in rules._registry
    assert "tests.name" not in rules._registry


def test_every_registered_default_passes_its_own_rule():
    for rule in rules.registered():
        assert rule.clean(rule.default) == rule.default, rule.key


def test_docs_list_every_registered_rule_with_its_default():
    text = DOCS.read_text(encoding="utf-8")
    with translation.override("en"):
        missing = [
            rule.key
            for rule in rules.registered()
            if f"| `{rule.key}` | {rule.format(rule.default)} |" not in text
        ]
    assert not missing, f"docs/rules.md lacks rows for {missing}"


def test_rule_set_records_a_history_event_with_the_user(office):
    rules.rule_set(LIMIT, 6, user=office)
    rules.rule_set(LIMIT, 8, user=office)
    stored = RuleValue.objects.get(key=LIMIT)
    events = Events.objects.tracks(stored).order_by("pgh_created_at")
    assert [event.pgh_data["value"] for event in events] == [6, 8]
    assert events.last().pgh_context["user"] == office.pk
    assert stored.history.count() == 2  # the generated RuleValueEvent model


# Admin


def _change_url(key: str) -> str:
    return reverse(
        "admin:congress_rulevalue_change", args=[RuleValue.objects.get(key=key).pk]
    )


def test_admin_changelist_lists_every_rule_with_its_label(client, superuser):
    rules.rule_set(LIMIT, 6)
    client.force_login(superuser)
    response = client.get(reverse("admin:congress_rulevalue_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override("zh-hans"):
        for rule in rules.registered():
            assert rule.key in page
            assert str(rule.label) in page
    assert f"?key={rules.UPLOAD_MAX_MB.key}" in page  # unset: link to the add form


def test_admin_add_form_offers_only_rules_without_a_row(client, superuser):
    rules.rule_set(LIMIT, 6)
    client.force_login(superuser)
    response = client.get(reverse("admin:congress_rulevalue_add"))
    keys = [
        key for key, _label in response.context["adminform"].form.fields["key"].choices
    ]
    assert LIMIT not in keys
    assert rules.UPLOAD_MAX_MB.key in keys


def test_admin_add_stores_a_value(
    client, superuser, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:congress_rulevalue_add"),
            {"key": rules.UPLOAD_MAX_MB.key, "text": "50"},
        )
    assert response.status_code == 302
    assert rules.get(rules.UPLOAD_MAX_MB.key) == 50


def test_admin_change_form_shows_help_and_default(client, superuser):
    rules.rule_set(LIMIT, 6)
    client.force_login(superuser)
    with translation.override("en"):
        response = client.get(_change_url(LIMIT), headers={"accept-language": "en"})
    field = response.context["adminform"].form["text"]
    assert field.value() == "6"
    assert "default: 5" in field.help_text
    assert "At least 3" in field.help_text


def test_admin_superuser_changes_a_rule(
    client, superuser, django_capture_on_commit_callbacks
):
    rules.rule_set(LIMIT, 6)
    assert rules.get(LIMIT) == 6  # cached
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_change_url(LIMIT), {"text": "8"})
    assert response.status_code == 302
    assert RuleValue.objects.get(key=LIMIT).updated_by == superuser
    assert rules.get(LIMIT) == 8


def test_admin_bad_value_rerenders_with_error(client, superuser):
    rules.rule_set(LIMIT, 6)
    client.force_login(superuser)
    response = client.post(_change_url(LIMIT), {"text": "99"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["text"]
    with translation.override("zh-hans"):
        assert str(rules.LOGIN_FAILURE_LIMIT.label) in errors[0]
    assert RuleValue.objects.get(key=LIMIT).value == 6


def test_admin_delete_resets_to_default(
    client, superuser, django_capture_on_commit_callbacks
):
    rules.rule_set(LIMIT, 6)
    pk = RuleValue.objects.get(key=LIMIT).pk
    assert rules.get(LIMIT) == 6
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:congress_rulevalue_delete", args=[pk]), {"post": "yes"}
        )
    assert rules.get(LIMIT) == 5


def test_admin_refuses_non_staff(client, deputy):
    rules.rule_set(LIMIT, 6)
    client.force_login(deputy)
    response = client.post(_change_url(LIMIT), {"text": "8"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert RuleValue.objects.get(key=LIMIT).value == 6


def test_admin_refuses_staff_without_the_permission(client, db):
    rules.rule_set(LIMIT, 6)
    client.force_login(UserFactory(username="t_staff_noperm", is_staff=True))
    response = client.post(_change_url(LIMIT), {"text": "8"})
    assert response.status_code == 403
    assert RuleValue.objects.get(key=LIMIT).value == 6


def test_admin_lets_staff_with_the_permission_change(client, db):
    user = UserFactory(username="t_staff_perm", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_rulevalue", "change_rulevalue"])
    )
    rules.rule_set(LIMIT, 6)
    client.force_login(user)
    assert client.post(_change_url(LIMIT), {"text": "8"}).status_code == 302
    assert RuleValue.objects.get(key=LIMIT).value == 8


# Lockout (django-axes reads the limit from the rule)


def _login(client, username, password, ip):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_lockout_follows_the_rule_per_username_and_address(
    client, deputy, other_deputy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rules.rule_set(LIMIT, 3)
    for _attempt in range(3):
        _login(client, deputy.username, "wrong", "10.0.0.1")
    assert _login(client, deputy.username, PASSWORD, "10.0.0.1").status_code == 429
    assert _login(client, deputy.username, PASSWORD, "10.0.0.2").status_code == 302
    client.logout()
    assert (
        _login(client, other_deputy.username, PASSWORD, "10.0.0.1").status_code == 302
    )


def test_lockout_waits_for_the_limit(client, deputy):
    for _attempt in range(4):
        _login(client, deputy.username, "wrong", "10.0.0.1")
    assert _login(client, deputy.username, PASSWORD, "10.0.0.1").status_code == 302
