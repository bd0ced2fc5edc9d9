"""Logs kept six months and rotated daily (congress.logs)."""

import datetime
import logging
import logging.config

import pytest
from django.core.exceptions import ImproperlyConfigured

from congress.logs import logging_config, logs_rotate

TODAY = datetime.date(2026, 12, 7)


def test_retention_shorter_than_six_months_is_refused(tmp_path):
    with pytest.raises(ImproperlyConfigured):
        logging_config(level="INFO", log_dir=str(tmp_path), retention_days=90)


def test_without_a_log_dir_logs_go_to_the_console_only():
    config = logging_config(level="INFO", log_dir="", retention_days=190)

    assert config["root"]["handlers"] == ["console"]


def test_rotation_keeps_writing_and_dates_the_days_file(tmp_path):
    config = logging_config(level="INFO", log_dir=str(tmp_path), retention_days=190)
    config["root"]["handlers"] = ["file"]
    logging.config.dictConfig(config)
    logger = logging.getLogger("tests.rotation")
    try:
        logger.warning("before midnight")
        logs_rotate(str(tmp_path), retention_days=190, today=TODAY)
        logger.warning("after midnight")
    finally:
        logging.config.dictConfig(
            logging_config(level="INFO", log_dir="", retention_days=190)
        )

    assert "before midnight" in (tmp_path / "portal-2026-12-06.log").read_text()
    assert "after midnight" in (tmp_path / "portal.log").read_text()


def test_rotation_deletes_only_files_past_the_retention(tmp_path):
    old = tmp_path / "portal-2026-05-01.log"
    kept = tmp_path / "portal-2026-06-20.log"
    old.write_text("x")
    kept.write_text("x")

    rotated, deleted = logs_rotate(str(tmp_path), retention_days=183, today=TODAY)

    assert (rotated, deleted) == (0, 1)
    assert not old.exists()
    assert kept.exists()


def test_rotating_twice_a_day_keeps_both_files(tmp_path):
    (tmp_path / "portal.log").write_text("one")
    logs_rotate(str(tmp_path), retention_days=190, today=TODAY)
    (tmp_path / "portal.log").write_text("two")
    logs_rotate(str(tmp_path), retention_days=190, today=TODAY)

    assert (tmp_path / "portal-2026-12-06.log").read_text() == "one"
    assert (tmp_path / "portal-2026-12-06.1.log").read_text() == "two"


def test_log_rotation_is_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "congress.tasks.rotate_logs" in tasks
