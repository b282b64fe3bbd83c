"""Server-side page timing: each page's callback through Flask's test client, its SQL alone, its size.

A page's content comes from Dash's page-routing callback (POST /_dash-update-component with the
path and query string): that callback reads the database and builds the layout. The SQL alone is
measured by recording every statement the callback sends and replaying them on a raw DB-API
connection, fetching every row: the database's share without ORM, Dash or JSON work.
"""

from __future__ import annotations

import json
import re
import secrets
import statistics
import time
from dataclasses import dataclass

import dash
from sqlalchemy import event

from app import create_app
from db.session import get_engine, session_scope
from db.users import add_user
from settings import load_config


def stats(samples: list[float]) -> dict:
    """Median and p95 in milliseconds (p95 by nearest rank)."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "runs": len(ordered),
    }


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


@dataclass
class PageTiming:
    path: str
    server: dict
    sql: dict
    statements: int
    response_bytes: int
    largest_response_bytes: int = 0
    callbacks: int = 0


def logged_in_client(app, url: str):
    """A test client logged in as a fresh secretariat user, through the real login form."""
    password = secrets.token_urlsafe(16)
    username = f"bench-{secrets.token_hex(3)}"
    with session_scope(url) as session:
        add_user(session, username=username, role="sekretariat", password=password)
    client = app.server.test_client()
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/logg-inn").get_data(as_text=True)).group(1)
    response = client.post("/logg-inn", data={"csrf": token, "brukernavn": username, "passord": password})
    assert response.status_code in (302, 303), response.status_code
    return client


def routing_request(client) -> dict:
    client.get("/")
    deps = json.loads(client.get("/_dash-dependencies").data)
    return next(d["output"] for d in deps if "_pages_content" in d["output"])


def page_paths(project_ref: str) -> list[tuple[str, str]]:
    """(name, path) of every registered page; a path that takes a project gets a real one (the name
    keeps the template, so the same page compares across data sets)."""
    paths = []
    for page in dash.page_registry.values():
        template = page.get("path_template") or page["path"]
        if template != "/404":
            paths.append((template, re.sub(r"<[^>]+>", project_ref, template)))
    return sorted(paths)


class SqlRecorder:
    """Collects (statement, parameters) sent on an engine while ``active``."""

    def __init__(self, url: str) -> None:
        self.engine = get_engine(url)
        self.active = False
        self.statements: list[tuple[str, object]] = []
        event.listen(self.engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, parameters, _context, executemany):
        if self.active and not executemany and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            self.statements.append((statement, parameters))

    def replay(self) -> float:
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            start = time.perf_counter()
            for statement, parameters in self.statements:
                cursor.execute(statement, parameters)
                cursor.fetchall()
            elapsed = time.perf_counter() - start
            cursor.close()
            raw.rollback()
        finally:
            raw.close()
        return elapsed

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)


def _components(tree, found: dict) -> dict:
    """id -> props of every component with a string id in a serialised layout."""
    if isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict) and "type" in tree:
            if isinstance(props.get("id"), str):
                found[props["id"]] = props
            _components(props.get("children"), found)
        else:
            for value in tree.values():
                _components(value, found)
    elif isinstance(tree, list):
        for item in tree:
            _components(item, found)
    return found


def initial_callbacks(dependencies: list[dict], layout) -> list[dict]:
    """The server callbacks Dash fires when the page's layout arrives: every input (and state) is in the
    layout and the callback does not wait for a user action. Bodies as the browser sends them."""
    present = _components(layout, {})
    bodies = []
    for dep in dependencies:
        if dep.get("prevent_initial_call") or dep.get("clientside_function") or "_pages" in dep["output"]:
            continue
        ids = dep["inputs"] + dep["state"]
        if not dep["inputs"] or any(not isinstance(i["id"], str) or i["id"] not in present for i in ids):
            continue
        outputs = [
            {"id": part.split(".")[0], "property": part.split(".")[1].split("@")[0]}
            for part in dep["output"].strip(".").split("...")
        ]
        bodies.append(
            {
                "output": dep["output"],
                "outputs": outputs if len(outputs) > 1 else outputs[0],
                "inputs": [{**i, "value": present[i["id"]].get(i["property"])} for i in dep["inputs"]],
                "state": [{**i, "value": present[i["id"]].get(i["property"])} for i in dep["state"]],
                "changedPropIds": [],
            }
        )
    return bodies


def time_pages(
    url: str,
    project_ref: str,
    *,
    runs: int,
    today: str,
    extra_config: dict | None = None,
) -> dict[str, PageTiming]:
    app = create_app(load_config({"DATABASE_URL": url, "GEVINST_TODAY": today, **(extra_config or {})}))
    client = logged_in_client(app, url)
    output = routing_request(client)
    dependencies = json.loads(client.get("/_dash-dependencies").data)
    recorder = SqlRecorder(url)
    results = {}
    try:
        for name, path in page_paths(project_ref):
            body = {
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
            headers = {"Origin": "http://localhost"}
            response = client.post("/_dash-update-component", json=body, headers=headers)
            assert response.status_code == 200, (path, response.status_code, response.data[:300])
            follow_ups = initial_callbacks(dependencies, json.loads(response.data)["response"])

            def view(body=body, headers=headers, follow_ups=follow_ups, path=path) -> list[int]:
                """The page as the browser loads it: the routing callback, then the layout's own callbacks."""
                sizes = [len(client.post("/_dash-update-component", json=body, headers=headers).data)]
                for extra in follow_ups:
                    answer = client.post("/_dash-update-component", json=extra, headers=headers)
                    assert answer.status_code in (200, 204), (path, extra["output"], answer.status_code)
                    sizes.append(len(answer.data))
                return sizes

            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                sizes = view()
                samples.append(time.perf_counter() - start)
            recorder.statements, recorder.active = [], True
            view()
            recorder.active = False
            sql = [recorder.replay() for _ in range(runs)]
            results[name] = PageTiming(
                path, stats(samples), stats(sql), len(recorder.statements), sum(sizes), max(sizes), len(follow_ups)
            )
    finally:
        recorder.close()
    return results
