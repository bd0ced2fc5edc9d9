"""The leadership dashboard (领导驾驶舱) and the annual statistics report:
figures against a small known data set built through the services, the
drill-down links, who may open it, the PDF and the workbook, and the
query count at N and 2N rows."""

import datetime
import io
import re
import shutil
import subprocess

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from congress.dashboard import Scope, dashboard
from congress.views_dashboard import annual_report_job
from deputies.models import Level, RecordStatus
from liaison_stations import services as station_services
from proposals import summaries
from tests.factories.congress import DivisionFactory, OrganizationFactory, TermFactory
from tests.factories.deputies import (
    DeputyFactory,
    MandateFactory,
    PerformanceRecordFactory,
)
from tests.factories.liaison_stations import StationFactory, member
from tests.factories.proposals import accepted, rated
from tests.factories.supervision import ItemFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 16, 10, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 11, 16)
REPLIED_AT = datetime.datetime(2026, 8, 3, 9, tzinfo=datetime.UTC)  # before DUE
HREF = re.compile(r'href="(/[^"]*)"')


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def term():
    return TermFactory()


@pytest.fixture
def division():
    return DivisionFactory(name="测试镇甲")


@pytest.fixture
def deputies(term, division):
    """Three serving county deputies of the division (one active this
    quarter, two without activity) and a township deputy elsewhere."""
    active, idle_one, idle_two = (
        MandateFactory(term=term, division=division).deputy for _ in range(3)
    )
    PerformanceRecordFactory(
        deputy=active, status=RecordStatus.CONFIRMED, date=datetime.date(2026, 10, 8)
    )
    MandateFactory(term=term, level=Level.TOWNSHIP, deputy=DeputyFactory())
    return active, idle_one, idle_two


@pytest.fixture
def proposals(term):
    """One suggestion replied on time and rated satisfied (done), one
    accepted and overdue."""
    organization = OrganizationFactory(name="县交通运输局")
    done = rated(organization, satisfied=True, now=REPLIED_AT, term=term)
    overdue = accepted(organization, due_date=datetime.date(2026, 10, 1), term=term)
    return done, overdue


@pytest.fixture
def supervision_items():
    return [ItemFactory(), ItemFactory()]


@pytest.fixture
def station_data(station_manager, division):
    station = StationFactory(managers=[station_manager], division=division)
    deputy = member(station)
    station_services.reception_record(
        station,
        user=station_manager,
        kind="sitting",
        date=datetime.date(2026, 11, 2),
        deputies=[deputy],
        visitor_count=5,
        summary="",
    )
    return station


def _scope(term, **kwargs) -> Scope:
    return Scope(year=2026, term=term, today=TODAY, **kwargs)


def _figures(scope: Scope, key: str) -> dict[str, object]:
    with translation.override("en"):
        for section, data in dashboard(scope):
            if section.key == key:
                return {str(figure.label): figure.value for figure in data.figures}
    raise AssertionError(key)


def _url(scope: Scope, key: str, label: str) -> str:
    with translation.override("en"):
        for section, data in dashboard(scope):
            if section.key == key:
                return next(f.url for f in data.figures if str(f.label) == label)
    raise AssertionError(key)


def test_deputies_serving_and_idle_this_quarter(term, deputies):
    figures = _figures(_scope(term), "deputies")
    assert figures["Serving deputies"] == 4
    assert figures["County people's congress"] == 3
    assert figures["Township people's congress"] == 1
    assert figures["Without activity this quarter"] == 3


def test_division_narrows_the_deputies(term, deputies, division):
    figures = _figures(_scope(term, division=division), "deputies")
    assert figures["Serving deputies"] == 3
    assert figures["Without activity this quarter"] == 2


def test_proposals_counts_and_rates(term, proposals):
    figures = _figures(_scope(term), "proposals")
    assert figures["Assigned"] == 2
    assert figures["Replied"] == 1
    assert figures["Overdue now"] == 1
    assert figures["Handling done"] == 1
    assert figures["Replied on time"] == 100.0
    assert figures["Satisfaction rate"] == 100.0


def test_proposals_of_another_year_are_not_counted(term, proposals):
    figures = _figures(Scope(year=2025, term=term, today=TODAY), "proposals")
    assert figures["Assigned"] == 0


def test_supervision_plan_progress(term, supervision_items):
    figures = _figures(_scope(term), "supervision")
    assert figures["Items in the year's plan"] == 2
    assert figures["Plan progress"] == 0.0


def test_stations_receptions(term, station_data):
    figures = _figures(_scope(term), "liaison_stations")
    assert figures["Receptions"] == 1
    assert figures["Visitors received"] == 5


def test_idle_link_lists_the_idle_deputies(client, leader, term, deputies):
    active, idle_one, idle_two = deputies
    url = _url(_scope(term, user=leader), "deputies", "Without activity this quarter")
    client.force_login(leader)
    html = client.get(url).content.decode()
    assert idle_one.name in html
    assert idle_two.name in html
    assert active.name not in html


def test_overdue_link_lists_the_overdue_proposal(client, leader, term, proposals):
    done, overdue = proposals
    url = _url(_scope(term, user=leader), "proposals", "Overdue now")
    client.force_login(leader)
    html = client.get(url).content.decode()
    assert overdue.proposal.title in html
    assert done.proposal.title not in html


@pytest.fixture
def everything(deputies, proposals, supervision_items, station_data):
    return True


def test_every_drill_down_link_answers_200_for_the_leader(client, leader, everything):
    client.force_login(leader)
    page = client.get(reverse("dashboard")).content.decode()
    sections = page[page.index('data-testid="headlines"') : page.index("</main>")]
    links = {href.replace("&amp;", "&") for href in HREF.findall(sections)}
    assert len(links) > 20
    for link in sorted(links):
        assert client.get(link).status_code == 200, link


def test_office_staff_open_the_dashboard(client, office):
    client.force_login(office)
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.parametrize("persona", ["deputy", "liaison_a", "station_manager"])
def test_others_are_refused(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("dashboard")).status_code == 403
    assert client.get(reverse("dashboard_report_pdf")).status_code == 403
    assert client.get(reverse("dashboard_report_xlsx")).status_code == 403


def test_leader_workspace_links_to_the_dashboard(client, leader):
    client.force_login(leader)
    page = client.get(reverse("workspace_leader")).content.decode()
    assert reverse("dashboard") in page


def test_deputy_workspace_has_no_dashboard_link(client, deputy):
    client.force_login(deputy)
    page = client.get(reverse("workspace_deputy")).content.decode()
    assert reverse("dashboard") not in page


def test_bad_year_names_the_field_and_shows_this_year(client, leader):
    client.force_login(leader)
    response = client.get(reverse("dashboard"), {"year": "二〇二六"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "年度：" in html
    assert "2026" in html


def test_headline_figures_come_first(client, leader, everything):
    client.force_login(leader)
    html = client.get(reverse("dashboard")).content.decode()
    assert html.index('data-testid="headlines"') < html.index("data-section=")


def test_charts_are_inline_svg(client, leader, everything):
    client.force_login(leader)
    html = client.get(reverse("dashboard")).content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg"') >= 3


def _pdf_text(content: bytes) -> str:
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is required"
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607 (poppler on PATH)
        input=content,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def test_annual_report_pdf_has_headings_numbers_and_vector_charts(
    client, leader, everything
):
    client.force_login(leader)
    response = client.get(reverse("dashboard_report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for heading in ("2026年度统计报告", "人大代表", "议案建议", "监督", "代表联络站"):
        assert heading in text
    # The three deputies, the township deputy, the station's deputy and the
    # two suggestions' lead deputies (a lead holds a serving county mandate).
    assert re.search(r"在任代表\s+7\b", text)
    assert re.search(r"当前超期\s+1\b", text)
    # The monthly chart's labels are text in the PDF, not pixels.
    assert "10月" in text
    assert b"/Subtype /Image" not in response.content


def test_workbook_has_one_sheet_per_area_with_the_figures(client, leader, everything):
    client.force_login(leader)
    response = client.get(reverse("dashboard_report_xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "人大代表",
        "议案建议",
        "监督",
        "人事任免",
        "代表联络站",
    ]
    rows = {
        row[0]: row[1]
        for row in workbook["人大代表"].iter_rows(values_only=True)
        if row and row[0]
    }
    assert rows["在任代表"] == 7
    assert rows["本季度无履职活动"] == 4


def _rows(term, division, count: int, station_manager) -> None:
    organization = OrganizationFactory(name="县住建局")
    station = StationFactory(managers=[station_manager], division=division)
    for index in range(count):
        deputy = member(station)
        MandateFactory(
            deputy=deputy, term=term, division=division, level=Level.TOWNSHIP
        )
        PerformanceRecordFactory(
            deputy=deputy,
            status=RecordStatus.CONFIRMED,
            date=datetime.date(2026, 1 + index % 11, 8),
        )
        rated(organization, satisfied=bool(index % 2), now=REPLIED_AT, term=term)
        ItemFactory()
        station_services.reception_record(
            station,
            user=station_manager,
            kind="sitting",
            date=datetime.date(2026, 1 + index % 11, 2),
            deputies=[deputy],
            visitor_count=3,
            summary="",
        )


# The page, section by section:
#   the request 3 (session, user, roles) and the current term 1;
#   deputies 6 (mandates per level, totals and idle this quarter, records
#     per month, composition, points ranking with the names, evaluations;
#     the activity figures from the summary table);
#   proposals 10 (the handling statistics: the summary queue, the summary's
#     four tables and the overdue assignments, the names of organisations
#     and categories occurring (meetings too when any); the organisations'
#     ids for the links, key suggestions by state);
#   supervision 5 (items by state, points, late reports, votes, projects);
#   appointments 4 (cases by type, exams, oaths, appraisals);
#   stations 6 (the monthly summary, overdue referrals, this month's
#     duties so far, the visits rule, the stations' deputies and those of
#     them who reached it);
#   the filter form's terms and divisions 2, the navbar's notice count 1.
DASHBOARD_QUERIES = 38


@pytest.mark.parametrize("count", [2, 4])
def test_query_count_is_fixed(
    client, leader, term, division, station_manager, count, django_assert_num_queries
):
    _rows(term, division, count, station_manager)
    summaries.summaries_refresh()  # as the beat task does every minute
    client.force_login(leader)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert client.get(reverse("dashboard")).status_code == 200


def test_a_report_over_the_pdf_budget_goes_to_a_task(
    client, leader, everything, django_capture_on_commit_callbacks, monkeypatch
):
    # The budget's own check (congress.pdf.fits_inline) is tested with it.
    monkeypatch.setattr("congress.views_dashboard.fits_inline", lambda html: False)
    queued = []
    monkeypatch.setattr(
        "congress.tasks.render_pdf_job.apply_async",
        lambda **kwargs: queued.append(kwargs),
    )
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("dashboard_report_pdf"), {"year": 2026})
    assert response.status_code == 302
    assert response["Location"].startswith("/pdf-jobs/")
    name, args = queued[0]["args"]
    assert name == "congress.annual_report"
    content, filename = annual_report_job(*args)
    assert filename == "2026年度统计报告.pdf"
    assert "2026年度统计报告" in _pdf_text(content)


def test_evaluation_link_lists_the_excellent_deputies(client, leader, term, deputies):
    from deputies.models import AnnualEvaluation, EvaluationResult

    active, idle_one, _idle_two = deputies
    for deputy, result in (
        (active, EvaluationResult.EXCELLENT),
        (idle_one, EvaluationResult.COMPETENT),
    ):
        AnnualEvaluation.objects.create(
            deputy=deputy,
            year=2025,
            result=result,
            evaluated_by="县人大常委会",
            evaluated_on=datetime.date(2026, 1, 5),
        )
    scope = _scope(term, user=leader)
    assert _figures(scope, "deputies")["Evaluated excellent"] == 1
    client.force_login(leader)
    html = client.get(_url(scope, "deputies", "Evaluated excellent")).content.decode()
    assert active.name in html
    assert idle_one.name not in html


def test_issue_list_filters_by_year_and_routing(
    client, leader, station_data, station_manager, liaison_a
):
    reception = station_data.receptions.get()
    issues = [
        station_services.issue_record(
            reception,
            user=station_manager,
            citizen_name="何秀珍",
            citizen_phone="13905810001",
            content=content,
            category="infrastructure",
            now=now,
        )
        for content, now in (
            ("村道坑洼积水", NOW),
            ("路灯不亮", NOW),
            ("去年的问题", NOW - datetime.timedelta(days=365)),
        )
    ]
    station_services.issue_refer(
        issues[0], user=station_manager, organization=liaison_a.organization
    )
    client.force_login(leader)
    url = reverse("liaison_stations:issue_list")
    html = client.get(url, {"year": 2026, "routing": "referred"}).content.decode()
    assert issues[0].tracking_code in html
    assert issues[1].tracking_code not in html
    html = client.get(url, {"year": 2026}).content.decode()
    assert issues[1].tracking_code in html
    assert issues[2].tracking_code not in html
