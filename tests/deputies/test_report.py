"""The performance report (履职报告): PDF content, access, batch export as ZIP."""

import datetime
import io
import zipfile

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from congress.celery import app
from deputies import services
from deputies.models import (
    ActivityKind,
    AnnualEvaluation,
    DeputyGroup,
    Gender,
    Level,
    Mandate,
    RecordStatus,
)
from deputies.report import (
    LATEST_ACTIVITIES,
    performance_report_pdf,
    report_filename,
    report_job_start,
    sections_for,
)
from deputies.tasks import performance_reports_zip
from tests.factories import deputies as deputy_factories
from tests.factories.congress import TermFactory

YEAR = 2025
ID_NUMBER = "11010119900307123X"
MINORITY_NAME = "阿依古丽·买买提"
RARE_NAME = "𠮷祥"  # U+20BB7, outside the Basic Multilingual Plane


class DeputyFactory(deputy_factories.DeputyFactory):
    gender = Gender.FEMALE
    ethnicity = "维吾尔族"
    birth_date = datetime.date(1982, 4, 9)
    id_number = ""
    employer_and_post = "青禾县第一中学教师"
    composition = "专业技术人员"


class MandateFactory(deputy_factories.MandateFactory):
    deputy = factory.SubFactory(DeputyFactory)


class RecordFactory(deputy_factories.PerformanceRecordFactory):
    deputy = factory.SubFactory(DeputyFactory)
    kind = ActivityKind.RESEARCH
    date = factory.Sequence(lambda n: datetime.date(YEAR, 1, 1) + datetime.timedelta(n))
    place = "青禾镇代表联络站"
    description = factory.Sequence(lambda n: f"农村饮水安全专题调研第{n}次")
    status = RecordStatus.CONFIRMED


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def own_file(deputy):
    own = DeputyFactory(user=deputy, name=MINORITY_NAME, id_number=ID_NUMBER)
    MandateFactory(deputy=own)
    RecordFactory(
        deputy=own, date=datetime.date(YEAR, 1, 1), description="走访农户了解饮水安全"
    )
    RecordFactory(
        deputy=own, kind=ActivityKind.VOTER_CONTACT, description="接待选民听取意见"
    )
    return own


@pytest.fixture
def other_file(other_deputy):
    return DeputyFactory(user=other_deputy, name="李四")


# The document ------------------------------------------------------------------


def test_report_pdf_contains_name_year_and_activities(settings, own_file):
    settings.PORTAL_NAME = "青禾县人大常委会"

    text = pdf_text(performance_report_pdf(own_file, YEAR))

    assert MINORITY_NAME in text
    assert "青禾县" in text
    assert str(YEAR) in text
    assert "走访农户了解饮水安全" in text
    assert "接待选民听取意见" in text
    assert "2025-01-01" in text


def test_report_pdf_never_prints_the_id_number(own_file):
    text = pdf_text(performance_report_pdf(own_file, YEAR))

    assert ID_NUMBER not in text
    assert ID_NUMBER[:6] not in text


def test_report_pdf_counts_points_of_confirmed_records_only(own_file):
    RecordFactory(
        deputy=own_file, status=RecordStatus.PENDING, description="尚未确认的活动"
    )
    RecordFactory(deputy=own_file, date=datetime.date(YEAR - 1, 6, 1))

    sections = dict(sections_for(own_file, YEAR))
    points = sections["deputies/pdf/section_points.html"]

    assert points["total"]["count"] == 2
    assert points["total"]["points"] == services.points_for(
        ActivityKind.RESEARCH
    ) + services.points_for(ActivityKind.VOTER_CONTACT)
    assert "尚未确认的活动" not in pdf_text(performance_report_pdf(own_file, YEAR))


def test_report_pdf_shows_the_annual_evaluation(own_file):
    AnnualEvaluation.objects.create(
        deputy=own_file,
        year=YEAR,
        result=AnnualEvaluation.Result.EXCELLENT,
        evaluated_by="青禾县人大常委会代表工作委员会",
        evaluated_on=datetime.date(YEAR, 12, 20),
    )

    text = pdf_text(performance_report_pdf(own_file, YEAR))

    assert "青禾县人大常委会代表工作委员会" in text


def test_report_pdf_renders_a_name_beyond_the_basic_plane(db):
    rare = DeputyFactory(name=RARE_NAME)
    RecordFactory(deputy=rare, description="走访农户了解饮水安全")

    reader = PdfReader(io.BytesIO(performance_report_pdf(rare, YEAR)))

    text = reader.pages[0].extract_text()
    # pypdf maps the glyph back through the font's ToUnicode table.
    assert RARE_NAME in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert fonts
    assert all("Noto" in name for name in fonts)  # no fallback without 𠮷


def test_report_pdf_query_count_does_not_grow_with_records(db):
    few, many = DeputyFactory(), DeputyFactory()
    MandateFactory(deputy=few)
    MandateFactory(deputy=many)
    RecordFactory.create_batch(3, deputy=few)
    RecordFactory.create_batch(30, deputy=many)
    for kind in ActivityKind.values:  # the point rules, cached after the first read
        services.points_for(kind)

    with CaptureQueriesContext(connection) as at_3:
        performance_report_pdf(few, YEAR)
    with CaptureQueriesContext(connection) as at_30:
        performance_report_pdf(many, YEAR)

    # deputy, serving mandates (+ term, constituency), their groups, the
    # year's activity summary, its latest confirmed records, the year's
    # evaluation; the liaison stations' section: the deputy's stations (none
    # here); the supervision section: whether the deputy took part in
    # anything (nothing here)
    assert len(at_3) == len(at_30) == 8


def test_report_pdf_lists_the_latest_activities_and_counts_the_rest(db):
    many = DeputyFactory()
    MandateFactory(deputy=many)
    RecordFactory.create_batch(LATEST_ACTIVITIES + 7, deputy=many)
    RecordFactory(deputy=many, kind=ActivityKind.TRAINING, description="最新的培训")
    text = pdf_text(performance_report_pdf(many, YEAR))
    assert "最新的培训" in text
    assert "农村饮水安全专题调研第" in text
    assert "此前另有8次活动" in text
    assert "各月履职活动" in text


def test_report_totals_equal_the_confirmed_records(office):
    from django.db.models import Count, Sum

    from deputies.models import PerformanceRecord
    from deputies.report import points_section

    own = DeputyFactory()
    RecordFactory.create_batch(4, deputy=own)
    RecordFactory.create_batch(2, deputy=own, kind=ActivityKind.TRAINING, hours=None)
    services.record_return(
        RecordFactory(deputy=own, status=RecordStatus.PENDING), user=office, reason="重"
    )
    section = points_section(own, YEAR)
    live = dict(
        PerformanceRecord.objects.filter(deputy=own, status=RecordStatus.CONFIRMED)
        .values_list("kind")
        .annotate(n=Count("pk"), p=Sum("points"))
        .values_list("kind", "p")
    )
    labels = dict(ActivityKind.choices)
    assert {row["label"]: row["points"] for row in section["rows"]} == {
        labels[kind]: points for kind, points in live.items()
    }
    assert section["total"]["count"] == 6
    assert section["total"]["points"] == sum(live.values())


def test_report_filename_keeps_the_middle_dot_and_strips_separators():
    assert report_filename(MINORITY_NAME, YEAR, suffix=".pdf") == (
        "阿依古丽·买买提_2025.pdf"
    )
    assert report_filename("../李/四\\", YEAR, suffix=".pdf") == "_李_四__2025.pdf"


# Single download ----------------------------------------------------------------


def test_report_pdf_view_serves_a_deputy_their_own_report(client, deputy, own_file):
    client.force_login(deputy)

    response = client.get(reverse("deputy_reports:pdf", args=[own_file.pk, YEAR]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert MINORITY_NAME in pdf_text(response.content)


def test_report_pdf_view_hides_another_deputys_report(client, other_deputy, own_file):
    client.force_login(other_deputy)

    response = client.get(reverse("deputy_reports:pdf", args=[own_file.pk, YEAR]))

    assert response.status_code == 404


def test_report_pdf_view_serves_leadership_any_deputy(client, leader, own_file):
    client.force_login(leader)

    response = client.get(reverse("deputy_reports:pdf", args=[own_file.pk, YEAR]))

    assert response.status_code == 200


def test_report_pdf_view_refuses_a_future_year(client, leader, own_file):
    client.force_login(leader)
    url = reverse("deputy_reports:pdf", args=[own_file.pk, 2999])

    assert client.get(url).status_code == 404


# Batch export -------------------------------------------------------------------


@pytest.fixture
def group_of_two(own_file):
    group = DeputyGroup.objects.create(term=TermFactory(), name="青禾镇代表小组")
    rare = DeputyFactory(name=RARE_NAME)
    for member in (own_file, rare):
        Mandate.objects.get_or_create(
            deputy=member, level=Level.COUNTY, term=TermFactory()
        )[0].groups.add(group)
    return group


def test_report_batch_enqueues_and_redirects_to_the_job(
    client, office, group_of_two, django_capture_on_commit_callbacks
):
    client.force_login(office)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("deputy_reports:batch"), {"year": YEAR, "group": group_of_two.pk}
        )

    assert response.status_code == 302
    assert "/jobs/" in response["Location"]
    assert len(callbacks) == 1  # the task goes out after the commit


def test_report_batch_page_offers_the_groups_of_the_current_term(
    client, leader, group_of_two
):
    client.force_login(leader)

    response = client.get(reverse("deputy_reports:batch"))

    assert response.status_code == 200
    assert "青禾镇代表小组" in response.content.decode()


def test_report_batch_is_refused_to_a_deputy(client, deputy):
    client.force_login(deputy)

    assert client.get(reverse("deputy_reports:batch")).status_code == 403


def test_report_job_page_shows_progress_to_its_starter(
    client, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        job_id = report_job_start(office, deputy_ids=[1, 2], year=YEAR)
    client.force_login(office)

    response = client.get(
        reverse("deputy_reports:job", args=[job_id]), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert b'hx-trigger="every 2s"' in response.content
    assert b"<html" not in response.content  # the partial only


def test_report_job_page_and_download_hide_from_another_user(
    client, office, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        job_id = report_job_start(office, deputy_ids=[1], year=YEAR)
    client.force_login(leader)

    assert client.get(reverse("deputy_reports:job", args=[job_id])).status_code == 404
    download = reverse("deputy_reports:job_download", args=[job_id])
    assert client.get(download).status_code == 404


def test_report_job_download_streams_the_finished_zip(
    client, office, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        job_id = report_job_start(office, deputy_ids=[1], year=YEAR)
    folder = settings.MEDIA_ROOT / "reports"
    folder.mkdir(parents=True)
    (folder / f"{job_id}.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    app.backend.store_result(job_id, f"reports/{job_id}.zip", "SUCCESS")
    client.force_login(office)

    page = client.get(reverse("deputy_reports:job", args=[job_id]))
    response = client.get(reverse("deputy_reports:job_download", args=[job_id]))

    assert b'data-state="success"' in page.content
    assert b"hx-trigger" not in page.content  # polling stops
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_performance_reports_zip_runs_on_worker(settings, celery_worker):
    deputies = [DeputyFactory(name=MINORITY_NAME), DeputyFactory(name=RARE_NAME)]
    for deputy in deputies:
        RecordFactory(deputy=deputy)

    path = performance_reports_zip.delay([d.pk for d in deputies], YEAR).get(timeout=60)

    with zipfile.ZipFile(settings.MEDIA_ROOT / path) as archive:
        names = sorted(archive.namelist())
        texts = [pdf_text(archive.read(name)) for name in names]
    assert names == sorted(
        [f"{MINORITY_NAME}_2025_履职报告.pdf", f"{RARE_NAME}_2025_履职报告.pdf"]
    )
    assert any(MINORITY_NAME in text for text in texts)
