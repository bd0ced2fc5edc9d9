"""The performance report's signature block keeps with its text: whatever
the length of the file, the last page carries text before the signature."""

import datetime
import io

import pytest
from pypdf import PdfReader

from deputies.report import performance_report_pdf
from tests.deputies.test_report import (
    YEAR,
    DeputyFactory,
    MandateFactory,
    RecordFactory,
)

pytestmark = pytest.mark.django_db


def test_report_is_headed_with_the_installations_name(settings):
    settings.PORTAL_NAME = "青禾县人大常委会"
    deputy = DeputyFactory()
    MandateFactory(deputy=deputy)
    first = PdfReader(io.BytesIO(performance_report_pdf(deputy, YEAR))).pages[0]
    text = first.extract_text()
    assert text.startswith("青禾县人大常委会")
    assert "工作平台" not in text


@pytest.mark.parametrize("records", [1, 11, 12, 34, 35])
def test_signature_block_never_stands_alone_on_the_last_page(records):
    deputy = DeputyFactory()
    MandateFactory(deputy=deputy)
    for n in range(records):
        RecordFactory(
            deputy=deputy,
            date=datetime.date(YEAR, 1, 2) + datetime.timedelta(n),
            description=f"第{n}次走访农户了解饮水安全情况并形成调研报告",
        )
    pages = PdfReader(io.BytesIO(performance_report_pdf(deputy, YEAR))).pages
    last = pages[-1].extract_text()
    closing = last.index("以上履职情况属实")
    assert "填报人" in last[closing:]
    assert last[:closing].strip(), "the signature block opens the last page alone"
