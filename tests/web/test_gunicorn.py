"""app:server under gunicorn with several workers: logins and pages work across workers."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from db.session import session_scope
from db.users import add_user
from tests.conftest import ROOT


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.sqlite_only
def test_gunicorn_with_two_workers_serves_logged_in_pages(loaded_db):
    with session_scope(loaded_db) as s:
        add_user(s, username="siri", role="sekretariat", password="et-langt-passord")
    port = _port()
    # development mode: production cookies are Secure (HTTPS only), which this plain-HTTP test cannot send back
    env = {**os.environ, "DATABASE_URL": loaded_db, "GEVINST_ENV": "development", "GEVINST_SECRET_KEY": "k" * 40}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "app:server"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(base + "/helse", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        page = opener.open(base + "/logg-inn").read().decode()
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"csrf": token, "brukernavn": "siri", "passord": "et-langt-passord", "neste": "/"}
        ).encode()
        opener.open(base + "/logg-inn", data=body)
        for _ in range(6):  # requests spread over both workers share the signed session
            layout = opener.open(base + "/_dash-layout").read().decode()
            assert "Hopp til hovedinnholdet" in layout
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "/_dash-layout")
        assert refused.value.code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=20)
