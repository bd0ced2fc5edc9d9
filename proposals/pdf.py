"""The reports' documents: the assignment letter and form (交办函/交办表), the
handling report of a session or term (办理情况报告), the session compilation
(汇编), all through congress.pdf.render_pdf, and the statistics workbook."""

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from congress.pdf import html_to_pdf, render_pdf, render_pdf_html
from congress.pdf_jobs import register_pdf_job
from congress.spreadsheets import neutralise_row
from proposals import selectors

# (StatRow attribute, header, a percentage) in the order of every table.
COLUMNS = [
    ("assigned", _("Assigned (lead or split part)"), False),
    ("co_handled", _("Co-handled"), False),
    ("replied", _("Replied"), False),
    ("contact_rate", _("Met the deputy (%)"), True),
    ("on_time_rate", _("Replied on time (%)"), True),
    ("closed_rate", _("Closed (%)"), True),
    ("implemented_rate", _("Implemented (%)"), True),
    ("category_a", _("A"), False),
    ("category_b", _("B"), False),
    ("category_c", _("C"), False),
    ("solved_rate", _("Solved (%)"), True),
    ("satisfied", _("Satisfied"), False),
    ("basically", _("Basically satisfied"), False),
    ("dissatisfied", _("Dissatisfied"), False),
    ("unrated", _("No rating yet"), False),
    ("satisfaction_rate", _("Satisfied (%)"), True),
    ("overdue", _("Overdue now"), False),
]
TABLES = [
    ("by_organization", _("By organisation"), _("Organisation")),
    ("by_category", _("By category"), _("Category")),
    ("by_leader", _("By leader in charge"), _("Leader in charge")),
    ("by_meeting", _("By session"), _("Session or recess")),
]


def scope_title(scope: dict) -> str:
    """ "Term 9, session no. 5" or "Term 9" for the headings and file names."""
    if scope.get("meeting"):
        meeting = scope["meeting"]
        return (
            f"{scope['term']} {selectors.meeting_label(meeting.kind, meeting.number)}"
        )
    return str(scope["term"])


def report_filename(scope: dict, suffix: str) -> str:
    return f"{scope_title(scope)}{suffix}".replace(" ", "")


def table_rows(stats, attribute: str) -> list[list]:
    """A table's rows as [label, value, ...], the total last."""
    rows = [*getattr(stats, attribute), stats.total]
    return [
        [row.label, *(getattr(row, name) for name, _l, _r in COLUMNS)] for row in rows
    ]


def statistics_workbook(stats, scope: dict) -> Workbook:
    """One sheet per table (organisation, category, session), headers first."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for attribute, title, first in TABLES:
        sheet = workbook.create_sheet(str(title))
        sheet.append([str(first), *(str(label) for _n, label, _r in COLUMNS)])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in table_rows(stats, attribute):
            sheet.append(neutralise_row(row))
        sheet.column_dimensions["A"].width = 28
        sheet.freeze_panes = "B2"
    return workbook


def meeting_summary_pdf(stats, scope: dict, *, request=None) -> bytes:
    return render_pdf(
        "proposals/pdf/meeting_summary.html",
        {
            "stats": stats,
            "scope": scope,
            "scope_title": scope_title(scope),
            "columns": COLUMNS,
            "tables": [
                (title, first, table_rows(stats, attribute))
                for attribute, title, first in TABLES
            ],
            "today": timezone.localdate(),
        },
        request=request,
    )


def assignment_letter_pdf(assignment, *, request=None) -> bytes:
    context = selectors.assignment_letter_data(assignment)
    return render_pdf(
        "proposals/pdf/assignment_letter.html",
        {**context, "today": timezone.localdate()},
        request=request,
    )


def compilation_pdf(meeting, *, request=None) -> bytes:
    return html_to_pdf(compilation_html(meeting, request=request))


def compilation_html(meeting, *, request=None) -> str:
    """The compilation's page source; over congress.pdf.fits_inline's budget,
    the PDF is made by a task (see compilation_job)."""
    return render_pdf_html(
        "proposals/pdf/compilation.html",
        {
            "meeting": meeting,
            "meeting_title": selectors.meeting_label(meeting.kind, meeting.number),
            "proposals": selectors.compilation_proposals(meeting),
        },
        request=request,
    )


def compilation_filename(meeting) -> str:
    return f"代表建议汇编-{meeting.pk}.pdf"


def compilation_job(meeting_id: int) -> tuple[bytes, str]:
    """Builds the compilation in a Celery task (congress.pdf_jobs)."""
    from congress.models import Meeting

    meeting = Meeting.objects.select_related("term").get(pk=meeting_id)
    with translation.override("zh-hans"):
        return compilation_pdf(meeting), compilation_filename(meeting)


register_pdf_job("proposals.compilation", compilation_job)
