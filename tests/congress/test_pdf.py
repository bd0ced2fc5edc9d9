import datetime
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
from django.utils.translation import gettext
from pypdf import PdfReader

from congress.pdf import PDF_STATIC_DIR, LocalOnlyFetcher, pdf_response, render_pdf

SAMPLE_CONTEXT = {
    "title": "林晓舟代表2025年度履职报告",
    "deputy_name": "林晓舟",
    "date": datetime.date(2025, 12, 20),
    "paragraphs": ["一年来，该代表积极参加代表活动，依法提出建议。"],
    "rows": [
        {
            "date": datetime.date(2025, 3, 5),
            "activity": "农村饮水安全专题调研",
            "location": "青禾镇代表联络站",
        },
        {
            "date": datetime.date(2025, 6, 18),
            "activity": "接待选民，收集意见建议",
            "location": "白石乡",
        },
    ],
}


@pytest.fixture
def sample_pdf(settings):
    settings.PORTAL_NAME = "青禾县人大常委会"
    return PdfReader(io.BytesIO(render_pdf("pdf/sample.html", SAMPLE_CONTEXT)))


def page_fonts(reader):
    """(name, font descriptor) for every font the pages use."""
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descendant = descendant.get_object()
                yield (
                    str(font["/BaseFont"]),
                    descendant["/FontDescriptor"].get_object(),
                )


def test_render_pdf_text_contains_chinese(sample_pdf):
    text = sample_pdf.pages[0].extract_text()

    assert "林晓舟" in text
    assert "履职报告" in text
    assert "青禾镇代表联络站" in text
    assert "白石乡" in text


def test_render_pdf_puts_portal_name_without_request(sample_pdf):
    assert "青禾县人大常委会" in sample_pdf.pages[0].extract_text()


def test_render_pdf_numbers_pages(sample_pdf):
    footer = gettext("Page %(page)s of %(pages)s") % {"page": 1, "pages": 1}

    assert footer in sample_pdf.pages[0].extract_text()


def test_render_pdf_embeds_noto_cjk_subsets(sample_pdf):
    fonts = list(page_fonts(sample_pdf))

    assert fonts
    for name, descriptor in fonts:
        # Only Noto means no glyph came from a fallback font without CJK.
        assert "Noto" in name
        assert "+" in name  # the subset tag, e.g. ABCDEF+Noto-Serif-CJK-SC
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


@pytest.fixture
def http_server():
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_error(404)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


def test_render_pdf_does_not_fetch_http_image(settings, tmp_path, http_server):
    url, requests = http_server
    (tmp_path / "remote_image.html").write_text(
        '{% extends "pdf/base.html" %}{% block content %}'
        f'<p>林晓舟</p><img src="{url}/seal.png">'
        "{% endblock %}"
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]

    pdf = render_pdf("remote_image.html", {})

    assert "林晓舟" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/seal.png",
        "https://example.com/seal.png",
        "ftp://example.com/seal.png",
        "file:///etc/passwd",
        (PDF_STATIC_DIR / ".." / "congress" / "settings.py").as_uri(),
        f"file://example.com{PDF_STATIC_DIR}/css/portal.css",
    ],
)
def test_local_only_fetcher_refuses_url(url):
    with pytest.raises(ValueError, match=r"disallowed protocol|outside"):
        LocalOnlyFetcher().fetch(url)


def test_local_only_fetcher_serves_static_file():
    response = LocalOnlyFetcher().fetch((PDF_STATIC_DIR / "css/portal.css").as_uri())

    assert b"portal" in response.read()
    response.close()


def test_pdf_response_sets_chinese_filename():
    response = pdf_response(b"%PDF-1.7", "林晓舟履职报告.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('林晓舟履职报告.pdf')}"
    )
    assert response.content == b"%PDF-1.7"
