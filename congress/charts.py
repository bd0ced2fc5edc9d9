"""Charts as inline SVG, drawn on the server: no JavaScript, the same markup
on the page and in WeasyPrint's PDFs (where they stay vector graphics with
extractable text). Two shapes cover the dashboard: horizontal bars with a
label each (`bar_svg`) and monthly columns (`columns_svg`). A bar or column
with a URL is a link to the list behind it (pages only; PDFs pass
links=False)."""

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "Noto Sans CJK SC, Noto Sans SC, sans-serif"
BAR = "#2f6fb0"
AXIS = "#adb5bd"
TEXT = "#212529"
WIDTH = 640
LABEL_WIDTH = 190
LABEL_CHARS = 12


def _number(value: float | int | None, unit: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value}{unit}"


def _short(label: str) -> str:
    label = str(label)
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _scale(values: Sequence[float | int | None], maximum: float | None) -> float:
    top = max([value or 0 for value in values] + [maximum or 0])
    return float(top) if top > 0 else 1.0


def _link(inner: str, url: str, links: bool) -> str:
    if links and url:
        return f'<a href="{escape(url)}">{inner}</a>'
    return inner


def _svg(title: str, width: int, height: int, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}" '
        f'font-family="{FONT}" font-size="13">'
        f"<title>{escape(title)}</title>"
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 (escaped above)


def bar_svg(
    title: str,
    labels: Sequence[str],
    values: Sequence[float | int | None],
    *,
    unit: str = "",
    urls: Sequence[str] = (),
    maximum: float | None = None,
    links: bool = True,
) -> SafeString:
    """One horizontal bar per label, its value at its end."""
    row, top = 24, 6
    area = WIDTH - LABEL_WIDTH - 70
    scale = _scale(values, maximum)
    body = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + index * row
        length = 0 if value is None else max(1.0, area * float(value) / scale)
        url = urls[index] if index < len(urls) else ""
        text = (
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" '
            f'fill="{TEXT}">{escape(_short(label))}</text>'
        )
        bar = (
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" '
            f'height="{row - 8}" fill="{BAR}" rx="2"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 15}" '
            f'fill="{TEXT}">{escape(_number(value, unit))}</text>'
        )
        body.append(_link(text + bar, url, links))
    height = top * 2 + max(1, len(labels)) * row
    body.append(
        f'<line x1="{LABEL_WIDTH}" y1="{top}" x2="{LABEL_WIDTH}" '
        f'y2="{height - top}" stroke="{AXIS}"/>'
    )
    return _svg(title, WIDTH, height, body)


def columns_svg(
    title: str,
    labels: Sequence[str],
    values: Sequence[float | int | None],
    *,
    unit: str = "",
    urls: Sequence[str] = (),
    links: bool = True,
) -> SafeString:
    """One column per label (months), its value above it."""
    height, base, top, left = 200, 170, 22, 10
    count = max(1, len(labels))
    step = (WIDTH - 2 * left) / count
    scale = _scale(values, None)
    body = [
        f'<line x1="{left}" y1="{base}" x2="{WIDTH - left}" y2="{base}" '
        f'stroke="{AXIS}"/>'
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + index * step
        size = 0.0 if value is None else (base - top) * float(value) / scale
        url = urls[index] if index < len(urls) else ""
        middle = x + step / 2
        column = (
            f'<rect x="{x + step * 0.18:.1f}" y="{base - size:.1f}" '
            f'width="{step * 0.64:.1f}" height="{size:.1f}" fill="{BAR}" rx="2"/>'
            f'<text x="{middle:.1f}" y="{base - size - 5:.1f}" text-anchor="middle" '
            f'font-size="12" fill="{TEXT}">{escape(_number(value, unit))}</text>'
            f'<text x="{middle:.1f}" y="{base + 18}" text-anchor="middle" '
            f'font-size="12" fill="{TEXT}">{escape(label)}</text>'
        )
        body.append(_link(column, url, links))
    return _svg(title, WIDTH, height, body)


def chart_svg(chart, *, links: bool = True) -> SafeString:
    """A congress.dashboard.Chart as SVG."""
    if chart.kind == "columns":
        return columns_svg(
            str(chart.title),
            chart.labels,
            chart.values,
            unit=chart.unit,
            urls=chart.urls,
            links=links,
        )
    return bar_svg(
        str(chart.title),
        chart.labels,
        chart.values,
        unit=chart.unit,
        urls=chart.urls,
        maximum=chart.maximum,
        links=links,
    )
