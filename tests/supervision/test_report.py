"""The supervision section of a deputy's performance report: the items the
deputy took part in, the opinion cards of the session; none for a deputy
without supervision activity, and never another deputy's."""

import io

import pytest
from pypdf import PdfReader

from congress.reports import sections_for
from deputies.report import performance_report_pdf
from supervision import services
from tests.factories.deputies import DeputyFactory
from tests.factories.supervision import ItemFactory, PlanFactory

TEMPLATE = "supervision/report/_section.html"


@pytest.fixture
def taking_part(deputy, working_body, liaison_a, office):
    own = DeputyFactory(user=deputy)
    item = ItemFactory(
        form="inspection_tour",
        topic="农村饮水安全视察",
        plan=PlanFactory(year=2026),
        organization=liaison_a.organization,
        working_body=working_body,
    )
    services.item_update(item, user=office, deputies=[own])
    return own


def test_section_lists_the_items_taken_part_in(taking_part):
    sections = dict(sections_for(taking_part, 2026))
    [row] = sections[TEMPLATE]["items"]
    assert row["topic"] == "农村饮水安全视察"


def test_no_section_in_another_year(taking_part):
    assert TEMPLATE not in dict(sections_for(taking_part, 2025))


def test_another_deputy_gets_no_section(taking_part, other_deputy):
    other = DeputyFactory(user=other_deputy)
    assert TEMPLATE not in dict(sections_for(other, 2026))


def test_section_is_in_the_pdf_text(taking_part):
    data = performance_report_pdf(taking_part, 2026)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "农村饮水安全视察" in text
