"""A deputy logs in and out in Chinese, on a phone and on a desktop."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from congress.roles import Role
from tests.factories.congress import UserFactory

SHOTS = Path(os.environ.get("SHOTS_DIR", Path(tempfile.gettempdir()) / "shots"))
PASSWORD = "lin-xiaozhou-pw-2026"


@pytest.fixture
def lin(transactional_db):
    return UserFactory(
        username="deputy", real_name="林晓舟", roles=[Role.DEPUTY], password=PASSWORD
    )


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def open_login_page(page, live_server):
    page.goto(f"{live_server.url}/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_title(re.compile("登录"))
    expect(page.locator("main form button[type=submit]")).to_have_text("登录")


def log_in(page, username, password):
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")


def test_deputy_logs_in_and_out_on_a_phone(
    phone_page, live_server, lin, console_errors
):
    page = console_errors.watch(phone_page)
    open_login_page(page, live_server)
    shoot(page, "phone-login")

    log_in(page, "deputy", PASSWORD)
    # The deputy opens on the panels of every app, their file one tap away.
    expect(page).to_have_url(f"{live_server.url}/workspace/deputy/")
    expect(page.get_by_test_id("workspace-title")).to_contain_text("代表工作台")
    expect(page.locator("[data-panel='deputies.my_file']")).to_be_visible()
    expect(page.locator("[data-panel='proposals.ratings']")).to_be_visible()
    shoot(page, "phone-workspace")

    logout = page.locator("nav form[action='/logout/'] button")
    expect(logout).to_be_hidden()
    page.locator(".navbar-toggler").click()
    # Bootstrap adds .show once the collapse animation has finished.
    expect(page.locator("#portal-nav")).to_have_class(re.compile(r"\bshow\b"))
    expect(page.get_by_test_id("current-user")).to_have_text("林晓舟")
    shoot(page, "phone-menu")
    logout.click()

    expect(page).to_have_url(f"{live_server.url}/login/")
    expect(page.locator("#id_username")).to_be_visible()
    assert console_errors == []


def test_deputy_workspace_on_a_desktop(page, live_server, lin, console_errors):
    page = console_errors.watch(page)
    open_login_page(page, live_server)
    shoot(page, "desktop-login")

    log_in(page, "deputy", PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/workspace/deputy/")
    expect(page.get_by_test_id("current-user")).to_have_text("林晓舟")
    page.locator("[data-panel='deputies.my_file'] a").click()
    expect(page).to_have_url(f"{live_server.url}/deputies/my/")
    expect(page.get_by_test_id("workspace-title")).to_contain_text("履职档案")
    shoot(page, "desktop-workspace")
    assert console_errors == []
