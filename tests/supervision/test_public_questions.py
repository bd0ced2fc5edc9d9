"""TV and online questioning (电视网络问政): the public's questions on the
public page, the hourly limit, moderation by the working body, questions put
at the session, and the on-site satisfaction vote with the threshold rule."""

import pytest
from django.urls import reverse

from congress import ballots, rules
from congress.models import Notification
from congress.workspaces import public_links
from supervision import public as services
from supervision.models import InquiryQuestion, PublicQuestion
from supervision.public import QuestionRefused
from tests.factories.supervision import ItemFactory
from tests.supervision.conftest import prepared

PASS = ["satisfied", "satisfied", "basically_satisfied", "dissatisfied", "satisfied"]
FAIL = ["dissatisfied", "dissatisfied", "satisfied", "dissatisfied", "satisfied"]


@pytest.fixture
def inquiry(liaison_a, working_body):
    return ItemFactory(
        form="inquiry",
        topic="电视问政：安全生产",
        public_questions=True,
        organization=liaison_a.organization,
        working_body=working_body,
    )


def _ask(client, item, **data):
    fields = {"citizen_name": "张三", "citizen_phone": "13900000000", "question": "?"}
    fields |= data
    return client.post(
        reverse("supervision:public_inquiries"),
        {"item": item.pk, **{f"q{item.pk}-{k}": v for k, v in fields.items()}},
    )


def test_public_page_lists_only_inquiries_open_to_the_public(client, inquiry):
    ItemFactory(form="inquiry", topic="不公开的专题询问")
    page = client.get(reverse("supervision:public_inquiries")).content.decode()
    assert "电视问政：安全生产" in page
    assert "不公开的专题询问" not in page


def test_anyone_may_ask_without_logging_in(client, inquiry):
    response = _ask(client, inquiry, question="企业安全检查多久一次？")
    assert response.status_code == 302
    entry = PublicQuestion.objects.get()
    assert entry.status == "pending"
    assert entry.question == "企业安全检查多久一次？"


def test_bad_phone_is_named_and_nothing_is_stored(client, inquiry):
    response = _ask(client, inquiry, citizen_phone="电话")
    assert response.status_code == 200
    [(_item, form)] = response.context["rows"]
    assert form.errors["citizen_phone"]
    assert not PublicQuestion.objects.exists()


def test_hourly_limit_is_a_rule(client, inquiry, office):
    rules.rule_set("supervision.public_questions_per_hour", 1, user=office)
    _ask(client, inquiry)
    _ask(client, inquiry)
    assert PublicQuestion.objects.count() == 1


def test_an_inquiry_past_its_session_takes_no_questions(
    client, inquiry, office, meeting
):
    item = prepared(inquiry, office, meeting)
    from supervision import services as item_services

    item_services.item_deliberate(item, user=office, deliberation="审议")
    assert _ask(client, inquiry).status_code == 404


def test_only_inquiries_take_public_questions(office, working_body, liaison_a):
    from supervision import services as item_services
    from supervision.services import SupervisionRefused

    with pytest.raises(SupervisionRefused):
        item_services.item_create(
            inquiry_plan(),
            user=office,
            form="work_report",
            topic="报告",
            working_body=working_body,
            organization=liaison_a.organization,
            public_questions=True,
        )


def inquiry_plan():
    from tests.factories.supervision import PlanFactory

    return PlanFactory(year=2026)


def test_rejection_needs_a_reason(inquiry, office):
    entry = services.public_question_submit(
        inquiry, citizen_name="", citizen_phone="139", question="问", client="c"
    )
    with pytest.raises(QuestionRefused):
        services.public_question_moderate(entry, user=office, accept=False)


def test_accepted_question_asked_at_the_session_is_recorded(inquiry, office, meeting):
    entry = services.public_question_submit(
        inquiry, citizen_name="", citizen_phone="139", question="问", client="c"
    )
    services.public_question_moderate(entry, user=office, accept=True)
    prepared(inquiry, office, meeting)
    entry.refresh_from_db()
    recorded = services.public_question_ask(
        entry, user=office, respondent="县应急管理局局长 王某", answer="每季度一次。"
    )
    entry.refresh_from_db()
    assert entry.status == "asked"
    assert entry.asked_as == recorded
    assert InquiryQuestion.objects.get().asked_by == "群众"


def test_a_pending_question_cannot_be_asked(inquiry, office):
    entry = services.public_question_submit(
        inquiry, citizen_name="", citizen_phone="139", question="问", client="c"
    )
    with pytest.raises(QuestionRefused):
        services.public_question_ask(entry, user=office, respondent="局长", answer="")


def test_staff_see_the_questions_with_the_phone(client, inquiry, office):
    services.public_question_submit(
        inquiry, citizen_name="", citizen_phone="13911112222", question="问", client="c"
    )
    client.force_login(office)
    url = reverse("supervision:public_questions", args=[inquiry.pk])
    assert "13911112222" in client.get(url).content.decode()


@pytest.mark.parametrize("persona", ["member", "liaison_a", "liaison_b"])
def test_others_cannot_read_the_questions(client, inquiry, persona, request):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("supervision:public_questions", args=[inquiry.pk])
    assert client.get(url).status_code == 403


def test_the_stations_public_pages_link_to_the_form(client, inquiry):
    assert reverse("supervision:public_inquiries") in {u for u, _ in public_links()}
    page = client.get(reverse("liaison_stations:public_directory"))
    assert reverse("supervision:public_inquiries") in page.content.decode()


def _onsite(inquiry, office, meeting, members, choices, capture):
    item = prepared(inquiry, office, meeting)
    ballot = services.onsite_vote_create(item, user=office)
    ballot = ballots.ballot_open(ballot, present=members, user=office)
    for member, option in zip(members, choices, strict=True):
        ballots.ballot_cast(ballot, voter=member, option=option)
    with capture(execute=True):
        ballots.ballot_close(ballot, user=office)
    item.refresh_from_db()
    return item


def test_onsite_vote_below_threshold_orders_rectification(
    inquiry, office, meeting, members, liaison_a, django_capture_on_commit_callbacks
):
    item = _onsite(
        inquiry, office, meeting, members, FAIL, django_capture_on_commit_callbacks
    )
    assert item.rectification_due_on is not None
    assert Notification.objects.filter(
        recipient=liaison_a, kind="supervision.rectification"
    ).exists()


def test_onsite_vote_passed_orders_nothing(
    inquiry, office, meeting, members, django_capture_on_commit_callbacks
):
    item = _onsite(
        inquiry, office, meeting, members, PASS, django_capture_on_commit_callbacks
    )
    assert item.rectification_due_on is None
    assert item.events.filter(type="supervision.onsite_passed").count() == 1


def test_a_member_outside_the_electorate_cannot_rate(
    inquiry, office, meeting, members, deputy
):
    item = prepared(inquiry, office, meeting)
    ballot = services.onsite_vote_create(item, user=office)
    ballot = ballots.ballot_open(ballot, present=members, user=office)
    with pytest.raises(ballots.NotEligible):
        ballots.ballot_cast(ballot, voter=deputy, option="satisfied")


@pytest.mark.parametrize("n", [2, 4])
def test_public_page_query_count(client, working_body, n, django_assert_num_queries):
    for index in range(n):
        ItemFactory(
            form="inquiry",
            topic=f"问政{index}",
            public_questions=True,
            working_body=working_body,
        )
    # the inquiries with their organisations and meetings; none per inquiry.
    with django_assert_num_queries(1):
        client.get(reverse("supervision:public_inquiries"))
