"""Concurrent users against the real stack, on loopback.

    python manage.py seed_demo --force                               # once
    python manage.py generate_scale_data --profile province --yes   # once
    python bench/load.py [--users 20] [--duration 60] [--workers 3]

Collects the static files into a temporary folder, starts gunicorn with the
production settings (DEBUG off, WhiteNoise serving the collected files) on
127.0.0.1, with three loopback-only settings in its environment:
SECURE_SSL_REDIRECT=false (no TLS proxy in front), STAFF_SECOND_FACTOR=false
(the bench cannot type TOTP codes) and ALLOWED_HOSTS=127.0.0.1,localhost.
It logs in each demo account through the login form (one per role, password
congress-demo), finds that role's main pages by following the links of its
workspace (one page per URL shape; the admin account: the admin's
changelists), then runs `--users` threads, each a user of one role in turn,
looping over its role's pages for `--duration` seconds. Prints per page the
count, errors, p50, p95 and max in ms, then the totals and the throughput.
Only standard-library HTTP (http.client): no load tool to install.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict, deque
from pathlib import Path
from urllib.parse import quote, urldefrag, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
ACCOUNTS = ["office", "leader", "member", "deputy", "liaison", "station", "admin"]
PASSWORD = "congress-demo"  # noqa: S105 (the documented demo password)
HREF = re.compile(r'href="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SKIPPED = ("/logout", "/static/", "/i18n/", "/media/", "/accounts/", "/login")
SKIPPED_WORDS = ("export", "download", ".pdf", ".xlsx", ".csv", "print", "pdf")
ADMIN_CHANGELIST = re.compile(r"^/admin/\w+/\w+/$")
PAGES_PER_ROLE = 60
SEARCHES = {
    "office": ["/proposals/reports/search/?q=道路", "/deputies/?q=建国"],
}


class Session:
    """One logged-in browser: a connection and its cookies."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, url: str, body: str | None = None):
        headers = {"Host": "localhost", "Accept-Language": "zh-hans"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://localhost:{self.port}{url}"
        for _attempt in range(2):
            try:
                self.connection.request(method, _quote(url), body, headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=60
                )
        else:
            return 599, b"", {}
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _eq, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content, dict(response.getheaders())

    def login(self, username: str) -> bool:
        _status, content, _h = self.request("GET", "/login/")
        token = CSRF.search(content.decode())
        if not token:
            return False
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": username,
                "password": PASSWORD,
            }
        )
        status, _content, _h = self.request("POST", "/login/", body)
        return status == 302


def _quote(url: str) -> str:
    """Percent-encode the Chinese of search words; keep the URL's syntax."""
    return quote(url, safe="/?=&%:+,;@")


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def links(html: str, admin: bool) -> list[str]:
    found = []
    for href in HREF.findall(html):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue
        if href.startswith(SKIPPED) or any(w in href for w in SKIPPED_WORDS):
            continue
        if admin != href.startswith("/admin/"):
            continue
        if admin and not ADMIN_CHANGELIST.match(href):
            continue
        found.append(href)
    return found


def discover(session: Session, admin: bool) -> list[str]:
    """The role's main pages: one URL per shape reachable from its start."""
    start = "/admin/" if admin else "/"
    shapes, pages = {shape(start)}, []
    queue = deque([start])
    while queue and len(pages) < PAGES_PER_ROLE:
        url = queue.popleft()
        status, content, headers = session.request("GET", url)
        target = headers.get("Location", "")
        if status in (301, 302) and target.startswith("/"):
            if shape(target) not in shapes:
                shapes.add(shape(target))
                queue.append(target)
            continue
        if status != 200 or "text/html" not in headers.get("Content-Type", ""):
            continue
        pages.append(url)
        for link in links(content.decode(), admin):
            parts = urlsplit(link)
            key = shape(parts.path) + ("?" if parts.query else "")
            if key not in shapes:
                shapes.add(key)
                queue.append(link)
    return pages


def start_server(port: int, workers: int, static_root: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "STAFF_SECOND_FACTOR": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [
            shutil.which("gunicorn") or "gunicorn",
            "congress.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _try in range(120):
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", "/login/", headers={"Host": "localhost"})
            if probe.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.kill()
    raise SystemExit("gunicorn did not answer")


def run_users(port, plans, users: int, duration: float):
    """`users` threads, each looping over one role's pages until the end."""
    results: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    lock = threading.Lock()
    deadline = time.perf_counter() + duration
    roles = list(plans)

    def user(n: int) -> None:
        role = roles[n % len(roles)]
        session = Session(port)
        if role != "anonymous" and not session.login(role):
            with lock:
                results[f"login {role}"].append((0.0, False))
            return
        pages = plans[role]
        i = n  # users of one role start at different pages
        while time.perf_counter() < deadline:
            url = pages[i % len(pages)]
            i += 1
            started = time.perf_counter()
            status, _content, _h = session.request("GET", url)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                results[f"{role} {url}"].append((elapsed, status == 200))

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(results, elapsed: float) -> None:
    print(f"{'page':72} {'n':>5} {'err':>4} {'p50':>6} {'p95':>6} {'max':>6}")
    everything, errors = [], 0
    for page, samples in sorted(results.items()):
        times = [t for t, _ok in samples]
        failed = sum(1 for _t, ok in samples if not ok)
        errors += failed
        everything.extend(times)
        print(
            f"{page[:72]:72} {len(times):>5} {failed:>4} "
            f"{statistics.median(times):>6.0f} {percentile(times, 0.95):>6.0f} "
            f"{max(times):>6.0f}"
        )
    print(
        f"total {len(everything)} requests, {errors} errors, "
        f"p50 {statistics.median(everything):.0f} ms, "
        f"p95 {percentile(everything, 0.95):.0f} ms, "
        f"max {max(everything):.0f} ms, "
        f"{len(everything) / elapsed:.1f} requests/s over {elapsed:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    options = parser.parse_args()
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    server = start_server(options.port, options.workers, static_root)
    try:
        plans = {}
        for role in ACCOUNTS:
            session = Session(options.port)
            if not session.login(role):
                print(f"# {role}: login failed; left out")
                continue
            pages = discover(session, admin=role == "admin")
            plans[role] = pages + SEARCHES.get(role, [])
            print(f"# {role}: {len(plans[role])} pages")
        plans["anonymous"] = discover(Session(options.port), admin=False)
        print(f"# anonymous: {len(plans['anonymous'])} pages")
        results, elapsed = run_users(
            options.port, plans, options.users, options.duration
        )
        report(results, elapsed)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
