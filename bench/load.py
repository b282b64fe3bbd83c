"""20 simulated users against gunicorn (2 workers) on PostgreSQL, over loopback.

Each user logs in through the real form, then for the measured period opens pages the way a
person does: a page (the page-routing callback, as the browser sends it), a pause to read
(0.5–2 s), the next page. Requests per second, latency percentiles and errors are counted for the
page requests only (the logins come before the clock starts).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from bench.pages import percentile
from db.session import session_scope
from db.users import add_user

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/", "/prosjekter", "/milepaeler", "/okonomi", "/gevinster", "/indikatorer", "/ssu", "/innrapportering"]


@dataclass
class LoadResult:
    users: int
    seconds: float
    requests: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        done = sorted(self.latencies)
        return {
            "users": self.users,
            "workers": 2,
            "database": "postgresql",
            "seconds": round(self.seconds, 1),
            "requests": self.requests,
            "errors": self.errors,
            "rps": round(self.requests / self.seconds, 1) if self.seconds else 0,
            "median_ms": round(percentile(done, 0.5) * 1000, 1) if done else None,
            "p95_ms": round(percentile(done, 0.95) * 1000, 1) if done else None,
            "max_ms": round(done[-1] * 1000, 1) if done else None,
            "think_time_s": [0.5, 2.0],
            "error_samples": self.error_samples[:3],
        }


class _User:
    def __init__(self, port: int, username: str, password: str) -> None:
        self.port, self.username, self.password = port, username, password
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def _request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                break
            except (http.client.HTTPException, OSError) as error:
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                # gunicorn's threaded workers close a keep-alive connection idle for 2 s (gunicorn.conf.py);
                # like a browser, send again once on a new connection when the server closed the idle one
                idle_closed = isinstance(error, http.client.RemoteDisconnected | ConnectionResetError | BrokenPipeError)
                if attempt == 2 or not idle_closed:
                    raise
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def login(self) -> None:
        _status, page = self._request("GET", "/logg-inn")
        token = re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
        body = urllib.parse.urlencode(
            {"csrf": token, "brukernavn": self.username, "passord": self.password, "neste": "/"}
        ).encode()
        status, _ = self._request("POST", "/logg-inn", body, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status in (302, 303), status

    def open_page(self, output: str, path: str) -> int:
        body = json.dumps(
            {
                "output": output,
                "outputs": [
                    {"id": "_pages_content", "property": "children"},
                    {"id": "_pages_store", "property": "data"},
                ],
                "inputs": [
                    {"id": "_pages_location", "property": "pathname", "value": path},
                    {"id": "_pages_location", "property": "search", "value": ""},
                ],
                "changedPropIds": ["_pages_location.pathname"],
                "state": [],
            }
        ).encode()
        status, _ = self._request(
            "POST",
            "/_dash-update-component",
            body,
            {"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{self.port}"},
        )
        return status


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_load(url: str, *, users: int = 20, seconds: float = 30.0, today: str, project_ref: str, log_path: Path) -> dict:
    """Start gunicorn with 2 workers on ``url``, run the simulated users, stop the server."""
    accounts = []
    with session_scope(url) as session:
        for n in range(users):
            password = secrets.token_urlsafe(12)
            name = f"last-{n}-{secrets.token_hex(2)}"
            add_user(session, username=name, role="sekretariat", password=password)
            accounts.append((name, password))
    port = _free_port()
    # development mode: production cookies are Secure (HTTPS only) and this client speaks plain HTTP
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GEVINST_ENV": "development",
        "GEVINST_SECRET_KEY": secrets.token_hex(32),
        "GEVINST_LOAD_DEFAULT_DATA": "0",
        "GEVINST_TODAY": today,
    }
    log = open(log_path, "w")  # noqa: SIM115 (the server writes to it while it runs)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "60", "app:server"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        deadline = time.time() + 90
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/helse")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or server.poll() is not None:
                raise RuntimeError("gunicorn startet ikke: " + log_path.read_text()[-2000:])
            time.sleep(0.3)
        people = [_User(port, name, password) for name, password in accounts]
        for person in people:
            person.login()
        first = people[0]
        first._request("GET", "/")
        _status, deps = first._request("GET", "/_dash-dependencies")
        output = next(d["output"] for d in json.loads(deps) if "_pages_content" in d["output"])
        pages = PAGES + [f"/prosjekter/{project_ref}"]
        for person in people[:2]:  # warm both workers
            for path in pages:
                person.open_page(output, path)
        result = LoadResult(users, seconds)
        lock = threading.Lock()
        stop_at = time.perf_counter() + seconds

        def work(person: _User, seed: int) -> None:
            rng = random.Random(seed)
            time.sleep(rng.uniform(0, 1.0))
            while time.perf_counter() < stop_at:
                path = rng.choice(pages)
                start = time.perf_counter()
                try:
                    status = person.open_page(output, path)
                    error = None if status == 200 else f"{path}: HTTP {status}"
                except Exception as exc:  # counted, never hidden
                    error = f"{path}: {type(exc).__name__}: {exc}"
                elapsed = time.perf_counter() - start
                with lock:
                    result.requests += 1
                    result.latencies.append(elapsed)
                    if error:
                        result.errors += 1
                        result.error_samples.append(error)
                time.sleep(rng.uniform(0.5, 2.0))

        started = time.perf_counter()
        threads = [threading.Thread(target=work, args=(person, n)) for n, person in enumerate(people)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result.seconds = time.perf_counter() - started
        return result.summary()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
