"""Supervision pages: who sees what (404/403), the flows through the forms,
and the query counts of the lists at N and 2N rows."""

import pytest
from django.urls import reverse

from supervision import services
from supervision.models import ItemStatus, PointStatus
from tests.factories.supervision import ItemFactory
from tests.supervision.conftest import deliberated, prepared, sent

S = ItemStatus


def url(name, *args):
    return reverse(f"supervision:{name}", args=args)


# Visibility ---------------------------------------------------------------------


def test_board_lists_the_years_items(client, office, item):
    client.force_login(office)
    response = client.get(url("board_year", 2026))
    assert response.status_code == 200
    assert item.topic in response.text


@pytest.mark.parametrize("persona", ["deputy", "liaison_a", "station_manager"])
def test_board_refused_outside_the_committee(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("board")).status_code == 403


def test_organisation_does_not_see_a_planned_item(client, item, liaison_a):
    client.force_login(liaison_a)
    assert client.get(url("item_detail", item.pk)).status_code == 404


def test_organisation_sees_its_item_once_told(client, item, office, meeting, liaison_a):
    prepared(item, office, meeting)
    client.force_login(liaison_a)
    assert client.get(url("item_detail", item.pk)).status_code == 200


def test_another_organisation_cannot_see_the_item(client, sent_item, liaison_b):
    client.force_login(liaison_b)
    assert client.get(url("item_detail", sent_item.pk)).status_code == 404
    point = sent_item.opinion.points.first()
    assert client.get(url("point_answer", point.pk)).status_code == 404
    assert client.get(url("opinion_pdf", sent_item.pk)).status_code == 404


def test_draft_opinion_hidden_from_organisation_and_members(
    client, item, office, meeting, liaison_a, member
):
    item = deliberated(item, office, meeting)
    services.opinion_save(
        item, user=office, title="审议意见书草稿", preamble="…", points=["秘密条目"]
    )
    client.force_login(member)
    page = client.get(url("item_detail", item.pk))
    assert "秘密条目" not in page.text
    assert client.get(url("opinion_pdf", item.pk)).status_code == 404
    client.force_login(liaison_a)
    assert "秘密条目" not in client.get(url("item_detail", item.pk)).text


def test_leader_sees_the_draft_opinion(client, item, office, meeting, leader):
    item = deliberated(item, office, meeting)
    services.opinion_save(
        item, user=office, title="审议意见书草稿", preamble="…", points=["草稿条目"]
    )
    client.force_login(leader)
    assert "草稿条目" in client.get(url("item_detail", item.pk)).text


def test_member_cannot_take_staff_steps(client, item, member):
    client.force_login(member)
    assert client.get(url("item_step", item.pk, "prepare")).status_code == 403
    assert client.post(url("item_step", item.pk, "cancel")).status_code == 403


def test_organisation_cannot_close_a_point(client, sent_item, liaison_a):
    client.force_login(liaison_a)
    point = sent_item.opinion.points.first()
    assert client.post(url("point_close", point.pk)).status_code == 403


def test_organisation_cannot_answer_before_opinions_are_sent(
    client, item, office, meeting, liaison_a
):
    prepared(item, office, meeting)
    client.force_login(liaison_a)
    assert client.get(url("handling_report", item.pk)).status_code == 403


# Flows through the forms ----------------------------------------------------------


def test_office_creates_an_item(client, office, working_body, liaison_a):
    client.force_login(office)
    response = client.post(
        url("item_create") + "?year=2026",
        {
            "form": "work_report",
            "topic": "关于全县学前教育工作情况的报告",
            "working_body": working_body.pk,
            "organization": liaison_a.organization.pk,
            "planned_month": "8",
        },
    )
    assert response.status_code == 302
    item = services.Item.objects.get(topic="关于全县学前教育工作情况的报告")
    assert item.plan.year == 2026
    assert item.status == S.PLANNED


def test_prepare_step_confirm_page_then_post(client, item, office, meeting):
    client.force_login(office)
    page = client.get(url("item_step", item.pk, "prepare"))
    assert page.status_code == 200
    assert "consequence" in page.text
    response = client.post(
        url("item_step", item.pk, "prepare"), {"meeting": meeting.pk}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == S.PREPARING


def test_step_refusal_is_a_message_not_an_error(client, item, office):
    client.force_login(office)
    response = client.post(
        url("item_step", item.pk, "deliberate"), {"deliberation": "x"}
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    item.refresh_from_db()
    assert item.status == S.PLANNED


def test_opinion_drafted_agreed_and_sent_through_the_pages(
    client, item, office, meeting
):
    item = deliberated(item, office, meeting)
    client.force_login(office)
    client.post(
        url("opinion_edit", item.pk),
        {
            "title": "关于义务教育工作情况报告的审议意见",
            "preamble": "常委会组成人员认为……",
            "doc_number": "青人常审〔2026〕3号",
            "points": "一、加大投入。\n\n二、补齐短板。",
        },
    )
    assert item.opinion.points.count() == 2
    client.post(url("opinion_step", item.pk, "agree"), {})
    client.post(url("opinion_step", item.pk, "send"))
    item.refresh_from_db()
    assert item.status == S.OPINION_SENT


def test_organisation_answers_and_reports(client, sent_item, liaison_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(liaison_a)
    for point in sent_item.opinion.points.all():
        evidence = SimpleUploadedFile(
            "证明.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"
        )
        response = client.post(
            url("point_answer", point.pk),
            {"answer": "已完成。", "evidence": "文件", "files": [evidence]},
        )
        assert response.status_code == 302
    response = client.post(url("handling_report", sent_item.pk), {"summary": "报告"})
    assert response.status_code == 302
    sent_item.refresh_from_db()
    assert sent_item.status == S.REPORTED
    assert not sent_item.opinion.points.filter(status=PointStatus.OPEN).exists()


def test_office_closes_a_point_with_a_decision(client, sent_item, office):
    client.force_login(office)
    point = sent_item.opinion.points.first()
    client.post(url("point_close", point.pk), {"comment": "转入下年度跟踪"})
    point.refresh_from_db()
    assert point.status == PointStatus.CLOSED


def test_vote_step_leads_to_the_ballot(client, reported_item, office):
    client.force_login(office)
    response = client.post(
        url("item_step", reported_item.pk, "vote"), {"mode": "online"}
    )
    vote = reported_item.votes.get()
    assert response.url == reverse("ballot_manage", args=[vote.ballot_id])


# Query counts --------------------------------------------------------------------


def _items(n, organization, working_body, office, meeting):
    for _ in range(n):
        sent(
            ItemFactory(organization=organization, working_body=working_body),
            office,
            meeting,
        )


@pytest.mark.parametrize("n", [3, 6])
def test_board_query_count(
    client, office, working_body, liaison_a, meeting, n, django_assert_num_queries
):
    _items(n, liaison_a.organization, working_body, office, meeting)
    client.force_login(office)
    # session, user, roles, the user's working committee (the board's default
    # scope), the items with their point counts, the plan, the years, the
    # unread notices; none per item.
    with django_assert_num_queries(8):
        client.get(url("board_year", 2026))


@pytest.mark.parametrize("n", [3, 6])
def test_open_points_query_count(
    client, office, working_body, liaison_a, meeting, n, django_assert_num_queries
):
    _items(n, liaison_a.organization, working_body, office, meeting)
    client.force_login(office)
    # session, user, roles, the pager's count, the points with their items,
    # the unread notices; none per point.
    with django_assert_num_queries(6):
        client.get(url("open_points"))


@pytest.mark.parametrize("n", [3, 6])
def test_org_items_query_count(
    client, office, working_body, liaison_a, meeting, n, django_assert_num_queries
):
    _items(n, liaison_a.organization, working_body, office, meeting)
    client.force_login(liaison_a)
    # session, user, roles, the pager's count, the items with their point
    # counts, the unread notices; none per item.
    with django_assert_num_queries(6):
        client.get(url("org_items"))
