"""The leadership dashboard (领导驾驶舱) and the annual statistics report.

Every app adds its section from `AppConfig.ready()` with `register_section`;
congress names no app. A section's `figures(scope)` returns `SectionData`:
headline figures, charts and tables, each figure with the URL of the list
behind it (an existing list page with its filters in the query string). The
same data feeds the page, the annual PDF (congress.views_dashboard) and the
Excel workbook, so the three never disagree.

Figures must come from a fixed number of aggregate queries (one GROUP BY per
family of figures), never from a loop over rows: the page is pinned by a
query-count test and aims at 300 ms cold on a province's data.

Registries fail loudly: a key registered twice raises ValueError.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import pgettext

Label = str | Promise


@dataclass(frozen=True)
class Scope:
    """What the dashboard is filtered by. `year` always; `term` and
    `division` optional (a section that cannot narrow by one says so in a
    note). `user` decides only which links are shown (None in the PDF)."""

    year: int
    term: Any = None
    division: Any = None
    today: datetime.date = field(default_factory=datetime.date.today)
    user: Any = None

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @property
    def quarter_start(self) -> datetime.date:
        """The first day of the quarter of `today` (or of the year's last
        quarter when the year asked for is over)."""
        day = min(self.today, self.end)
        return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@dataclass(frozen=True)
class Figure:
    label: Label
    value: int | float | None
    unit: str = ""  # "%" for rates; empty for counts
    url: str = ""
    headline: bool = False  # shown first on the phone and on top of the page

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        return f"{self.value}{self.unit}"


@dataclass(frozen=True)
class Chart:
    """A bar chart (`kind="bar"`: one horizontal bar per label) or a monthly
    column chart (`kind="columns"`)."""

    title: Label
    labels: list[str]
    values: list[float | int | None]
    kind: str = "bar"
    unit: str = ""
    urls: list[str] = field(default_factory=list)
    maximum: float | None = None  # e.g. 100 for rates


@dataclass(frozen=True)
class Cell:
    value: Any
    url: str = ""

    def __str__(self) -> str:
        return "—" if self.value is None else str(self.value)


@dataclass(frozen=True)
class Table:
    title: Label
    columns: list[Label]
    rows: list[list[Cell]]


@dataclass
class SectionData:
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[Label] = field(default_factory=list)

    @property
    def headlines(self) -> list[Figure]:
        return [figure for figure in self.figures if figure.headline]


@dataclass(frozen=True)
class Section:
    key: str
    title: Label
    order: int
    figures: Callable[[Scope], SectionData]


_sections: dict[str, Section] = {}


def register_section(
    key: str,
    *,
    title: Label,
    order: int,
    figures: Callable[[Scope], SectionData],
) -> None:
    """Add an area to the dashboard and the annual report. `figures(scope)`
    returns the area's SectionData in a fixed number of queries."""
    if key in _sections:
        raise ValueError(f"The dashboard section {key!r} is registered twice.")
    _sections[key] = Section(key, title, order, figures)


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def dashboard(scope: Scope) -> list[tuple[Section, SectionData]]:
    """Every section's figures for `scope`, in order."""
    return [(section, section.figures(scope)) for section in sections()]


def rate(part: int | None, whole: int | None) -> float | None:
    """part/whole in per cent with one decimal; None when there is no whole."""
    if not whole:
        return None
    return round(100 * (part or 0) / whole, 1)


def list_url(url_name: str, *args, **query) -> str:
    """The URL of a list with its filters; empty and None values left out."""
    url = reverse(url_name, args=args)
    params = {key: value for key, value in query.items() if value not in ("", None)}
    return f"{url}?{urlencode(params)}" if params else url


def month_labels() -> list[str]:
    """The twelve months' short labels of a monthly chart ("3月")."""
    return [pgettext("chart month", "%(month)s") % {"month": m} for m in range(1, 13)]
