"""Sections of a deputy's performance report (履职报告) that apps contribute.

The report itself lives in `deputies`; proposals, supervision and the liaison
stations add their own sections (proposals and outcomes, receptions ...) by
calling `register_section` from their `AppConfig.ready()`, so `congress` and
`deputies` import none of them and the report grows as they land.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    key: str
    order: int
    build: Callable[[Any, int], dict | None]
    template: str


_sections: dict[str, Section] = {}


def register_section(
    key: str,
    *,
    order: int,
    build: Callable[[Any, int], dict | None],
    template: str,
) -> Section:
    """Adds a section; a key registered twice raises ValueError (sections are
    registered once, when their module is imported). `build(deputy, year)`
    returns the template's context, or None to leave the section out of that
    deputy's report."""
    if key in _sections:
        raise ValueError(f"Report section {key} is already registered")
    section = Section(key, order, build, template)
    _sections[key] = section
    return section


def sections_for(deputy, year: int) -> list[tuple[str, dict]]:
    """(template, context) of every section with something to show, in order."""
    result = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        context = section.build(deputy, year)
        if context is not None:
            result.append((section.template, context))
    return result
