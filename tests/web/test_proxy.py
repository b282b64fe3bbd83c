"""Behind a reverse proxy (decision 86): the app under gunicorn with a small reverse proxy in front that rewrites
Host and sets X-Forwarded-For/-Proto/-Host/-Port, as nginx does with docs/nginx.conf. With
GEVINST_TRUSTED_PROXIES=1 logins, pages and Dash callback POSTs work through it; with 0 the same forwarded
requests are refused (403), and a forged X-Forwarded-Host never makes another site's POST look like ours."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.cookiejar import CookieJar
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app import create_app
from db.session import session_scope
from db.users import add_user
from settings import ConfigError, load_config
from tests.conftest import ROOT
from tests.web.test_gunicorn import _port

PASSWORD = "et-langt-passord-bak-proxy"
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"}
FORWARDED = {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "host"}


class _ReverseProxy(BaseHTTPRequestHandler):
    """nginx's `proxy_pass http://127.0.0.1:<backend>` with the headers of docs/nginx.conf: the backend sees its
    own address as Host, and what the browser asked for only in the X-Forwarded-* headers (which replace any
    the client sent)."""

    backend_port = 0

    def _forward(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | FORWARDED}
        host = self.headers.get("Host", "")
        headers.update(
            {
                "Host": f"127.0.0.1:{self.backend_port}",
                "X-Forwarded-For": self.client_address[0],
                "X-Forwarded-Proto": "http",
                "X-Forwarded-Host": host.rsplit(":", 1)[0],
                "X-Forwarded-Port": str(self.server.server_address[1]),
                "Content-Length": str(len(body)),
            }
        )
        upstream = http.client.HTTPConnection("127.0.0.1", self.backend_port, timeout=60)
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            response = upstream.getresponse()
            content = response.read()
            self.send_response(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP | {"content-length"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(content)
        finally:
            upstream.close()

    do_GET = do_POST = _forward

    def log_message(self, *_args) -> None:
        pass


@contextmanager
def reverse_proxy(backend_port: int):
    handler = type("Proxy", (_ReverseProxy,), {"backend_port": backend_port})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def gunicorn(db_url: str, trusted_proxies: str):
    port = _port()
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "GEVINST_ENV": "development",  # production cookies are Secure, which this plain-HTTP test cannot send back
        "GEVINST_SECRET_KEY": "p" * 40,
        "GEVINST_TRUSTED_PROXIES": trusted_proxies,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "app:server"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/helse", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)


class Browser:
    """What a browser sends: cookies, and an Origin naming the address it shows on every POST."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> str:
        return self.opener.open(self.base + path, timeout=60).read().decode()

    def post(self, path: str, body: bytes, content_type: str, headers: dict | None = None) -> tuple[int, str]:
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={"Origin": self.base, "Content-Type": content_type, **(headers or {})},
        )
        try:
            response = self.opener.open(request, timeout=60)
            return response.status, response.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode()

    def log_in(self) -> None:
        token = re.search(r'name="csrf" value="([^"]+)"', self.get("/logg-inn")).group(1)
        form = {"csrf": token, "brukernavn": "siri", "passord": PASSWORD, "neste": "/"}
        status, page = self.post(
            "/logg-inn", urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
        )
        assert status == 200 and "Gevinstportalen" in page, (status, page[:300])

    def callback(self, output: str, inputs: dict, states: dict) -> tuple[int, str]:
        """A Dash callback POST as the page makes it, built from the app's own /_dash-dependencies."""
        spec = next(d for d in json.loads(self.get("/_dash-dependencies")) if output in d["output"])
        outputs = [
            dict(zip(("id", "property"), part.split("@")[0].rsplit(".", 1), strict=True))
            for part in spec["output"].strip(".").split("...")
        ]

        def values(items, given):
            return [{"id": i["id"], "property": i["property"], "value": given.get(i["id"])} for i in items]

        body = {
            "output": spec["output"],
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": values(spec["inputs"], inputs),
            "state": values(spec["state"], states),
            "changedPropIds": [f"{next(iter(inputs))}.n_clicks"],
        }
        return self.post("/_dash-update-component", json.dumps(body).encode(), "application/json")


NEW_ROUND = "innrapportering-ny-feil.children"


@pytest.fixture
def secretariat_db(loaded_db):
    with session_scope(loaded_db) as s:
        add_user(s, username="siri", role="sekretariat", password=PASSWORD)
    return loaded_db


@pytest.mark.sqlite_only
def test_everything_works_through_a_trusted_proxy_that_rewrites_host(secretariat_db):
    with gunicorn(secretariat_db, "1") as backend, reverse_proxy(backend) as proxy_port:
        browser = Browser(f"http://localhost:{proxy_port}")  # not the backend's 127.0.0.1:<port>
        browser.log_in()
        assert "Hopp til hovedinnholdet" in browser.get("/_dash-layout")
        status, answer = browser.callback(
            NEW_ROUND, {"innrapportering-ny-knapp": 1}, {"innrapportering-ny-navn": "Vår 2026"}
        )
        assert status == 200 and "opprettet=1" in answer, answer  # the page moves to the new round
        assert browser.post("/okt/forleng", b"{}", "application/json")[0] == 200
        # a page asked for without a session goes to the login page at the proxy's address, not the backend's
        anonymous = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        landed = anonymous.open(f"http://localhost:{proxy_port}/okonomi", timeout=60)
        assert landed.url.startswith(f"http://localhost:{proxy_port}/logg-inn"), landed.url


@pytest.mark.sqlite_only
def test_without_the_trust_setting_forwarded_posts_are_refused(secretariat_db):
    with gunicorn(secretariat_db, "0") as backend, reverse_proxy(backend) as proxy_port:
        browser = Browser(f"http://localhost:{proxy_port}")
        browser.log_in()  # the login form carries its CSRF token; pages are GETs
        status, answer = browser.callback(
            NEW_ROUND, {"innrapportering-ny-knapp": 1}, {"innrapportering-ny-navn": "Vår 2026"}
        )
        assert status == 403 and "sette GEVINST_TRUSTED_PROXIES" in json.loads(answer)["error"]  # trial 26b
        assert browser.post("/okt/forleng", b"{}", "application/json")[0] == 403
        # straight to the backend, another site's page forging the forwarded host is refused too
        direct = Browser(f"http://127.0.0.1:{backend}")
        direct.log_in()
        forged = {"Origin": "https://angriper.example", "X-Forwarded-Host": "angriper.example"}
        forged["X-Forwarded-Proto"] = "https"
        assert direct.post("/okt/forleng", b"{}", "application/json", forged)[0] == 403
        assert direct.post("/okt/forleng", b"{}", "application/json")[0] == 200


@pytest.fixture
def app_behind(loaded_db):
    """The app in-process, for the test client: (trusted proxies) -> Flask app, logged in as the secretariat."""
    with session_scope(loaded_db) as s:
        add_user(s, username="siri", role="sekretariat", password=PASSWORD)

    def build(trusted: str):
        application = create_app(load_config({"DATABASE_URL": loaded_db, "GEVINST_TRUSTED_PROXIES": trusted}))
        client = application.server.test_client()
        backend = {"Host": BACKEND}  # the test client keeps cookies per Host, as the proxy sends it
        page = client.get("/logg-inn", headers=backend).get_data(as_text=True)
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        form = {"csrf": token, "brukernavn": "siri", "passord": PASSWORD, "neste": "/"}
        assert client.post("/logg-inn", data=form, headers=backend).status_code == 302
        return client

    return build


BACKEND = "127.0.0.1:8000"
HTTPS_PROXY = {"Host": BACKEND, "X-Forwarded-Proto": "https", "X-Forwarded-Host": "portal.example"}


def test_origin_check_uses_the_forwarded_scheme_and_host_only_when_trusted(app_behind):
    trusting = app_behind("1")
    assert trusting.post("/okt/forleng", headers={**HTTPS_PROXY, "Origin": "https://portal.example"}).status_code == 200
    port_443 = {**HTTPS_PROXY, "X-Forwarded-Port": "443", "Origin": "https://portal.example"}
    assert trusting.post("/okt/forleng", headers=port_443).status_code == 200
    assert trusting.post("/okt/forleng", headers={**HTTPS_PROXY, "Origin": "http://portal.example"}).status_code == 403
    assert (
        trusting.post("/okt/forleng", headers={**HTTPS_PROXY, "Origin": "https://angriper.example"}).status_code == 403
    )
    untrusting = app_behind("0")
    assert (
        untrusting.post("/okt/forleng", headers={**HTTPS_PROXY, "Origin": "https://portal.example"}).status_code == 403
    )
    assert untrusting.post("/okt/forleng", headers={"Host": BACKEND, "Origin": f"http://{BACKEND}"}).status_code == 200


def test_trusted_proxies_must_be_a_count():
    assert load_config({"GEVINST_TRUSTED_PROXIES": ""}).trusted_proxies == 0
    assert load_config({"GEVINST_TRUSTED_PROXIES": "2"}).trusted_proxies == 2
    with pytest.raises(ConfigError, match="GEVINST_TRUSTED_PROXIES"):
        load_config({"GEVINST_TRUSTED_PROXIES": "ja"})
