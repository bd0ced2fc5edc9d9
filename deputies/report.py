"""The performance report (履职报告): one deputy, one year, one A4 PDF.

The report is a list of sections from `congress.reports`; this module registers
the deputies' own (personal data, activities, points, evaluation) when it is
imported, and other apps add theirs (proposals and their outcomes ...) from
their `AppConfig.ready()`. Orders leave room between ours: 100 personal data,
200 activities, 300 points, 400-800 other apps, 900 evaluation.
"""

import datetime
import re
import uuid
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from congress.context_processors import portal_name
from congress.pdf import html_to_pdf, render_pdf_html
from congress.reports import register_section, sections_for
from deputies.models import (
    ActivityKind,
    ActivitySummary,
    AnnualEvaluation,
    Deputy,
    Mandate,
    MandateStatus,
    PerformanceRecord,
    RecordStatus,
)

TEMPLATE = "deputies/pdf/performance_report.html"
# The activities listed: the latest ones, the earlier ones counted (per type
# and month in the table above them). The report then keeps to three or four
# pages, laid out in well under a second, whether the deputy logged ten
# activities in the year or thousands; the file keeps them all.
LATEST_ACTIVITIES = 20
FIRST_YEAR = 2000
# "青禾县人大常委会" → "青禾县": the title names the county, not the committee.
_COMMITTEE_SUFFIXES = ("人民代表大会常务委员会", "人大常委会", "人大常委")
_UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def report_year_valid(year: int, *, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return FIRST_YEAR <= year <= today.year


def report_filename(name: str, year: int, *, suffix: str) -> str:
    """A file name that keeps '·' and rare characters but no path separators."""
    safe = _UNSAFE_IN_FILENAME.sub("_", name).strip(" .") or "_"
    return f"{safe}_{year}{suffix}"


def report_title(year: int) -> str:
    county = str(portal_name())
    for suffix in _COMMITTEE_SUFFIXES:
        county = county.removesuffix(suffix)
    return _("%(county)s People's Congress Deputy Performance Report (%(year)s)") % {
        "county": county,
        "year": year,
    }


def report_deputy(pk: int, year: int) -> Deputy:
    """The deputy with everything the report reads, in six queries whatever
    the number of records: deputy, serving mandates (with term and
    constituency), their groups, the year's activity summary, its latest
    confirmed records, the year's evaluation."""
    mandates = (
        Mandate.objects.filter(status=MandateStatus.SERVING)
        .select_related("term", "constituency")
        .prefetch_related("groups")
        .order_by("-term__number", "level")
    )
    deputy = Deputy.objects.prefetch_related(
        Prefetch("mandates", queryset=mandates, to_attr="report_mandates"),
        Prefetch(
            "activity_summaries",
            queryset=ActivitySummary.objects.filter(year=year),
            to_attr="report_summary",
        ),
        Prefetch("records", queryset=_latest_records(year), to_attr="report_records"),
        Prefetch(
            "evaluations",
            queryset=AnnualEvaluation.objects.filter(year=year),
            to_attr="report_evaluations",
        ),
    ).get(pk=pk)
    deputy.report_year = year
    return deputy


def _latest_records(year: int):
    """The year's latest LATEST_ACTIVITIES confirmed records, newest first."""
    return PerformanceRecord.objects.filter(
        status=RecordStatus.CONFIRMED,
        date__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
    ).order_by("-date", "-pk")[:LATEST_ACTIVITIES]


def _loaded(deputy: Deputy, year: int) -> Deputy:
    if getattr(deputy, "report_year", None) == year:
        return deputy
    return report_deputy(deputy.pk, year)


def performance_report_pdf(deputy: Deputy, year: int, *, request=None) -> bytes:
    """Renders the report of `deputy` for `year` to PDF bytes."""
    return html_to_pdf(performance_report_html(deputy, year, request=request))


def performance_report_html(deputy: Deputy, year: int, *, request=None) -> str:
    """The report's page source; see congress.pdf.fits_inline for its budget."""
    deputy = report_deputy(deputy.pk, year)
    context = {
        "title": report_title(year),
        "deputy": deputy,
        "year": year,
        "sections": sections_for(deputy, year),
    }
    return render_pdf_html(TEMPLATE, context, request=request)


def reports_scope_deputy_ids(*, group_id: int | None = None) -> list[int]:
    """Deputies serving in the current term (optionally one deputy group's),
    in name order: the scope of a batch export."""
    mandates = Mandate.objects.filter(
        status=MandateStatus.SERVING, term__is_current=True
    )
    if group_id is not None:
        mandates = mandates.filter(groups=group_id)
    return list(
        Deputy.objects.filter(pk__in=mandates.values("deputy_id"))
        .order_by("name", "pk")
        .values_list("pk", flat=True)
    )


# Batch export ---------------------------------------------------------------
# No job model: the Celery result backend holds the progress, the cache holds
# who started the job (only they may see it), MEDIA_ROOT/reports/ the ZIP.

ZIP_DIR = "reports"
JOB_CACHE_PREFIX = "deputies:report-job:"
JOB_SECONDS = 24 * 60 * 60


def performance_reports_zip_write(
    deputy_ids: list[int],
    year: int,
    *,
    name: str,
    progress: Callable[[int, int], None] | None = None,
) -> str:
    """Writes one PDF per deputy (deleted ones skipped) into
    MEDIA_ROOT/reports/<name>.zip and returns that path relative to MEDIA_ROOT.
    The file appears complete or not at all."""
    folder = Path(settings.MEDIA_ROOT) / ZIP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{Path(name).name}.zip"
    partial = target.with_suffix(".part")
    used: set[str] = set()
    total = len(deputy_ids)
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, deputy in enumerate(Deputy.objects.filter(pk__in=deputy_ids), 1):
            entry = report_filename(deputy.name, year, suffix="_履职报告.pdf")
            if entry in used:  # namesakes
                entry = report_filename(
                    f"{deputy.name}_{deputy.pk}", year, suffix="_履职报告.pdf"
                )
            used.add(entry)
            archive.writestr(entry, performance_report_pdf(deputy, year))
            if progress:
                progress(done, total)
    partial.replace(target)
    return f"{ZIP_DIR}/{target.name}"


def report_job_start(user, *, deputy_ids: list[int], year: int) -> str:
    """Enqueues a batch export after the commit; returns the job (task) id."""
    from deputies.tasks import performance_reports_zip

    job_id = str(uuid.uuid4())
    cache.set(
        JOB_CACHE_PREFIX + job_id,
        {"user_id": user.pk, "year": year, "total": len(deputy_ids)},
        timeout=JOB_SECONDS,
    )
    transaction.on_commit(
        lambda: performance_reports_zip.apply_async(
            args=[deputy_ids, year], task_id=job_id
        )
    )
    return job_id


def report_job_get_for_user(user, job_id: str) -> dict:
    """The job's state for the user who started it; anyone else (or an expired
    job) → 404. Keys: year, total, done, state (pending, progress, success,
    failure) and, once finished, path."""
    from celery.result import AsyncResult

    job = cache.get(JOB_CACHE_PREFIX + str(job_id))
    if job is None or job["user_id"] != user.pk:
        raise Http404
    result = AsyncResult(str(job_id))
    state, info = result.state, result.info
    job = {**job, "job_id": str(job_id), "done": 0, "path": None}
    if state == "PROGRESS" and isinstance(info, dict):
        job.update(state="progress", done=info.get("done", 0))
    elif state == "SUCCESS":
        job.update(state="success", done=job["total"], path=info)
    elif state in ("FAILURE", "REVOKED"):
        job.update(state="failure")
    else:
        job.update(state="pending")
    return job


def report_job_file(job: dict) -> Path:
    """The finished job's ZIP, checked to lie in MEDIA_ROOT/reports (else 404)."""
    folder = (Path(settings.MEDIA_ROOT) / ZIP_DIR).resolve()
    if job["state"] != "success" or not job["path"]:
        raise Http404
    path = (Path(settings.MEDIA_ROOT) / job["path"]).resolve()
    if not (path.is_relative_to(folder) and path.is_file()):
        raise Http404
    return path


# Sections -----------------------------------------------------------------


def _label(model, field: str) -> str:
    return capfirst(model._meta.get_field(field).verbose_name)


def _mandate_row(mandate: Mandate) -> dict:
    return {
        "level": mandate.get_level_display(),
        "term": str(mandate.term),
        "constituency": mandate.constituency.name if mandate.constituency else "",
        "groups": "、".join(group.name for group in mandate.groups.all()),
    }


def personal_section(deputy: Deputy, year: int) -> dict:
    """Personal data; the ID number and mobile are never printed."""
    deputy = _loaded(deputy, year)
    return {
        "title": _("Personal data"),
        "rows": [
            (_label(Deputy, "name"), deputy.name),
            (_label(Deputy, "gender"), deputy.get_gender_display()),
            (_label(Deputy, "ethnicity"), deputy.ethnicity),
            (
                _label(Deputy, "birth_date"),
                date_format(deputy.birth_date, "YEAR_MONTH_FORMAT")
                if deputy.birth_date
                else "",
            ),
            (_label(Deputy, "affiliation"), deputy.get_affiliation_display()),
            (_label(Deputy, "employer_and_post"), deputy.employer_and_post),
        ],
        "mandates_label": capfirst(Mandate._meta.verbose_name_plural),
        "mandate_labels": {
            "level": _label(Mandate, "level"),
            "term": _label(Mandate, "term"),
            "constituency": _label(Mandate, "constituency"),
            "groups": _label(Mandate, "groups"),
        },
        "mandates": [_mandate_row(m) for m in deputy.report_mandates],
    }


def _summary_by_kind(deputy: Deputy) -> dict[str, ActivitySummary]:
    return {row.kind: row for row in deputy.report_summary}


def activities_section(deputy: Deputy, year: int) -> dict:
    """The year's confirmed activities: how many per type and month, then
    the latest LATEST_ACTIVITIES in date order and how many came before."""
    deputy = _loaded(deputy, year)
    summary = _summary_by_kind(deputy)
    total = summary.get(ActivitySummary.ALL_KINDS)
    latest = deputy.report_records[::-1]
    return {
        "title": _("Performance activities"),
        "labels": {
            field: _label(PerformanceRecord, field)
            for field in ("date", "kind", "place", "hours", "description")
        },
        "months": range(1, 13),
        "kinds": [
            {
                "label": label,
                "count": summary[kind].records,
                "months": summary[kind].months,
            }
            for kind, label in ActivityKind.choices
            if kind in summary
        ],
        "total": total,
        "latest": latest,
        "earlier": (total.records if total else 0) - len(latest),
    }


def points_section(deputy: Deputy, year: int) -> dict:
    """Count, hours and points per activity type, and the total, from the
    activity summary. The points are those stored at confirmation: a later
    rule change does not rewrite a report already issued."""
    deputy = _loaded(deputy, year)
    summary = _summary_by_kind(deputy)
    rows = [
        {
            "label": label,
            "count": summary[kind].records,
            "hours": summary[kind].hours,
            "points": summary[kind].points,
        }
        for kind, label in ActivityKind.choices
        if kind in summary
    ]
    total = summary.get(ActivitySummary.ALL_KINDS)
    return {
        "title": _("Performance points"),
        "labels": {
            field: _label(PerformanceRecord, field) for field in ("kind", "hours")
        },
        "rows": rows,
        "total": {
            "count": total.records if total else 0,
            "hours": total.hours if total else Decimal(0),
            "points": total.points if total else 0,
        },
    }


def evaluation_section(deputy: Deputy, year: int) -> dict | None:
    """The annual evaluation of the year, left out when there is none."""
    deputy = _loaded(deputy, year)
    if not deputy.report_evaluations:
        return None
    evaluation = deputy.report_evaluations[0]
    return {
        "title": capfirst(AnnualEvaluation._meta.verbose_name),
        "rows": [
            (_label(AnnualEvaluation, "result"), evaluation.get_result_display()),
            (_label(AnnualEvaluation, "evaluated_by"), evaluation.evaluated_by),
            (
                _label(AnnualEvaluation, "evaluated_on"),
                date_format(evaluation.evaluated_on, "DATE_FORMAT"),
            ),
        ],
    }


register_section(
    "deputies.personal",
    order=100,
    build=personal_section,
    template="deputies/pdf/section_personal.html",
)
register_section(
    "deputies.activities",
    order=200,
    build=activities_section,
    template="deputies/pdf/section_activities.html",
)
register_section(
    "deputies.points",
    order=300,
    build=points_section,
    template="deputies/pdf/section_points.html",
)
register_section(
    "deputies.evaluation",
    order=900,
    build=evaluation_section,
    template="deputies/pdf/section_evaluation.html",
)
