"""Backups that are proven to restore: the database and the uploaded files.

A backup is a folder named by its local time (``20261207-020000``) holding
``database.dump`` (pg_dump's custom format), ``media.tar.gz`` and
``manifest.json`` with each file's size and SHA-256. `backup_restore` refuses a
folder whose files do not match their manifest, so a truncated copy or a
flipped bit is found before anything is overwritten. The retention count is an
installation rule; only folders with a manifest are ever pruned.
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress import rules
from congress.exceptions import DomainError

MANIFEST = "manifest.json"
DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"

BACKUPS_KEPT = rules.register(
    rules.Rule(
        "operations.backups_kept",
        _("Backups kept (the oldest beyond this number are deleted)"),
        14,
        min_value=1,
        max_value=365,
    )
)


class BackupInvalid(DomainError):
    default_message = _("This backup is damaged or incomplete; nothing was restored.")


def _pg_env(alias: str = "default", *, database: str | None = None) -> dict:
    db = settings.DATABASES[alias]
    env = {
        **os.environ,
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER") or "",
        "PGDATABASE": database or db["NAME"],
    }
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DomainError(f"{name} is not installed (Debian: postgresql-client).")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_create(root: Path, *, now: datetime.datetime | None = None) -> Path:
    """Dump the database and pack the media into a new dated folder under
    `root`, write its manifest last, then prune beyond the retention rule."""
    now = now or timezone.now()
    folder = Path(root) / timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=False)
    subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            f"--file={folder / DATABASE_FILE}",
        ],
        env=_pg_env(),
        check=True,
        capture_output=True,
    )
    with tarfile.open(folder / MEDIA_FILE, "w:gz") as archive:
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            archive.add(media, arcname="media")
    files = {
        name: {"size": (folder / name).stat().st_size, "sha256": _sha256(folder / name)}
        for name in (DATABASE_FILE, MEDIA_FILE)
    }
    manifest = {"created_at": now.isoformat(), "files": files}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    backup_prune(root, keep=rules.get(BACKUPS_KEPT.key))
    return folder


def backup_verify(folder: Path) -> dict:
    """The manifest, once every file matches its size and checksum.
    Raises BackupInvalid naming the first file that does not."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
    except (OSError, ValueError, KeyError) as error:
        raise BackupInvalid(f"{folder}: {MANIFEST} unreadable ({error})") from error
    for name in (DATABASE_FILE, MEDIA_FILE):
        path, expected = folder / name, files.get(name, {})
        if not path.is_file() or path.stat().st_size != expected.get("size"):
            raise BackupInvalid(f"{path}: missing or of the wrong size")
        if _sha256(path) != expected.get("sha256"):
            raise BackupInvalid(f"{path}: checksum does not match the manifest")
    return manifest


def backup_restore(folder: Path) -> None:
    """Replace the database's content and the media by the backup's.

    Verifies the checksums first. The database must exist (it may be empty);
    pg_restore drops and recreates each object in one transaction.
    """
    folder = Path(folder)
    backup_verify(folder)
    connections.close_all()
    subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={settings.DATABASES['default']['NAME']}",
            str(folder / DATABASE_FILE),
        ],
        env=_pg_env(),
        check=True,
        capture_output=True,
    )
    media = Path(settings.MEDIA_ROOT)
    shutil.rmtree(media, ignore_errors=True)
    media.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_FILE, "r:gz") as archive:
        staging = media.parent / f".{media.name}.restoring"
        shutil.rmtree(staging, ignore_errors=True)
        archive.extractall(staging, filter="data")
        restored = staging / "media"
        if restored.exists():
            restored.rename(media)
        else:
            media.mkdir()
        shutil.rmtree(staging, ignore_errors=True)


def backups(root: Path) -> list[Path]:
    """The complete backups under `root`, oldest first."""
    root = Path(root)
    if not root.exists():
        return []
    return sorted(p for p in root.iterdir() if (p / MANIFEST).is_file())


def backup_prune(root: Path, *, keep: int) -> list[Path]:
    """Delete the oldest complete backups beyond `keep`; return them."""
    doomed = backups(root)[:-keep] if keep else backups(root)
    for folder in doomed:
        shutil.rmtree(folder)
    return doomed
