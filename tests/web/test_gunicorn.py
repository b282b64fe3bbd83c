"""app:server under gunicorn with several workers: logins and pages work across workers."""

from __future__ import annotations

import contextlib
import http.client
import io
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
        for path, status, text in (
            ("/prosjekter?" + "x" * 9000, 414, "Adressen er for lang."),  # refused by gunicorn, not the app
            ("/prosjekter/æøå", 302, "Gå videre til"),  # a redirect not followed shows Norwegian, not «Redirecting»
        ):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", urllib.parse.quote(path, safe="/?=x"))
            answer = connection.getresponse()
            page = answer.read().decode()
            assert answer.status == status and text in page and 'lang="nb"' in page, (answer.status, page)
            assert status != 414 or '<a href="/">Til forsiden</a>' in page
            assert "Redirecting" not in page and "Too Long" not in page
            connection.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _make_run_command(port: int) -> list[str]:
    """The gunicorn line of the Makefile's `run` target, with its variables filled in as make would."""
    import shlex
    from pathlib import Path

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("\nrun:") :].split("\n\n", 1)[0]
    line = next(line.strip() for line in recipe.splitlines() if "gunicorn" in line)
    venv = str(Path(sys.executable).parent.parent)
    return shlex.split(line.replace("$(VENV)", venv).replace("$(HOST)", "127.0.0.1").replace("$(PORT)", str(port)))


@pytest.mark.sqlite_only
def test_make_run_serves_with_gunicorn_and_norwegian_start_up_lines(tmp_path):
    """`make run` on an empty database: the init step once (in gunicorn's master), then workers with threads;
    six simultaneous first requests answered without a 5xx; Norwegian lines, no development-server warning."""
    import signal
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import text

    from db.session import get_engine

    port = _port()
    url = f"sqlite:///{tmp_path / 'gevinstportalen.sqlite'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEVINST_")}
    env.update(DATABASE_URL=url, GEVINST_ENV="development", GEVINST_SECRET_KEY="k" * 40)
    proc = subprocess.Popen(
        _make_run_command(port), cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"

    def status(path: str) -> int:
        try:
            return urllib.request.urlopen(base + path, timeout=60).status
        except urllib.error.HTTPError as error:
            return error.code

    try:
        deadline = time.time() + 240
        while True:
            try:
                urllib.request.urlopen(base + "/helse", timeout=2)
                break
            except OSError:
                assert proc.poll() is None and time.time() < deadline
                time.sleep(0.3)
        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(lambda _: (status("/logg-inn"), status("/_dash-layout")), range(6)))
        assert answers == [(200, 401)] * 6
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl+C
        output = proc.communicate(timeout=45)[0]  # gunicorn kills a worker not stopped within graceful_timeout
    assert output.count("Første bruker er opprettet") == 1
    assert f"Gevinstportalen kjører på http://127.0.0.1:{port}/ (2 prosesser med 4 tråder hver)" in output
    assert "Gevinstportalen er stoppet." in output
    assert "development server" not in output and "Booting worker" not in output and "Traceback" not in output
    with get_engine(url).connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM project")).scalar() == 9  # the embedded default
        assert connection.execute(text("SELECT count(*) FROM app_user")).scalar() == 1
    get_engine(url).dispose()


@pytest.mark.sqlite_only
def test_gunicorn_refuses_a_placeholder_secret_in_production(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEVINST_")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite'}", GEVINST_ENV="production", GEVINST_SECRET_KEY="x" * 40)
    done = subprocess.run(_make_run_command(_port()), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Gevinstportalen starter ikke: GEVINST_SECRET_KEY må settes" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "x.sqlite").exists()


def test_a_worker_stopped_while_it_builds_the_app_leaves_quietly():
    """Ctrl+C while a worker is still building the app: gunicorn's quit handler raises SystemExit inside the
    import, which Python may wrap (e.g. in a RuntimeError from a dataclass); the worker leaves with code 0
    instead of printing a traceback and «Worker failed to boot». A failure while running is not hidden."""
    import importlib.util
    from types import SimpleNamespace

    spec = importlib.util.spec_from_file_location("gunicorn_settings", ROOT / "gunicorn.conf.py")
    settings = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(settings)

    def interrupted_build():
        try:
            raise SystemExit(0)
        except SystemExit as stop:
            raise RuntimeError("Error calling __set_name__") from stop

    with pytest.raises(SystemExit) as left:
        settings.post_worker_init(SimpleNamespace(alive=False, wsgi=SimpleNamespace(build=interrupted_build)))
    assert left.value.code == 0
    with pytest.raises(RuntimeError):
        settings.post_worker_init(SimpleNamespace(alive=True, wsgi=SimpleNamespace(build=interrupted_build)))
    # the start-up line counts in Norwegian: «1 prosess med 1 tråd», not «1 prosesser» (the session-22 trial)
    one = SimpleNamespace(LISTENERS=["http://127.0.0.1:8050"], num_workers=1, cfg=SimpleNamespace(threads=1))
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        settings.when_ready(one)
    assert "(1 prosess med 1 tråd)" in printed.getvalue()
