"""The 审议意见书 as a PDF: official layout with the installation's name and
the Chinese text of every point."""

import io

from django.urls import reverse
from pypdf import PdfReader

from tests.supervision.conftest import POINTS


def _text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_opinion_pdf_has_heading_addressee_points_and_deadline(
    client, sent_item, liaison_a, settings
):
    settings.PORTAL_NAME = "青禾县人大常委会"
    client.force_login(liaison_a)
    response = client.get(reverse("supervision:opinion_pdf", args=[sent_item.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content).replace(" ", "").replace("\n", "")
    assert "青禾县人大常委会" in text
    assert "审议意见书" in text
    assert "测试局甲" in text
    for point in POINTS:
        assert point.rstrip("。") in text
    assert "2026年7月4日" in text
