"""Several hosts (decision 87): with GEVINST_CELERY_BROKER set, the round report is made by a real Celery worker
(`celery -A worker.celery_app worker`, as the README says) on a real Debian redis-server on loopback, started
from the page as a user would, and the document comes back to the browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean_console, free_port, login, start_app
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    server = shutil.which("redis-server")
    assert server, "redis-server finnes ikke; make test installerer Debians pakke redis-server."
    port = free_port()
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.time() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                raise
            time.sleep(0.1)
    client.close()
    return proc, f"redis://127.0.0.1:{port}/0"


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    """The README's worker command (two processes), waiting until it takes jobs."""
    command = [sys.executable, "-m", "celery", "-A", "worker.celery_app", "worker", "--concurrency", "2"]
    output = open(log, "w")  # noqa: SIM115 (the worker writes to it while it runs)
    proc = subprocess.Popen([*command, "--loglevel", "INFO"], cwd=ROOT, env=env, stdout=output, stderr=output)
    deadline = time.time() + 90
    while "ready." not in log.read_text():
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            raise RuntimeError(log.read_text())
        time.sleep(0.3)
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_round_report_is_made_by_a_celery_worker_on_redis(tmp_path, page):
    redis_server, broker = start_redis(tmp_path)
    db = tmp_path / "app.sqlite"
    settings = {"GEVINST_CELERY_BROKER": broker, "GEVINST_TODAY": "2025-10-03"}
    app, url = start_app(db, settings)  # loads the data and the users before the worker starts
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", **settings}
    worker = start_worker(env, tmp_path / "worker.log")
    try:
        login(page, url)
        page.goto(url + "/ssu")
        with page.expect_download(timeout=90_000) as info:
            page.get_by_role("button", name="Rapport (Word)").click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        from docx import Document

        assert any("Rapport høst 2025" in p.text for p in Document(str(path)).paragraphs)
        expect(page.locator("#ssu-dokument-melding")).to_contain_text("er laget")
        assert_clean_console(page)
        log = (tmp_path / "worker.log").read_text()
        assert "background_callback_" in log and "succeeded" in log, log
        assert not (tmp_path / "bakgrunn").exists()  # the single-host disk cache was not used
    finally:
        stop(worker)
        stop(app)
        stop(redis_server)
