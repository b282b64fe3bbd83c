"""Parallel password guessing against a real server, and a database held locked (issue 15, items 5 and 7)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from sqlalchemy import select

from db.models import LoginThrottle, User
from db.session import BUSY_MESSAGE, read_session, session_scope
from db.users import MAX_FAILED_FROM_ADDRESS, WRONG_LOGIN, add_user
from tests.conftest import ROOT, context, snapshot
from tests.web.test_gunicorn import _port
from web.auth import TOO_MANY

PASSWORD = "et-langt-passord"


def _opener():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def _try(base: str, password: str) -> tuple[int, str, float]:
    opener = _opener()
    page = opener.open(base + "/logg-inn").read().decode()
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrf": token, "brukernavn": "siri", "passord": password, "neste": "/"}).encode()
    started = time.monotonic()
    try:
        response = opener.open(base + "/logg-inn", data=body)
        return response.status, response.geturl(), time.monotonic() - started
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), time.monotonic() - started


@pytest.mark.sqlite_only
def test_forty_parallel_guesses_check_at_most_five_and_the_right_password_waits(loaded_db):
    with session_scope(loaded_db) as s:
        add_user(s, username="siri", role="sekretariat", password=PASSWORD)
    port = _port()
    env = {**os.environ, "DATABASE_URL": loaded_db, "GEVINST_ENV": "development", "GEVINST_SECRET_KEY": "k" * 40}
    command = [sys.executable, "-m", "gunicorn", "-w", "4", "--timeout", "120"]  # four processes share only the db
    proc = subprocess.Popen(
        [*command, "-b", f"127.0.0.1:{port}", "app:server"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(base + "/logg-inn", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        for _ in range(12):  # the workers have built the app before the burst
            urllib.request.urlopen(base + "/logg-inn", timeout=60)
        results: list[tuple[int, str, float]] = []
        start = threading.Barrier(40)

        def guess(n: int) -> None:
            start.wait()
            results.append(_try(base, f"gjetning-{n}"))

        threads = [threading.Thread(target=guess, args=(n,)) for n in range(40)]
        for thread in threads:
            thread.start()
        while time.time() < deadline:  # the right password arrives while the burst is still being answered
            with read_session(loaded_db) as s:
                row = s.get(LoginThrottle, "127.0.0.1 siri")
                if row is not None and row.locked_until is not None:
                    break
            time.sleep(0.01)
        right = _try(base, PASSWORD)
        for thread in threads:
            thread.join(60)
        assert {status for status, _, _ in results} <= {401, 429}
        assert all(WRONG_LOGIN in text or TOO_MANY in text for _, text, _ in results)
        answer = WRONG_LOGIN if right[0] == 401 else TOO_MANY  # the lock's answer, or the limiter's (decision 169)
        assert answer in right[1]  # the same answer as a wrong password got in the same burst
        with read_session(loaded_db) as s:
            checked = s.scalars(select(User.failed_logins).filter_by(username="siri")).one()
        assert checked <= MAX_FAILED_FROM_ADDRESS  # at most five hashes were compared for the real account
        refused = [seconds for status, _, seconds in results if status == 401]
        assert min(refused) >= 0.45  # locked and wrong both take the delay: timing says nothing
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.sqlite_only
def test_a_database_held_locked_answers_busy_in_norwegian_and_writes_nothing(loaded_db):
    """Another process holds the write lock: the write is tried again, then refused with «Databasen er opptatt»;
    nothing is half-written. Once the lock is gone the same write succeeds."""
    from services import rounds

    url = loaded_db + "?timeout=0.2"
    before = snapshot(loaded_db)
    holder = sqlite3.connect(loaded_db.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        outcome = rounds.create_round(context(url), scheme_id=1, name="Vår 2027", deadline_text="01.03.2027")
        assert time.monotonic() - started < 5
        assert not outcome.ok and outcome.problems[0].message == BUSY_MESSAGE
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert snapshot(loaded_db) == before
    assert rounds.create_round(context(url), scheme_id=1, name="Vår 2027", deadline_text="01.03.2027").ok
