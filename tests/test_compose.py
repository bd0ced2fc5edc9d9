"""Guard tests for Dockerfile and docker-compose.yml (there is no Docker engine
in CI): the commands must name code that exists and the environment must be
one that the settings accept."""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.core.handlers.wsgi import WSGIHandler
from gunicorn.util import import_app

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["web", "worker", "beat"]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
# Dockerfile instructions with continuation lines joined.
INSTRUCTIONS = re.sub(r"\\\n", " ", DOCKERFILE).splitlines()
# gunicorn's "module:attribute"; a digit first would be a host:port.
APP_SPEC = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


def interpolate(value: str) -> str:
    """Compose's ${NAME:-default} and ${NAME:?error}, as if NAME were unset."""

    def replace(match):
        name, op, arg = match.groups()
        if op == ":?":
            return f"placeholder-{name.lower()}-for-tests-0123456789abcdefghij"
        return arg or ""

    return re.sub(r"\$\{(\w+)(?:(:[-?])([^}]*))?\}", replace, value)


def words(service: str) -> list[str]:
    """The command's words, looking inside `sh -c "..."`."""
    command = SERVICES[service]["command"]
    argv = command if isinstance(command, list) else shlex.split(command)
    if argv[:2] == ["sh", "-c"]:
        argv = shlex.split(argv[2])
    return [interpolate(word) for word in argv]


def environment(service: str) -> dict[str, str]:
    env = SERVICES[service].get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {name: interpolate(str(value)) for name, value in env.items()}


def instructions(keyword: str) -> list[str]:
    return [
        line.strip()[len(keyword) :].strip()
        for line in INSTRUCTIONS
        if line.strip().upper().startswith(keyword + " ")
    ]


def test_compose_defines_the_five_services():
    assert {"postgres", "redis", *APP_SERVICES} <= set(SERVICES)
    assert SERVICES["postgres"]["image"].startswith("postgres:15")
    assert SERVICES["redis"]["image"].startswith("redis:7")


def test_web_migrates_then_serves_the_wsgi_application():
    argv = words("web")
    assert argv.index("migrate") < argv.index("gunicorn")
    assert argv[argv.index("migrate") - 1] == "manage.py"
    specs = [word for word in argv[argv.index("gunicorn") :] if APP_SPEC.match(word)]
    assert specs == ["congress.wsgi:application"]
    # The loader gunicorn itself uses: fails for a missing module or attribute.
    assert isinstance(import_app(specs[0]), WSGIHandler)


@pytest.mark.parametrize("service", ["worker", "beat"])
def test_celery_services_run_the_congress_app(service):
    argv = words(service)
    assert argv[0] == "celery"
    assert service in argv
    app_name = argv[argv.index("-A") + 1]
    assert app_name == "congress"
    # The lookup `celery -A` does: the package's app or its celery submodule.
    app = find_app(app_name)
    assert isinstance(app, Celery)
    assert app.main == "congress"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_use_the_image_built_from_the_dockerfile(service):
    build = SERVICES[service]["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile")
    assert (ROOT / context).resolve() == ROOT
    assert dockerfile in (None, "Dockerfile")
    images = {SERVICES[name].get("image") for name in APP_SERVICES}
    assert len(images) == 1


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_wait_for_healthy_postgres_and_redis(service):
    depends = SERVICES[service]["depends_on"]
    for backend in ("postgres", "redis"):
        assert depends[backend]["condition"] == "service_healthy"
        assert SERVICES[backend]["healthcheck"]["test"]


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_environment_points_at_the_compose_backends(service):
    env = environment(service)
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY"} <= set(env)
    assert env["DEBUG"] == "false"
    assert urlsplit(env["DATABASE_URL"]).hostname == "postgres"
    assert urlsplit(env["REDIS_URL"]).hostname == "redis"
    assert "${SECRET_KEY:?" in SERVICES[service]["environment"]["SECRET_KEY"]


def test_settings_accept_the_compose_environment():
    env = {**os.environ, **environment("web")}
    code = (
        "import json; from django.conf import settings as s; print(json.dumps("
        "[s.DEBUG, s.SECURE_SSL_REDIRECT, s.ALLOWED_HOSTS, str(s.MEDIA_ROOT)]))"
    )
    result = subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "congress.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == [
        False,
        False,
        ["localhost", "127.0.0.1"],
        "/app/var/media",
    ]


def test_dockerfile_installs_fonts_and_the_locked_requirements():
    assert instructions("FROM") == ["python:3.13-slim-bookworm"]
    run = " ".join(instructions("RUN"))
    for package in (
        "fonts-noto-cjk",
        "libharfbuzz-subset0",
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "gettext",
    ):
        assert re.search(rf"apt-get install [^&]*\b{re.escape(package)}\b", run)
    assert "pip install -r requirements.lock" in run
    assert (ROOT / "requirements.lock").is_file()
    assert "requirements.lock" in " ".join(instructions("COPY"))


def test_dockerfile_builds_messages_and_static_files_without_secrets():
    (build,) = [line for line in instructions("RUN") if "collectstatic" in line]
    assert "compilemessages" in build
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL"):
        assert f"{name}=" in build
        # Build-time dummies must not persist into the image's environment.
        assert name not in " ".join(instructions("ENV"))


def test_dockerfile_runs_as_a_non_root_user():
    users = instructions("USER")
    assert users
    assert users[-1] not in ("root", "0")
