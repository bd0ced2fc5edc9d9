# Shared by bin/run and bin/test: source it, don't run it.
# Finds Python >= 3.12, installs the Debian packages and the locked Python
# dependencies, and points DATABASE_URL/REDIS_URL at a PostgreSQL and a Redis
# that answer: the given URLs, else the local servers on 127.0.0.1, else
# private servers under var/ that are stopped again when the script exits.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VAR="$ROOT/var"
VENV="$ROOT/.venv"
APT_PACKAGES=(fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0
              gettext postgresql redis-server postgresql-client redis-tools)
PRIVATE_PG_PORT=54329
PRIVATE_REDIS_PORT=63799

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        say "need root to run: $*"; return 1; fi
}

ensure_apt() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3 \
        "$HOME"/.pyenv/versions/3.13*/bin/python "$HOME"/.pyenv/versions/3.12*/bin/python; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ] || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
            command -v "$candidate" 2>/dev/null || echo "$candidate"
            return 0
        fi
    done
    say "Python 3.12 or newer is needed (Django 6). Install it, e.g. 'apt-get install python3.12' or 'pyenv install 3.13', or set PYTHON=/path/to/python3.12"
    return 1
}

ensure_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        local python
        python=$(find_python)
        say "creating virtualenv with $python"
        "$python" -m venv "$VENV"
    fi
    local stamp="$VENV/.requirements.sha256" want
    want=$(sha256sum "$ROOT/requirements.lock" | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        say "installing Python dependencies from requirements.lock"
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements.lock"
        echo "$want" >"$stamp"
    fi
    export PATH="$VENV/bin:$PATH"
}

compile_messages() {
    (cd "$ROOT" && python manage.py compilemessages -v 0 --ignore=.venv)
}

pg_answers() { pg_isready -q -h "$1" -p "$2" -t 2 2>/dev/null; }

start_private_postgres() {
    local bindir data="$VAR/postgres" log="$VAR/postgres.log"
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
    [ -n "$bindir" ] || { ensure_apt postgresql; bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1); }
    mkdir -p "$VAR"
    # initdb and postgres refuse to run as root: run them as the postgres user.
    local runas=()
    if [ "$(id -u)" -eq 0 ]; then
        runas=(runuser -u postgres --)
        chown postgres "$VAR"
    fi
    if [ ! -s "$data/PG_VERSION" ]; then
        say "creating a private PostgreSQL cluster in $data"
        "${runas[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! pg_answers 127.0.0.1 "$PRIVATE_PG_PORT"; then
        say "starting private PostgreSQL on port $PRIVATE_PG_PORT"
        "${runas[@]}" "$bindir/pg_ctl" -D "$data" -l "$log" -w \
            -o "-p $PRIVATE_PG_PORT -k $data -c listen_addresses=127.0.0.1" start >/dev/null
        STOP_ON_EXIT+=("${runas[*]} $bindir/pg_ctl -D $data -m fast stop")
    fi
}

start_private_redis() {
    mkdir -p "$VAR/redis"
    if ! redis-cli -h 127.0.0.1 -p "$PRIVATE_REDIS_PORT" ping >/dev/null 2>&1; then
        say "starting private Redis on port $PRIVATE_REDIS_PORT"
        redis-server --daemonize yes --bind 127.0.0.1 --port "$PRIVATE_REDIS_PORT" --save "" \
            --appendonly no --dir "$VAR/redis" --logfile "$VAR/redis/redis.log" \
            --pidfile "$VAR/redis/redis.pid"
        for _ in $(seq 50); do redis-cli -p "$PRIVATE_REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
        STOP_ON_EXIT+=("redis-cli -p $PRIVATE_REDIS_PORT shutdown nosave")
    fi
}

STOP_ON_EXIT=()
stop_private_servers() {
    local cmd
    for cmd in "${STOP_ON_EXIT[@]}"; do eval "$cmd" >/dev/null 2>&1 || true; done
}

# ensure_services DBNAME REDIS_DB: exports DATABASE_URL and REDIS_URL.
ensure_services() {
    local dbname=$1 redis_db=$2
    trap stop_private_servers EXIT
    if [ -z "${DATABASE_URL:-}" ]; then
        local port=5432
        if ! pg_answers 127.0.0.1 5432; then start_private_postgres; port=$PRIVATE_PG_PORT; fi
        export DATABASE_URL="postgres://postgres@127.0.0.1:$port/$dbname"
        if ! psql "postgres://postgres@127.0.0.1:$port/postgres" -tAc \
            "select 1 from pg_database where datname = '$dbname'" | grep -q 1; then
            createdb -h 127.0.0.1 -p "$port" -U postgres "$dbname"
        fi
    fi
    if [ -z "${REDIS_URL:-}" ]; then
        local rport=6379
        if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then start_private_redis; rport=$PRIVATE_REDIS_PORT; fi
        export REDIS_URL="redis://127.0.0.1:$rport/$redis_db"
    fi
}

# prepare DBNAME REDIS_DB [extra Debian packages...]
prepare() {
    local dbname=$1 redis_db=$2
    shift 2
    ensure_apt "${APT_PACKAGES[@]}" "$@"
    ensure_venv
    ensure_services "$dbname" "$redis_db"
    compile_messages
}
