"""Application logs kept at least six months (等保 2.0) and rotated daily.

With LOG_DIR set, every process (gunicorn workers, Celery worker and beat)
appends to LOG_DIR/portal.log through a WatchedFileHandler, which reopens
the file when it is renamed. Once a day the beat schedule runs
`logs_rotate()`: portal.log becomes portal-YYYY-MM-DD.log (a rename, atomic,
safe while others write) and files older than LOG_RETENTION_DAYS (at least
183, checked at start-up) are deleted. Nothing grows without bound, nothing
younger than the retention is lost. Without LOG_DIR, logs go to the console
only (development; compose keeps the console logs bounded as well).
"""

import datetime
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

MIN_RETENTION_DAYS = 183
CURRENT = "portal.log"
DATED = re.compile(r"^portal-(\d{4}-\d{2}-\d{2})(?:\.\d+)?\.log$")


def logging_config(*, level: str, log_dir: str, retention_days: int) -> dict:
    """The LOGGING setting; raises ImproperlyConfigured for a retention
    shorter than six months."""
    if retention_days < MIN_RETENTION_DAYS:
        raise ImproperlyConfigured(
            f"LOG_RETENTION_DAYS must be at least {MIN_RETENTION_DAYS} (等保 2.0)."
        )
    handlers: dict = {"console": {"class": "logging.StreamHandler"}}
    if log_dir:
        Path(log_dir).mkdir(parents=True, exist_ok=True)
        handlers["file"] = {
            "class": "logging.handlers.WatchedFileHandler",
            "filename": str(Path(log_dir) / CURRENT),
            "encoding": "utf-8",
            "formatter": "stamped",
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "stamped": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
        },
        "handlers": handlers,
        "root": {"handlers": list(handlers), "level": level},
        "loggers": {"weasyprint.progress": {"level": "WARNING"}},
    }


def logs_rotate(
    log_dir: str, *, retention_days: int, today: datetime.date
) -> tuple[int, int]:
    """Rename today's file to yesterday's date and delete files past the
    retention; returns (rotated, deleted). Idempotent within a day."""
    folder = Path(log_dir)
    rotated = deleted = 0
    current = folder / CURRENT
    if current.exists() and current.stat().st_size:
        current.rename(_free_name(folder, today - datetime.timedelta(days=1)))
        rotated = 1
    oldest = today - datetime.timedelta(days=retention_days)
    for path in folder.glob("portal-*.log"):
        match = DATED.match(path.name)
        if match and datetime.date.fromisoformat(match.group(1)) < oldest:
            path.unlink()
            deleted += 1
    return rotated, deleted


def _free_name(folder: Path, day: datetime.date) -> Path:
    path = folder / f"portal-{day.isoformat()}.log"
    number = 1
    while path.exists():
        path = folder / f"portal-{day.isoformat()}.{number}.log"
        number += 1
    return path
