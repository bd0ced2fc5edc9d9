"""The yearly statistics as rows, an Excel workbook and a PDF."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from appointments.models import CaseType
from congress.pdf import render_pdf


def statistics_rows(stats: dict) -> list[tuple[str, object]]:
    """(label, value) rows: cases by type and outcome, exams, oaths."""
    rows = [
        (str(label), stats["by_type"].get(value, 0))
        for value, label in CaseType.choices
    ]
    rows += [
        (_("Cases passed by the vote"), stats["outcome"]["passed"]),
        (_("Cases not passed by the vote"), stats["outcome"]["rejected"]),
        (_("Exam sessions"), stats["exam"]["sessions"]),
        (_("Exam papers marked"), stats["exam"]["total"]),
        (_("Exam papers passed"), stats["exam"]["passed"]),
        (_("Exam pass rate (%)"), _rate(stats["exam"])),
        (_("Oath ceremonies"), stats["oath"]["ceremonies"]),
        (_("Appointees sworn"), stats["oath"]["sworn"]),
    ]
    return rows


def _rate(exam: dict) -> str:
    if not exam["total"]:
        return "—"
    return f"{exam['passed'] * 100 / exam['total']:.1f}"


def statistics_xlsx(stats: dict) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Appointments in %(year)s") % {"year": stats["year"]}
    sheet.append([_("Item"), _("Quantity")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in statistics_rows(stats):
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 30
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def statistics_pdf(stats: dict) -> bytes:
    return render_pdf(
        "appointments/pdf/statistics.html",
        {"stats": stats, "rows": statistics_rows(stats)},
    )
