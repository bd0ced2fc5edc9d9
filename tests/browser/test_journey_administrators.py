"""The security administrator locks an account from their workspace, and the
audit administrator finds that action in the audit trail (三员分立)."""

import pytest
from playwright.sync_api import expect

from congress.models import User
from congress.roles import Role
from tests.browser.test_journey_deputy import log_in, shoot
from tests.factories.congress import UserFactory

PASSWORD = "admin-journey-pw-2026"


@pytest.fixture
def people(transactional_db):
    security = UserFactory(
        username="t_security",
        real_name="钱安宁",
        roles=[Role.SECURITY_ADMIN],
        password=PASSWORD,
    )
    auditor = UserFactory(
        username="t_auditor",
        real_name="吴审言",
        roles=[Role.AUDIT_ADMIN],
        password=PASSWORD,
    )
    target = UserFactory(username="t_deputy", real_name="林晓舟", roles=[Role.DEPUTY])
    return security, auditor, target


def test_security_admin_locks_and_the_auditor_sees_it(
    page, phone_page, live_server, people, console_errors
):
    _security, _auditor, target = people
    page = console_errors.watch(page)
    page.goto(f"{live_server.url}/login/")
    log_in(page, "t_security", PASSWORD)
    page.get_by_role("link", name="账号安全管理").first.click()
    page.fill("#q", "t_deputy")
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name="t_deputy").click()
    shoot(page, "security-account")
    page.get_by_role("button", name="停用账号").click()
    expect(page.locator("[data-testid=account-state]")).to_contain_text("已停用")
    assert not User.objects.get(pk=target.pk).is_active

    phone = console_errors.watch(phone_page)
    phone.goto(f"{live_server.url}/login/")
    log_in(phone, "t_auditor", PASSWORD)
    phone.get_by_role("link", name="审计记录").first.click()
    phone.select_option("#id_source", "admin_log")
    phone.fill("#id_actor", "t_security")
    phone.get_by_role("button", name="查看").click()
    rows = phone.locator("[data-testid=audit-rows]")
    expect(rows).to_contain_text("停用账号")
    expect(rows).to_contain_text("钱安宁")
    shoot(phone, "audit-trail-phone")
    assert console_errors == []
