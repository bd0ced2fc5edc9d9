"""The item's workflow through its services: the statutory clock, the
opinions, the organisation's answers and report, and the refusals."""

import datetime

import pytest

from congress.exceptions import TransitionNotAllowed
from supervision import services
from supervision.models import HandlingReport, ItemStatus, OpinionStatus, PointStatus
from supervision.services import SupervisionRefused
from tests.supervision.conftest import NOW, POINTS, deliberated, prepared, sent

S = ItemStatus


def test_item_prepare_sets_the_statutory_clock(item, office, meeting):
    item = prepared(item, office, meeting)
    assert item.status == S.PREPARING
    assert item.report_due_on == datetime.date(2026, 6, 6)  # 20 days before
    assert item.revised_due_on == datetime.date(2026, 6, 16)  # 10 days
    assert item.circulate_on == datetime.date(2026, 6, 19)  # 7 days
    assert list(item.events.values_list("type", flat=True)) == ["supervision.preparing"]


def test_item_prepare_follows_the_rules(item, office, meeting):
    from congress import rules

    rules.rule_set("supervision.report_days_before_meeting", 30, user=office)
    item = prepared(item, office, meeting)
    assert item.report_due_on == datetime.date(2026, 5, 27)


def test_item_prepare_needs_a_meeting(item, office):
    with pytest.raises(SupervisionRefused):
        services.item_prepare(item, user=office)


def test_item_prepare_refused_to_the_organisation(item, liaison_a, meeting):
    with pytest.raises(TransitionNotAllowed):
        services.item_prepare(item, user=liaison_a, meeting=meeting)


def test_report_received_late_is_recorded(item, office, meeting, liaison_a):
    item = prepared(item, office, meeting)
    late = datetime.datetime(2026, 6, 10, 9, tzinfo=datetime.UTC)
    services.item_report_receive(item, user=liaison_a, revised=False, now=late)
    event = item.events.get(type="supervision.report_received")
    assert event.data == {"late": True}


def test_revised_report_needs_the_first(item, office, meeting, liaison_a):
    item = prepared(item, office, meeting)
    with pytest.raises(SupervisionRefused):
        services.item_report_receive(item, user=liaison_a, revised=True)


def test_another_organisation_cannot_send_the_report(item, office, meeting, liaison_b):
    item = prepared(item, office, meeting)
    with pytest.raises(SupervisionRefused):
        services.item_report_receive(item, user=liaison_b, revised=False)


def test_circulate_needs_the_report(item, office, meeting):
    item = prepared(item, office, meeting)
    with pytest.raises(SupervisionRefused):
        services.item_circulate(item, user=office)


def test_circulate_tells_the_members(item, office, meeting, liaison_a, members):
    from congress.models import Notification

    item = prepared(item, office, meeting)
    services.item_report_receive(item, user=liaison_a, revised=False, now=NOW)
    services.item_circulate(item, user=office, now=NOW)
    assert Notification.objects.filter(kind="supervision.circulated").count() == 5


def test_opinion_send_sets_the_handling_deadline(item, office, meeting):
    item = sent(item, office, meeting)
    assert item.status == S.OPINION_SENT
    assert item.opinion.status == OpinionStatus.SENT
    assert item.opinion.handling_due_on == datetime.date(2026, 7, 4)  # 2 months
    assert [p.text for p in item.opinion.points.all()] == POINTS


def test_opinion_cannot_be_sent_before_agreed(item, office, meeting):
    item = deliberated(item, office, meeting)
    opinion = services.opinion_save(
        item, user=office, title="审议意见书", preamble="…", points=["一"]
    )
    with pytest.raises(TransitionNotAllowed):
        services.opinion_send(opinion, user=office)


def test_agreed_opinion_cannot_be_changed(item, office, meeting):
    item = deliberated(item, office, meeting)
    opinion = services.opinion_save(
        item, user=office, title="审议意见书", preamble="…", points=["一"]
    )
    services.opinion_agree(opinion, user=office)
    with pytest.raises(SupervisionRefused):
        services.opinion_save(
            item, user=office, title="改", preamble="…", points=["二"]
        )


def test_opinion_needs_points(item, office, meeting):
    item = deliberated(item, office, meeting)
    with pytest.raises(SupervisionRefused):
        services.opinion_save(item, user=office, title="t", preamble="p", points=[" "])


def test_report_refused_with_open_points(sent_item, liaison_a):
    point = sent_item.opinion.points.first()
    services.point_answer(point, user=liaison_a, answer="已落实。")
    with pytest.raises(SupervisionRefused):
        services.handling_report_submit(sent_item, user=liaison_a, summary="报告")
    sent_item.refresh_from_db()
    assert sent_item.status == S.OPINION_SENT


def test_late_handling_report_is_marked_late(sent_item, liaison_a):
    late = datetime.datetime(2026, 7, 20, 9, tzinfo=datetime.UTC)
    for point in sent_item.opinion.points.all():
        services.point_answer(point, user=liaison_a, answer="已落实。", now=late)
    report = services.handling_report_submit(
        sent_item, user=liaison_a, summary="报告", now=late
    )
    assert report.late is True
    assert report.due_on == datetime.date(2026, 7, 4)


def test_another_organisation_cannot_answer(sent_item, liaison_b):
    point = sent_item.opinion.points.first()
    with pytest.raises(SupervisionRefused):
        services.point_answer(point, user=liaison_b, answer="我们来答")


def test_point_cannot_be_closed_without_answer_or_decision(sent_item, office):
    point = sent_item.opinion.points.first()
    with pytest.raises(SupervisionRefused):
        services.point_close(point, user=office)
    point = services.point_close(
        point, user=office, decision="工作机构决定：并入下年度跟踪"
    )
    assert point.status == PointStatus.CLOSED


def test_point_closed_on_the_answer(sent_item, office, liaison_a):
    point = sent_item.opinion.points.first()
    services.point_answer(point, user=liaison_a, answer="已落实。")
    assert services.point_close(point, user=office).status == PointStatus.CLOSED


def test_closed_point_cannot_be_answered(sent_item, office, liaison_a):
    point = services.point_close(
        sent_item.opinion.points.first(), user=office, decision="不再跟踪"
    )
    with pytest.raises(SupervisionRefused):
        services.point_answer(point, user=liaison_a, answer="x")


def test_database_refuses_a_closed_point_without_reason(sent_item):
    from django.db import IntegrityError, transaction

    point = sent_item.opinion.points.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(point).objects.filter(pk=point.pk).update(status=PointStatus.CLOSED)


def test_report_submitted_once_per_round(reported_item, liaison_a):
    with pytest.raises(TransitionNotAllowed):
        services.handling_report_submit(reported_item, user=liaison_a, summary="再报")
    assert HandlingReport.objects.count() == 1


def test_close_without_vote_closes_answered_points(reported_item, office):
    services.item_close(reported_item, user=office)
    assert set(reported_item.opinion.points.values_list("status", flat=True)) == {
        PointStatus.CLOSED
    }


def test_cancel_needs_a_reason(item, office):
    with pytest.raises(SupervisionRefused):
        services.item_cancel(item, user=office, reason="")
    assert services.item_cancel(item, user=office, reason="并入其他议题").status == (
        S.CANCELLED
    )


def test_law_inspection_names_its_law(office, working_body, liaison_a):
    from tests.factories.supervision import PlanFactory

    with pytest.raises(SupervisionRefused):
        services.item_create(
            PlanFactory(),
            user=office,
            form="law_inspection",
            topic="执法检查",
            working_body=working_body,
            organization=liaison_a.organization,
        )


def test_item_update_refused_after_the_meeting(item, office, meeting):
    item = deliberated(item, office, meeting)
    with pytest.raises(SupervisionRefused):
        services.item_update(item, user=office, topic="改题")
