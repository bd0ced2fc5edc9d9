"""A work-report review as the issue checks it (issue 11), in the browser:

the education bureau's liaison, on a phone, finds the 审议意见书 in the
workspace panel, answers each point and submits the handling report late;
another organisation's liaison gets 404; office staff start the satisfaction
vote; the members vote below the threshold; the bureau sees that it must
rectify, with the new deadline.
"""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from congress import ballots
from congress.models import Organization
from congress.roles import Role
from supervision import services
from supervision.models import Item, ItemStatus
from tests.factories.congress import (
    PASSWORD,
    MeetingFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.factories.supervision import ItemFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
NOW = datetime.datetime(2026, 7, 6, 9, tzinfo=datetime.UTC)


@pytest.fixture
def review(transactional_db):
    """An item whose 审议意见书 was sent to the education bureau."""
    body = OrganizationFactory(
        name="教育科学文化卫生工作委员会",
        kind=Organization.Kind.WORKING_BODY,
        is_handling_unit=False,
    )
    office = UserFactory(
        username="jkw", real_name="李明哲", roles=[Role.OFFICE], working_body=body
    )
    bureau = OrganizationFactory(name="县教育局")
    UserFactory(
        username="edu",
        real_name="赵立新",
        roles=[Role.ORG_LIAISON],
        organization=bureau,
    )
    UserFactory(
        username="health",
        roles=[Role.ORG_LIAISON],
        organization=OrganizationFactory(name="县卫健局"),
    )
    members = [UserFactory(username=f"cm{n}", roles=[Role.MEMBER]) for n in range(5)]
    meeting = MeetingFactory(
        start_date=datetime.date(2026, 6, 26), end_date=datetime.date(2026, 6, 27)
    )
    item = ItemFactory(
        topic="关于全县义务教育优质均衡发展情况的报告",
        organization=bureau,
        working_body=body,
    )
    services.item_prepare(item, user=office, meeting=meeting, now=NOW)
    services.item_deliberate(item, user=office, deliberation="委员们认为……", now=NOW)
    opinion = services.opinion_save(
        item,
        user=office,
        title="关于义务教育工作情况报告的审议意见",
        preamble="县人大常委会第二十四次会议听取了报告。",
        points=["加大义务教育经费投入。", "解决城区学校大班额问题。"],
    )
    services.opinion_agree(opinion, user=office, now=NOW)
    opinion.refresh_from_db()
    services.opinion_send(opinion, user=office, now=NOW)
    return item, office, members


def _session(browser, live_server, username, options):
    context = browser.new_context(
        locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN"}, **options
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/login/"))
    return context, page


def test_review_answered_late_voted_down_and_rectified(browser, live_server, review):
    item, office, members = review
    item_url = f"{live_server.url}{reverse('supervision:item_detail', args=[item.pk])}"

    context, page = _session(browser, live_server, "edu", PHONE)
    page.goto(f"{live_server.url}/workspace/org_liaison/")
    page.get_by_role("link", name=item.topic).first.click()
    expect(page.get_by_test_id("item-topic")).to_have_text(item.topic)
    for _n in range(2):
        page.get_by_role("link", name="答复", exact=True).first.click()
        page.fill("#id_answer", "已召开专题会议研究部署，制定整改方案。")
        page.get_by_role("button", name="提交").click()
        expect(page.locator(".alert-success")).to_be_visible()
    page.get_by_role("link", name="报送研究处理情况报告").click()
    page.fill("#id_summary", "关于审议意见研究处理情况的报告")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("item-status")).to_have_text("已报告办理情况")
    context.close()

    context, page = _session(browser, live_server, "health", PHONE)
    response = page.goto(item_url)
    assert response.status == 404
    context.close()

    context, page = _session(browser, live_server, "jkw", DESKTOP)
    page.goto(item_url)
    page.get_by_role("link", name="启动满意度测评").click()
    page.select_option("#id_mode", "online")
    page.get_by_role("button", name="确认").click()
    expect(page).to_have_url(re.compile(r"/ballots/\d+/"))
    context.close()

    ballot = Item.objects.get(pk=item.pk).votes.get().ballot
    ballot = ballots.ballot_open(ballot, present=members, user=office)
    for member, option in zip(
        members,
        [
            "dissatisfied",
            "dissatisfied",
            "dissatisfied",
            "satisfied",
            "basically_satisfied",
        ],
        strict=True,
    ):
        ballots.ballot_cast(ballot, voter=member, option=option)
    ballots.ballot_close(ballot, user=office)  # ballot_closed after commit

    item.refresh_from_db()
    assert item.status == ItemStatus.RECTIFYING
    context, page = _session(browser, live_server, "edu", PHONE)
    page.goto(item_url)
    expect(page.get_by_test_id("item-status")).to_have_text("限期整改")
    expect(page.get_by_role("link", name="报送整改情况报告")).to_be_visible()
    context.close()
