"""Inspections and tours: visits with findings, the deputies' performance
files, and findings drafted into the opinions' points."""

import datetime

import pytest
from django.urls import reverse

from deputies.models import PerformanceRecord
from supervision import services
from supervision.services import SupervisionRefused
from tests.factories.deputies import DeputyFactory
from tests.factories.supervision import ItemFactory
from tests.supervision.conftest import deliberated

DAY = datetime.date(2026, 5, 12)


@pytest.fixture
def inspection(db, liaison_a, working_body):
    item = ItemFactory(
        form="law_inspection",
        law="中华人民共和国食品安全法",
        topic="食品安全法执法检查",
        organization=liaison_a.organization,
        working_body=working_body,
    )
    item.deputies.set([DeputyFactory(), DeputyFactory()])
    return item


def test_visit_enters_the_deputies_files(inspection, office):
    visit = services.visit_record(
        inspection,
        user=office,
        date=DAY,
        place="城区农贸市场",
        findings=["部分摊位索证索票不全", "", "冷链记录缺失"],
    )
    assert visit.findings.count() == 2
    records = PerformanceRecord.objects.filter(source_id=visit.pk)
    assert records.count() == 2
    assert {r.kind for r in records} == {"law_enforcement"}
    assert {r.status for r in records} == {"confirmed"}


def test_visit_recorded_again_does_not_duplicate_records(inspection, office):
    visit = services.visit_record(inspection, user=office, date=DAY, place="超市")
    from deputies.services import record_push

    for deputy in inspection.deputies.all():
        record_push(
            deputy, source=visit, kind="law_enforcement", date=DAY, description="x"
        )
    assert PerformanceRecord.objects.filter(source_id=visit.pk).count() == 2


def test_findings_become_draft_points(inspection, office, meeting, client):
    services.visit_record(
        inspection, user=office, date=DAY, place="市场", findings=["冷链记录缺失"]
    )
    item = deliberated(inspection, office, meeting)
    client.force_login(office)
    page = client.get(reverse("supervision:opinion_edit", args=[item.pk]))
    assert "冷链记录缺失" in page.text


def test_no_visit_after_the_meeting(inspection, office, meeting):
    item = deliberated(inspection, office, meeting)
    with pytest.raises(SupervisionRefused):
        services.visit_record(item, user=office, date=DAY, place="市场")


def test_visit_page_is_for_staff(client, inspection, member, office):
    url = reverse("supervision:visit_record", args=[inspection.pk])
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(office)
    response = client.post(
        url, {"date": "2026-05-12", "place": "学校食堂", "findings": "留样不规范"}
    )
    assert response.status_code == 302
    assert inspection.visits.get().findings.get().text == "留样不规范"


@pytest.fixture
def inquiry(db, liaison_a, working_body):
    return ItemFactory(
        form="inquiry",
        topic="安全生产专题询问",
        organization=liaison_a.organization,
        working_body=working_body,
    )


def test_inquiry_commitment_becomes_a_tracked_point(client, inquiry, office, meeting):
    from tests.supervision.conftest import prepared

    prepared(inquiry, office, meeting)
    services.question_record(
        inquiry,
        user=office,
        asked_by="王委员",
        question="危化品企业隐患整改何时完成？",
        respondent="县应急管理局局长",
        answer="年底前全部完成。",
        commitment="年底前完成危化品企业隐患整改",
    )
    assert "年底前完成危化品企业隐患整改" in services.findings_as_points(inquiry)[0]
    client.force_login(office)
    page = client.get(reverse("supervision:item_detail", args=[inquiry.pk]))
    assert "危化品企业隐患整改何时完成" in page.text


def test_questions_only_for_inquiries(inspection, office, meeting):
    with pytest.raises(SupervisionRefused):
        services.question_record(
            inspection, user=office, asked_by="x", question="q", respondent="r"
        )


def test_question_page_refused_to_members(client, inquiry, member):
    client.force_login(member)
    url = reverse("supervision:question_record", args=[inquiry.pk])
    assert client.get(url).status_code == 403
