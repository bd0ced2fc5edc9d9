"""Reports: search, handling statistics (page, Excel), the PDFs and the public
page of published replies (proposals.views.reports, proposals.selectors)."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from congress.roles import Role
from proposals import pdf, selectors, summaries, workflow
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Contact,
    ImplementationStatus,
    Proposal,
    ProposalStatus,
    Rating,
    Reply,
    ReplyStatus,
    Satisfaction,
)
from tests.factories.congress import MeetingFactory, TermFactory, UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.proposals import CategoryFactory, ProposalFactory

pytestmark = pytest.mark.django_db

A = AssignmentStatus
TZ = ZoneInfo("Asia/Shanghai")
ASSIGNED_ON = datetime.date(2026, 3, 2)
DUE = datetime.date(2026, 6, 2)
TODAY = datetime.date(2026, 7, 10)
STATISTICS = reverse("proposals:reports_statistics")


def _proposal(**fields) -> Proposal:
    proposal = ProposalFactory(status=ProposalStatus.ASSIGNED, **fields)
    proposal.search_bigrams = workflow.bigrams(proposal.title, proposal.body)
    proposal.save(update_fields=["search_bigrams"])
    return proposal


def _assign(proposal, organization, *, role=AssignmentRole.LEAD, **fields):
    options = {"status": A.ACCEPTED, "assigned_on": ASSIGNED_ON, "due_date": DUE}
    return Assignment.objects.create(
        proposal=proposal,
        organization=organization,
        role=role,
        **{**options, **fields},
    )


def _reply(assignment, day: datetime.date, category: str, round_: int = 1):
    return Reply.objects.create(
        assignment=assignment,
        round=round_,
        text="已列入明年道路硬化计划。",
        reference_number=f"县交〔2026〕{assignment.pk}号",
        category=category,
        signer="王局长",
        contact="李科长 13900000000",
        status=ReplyStatus.APPROVED,
        sent_at=datetime.datetime.combine(day, datetime.time(16), tzinfo=TZ),
    )


def _rate(assignment, deputy, result, round_: int = 1):
    return Rating.objects.create(
        assignment=assignment,
        round=round_,
        deputy=deputy,
        attitude=Satisfaction.SATISFIED,
        result=result,
    )


@pytest.fixture
def known(liaison_a, liaison_b):
    """Four suggestions with known figures (see the statistics tests)."""
    org_a, org_b = liaison_a.organization, liaison_b.organization
    category = CategoryFactory(name="交通运输")
    # 1: on time, met the deputy before, A, satisfied, done; co-handled by B.
    p1 = _proposal(category=category)
    lead1 = _assign(p1, org_a, status=A.DONE, implementation="solved")
    _assign(p1, org_b, role=AssignmentRole.CO, status=A.DONE)
    _reply(lead1, datetime.date(2026, 5, 1), "A")
    Contact.objects.create(
        assignment=lead1, method="meeting", date=datetime.date(2026, 4, 20)
    )
    _rate(lead1, p1.lead_deputy, Satisfaction.SATISFIED)
    # 2: late, contact only after the reply, B, the lead deputy did not rate
    # (a co-signer's satisfied rating must not count).
    p2 = _proposal(category=category)
    lead2 = _assign(p2, org_a, status=A.REPLIED, implementation="in_progress")
    _reply(lead2, datetime.date(2026, 7, 1), "B")
    Contact.objects.create(
        assignment=lead2, method="phone", date=datetime.date(2026, 7, 5)
    )
    _rate(lead2, DeputyFactory(), Satisfaction.SATISFIED)
    # 3: not replied and past its due date: overdue now.
    _assign(_proposal(), org_b)
    # 4: on time, C, dissatisfied: re-handling with a new deadline.
    p4 = _proposal(category=category)
    lead4 = _assign(
        p4,
        org_b,
        status=A.RE_HANDLING,
        round=2,
        due_date=datetime.date(2026, 8, 10),
        implementation=ImplementationStatus.CANNOT_SOLVE,
    )
    _reply(lead4, datetime.date(2026, 5, 20), "C")
    _rate(lead4, p4.lead_deputy, Satisfaction.DISSATISFIED)
    # A relieved assignment counts nowhere.
    _assign(_proposal(), org_a, status=A.WITHDRAWN)
    return p1.term


# Statistics ------------------------------------------------------------------


def test_statistics_totals_match_the_known_data(known):
    total = selectors.handling_statistics(term=known, today=TODAY).total
    assert (total.assigned, total.co_handled, total.replied) == (4, 1, 3)
    assert (total.contacted, total.on_time, total.closed) == (1, 2, 1)
    assert total.implemented == 1
    assert (total.category_a, total.category_b, total.category_c) == (1, 1, 1)
    assert (total.satisfied, total.basically, total.dissatisfied) == (1, 0, 1)
    assert total.overdue == 1


def test_unrated_reply_is_not_counted_as_satisfied(known):
    total = selectors.handling_statistics(term=known, today=TODAY).total
    assert total.unrated == 1
    assert total.rated == 2
    assert total.satisfaction_rate == 50.0  # (1 + 0) / 2 rated, not 2 / 3


def test_statistics_rates(known):
    total = selectors.handling_statistics(term=known, today=TODAY).total
    assert total.contact_rate == 33.3
    assert total.on_time_rate == 66.7
    assert total.closed_rate == 25.0
    assert total.solved_rate == 33.3


def test_statistics_per_organisation_category_and_period(known, liaison_a):
    stats = selectors.handling_statistics(term=known, today=TODAY)
    by_org = {row.label: row for row in stats.by_organization}
    org_a = by_org[liaison_a.organization.name]
    org_b = by_org["测试局乙"]
    assert (org_a.assigned, org_a.replied, org_a.unrated, org_a.co_handled) == (
        2,
        2,
        1,
        0,
    )
    assert (org_b.assigned, org_b.co_handled, org_b.overdue) == (2, 1, 1)
    by_category = {row.label: row.assigned for row in stats.by_category}
    assert by_category == {
        "交通运输": 3,
        "未分类" if False else stats.by_category[-1].label: 1,
    }
    assert [row.assigned for row in stats.by_meeting] == [4]  # all in recess


def test_statistics_page_shows_the_tables_and_chart_data(client, known, office):
    client.force_login(office)
    response = client.get(STATISTICS)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="stats-by_organization"' in page
    assert 'id="proposals-chart-data"' in page
    assert "测试局甲" in page
    assert "<script>" not in page  # no inline script: the CSP allows 'self' only


@pytest.mark.parametrize("persona", ["leader", "office"])
def test_staff_see_the_statistics(client, known, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(STATISTICS).status_code == 200


def test_deputy_and_organisation_get_403_on_statistics(client, deputy, liaison_a):
    for user in (deputy, liaison_a):
        client.force_login(user)
        assert client.get(STATISTICS).status_code == 403
        url = reverse("proposals:reports_statistics_xlsx")
        assert client.get(url).status_code == 403
        url = reverse("proposals:reports_meeting_summary")
        assert client.get(url).status_code == 403


def test_anonymous_is_sent_to_login(client):
    for name in ("reports_statistics", "reports_search"):
        response = client.get(reverse(f"proposals:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def _replied_proposals(count: int, organizations) -> None:
    for index in range(count):
        proposal = _proposal(category=CategoryFactory(name=f"类别{index % 3}"))
        lead = _assign(
            proposal, organizations[index % len(organizations)], status=A.DONE
        )
        _reply(lead, datetime.date(2026, 5, 1), "A")
        _rate(lead, proposal.lead_deputy, Satisfaction.SATISFIED)


def test_statistics_page_query_count_is_fixed(
    client, office, liaison_a, liaison_b, django_assert_num_queries
):
    TermFactory()
    orgs = [liaison_a.organization, liaison_b.organization]
    client.force_login(office)
    for count in (3, 6):
        _replied_proposals(count, orgs)
        summaries.summaries_refresh()  # as the beat task does every minute
        # session, user, user's roles, the current term, (statistics) the
        # summary queue, summary rows by organisation, category, leader and
        # session, overdue assignments, organisations, categories (no leader
        # or meeting names: none named, all in recess), unread notices, (the
        # filter form) terms, sessions
        with django_assert_num_queries(15):
            assert client.get(STATISTICS).status_code == 200


def test_statistics_filters_by_session(client, office, liaison_a):
    term = TermFactory()
    session = MeetingFactory(term=term, kind="congress_session", number=3)
    _assign(_proposal(period="session", meeting=session), liaison_a.organization)
    _assign(_proposal(), liaison_a.organization)
    stats = selectors.handling_statistics(term=term, meeting=session, today=TODAY)
    assert stats.total.assigned == 1


def test_excel_export_opens_with_chinese_headers(client, known, office):
    client.force_login(office)
    response = client.get(reverse("proposals:reports_statistics_xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    with translation.override("zh-hans"):
        sheet_names = [str(title) for _a, title, _f in pdf.TABLES]
        headers = [
            str(pdf.TABLES[0][2]),
            *(str(label) for _n, label, _r in pdf.COLUMNS),
        ]
    assert workbook.sheetnames == sheet_names
    sheet = workbook[sheet_names[0]]
    assert [cell.value for cell in sheet[1]] == headers
    assert sheet.max_row == 1 + 2 + 1  # headers, two organisations, the total


# PDFs ------------------------------------------------------------------------


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(
        io.BytesIO(
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
    )
    return "".join(page.extract_text() for page in reader.pages)


def test_assignment_letter_has_its_title_and_the_item(client, known, liaison_a):
    assignment = Assignment.objects.filter(
        organization=liaison_a.organization, role="lead"
    ).first()
    client.force_login(liaison_a)
    url = reverse("proposals:reports_assignment_letter", args=[assignment.pk])
    text = _pdf_text(client.get(url))
    assert "交办表" in text
    assert assignment.proposal.title[:8] in text


def test_assignment_letter_is_404_for_another_organisation(
    client, known, liaison_a, liaison_b
):
    assignment = Assignment.objects.filter(organization=liaison_a.organization).first()
    client.force_login(liaison_b)
    url = reverse("proposals:reports_assignment_letter", args=[assignment.pk])
    assert client.get(url).status_code == 404


def test_assignment_letter_is_403_for_a_deputy(client, known, deputy):
    client.force_login(deputy)
    url = reverse("proposals:reports_assignment_letter", args=[1])
    assert client.get(url).status_code == 403


def test_meeting_summary_pdf_has_its_title_and_figures(client, known, office):
    client.force_login(office)
    text = _pdf_text(client.get(reverse("proposals:reports_meeting_summary")))
    assert "办理情况的报告" in text
    assert "未反馈" in text


def test_compilation_lists_the_session_suggestions(client, office, liaison_a):
    term = TermFactory()
    session = MeetingFactory(term=term, kind="congress_session", number=3)
    proposal = _proposal(period="session", meeting=session, number=7)
    client.force_login(office)
    url = reverse("proposals:reports_compilation", args=[session.pk])
    text = _pdf_text(client.get(url))
    assert "代表建议汇编" in text
    assert proposal.title[:8] in text
    assert proposal.lead_deputy.name in text


def test_compilation_is_403_for_an_organisation(client, liaison_a):
    client.force_login(liaison_a)
    url = reverse("proposals:reports_compilation", args=[1])
    assert client.get(url).status_code == 403


# Search ----------------------------------------------------------------------


def test_search_finds_a_two_character_word(client, office):
    road = _proposal(title="关于修缮村级道路的建议", body="年久失修。")
    _proposal(title="关于增设路灯的建议", body="夜间照明不足。")
    client.force_login(office)
    response = client.get(reverse("proposals:reports_search"), {"q": "道路"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'data-testid="result-{road.pk}"' in page
    assert "路灯" not in page


def test_search_respects_visibility(client, deputy, other_deputy):
    own = _proposal(lead_deputy=DeputyFactory(user=deputy))
    other = _proposal(lead_deputy=DeputyFactory(user=other_deputy))
    client.force_login(deputy)
    page = client.get(reverse("proposals:reports_search"), {"q": "道路"})
    content = page.content.decode()
    assert f'data-testid="result-{own.pk}"' in content
    assert f'data-testid="result-{other.pk}"' not in content


def test_search_by_number_deputy_and_organisation(client, office, liaison_a):
    proposal = _proposal(number=42)
    _assign(proposal, liaison_a.organization)
    _proposal(number=43)
    client.force_login(office)
    url = reverse("proposals:reports_search")
    for params in (
        {"number": 42},
        {"deputy": proposal.lead_deputy.name},
        {"organization": liaison_a.organization.pk},
    ):
        content = client.get(url, params).content.decode()
        assert f'data-testid="result-{proposal.pk}"' in content, params
        assert content.count('data-testid="result-') == 1, params


def test_overdue_stage_lists_the_items_still_with_an_organisation_past_due(
    client, known, office
):
    """The dashboard's drill-down ?stage=overdue: on 2026-07-10 only item 3
    (accepted, due 2026-06-02, no reply); item 4's re-handling is due in
    August, item 2 is replied, item 1 done."""
    overdue = Assignment.objects.get(status=A.ACCEPTED, role=AssignmentRole.LEAD)
    client.force_login(office)
    with time_machine.travel(datetime.datetime(2026, 7, 10, 9, tzinfo=TZ)):
        content = client.get(
            reverse("proposals:reports_search"), {"stage": "overdue"}
        ).content.decode()
    assert f'data-testid="result-{overdue.proposal_id}"' in content
    assert content.count('data-testid="result-') == 1


def test_search_uses_the_bigram_index(office):
    _proposal()
    proposals = selectors.proposals_search(
        Proposal.objects.visible_to(office), filters={"q": "道路"}
    )
    sql, _params = proposals.query.sql_with_params()
    assert "@>" in sql
    with connection.cursor() as cursor:
        # A few test rows never pay for an index scan; at 100,000 the planner
        # chooses it (bench/proposals_pages.py prints the plan).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = proposals.explain()
    assert "proposal_bigrams" in plan


def test_search_query_count_is_fixed(
    client, office, liaison_a, django_assert_num_queries
):
    client.force_login(office)
    for count in (3, 6):
        for _i in range(count):
            _assign(_proposal(), liaison_a.organization)
        # session, user, user's roles, count, page (with categories), the
        # page's lead deputies and organisations, unread notices, (the form)
        # organisations, categories
        with django_assert_num_queries(10):
            client.get(reverse("proposals:reports_search"), {"q": "道路"})


# Public page -----------------------------------------------------------------


@pytest.fixture
def published(liaison_a):
    proposal = _proposal(title="关于硬化柳溪村道路的建议")
    lead = _assign(proposal, liaison_a.organization, status=A.DONE)
    _reply(lead, datetime.date(2026, 5, 1), "A")
    Proposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.CLOSED, published=True
    )
    return proposal


def test_published_page_works_for_anonymous_visitors(client, published):
    response = client.get(reverse("proposals:reports_published"))
    page = response.content.decode()
    assert response.status_code == 200
    assert published.title in page
    assert "已列入明年道路硬化计划" in page
    # No phone numbers: neither the reply's contact nor the deputy's mobile.
    assert "13900000000" not in page
    assert published.lead_deputy.mobile not in page


def test_unpublished_and_confidential_are_absent(client, published, liaison_a):
    hidden = _proposal(title="关于未公开事项的建议")
    Proposal.objects.filter(pk=hidden.pk).update(status=ProposalStatus.CLOSED)
    secret = _proposal(title="关于保密事项的建议")
    Proposal.objects.filter(pk=secret.pk).update(
        status=ProposalStatus.CLOSED, published=True, confidential=True
    )
    page = client.get(reverse("proposals:reports_published")).content.decode()
    assert "未公开事项" not in page
    assert "保密事项" not in page
    assert published.title in page


def test_published_page_search_and_query_count(
    client, published, django_assert_num_queries
):
    # count, page, the page's replies
    with django_assert_num_queries(3):
        response = client.get(reverse("proposals:reports_published"), {"q": "柳溪"})
    assert published.title in response.content.decode()


def test_viewer_role_sees_statistics(client, known):
    client.force_login(UserFactory(roles=[Role.VIEWER]))
    assert client.get(STATISTICS).status_code == 200
