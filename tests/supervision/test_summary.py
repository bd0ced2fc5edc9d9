"""The year in figures (page, Excel, PDF) and the appraisal coverage table."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from congress.models import Organization
from tests.factories.congress import OrganizationFactory, TermFactory
from tests.factories.supervision import ItemFactory, PlanFactory


@pytest.fixture
def year_items(sent_item, working_body):
    ItemFactory(form="appraisal", organization=sent_item.organization)
    return sent_item


def test_summary_counts_and_excel(client, office, year_items):
    client.force_login(office)
    page = client.get(reverse("supervision:summary", args=[2026]))
    assert page.status_code == 200
    response = client.get(reverse("supervision:summary_xlsx", args=[2026]))
    workbook = load_workbook(io.BytesIO(response.content))
    first = workbook.worksheets[0]
    rows = {row[0]: row[1:] for row in first.iter_rows(values_only=True) if row}
    assert rows["听取和审议专项工作报告"][0] == 1
    assert rows["工作评议"][0] == 1
    assert workbook.worksheets[1].max_row == 3  # header + two items


def test_summary_pdf_in_chinese(client, office, year_items):
    client.force_login(office)
    response = client.get(reverse("supervision:summary_pdf", args=[2026]))
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "2026" in text
    assert "监督" in text.replace(" ", "")


@pytest.mark.parametrize("persona", ["member", "liaison_a", "deputy"])
def test_summary_refused_outside_staff_and_leaders(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("supervision:summary", args=[2026])).status_code == 403
    assert client.get(reverse("supervision:coverage")).status_code == 403


def test_coverage_flags_departments_not_yet_appraised(client, leader):
    TermFactory()
    appraised = OrganizationFactory(name="测试局甲")
    OrganizationFactory(name="测试局乙")
    ItemFactory(form="appraisal", organization=appraised, plan=PlanFactory(year=2024))
    client.force_login(leader)
    response = client.get(reverse("supervision:coverage"))
    rows = {row.organization.name: row for row in response.context["rows"]}
    assert rows["测试局甲"].total == 1
    assert rows["测试局乙"].total == 0
    assert Organization.objects.filter(kind="government_department").count() == 2


@pytest.mark.parametrize("n", [2, 4])
def test_coverage_query_count(client, leader, n, django_assert_num_queries):
    TermFactory()
    for k in range(n):
        department = OrganizationFactory(name=f"测试部门{k}")
        ItemFactory(form="appraisal", organization=department)
    client.force_login(leader)
    # session, user, roles, the term, the departments, the plan items
    # appraised, the appraisals selected, unread.
    with django_assert_num_queries(8):
        client.get(reverse("supervision:coverage"))
