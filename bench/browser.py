"""The overview in headless Chromium (Debian's /usr/bin/chromium) at national scale.

Render: from navigation start until the project grid shows its rows and the key figures are on
screen. Filter change: from choosing another round in the overview's round filter until the page
shows that round (URL update, server callback, re-render).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.pages import percentile, stats
from db.session import session_scope
from db.users import add_user

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Timed inside the page: from the click on the option (capture phase) until the lead paragraph names
# the chosen round (a MutationObserver), so the figure is what a user sees, not the driver's overhead.
WATCH = """wanted => {
    window.__benchChange = {start: null, end: null};
    document.addEventListener("click", () => {
        if (window.__benchChange.start === null) { window.__benchChange.start = performance.now(); }
    }, {capture: true, once: true});
    const lead = document.getElementById("oversikt-ingress");
    const observer = new MutationObserver(() => {
        if (lead.textContent.includes(wanted)) { window.__benchChange.end = performance.now(); observer.disconnect(); }
    });
    observer.observe(lead, {childList: true, subtree: true, characterData: true});
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browser_timings(
    url: str, *, today: str, rounds: tuple[str, str], renders: int = 5, changes: int = 10, log_path: Path
) -> dict:
    if not os.path.exists(CHROMIUM):
        return {"skipped": "Debian's chromium is not installed (make bench installs it)"}
    from playwright.sync_api import sync_playwright

    password = secrets.token_urlsafe(12)
    username = f"nettleser-{secrets.token_hex(2)}"
    with session_scope(url) as session:
        add_user(session, username=username, role="sekretariat", password=password)
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "GEVINST_TODAY": today, "GEVINST_LOAD_DEFAULT_DATA": "0"}
    log = open(log_path, "w")  # noqa: SIM115 (the server writes to it while it runs)
    server = subprocess.Popen(
        [sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(base + "/helse", timeout=2)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise RuntimeError("appen startet ikke: " + log_path.read_text()[-2000:]) from None
                time.sleep(0.3)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nb-NO")
            page = context.new_page()
            page.goto(base + "/logg-inn")
            page.get_by_label("Brukernavn").fill(username)
            page.get_by_label("Passord").fill(password)
            page.get_by_role("button", name="Logg inn").click()
            page.wait_for_url(base + "/")
            render = []
            for _ in range(renders):
                fresh = context.new_page()
                start = time.perf_counter()
                fresh.goto(base + "/")
                fresh.locator("#oversikt-prosjekter-rutenett .ag-row").first.wait_for(state="visible", timeout=30_000)
                fresh.locator("#oversikt-ramme").wait_for(state="visible")
                render.append(time.perf_counter() - start)
                fresh.close()
            change = []
            for n in range(changes):
                wanted = rounds[n % 2]
                page.locator("#oversikt-runde").click()
                option = page.get_by_role("option", name=wanted, exact=True)
                option.wait_for(state="visible")
                page.evaluate(WATCH, f"Rapporteringsrunde: {wanted}")
                option.click()
                page.locator(".lead", has_text=f"Rapporteringsrunde: {wanted}").wait_for(timeout=30_000)
                page.locator("#oversikt-prosjekter-rutenett .ag-row").first.wait_for(state="visible")
                elapsed_ms = page.evaluate("window.__benchChange.end - window.__benchChange.start")
                change.append(elapsed_ms / 1000)
            browser.close()
        return {
            "overview_render": stats(render),
            "filter_change": {**stats(change), "p90_ms": round(percentile(change, 0.90) * 1000, 2)},
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
