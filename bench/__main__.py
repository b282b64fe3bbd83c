"""make bench: time the import of the default workbook and the overview page, server side.

Prints a human-readable table and, as its last line, one JSON object. This first version
measures the default data only; national-scale data comes with the performance issue.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from db.queries import portfolio  # noqa: E402
from db.session import read_session  # noqa: E402
from etl.importer import import_file  # noqa: E402
from settings import load_config  # noqa: E402

WORKBOOK = ROOT / "data" / "rapport_host_2025.xlsx"


def _stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered) * 1000, 2), "p95_ms": round(p95 * 1000, 2),
            "runs": len(ordered)}


def _time(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="gevinst-bench-"))
    try:
        counter = iter(range(10_000))

        def fresh_import():
            url = f"sqlite:///{work / f'import-{next(counter)}.sqlite'}"
            assert import_file(WORKBOOK, url).ok

        import_stats = _stats(_time(fresh_import, 5))
        url = f"sqlite:///{work / 'pages.sqlite'}"
        app = create_app(load_config({"DATABASE_URL": url}))
        client = app.server.test_client()
        import re
        import secrets

        from db.session import session_scope
        from db.users import add_user

        password = secrets.token_urlsafe(16)
        with session_scope(url) as session:
            add_user(session, username="bench", role="sekretariat", password=password)
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/logg-inn").get_data(as_text=True)).group(1)
        client.post("/logg-inn", data={"csrf": token, "brukernavn": "bench", "passord": password})

        def sql_only():
            with read_session(url) as session:
                portfolio(session=session)

        sql = _stats(_time(sql_only, 30))
        import dash
        overview = next(p for p in dash.page_registry.values() if p["path"] == "/")

        def page_layout():
            with app.server.test_request_context("/"):
                overview["layout"]()

        layout = _stats(_time(page_layout, 30))
        client.get("/")
        deps = json.loads(client.get("/_dash-dependencies").data)
        pages_output = next(d["output"] for d in deps if "_pages_content" in d["output"])
        response = client.post("/_dash-update-component", json={
            "output": pages_output,
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/"},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "changedPropIds": ["_pages_location.pathname"], "state": [],
        })
        assert response.status_code == 200, response.status_code
        layout_size = len(response.data)
        from datetime import date as _date

        from reports.generate import generate

        def report(fmt):
            return lambda: generate(url, round_name="Høst 2025", fmt=fmt, today=_date(2025, 10, 3))

        report_stats = {fmt: _stats(_time(report(fmt), 3)) for fmt in ("xlsx", "docx", "pdf")}
        result = {
            "import": {"default_workbook": import_stats},
            "pages": {"overview": {"server": layout, "sql": sql,
                                   "sql_share": round(sql["median_ms"] / layout["median_ms"], 3),
                                   "response_bytes": layout_size}},
            "browser": None, "report": report_stats, "load": None,
            "scale": "default data only (national-scale data set: not yet built)",
        }
        print(f"{'Måling':<40} {'median':>10} {'p95':>10}")
        print(f"{'Import av standardarbeidsboken':<40} {import_stats['median_ms']:>8} ms {import_stats['p95_ms']:>8} ms")
        print(f"{'Oversikt: sidens server-tid':<40} {layout['median_ms']:>8} ms {layout['p95_ms']:>8} ms")
        print(f"{'Oversikt: bare SQL':<40} {sql['median_ms']:>8} ms {sql['p95_ms']:>8} ms")
        print(f"{'Oversikt: svarstørrelse':<40} {layout_size:>8} B")
        for fmt, stats in report_stats.items():
            print(f"{'Rapport ' + fmt:<40} {stats['median_ms']:>8} ms {stats['p95_ms']:>8} ms")
        print(json.dumps(result, ensure_ascii=False))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
