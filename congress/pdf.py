"""PDF rendering shared by every app: a Django template in, PDF bytes out.

Fonts come from fontconfig (the Noto CJK families named in templates/pdf/base.html)
and are embedded as subsets, so the file reads the same on a machine without
them. Rendering never touches the network: the only resources a template may
load are files under static/ (relative URLs resolve there) and data: URLs.
"""

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from congress import rules
from congress.context_processors import portal_name

PDF_STATIC_DIR = (settings.BASE_DIR / "static").resolve()


class LocalOnlyFetcher(URLFetcher):
    """Serves `file://` URLs under static/ and `data:` URLs, refuses the rest.

    A refusal (http, https, ftp, files elsewhere on the disk, `..` escapes) is a
    ValueError: WeasyPrint logs it and renders without the resource. `data:`
    stays allowed because it reads nothing: charts and seals may be inlined.
    """

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols={"file", "data"}, **kwargs)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "file":
            local = parts.netloc in ("", "localhost")
            path = Path(url2pathname(parts.path)).resolve()
            if not (local and path.is_relative_to(PDF_STATIC_DIR)):
                raise ValueError(f"PDF resource outside the static files: {url}")
        return super().fetch(url, headers)


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Renders a template (extending pdf/base.html) to PDF bytes.

    Without a request the portal name is still put into the context, so Celery
    tasks produce the same header as views.
    """
    return html_to_pdf(render_pdf_html(template_name, context, request=request))


def render_pdf_html(template_name: str, context: dict, *, request=None) -> str:
    """The page source of a PDF: cheap next to the layout that follows."""
    context = {"portal_name": portal_name(), **context}
    return render_to_string(template_name, context, request=request)


def fits_inline(html: str) -> bool:
    """Whether a PDF of this page source may be laid out while a request
    waits (installation rule pdf.inline_max_kb). WeasyPrint's time grows with
    the text; a larger one goes to a Celery task so that no worker of the web
    server is held for a minute or killed by its timeout."""
    limit = rules.get(rules.PDF_INLINE_MAX_KB.key) * 1024
    return len(html.encode()) <= limit


def html_to_pdf(html: str) -> bytes:
    document = HTML(
        string=html,
        base_url=f"{PDF_STATIC_DIR.as_uri()}/",
        url_fetcher=LocalOnlyFetcher(),
    )
    return document.write_pdf()


def pdf_response(
    pdf_bytes: bytes, filename: str, *, as_attachment: bool = True
) -> HttpResponse:
    """Wraps PDF bytes in a response whose file name survives Chinese characters."""
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment, filename
    )
    return response
