"""The README's production section, followed to the letter: its code block runs as written (only the four
placeholders an operator replaces are replaced) in a copy of the code, with a fresh virtualenv from the runtime
requirements alone, against a real PostgreSQL, with gunicorn and three workers. Six simultaneous first requests
are answered without any 5xx, the init step has run once, and the database holds no demo data (decision 78).

It starts its own PostgreSQL and builds its own virtualenv, so it runs once, in the SQLite pass.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from db.migrate import head_revision
from tests.conftest import ROOT

pytestmark = pytest.mark.sqlite_only

COPY_IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "instance", "__pycache__", ".pytest_cache", ".ruff_cache", "test-results", "*.egg-info"
)


def wheelhouse() -> Path:
    """The runtime requirements' wheels, downloaded once per machine (and again when the pins change), so the
    fresh virtualenv installs from the local cache, without the network."""
    pins = [ROOT / "requirements.txt", ROOT / "constraints.txt"]
    key = hashlib.sha256(b"".join(p.read_bytes() for p in pins)).hexdigest()[:12]
    folder = Path.home() / ".cache" / "gevinstportalen" / f"wheels-{key}"
    if not (folder / ".complete").exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "-r", pins[0], "-c", pins[1], "-d", folder],
            check=True,
            capture_output=True,
        )
        (folder / ".complete").touch()
    return folder


def production_block() -> str:
    """The first ```sh block of the README's «### Production» section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Production\n") :]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port: int, method: str, path: str, body: str | None = None, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body, headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        connection.close()


def _cookie(set_cookie: str) -> str:
    return set_cookie.split(";", 1)[0]  # the cookie is Secure in production; this plain-HTTP client sends it anyway


@pytest.fixture
def postgres_for_operator():
    """An empty database `gevinst` owned by the role `gevinst`, as the README asks the operator to make."""
    from tests.pg_server import PostgresServer

    server = PostgresServer().start()
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE ROLE gevinst LOGIN PASSWORD 'et-passord-for-test'"))
        connection.execute(text("CREATE DATABASE gevinst OWNER gevinst"))
    admin.dispose()
    yield server
    server.stop()


def test_the_readme_production_commands_start_a_working_portal(postgres_for_operator, tmp_path):
    block = production_block()
    port = _free_port()
    placeholders = {
        "db.internal": f"127.0.0.1:{postgres_for_operator.port}",
        "PASSORD": "et-passord-for-test",
        "/etc/gevinstportalen": str(tmp_path / "etc"),
        "127.0.0.1:8000": f"127.0.0.1:{port}",
    }
    for placeholder, value in placeholders.items():
        assert placeholder in block, f"the README's production block no longer has {placeholder}"
        block = block.replace(placeholder, value)
    code = tmp_path / "gevinstportalen"
    shutil.copytree(ROOT, code, ignore=COPY_IGNORE)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GEVINST_", "DATABASE_URL", "VIRTUAL_ENV"))}
    env.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheelhouse()))  # pip's own settings: the local wheel cache

    shell = subprocess.Popen(
        ["bash", "-e", "-c", block],
        cwd=code,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(shell.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.time() + 420  # about 1 minute on a quiet 2-core machine; much more when it is shared
        while "Gevinstportalen kjører på" not in "".join(output):
            assert shell.poll() is None, "".join(output)
            assert time.time() < deadline, "".join(output)
            time.sleep(0.5)

        def first_requests(_):
            return _request(port, "GET", "/logg-inn")[0], _request(port, "GET", "/_dash-layout")[0]

        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(first_requests, range(6)))
        assert answers == [(200, 401)] * 6, (answers, "".join(output))

        password = re.search(r"Passord: (\S+)", (code / "instance" / "forste-passord.txt").read_text()).group(1)
        status, set_cookie, page = _request(port, "GET", "/logg-inn")
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrf": token, "brukernavn": "sekretariat", "passord": password, "neste": "/"})
        status, set_cookie, _ = _request(
            port,
            "POST",
            "/logg-inn",
            form,
            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": _cookie(set_cookie)},
        )
        assert status == 302 and "Secure" in set_cookie
        status, _, layout = _request(port, "GET", "/_dash-layout", headers={"Cookie": _cookie(set_cookie)})
        assert status == 200 and "Hopp til hovedinnholdet" in layout
    finally:
        os.killpg(shell.pid, signal.SIGTERM)
        shell.wait(timeout=30)
        reader.join(timeout=10)
    log = "".join(output)
    assert log.count("Første bruker er opprettet") == 1 and "Databasen er oppgradert" in log
    assert f"Gevinstportalen kjører på http://127.0.0.1:{port}/ (3 prosesser" in log
    assert "Traceback" not in log and "[ERROR]" not in log and "development server" not in log

    database = create_engine(postgres_for_operator.url("gevinst"))
    with database.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM project")).scalar() == 0  # no demo data
        assert connection.execute(text("SELECT count(*) FROM app_user")).scalar() == 1
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    database.dispose()
