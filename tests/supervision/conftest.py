"""Supervision fixtures: the working body's staff member, the supervised
organisation's liaison (liaison_a), a meeting, and items driven through the
services to each state."""

import datetime

import pytest

from congress.models import Organization
from congress.roles import Role
from supervision import services
from tests.factories.congress import MeetingFactory, OrganizationFactory, UserFactory
from tests.factories.supervision import ItemFactory

NOW = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
POINTS = ["加大义务教育经费投入。", "推进城乡教师交流轮岗。", "解决大班额问题。"]


@pytest.fixture
def working_body(db):
    return OrganizationFactory(
        name="教育科学文化卫生工作委员会",
        kind=Organization.Kind.WORKING_BODY,
        is_handling_unit=False,
    )


@pytest.fixture
def office(db, working_body):
    """Office staff of the working body in charge (the conftest persona, with
    a working body)."""
    return UserFactory(
        username="t_office",
        roles=[Role.OFFICE],
        is_staff=True,
        working_body=working_body,
    )


@pytest.fixture
def meeting(db):
    return MeetingFactory(
        start_date=datetime.date(2026, 6, 26), end_date=datetime.date(2026, 6, 27)
    )


@pytest.fixture
def members(db):
    return [
        UserFactory(username=f"t_member_{n}", roles=[Role.MEMBER]) for n in range(5)
    ]


@pytest.fixture
def item(db, liaison_a, working_body):
    return ItemFactory(organization=liaison_a.organization, working_body=working_body)


def prepared(item, office, meeting):
    return services.item_prepare(item, user=office, meeting=meeting, now=NOW)


def deliberated(item, office, meeting):
    item = prepared(item, office, meeting)
    return services.item_deliberate(
        item, user=office, deliberation="委员们认为……", now=NOW
    )


def sent(item, office, meeting, *, now=NOW):
    item = deliberated(item, office, meeting)
    opinion = services.opinion_save(
        item,
        user=office,
        title="审议意见书",
        preamble="县人大常委会第二十四次会议听取了报告。",
        points=POINTS,
    )
    services.opinion_agree(opinion, user=office, now=now)
    opinion.refresh_from_db()
    services.opinion_send(opinion, user=office, now=now)
    item.refresh_from_db()
    return item


def reported(item, office, meeting, liaison, *, now=NOW):
    item = sent(item, office, meeting, now=now)
    for point in item.opinion.points.all():
        services.point_answer(point, user=liaison, answer="已落实。", now=now)
    services.handling_report_submit(item, user=liaison, summary="办理情况报告", now=now)
    item.refresh_from_db()
    return item


@pytest.fixture
def sent_item(item, office, meeting):
    return sent(item, office, meeting)


@pytest.fixture
def reported_item(item, office, meeting, liaison_a):
    return reported(item, office, meeting, liaison_a)
