"""PDFs too large to lay out while a request waits, made by a Celery task.

An app registers a builder by name (`register_pdf_job("proposals.compilation",
build)`, `build(*args) -> (pdf bytes, file name)`, args JSON-serialisable IDs)
and, when `congress.pdf.fits_inline()` says the page source is over the
installation's budget, calls `pdf_job_start()` and redirects to the job page.
The page polls until the file is ready; only the person who started the job
sees it or downloads it (anyone else: 404). No job model: the cache holds the
owner for a day, the result backend the state, MEDIA_ROOT/pdf-jobs/ the file.
"""

import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import Http404

JOB_DIR = "pdf-jobs"
CACHE_PREFIX = "congress:pdf-job:"
JOB_SECONDS = 24 * 60 * 60

_builders: dict[str, Callable[..., tuple[bytes, str]]] = {}


def register_pdf_job(name: str, build: Callable[..., tuple[bytes, str]]) -> None:
    if name in _builders:
        raise ValueError(f"PDF job {name} is already registered")
    _builders[name] = build


def pdf_job_start(user, name: str, *args) -> str:
    """Enqueue building `name` with `args` after the commit; returns the job id."""
    from congress.tasks import render_pdf_job

    if name not in _builders:
        raise KeyError(f"Unknown PDF job {name!r}")
    job_id = str(uuid.uuid4())
    cache.set(CACHE_PREFIX + job_id, {"user_id": user.pk}, timeout=JOB_SECONDS)
    transaction.on_commit(
        lambda: render_pdf_job.apply_async(args=[name, list(args)], task_id=job_id)
    )
    return job_id


def pdf_job_build(job_id: str, name: str, args: list) -> dict:
    """Run by the task: writes MEDIA_ROOT/pdf-jobs/<job id>.pdf; returns
    {"path": relative path, "filename": name to download it as}."""
    content, filename = _builders[name](*args)
    folder = Path(settings.MEDIA_ROOT) / JOB_DIR
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.UUID(job_id)}.pdf"
    partial = target.with_suffix(".part")
    partial.write_bytes(content)
    partial.replace(target)
    return {"path": f"{JOB_DIR}/{target.name}", "filename": filename}


def pdf_job_get_for_user(user, job_id) -> dict:
    """{job_id, state (pending, success, failure), filename} for the person
    who started the job; anyone else or an expired job → 404."""
    from celery.result import AsyncResult

    job = cache.get(CACHE_PREFIX + str(job_id))
    if job is None or job["user_id"] != user.pk:
        raise Http404
    result = AsyncResult(str(job_id))
    job = {"job_id": str(job_id), "state": "pending", "path": None, "filename": ""}
    if result.state == "SUCCESS" and isinstance(result.info, dict):
        job.update(state="success", **result.info)
    elif result.state in ("FAILURE", "REVOKED"):
        job["state"] = "failure"
    return job


def pdf_job_file(job: dict) -> Path:
    """The finished job's file, checked to lie in MEDIA_ROOT/pdf-jobs (else 404)."""
    folder = (Path(settings.MEDIA_ROOT) / JOB_DIR).resolve()
    if job["state"] != "success" or not job["path"]:
        raise Http404
    path = (Path(settings.MEDIA_ROOT) / job["path"]).resolve()
    if not (path.is_relative_to(folder) and path.is_file()):
        raise Http404
    return path
