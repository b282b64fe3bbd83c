"""Start the real app (python app.py) on a free port and drive Debian's Chromium with Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.cli import run_cli
from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PASSWORD = "test-passord-som-er-langt"
USERS = (
    ("siri", "sekretariat", (), "Siri Sekretær"),
    ("gunnhild", "prosjektleder", ("15266",), "Gunnhild Ag"),
    ("ssu", "leser", (), "SSU-medlem"),
)


def prepare_db(db_path: Path) -> None:
    """Load the default data and create one user per role, as an operator would with the command line."""
    url = f"sqlite:///{db_path}"
    assert run_cli("import", str(ROOT / "data" / "rapport_host_2025.xlsx"), "--db", url).returncode == 0
    for username, role, projects, name in USERS:
        args = ["users", "add", username, "--role", role, "--password-stdin", "--name", name, "--db", url]
        for number in projects:
            args += ["--project", number]
        assert run_cli(*args, input=PASSWORD + "\n").returncode == 0


def login(page, url: str, username: str = "siri") -> None:
    page.goto(url + "/logg-inn")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(url + "/")


def start_app(db_path: Path, extra_env: dict | None = None) -> tuple[subprocess.Popen, str]:
    prepare_db(db_path)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", "GEVINST_TODAY": "2025-10-03", **(extra_env or {})}
    log = open(db_path.with_suffix(".log"), "w")  # noqa: SIM115 (the app writes to it while it runs)
    proc = subprocess.Popen(
        [sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(db_path.with_suffix(".log").read_text())
        try:
            urllib.request.urlopen(url + "/helse", timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the app did not start in 60 s")


@contextmanager
def running_app(folder: Path, extra_env: dict | None = None):
    """The app on a database of its own in ``folder`` (start_app), stopped when the block ends."""
    proc, url = start_app(folder / "app.sqlite", extra_env)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """The app as `make run` starts it: an empty database, migrated and loaded with the default data."""
    with running_app(tmp_path_factory.mktemp("app")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A page that records console messages and page errors; the test asserts none happened."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nb-NO")
    pg = context.new_page()
    pg.console_messages_seen = []
    pg.on("console", lambda msg: pg.console_messages_seen.append(f"{msg.type}: {msg.text}"))
    pg.on("pageerror", lambda err: pg.console_messages_seen.append(f"pageerror: {err}"))
    yield pg
    context.close()


def assert_clean_console(pg) -> None:
    assert pg.console_messages_seen == [], pg.console_messages_seen
