"""Guard tests: migrations, production checks, access declarations, translations."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x7#kq!p2-production-like-secret-for-the-deploy-check-9f3a1c5e8d",
    "ALLOWED_HOSTS": "rd.example.gov.cn",
    "PORTAL_NAME": "青禾县人大常委会",
}


def manage(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **(env or {}),
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_migrations_are_complete():
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_run_without_the_installations_name():
    env = {**PRODUCTION_ENV, "PORTAL_NAME": ""}
    result = manage("check", "--deploy", "--fail-level", "ERROR", env=env)
    assert result.returncode != 0
    assert "congress.E001" in result.stdout + result.stderr


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def portal_views():
    return [
        (route, view)
        for route, view in walk(get_resolver().url_patterns)
        # The admin guards itself (staff only) and is tested separately.
        if not route.startswith("admin/")
    ]


def test_every_view_declares_who_may_use_it():
    undeclared = [
        route for route, view in portal_views() if not hasattr(view, "access")
    ]
    assert not undeclared, f"Views without an access declaration: {undeclared}"


@pytest.mark.django_db
def test_every_non_public_view_requires_login(client):
    from django.urls import reverse

    login_url = reverse("login")
    for route, view in portal_views():
        if view.access == "public":
            continue
        path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", route)
        response = client.get("/" + re.sub(r"<(\w+:)?\w+>", "1", path))
        assert response.status_code == 302, route
        assert response["Location"].startswith(login_url), route


def catalogue_entries(path: Path) -> dict[str, str]:
    import polib

    return {entry.msgid: entry for entry in polib.pofile(str(path))}


def catalogues(root: Path) -> list[Path]:
    """The project's catalogue and each app's own (apps that keep theirs)."""
    return sorted(
        path
        for path in root.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")
        if not path.relative_to(root).parts[0].startswith((".", "var"))
    )


def test_chinese_catalogue_is_complete_and_current(tmp_path):
    """Every msgid in the code has a non-empty, non-fuzzy Chinese translation.

    makemessages runs on a copy of the tree, so the tracked catalogues are
    never rewritten, even when the test is interrupted."""
    import shutil

    IGNORE = MAKEMESSAGES_IGNORE  # noqa: N806
    copy = tmp_path / "tree"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".*", "var", "node_modules", "__pycache__"),
    )
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", *IGNORE],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(copy)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    missing: list[str] = []
    untranslated: list[str] = []
    for catalogue in catalogues(ROOT):
        fresh = catalogue_entries(copy / catalogue.relative_to(ROOT))
        committed = catalogue_entries(catalogue)
        live = [msgid for msgid, entry in fresh.items() if not entry.obsolete]
        missing += [msgid for msgid in live if msgid not in committed]
        # polib's translated(): a non-empty msgstr (every plural form), not fuzzy.
        untranslated += [
            msgid
            for msgid in live
            if msgid in committed and not committed[msgid].translated()
        ]
    assert not missing, f"Not in the catalogue (run makemessages): {missing}"
    assert not untranslated, f"Untranslated or fuzzy: {untranslated}"


MAKEMESSAGES_IGNORE = [
    f"--ignore={path}" for path in (".venv", "var", "tests", "static", "bench")
]


def test_workflow_diagrams_are_current():
    from django.utils import translation

    from congress.workflow import diagrams_markdown

    with translation.override("zh-hans"):
        expected = diagrams_markdown()
    written = (ROOT / "docs" / "workflows.md").read_text(encoding="utf-8")
    assert written == expected, "Run: python manage.py workflow_diagrams"


def test_sbom_lists_every_locked_package_with_its_version(tmp_path):
    output = tmp_path / "sbom.json"
    subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, str(ROOT / "bin" / "sbom.py"), str(output)],
        check=True,
        capture_output=True,
    )
    import json

    bom = json.loads(output.read_text())
    locked = [
        line.split("==")[0].split("[")[0].lower()
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line and not line.startswith(("#", " "))
    ]
    names = {component["name"] for component in bom["components"]}
    assert bom["bomFormat"] == "CycloneDX"
    assert set(locked) == names
    assert "pkg:pypi/django@" in json.dumps(bom)
