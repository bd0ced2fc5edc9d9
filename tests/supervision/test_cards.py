"""Opinion cards on the session's work reports: one card per deputy and
report, the office compiles chosen opinions into a tracked 审议意见书."""

import datetime

import pytest
from django.urls import reverse

from congress.models import Meeting
from supervision import cards
from supervision.cards import CardRefused
from supervision.models import ItemStatus, SessionReport
from tests.factories.congress import MeetingFactory

NOW = datetime.datetime(2026, 1, 9, 10, tzinfo=datetime.UTC)


@pytest.fixture
def report(db, liaison_a):
    session = MeetingFactory(
        kind=Meeting.Kind.CONGRESS_SESSION,
        start_date=datetime.date(2026, 1, 7),
        end_date=datetime.date(2026, 1, 9),
    )
    return SessionReport.objects.create(
        meeting=session, title="县人民政府工作报告", organization=liaison_a.organization
    )


def test_a_deputy_fills_one_card(report, deputy):
    cards.card_submit(
        report, deputy=deputy, rating="satisfied", opinion="加快城区停车场建设"
    )
    with pytest.raises(CardRefused):
        cards.card_submit(report, deputy=deputy, rating="dissatisfied")
    assert cards.card_counts(report)["rate"] == 100.0


def test_only_deputies_fill_cards(report, member):
    with pytest.raises(CardRefused):
        cards.card_submit(report, deputy=member, rating="satisfied")


def test_compile_makes_a_tracked_opinion(
    report, deputy, other_deputy, office, working_body
):
    first = cards.card_submit(
        report,
        deputy=deputy,
        rating="basically_satisfied",
        opinion="加快城区停车场建设",
    )
    cards.card_submit(report, deputy=other_deputy, rating="dissatisfied", opinion="")
    item = cards.report_compile(
        report, user=office, working_body=working_body, card_ids=[first.pk], now=NOW
    )
    assert item.status == ItemStatus.DELIBERATED
    assert [p.text for p in item.opinion.points.all()] == ["加快城区停车场建设"]
    report.refresh_from_db()
    assert not report.open_for_cards
    with pytest.raises(CardRefused):
        cards.card_submit(report, deputy=office, rating="satisfied")


def test_deputy_fills_the_card_through_the_page(client, report, deputy):
    client.force_login(deputy)
    url = reverse("supervision:session_report", args=[report.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"rating": "satisfied", "opinion": "建议"})
    assert report.cards.get().deputy == deputy


def test_leader_sees_counts_but_cannot_compile(client, report, leader, working_body):
    client.force_login(leader)
    url = reverse("supervision:session_report", args=[report.pk])
    page = client.get(url)
    assert 'data-testid="card-counts"' in page.text
    client.post(url, {"working_body": working_body.pk, "cards": []})
    report.refresh_from_db()
    assert report.item is None


def test_organisation_has_no_card_pages(client, report, liaison_a):
    client.force_login(liaison_a)
    url = reverse("supervision:session_report", args=[report.pk])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("n", [2, 4])
def test_report_list_query_count(client, report, deputy, n, django_assert_num_queries):
    for k in range(n):
        SessionReport.objects.create(
            meeting=report.meeting,
            title=f"报告{k}",
            organization=report.organization,
        )
    client.force_login(deputy)
    # session, user, roles, the deputy's cards, the reports with their
    # meetings and bodies, the unread notices.
    with django_assert_num_queries(6):
        client.get(reverse("supervision:session_reports"))
