"""Backups restore: the demo county survives losing its database and files."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from congress.backups import (
    BackupInvalid,
    backup_create,
    backup_prune,
    backup_restore,
    backups,
)

pytestmark = pytest.mark.django_db(transaction=True)


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (catalogue names)
            counts[table] = cursor.fetchone()[0]
    return counts


def drop_everything(media: Path) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_backup_restores_every_row_and_file_of_the_demo_county(
    demo_db, settings, tmp_path
):
    media = Path(settings.MEDIA_ROOT)
    (media / "attachments/2026/12").mkdir(parents=True)
    (media / "attachments/2026/12/letter").write_bytes(b"%PDF-1.7 letter")
    (media / "photos").mkdir()
    (media / "photos/visit.jpg").write_bytes(b"\xff\xd8\xff photo")
    before = row_counts()
    assert before["deputies_deputy"] > 100

    folder = backup_create(tmp_path / "backups")
    drop_everything(media)
    assert "deputies_deputy" not in row_counts()
    backup_restore(folder)

    assert row_counts() == before
    assert (media / "attachments/2026/12/letter").read_bytes() == b"%PDF-1.7 letter"
    assert (media / "photos/visit.jpg").read_bytes() == b"\xff\xd8\xff photo"


def test_restore_refuses_a_damaged_backup_and_changes_nothing(settings, tmp_path):
    Path(settings.MEDIA_ROOT).mkdir(parents=True)
    folder = backup_create(tmp_path / "backups")
    dump = folder / "database.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    (Path(settings.MEDIA_ROOT) / "kept.txt").write_text("still here")

    with pytest.raises(BackupInvalid, match="checksum"):
        backup_restore(folder)

    assert (Path(settings.MEDIA_ROOT) / "kept.txt").read_text() == "still here"


def test_backups_beyond_the_retention_rule_are_deleted_oldest_first(tmp_path):
    root = tmp_path / "backups"
    made = [
        backup_create(root, now=datetime.datetime(2026, 12, day, tzinfo=datetime.UTC))
        for day in (1, 2, 3)
    ]

    removed = backup_prune(root, keep=2)

    assert removed == made[:1]
    assert backups(root) == made[1:]


def test_backup_command_prints_the_new_folder(tmp_path, capsys):
    call_command("backup", "--dir", str(tmp_path))

    folder = Path(capsys.readouterr().out.strip())
    assert (folder / "manifest.json").is_file()
