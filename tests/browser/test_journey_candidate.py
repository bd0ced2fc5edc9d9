"""A nominee takes the legal-knowledge exam on a phone and hands it in."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appointments import services
from appointments.defaults import install_defaults
from appointments.models import ChecklistItem, Person, Question, StepOrder, Topic
from congress.roles import Role
from tests.factories.appointments import PostFactory, QuestionFactory
from tests.factories.congress import MeetingFactory, OrganizationFactory, UserFactory

PASSWORD = "xia-yuqing-pw-2026"


@pytest.fixture
def attempt(transactional_db):
    install_defaults(StepOrder, ChecklistItem, Topic)
    ChecklistItem.objects.update(is_active=False)
    staff = UserFactory(username="t_staff", roles=[Role.OFFICE])
    candidate = UserFactory(
        username="xia", real_name="夏雨晴", roles=[Role.CANDIDATE], password=PASSWORD
    )
    topic = Topic.objects.get(name="宪法")
    QuestionFactory(
        topic=topic,
        text="中华人民共和国的一切权力属于谁？",
        options=["国家机关", "人民"],
        answer="B",
    )
    QuestionFactory(
        topic=topic,
        kind=Question.Kind.TRUE_FALSE,
        options=[],
        answer="T",
        text="宪法宣誓可以集体进行。",
    )
    paper = services.paper_draw(title="试卷", spec={topic: 2}, user=staff)
    now = timezone.now()
    session = services.session_create(
        title="任前法律知识考试",
        paper=paper,
        user=staff,
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=2),
        duration_minutes=30,
    )
    case = services.case_create(
        case_type="appoint",
        person=Person.objects.create(name="夏雨晴", user=candidate),
        post=PostFactory(),
        nominating_body=OrganizationFactory(),
        user=staff,
        meeting=MeetingFactory(),
    )
    services.case_advance(case, user=staff)
    services.case_advance(case, user=staff)
    return services.attempt_assign(session, case, user=staff)


def test_candidate_takes_the_exam_on_a_phone(
    phone_page, live_server, attempt, console_errors
):
    page = console_errors.watch(phone_page)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "xia")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page.locator("[data-panel='appointments.my_exams']")).to_contain_text(
        "任前法律知识考试"
    )
    page.locator("[data-panel='appointments.my_exams'] a").last.click()
    page.get_by_role("button", name="开始答题").click()
    expect(page.locator("#exam-timer")).to_contain_text(":")
    page.get_by_label("B. 人民").check()
    page.get_by_label("对").check()
    page.get_by_role("button", name="保存答案").click()
    expect(page.get_by_role("alert")).to_contain_text("答案已保存")
    page.get_by_role("button", name="交卷（交卷后不能修改）").click()
    expect(page.get_by_role("alert")).to_contain_text("您已交卷")
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (20, True)
    assert console_errors == []
