"""The four ledgers (台账) a station keeps, from its records, as Excel and PDF:
activities (活动记录), contacts with the people (联系群众记录), opinions and
suggestions (建议意见记录) and referrals (交办转办记录); and the statistics
workbook."""

import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from congress.pdf import render_pdf
from congress.spreadsheets import neutralise_row
from liaison_stations import selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

LEDGERS = {
    "activities": gettext_lazy("Activity ledger"),
    "contacts": gettext_lazy("Ledger of contacts with the people"),
    "opinions": gettext_lazy("Ledger of opinions and suggestions"),
    "referrals": gettext_lazy("Ledger of referrals"),
}


def _names(deputies) -> str:
    return "、".join(d.name for d in deputies)


def build(station, kind: str, year: int) -> tuple[str, list[str], list[list]]:
    """(title, headers, rows) of one ledger. Citizens appear by name only in
    the contacts ledger, which stays with the station (the PDF it prints is
    its paper archive)."""
    title = str(LEDGERS[kind])
    if kind == "activities":
        headers = [
            _("Date"),
            _("Kind"),
            _("Title"),
            _("Place"),
            _("Deputies signed in"),
        ]
        rows = [
            [
                a.date.isoformat(),
                a.get_kind_display(),
                a.title,
                a.place,
                _names(s.deputy for s in a.sign_ins.all()),
            ]
            for a in selectors.ledger_activities(station, year)
        ]
    elif kind == "contacts":
        headers = [
            _("Date"),
            _("Kind"),
            _("Deputies present"),
            _("Visitors"),
            _("Issues raised"),
            _("Summary"),
        ]
        rows = [
            [
                r.date.isoformat(),
                r.get_kind_display(),
                _names(r.deputies.all()),
                r.visitor_count,
                len(r.issues.all()),
                r.summary,
            ]
            for r in selectors.ledger_receptions(station, year)
        ]
    else:
        referred = kind == "referrals"
        headers = [
            _("Tracking code"),
            _("Received on"),
            _("Citizen"),
            _("Issue"),
            _("Routing"),
            _("Handled by"),
            _("Reply due"),
            _("Reply"),
            _("Feedback"),
        ]
        rows = [
            [
                i.tracking_code,
                i.created_at.date().isoformat(),
                i.citizen_name,
                i.content,
                i.get_routing_display() or i.get_status_display(),
                str(i.organization or i.handling_deputy or ""),
                i.due_date.isoformat() if i.due_date else "",
                i.reply or i.screen_reason,
                i.get_feedback_display(),
            ]
            for i in selectors.ledger_issues(station, year, referred_only=referred)
        ]
    return title, headers, rows


def _workbook_response(workbook: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _sheet(workbook: Workbook, title: str, headers: list, rows: list, *, first=False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title[:31]
    sheet.append(neutralise_row(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        # Residents' text among the cells: never a live formula in Excel.
        sheet.append(neutralise_row(row))
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(
            60, max(10, width * 2)
        )
    return sheet


def xlsx_response(title: str, headers: list, rows: list, filename: str) -> HttpResponse:
    workbook = Workbook()
    _sheet(workbook, title, headers, rows, first=True)
    return _workbook_response(workbook, filename)


def pdf(station, title: str, headers: list, rows: list, year: int, *, request=None):
    return render_pdf(
        "liaison_stations/pdf/ledger.html",
        {
            "station": station,
            "title": title,
            "headers": headers,
            "rows": rows,
            "year": year,
        },
        request=request,
    )


def statistics_xlsx(station_rows, deputy_rows, year: int, minimum: int) -> HttpResponse:
    workbook = Workbook()
    _sheet(
        workbook,
        _("Stations"),
        [
            _("Station"),
            _("Published duties"),
            _("Duties planned"),
            _("Duties attended"),
            _("Receptions"),
            _("Visitors"),
            _("Issues raised"),
            _("Referred"),
            _("Answered"),
            _("Answered on time"),
            _("Satisfied"),
            _("Not satisfied"),
            _("Activities"),
        ],
        [
            [
                r.station.name,
                r.slots,
                r.duties_planned,
                r.duties_attended,
                r.receptions,
                r.visitors,
                r.issues,
                r.referred,
                r.answered,
                r.answered_on_time,
                r.satisfied,
                r.dissatisfied,
                r.activities,
            ]
            for r in station_rows
        ],
        first=True,
    )
    _sheet(
        workbook,
        _("Deputies"),
        [
            _("Deputy"),
            _("Duties planned"),
            _("Duties attended"),
            _("Other receptions"),
            _("Activities"),
            _("Visits"),
            _("Yearly minimum"),
            _("Issues handled"),
        ],
        [
            [
                r.deputy.name,
                r.duties_planned,
                r.duties_attended,
                r.receptions,
                r.activities,
                r.visits,
                minimum,
                r.issues_handled,
            ]
            for r in deputy_rows
        ],
    )
    return _workbook_response(workbook, f"代表联络站统计{year}.xlsx")
