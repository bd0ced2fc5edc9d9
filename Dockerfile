# syntax=docker/dockerfile:1
# One image for the web, worker and beat services (see docker-compose.yml).
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STATIC_ROOT=/app/var/static \
    MEDIA_ROOT=/app/var/media \
    BACKUP_ROOT=/app/var/backups

# CJK fonts and Pango/HarfBuzz for WeasyPrint's PDFs; gettext for compilemessages;
# the PostgreSQL 15 client (pg_dump, pg_restore) for `manage.py backup`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 gettext \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock .
RUN pip install -r requirements.lock

COPY . .
# Settings refuse to import without these; the dummies live in this RUN only
# and nothing here connects to them.
RUN DEBUG=false \
    SECRET_KEY=build-time-dummy-key-never-used-at-runtime \
    DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 \
    sh -c "python manage.py compilemessages -v 0 && python manage.py collectstatic --no-input -v 0"

# Static files stay root-owned (read-only); only media and the beat schedule
# are written at run time.
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin congress \
    && mkdir -p "$MEDIA_ROOT" "$BACKUP_ROOT" /app/var/run \
    && chown congress:congress "$MEDIA_ROOT" "$BACKUP_ROOT" /app/var/run
USER congress

EXPOSE 8000
CMD ["gunicorn", "congress.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
