"""make bench: import, page, browser, report and load figures at default and national scale.

Prints a human-readable table and, as its last line, one JSON object with the keys import, pages,
browser, report and load (times and ratios), plus targets (each target with its value and whether
it was met) and missed (the names of the targets not met). See README, "Performance".

    python -m bench [--runs N] [--workbooks N] [--load-seconds S] [--skip-load] [--skip-browser]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from bench.pages import stats, time_pages
from db.models import Project
from db.session import read_session

ROOT = Path(__file__).resolve().parent.parent

WORKBOOK = ROOT / "data" / "rapport_host_2025.xlsx"
TODAY = "2025-12-01"
STATIC_PAGES = {"/tilgjengelighet", "/bruker"}  # no data to read: the SQL share says nothing there
TARGETS = {
    "import_ratio": 2.0,
    "page_p95_ms": 150.0,
    "page_growth": 5.0,
    "sql_share": 1 / 3,
    "response_kb": 300,
    "overview_render_ms": 2500.0,
    "filter_change_p90_ms": 200.0,
    "load_p95_ms": 500.0,
    "bench_seconds": 600.0,
}


def _timed(fn) -> tuple[object, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def _first_project_ref(url: str) -> str:
    with read_session(url) as session:
        number, pid = session.execute(
            select(Project.number, Project.id)
            .where(Project.number.is_not(None))
            .order_by(Project.scheme_id, Project.id)
        ).first()
        return number or f"id-{pid}"


def bench_context(url: str, today: str | None = None):
    """The services acting as the secretariat from the command line, as `python -m etl` does."""
    from domain.identity import Identity
    from services.context import Context
    from settings import load_config

    config = load_config({"DATABASE_URL": url, **({"GEVINST_TODAY": today} if today else {})})
    return Context.for_config(config, Identity.command_line("make bench"))


def bench_default_import(work: Path, runs: int) -> dict:
    from db.migrate import upgrade
    from services.imports import import_file

    counter = iter(range(1000))

    def fresh():
        url = f"sqlite:///{work / f'import-{next(counter)}.sqlite'}"
        start = time.perf_counter()
        upgrade(url)
        assert import_file(bench_context(url), WORKBOOK).ok
        return time.perf_counter() - start

    return stats([fresh() for _ in range(runs)])


def bench_template_import(url: str, count: int) -> dict:
    """The real ETL on ``count`` filled templates, against reading the same files with python-calamine."""
    from python_calamine import CalamineWorkbook

    from bench.workbooks import filled_templates
    from services.reporting import import_template

    ctx = bench_context(url)
    books, build_seconds = _timed(lambda: filled_templates(url, ctx.config.secret_key, count))
    raw = []
    for _name, data in books:
        start = time.perf_counter()
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for sheet in book.sheet_names:
            book.get_sheet_by_name(sheet).to_python()
        raw.append(time.perf_counter() - start)
    etl, failed = [], []
    for name, data in books:
        start = time.perf_counter()
        result = import_template(ctx, data, name)
        etl.append(time.perf_counter() - start)
        if not result.ok:
            failed.append(f"{name}: {result.problems[0].message}")
    return {
        "workbooks": len(books),
        "failed": len(failed),
        "failures": failed[:3],
        "generate_s": round(build_seconds, 1),
        "etl_total_s": round(sum(etl), 2),
        "raw_read_total_s": round(sum(raw), 3),
        "etl_per_file": stats(etl),
        "raw_read_per_file": stats(raw),
        "ratio": round(sum(etl) / sum(raw), 1),
        "reader": "python-calamine (values of every sheet)",
    }


def bench_reports(url: str, runs: int, round_name: str) -> dict:
    from services.documents import generate

    out = {}
    ctx = bench_context(url, TODAY)
    for fmt in ("xlsx", "docx", "pdf"):
        samples, size = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            document = generate(ctx, round_name=round_name, fmt=fmt).value
            samples.append(time.perf_counter() - start)
            size = len(document.content)
        out[fmt] = {**stats(samples), "bytes": size}
    return out


def bench_load(seconds: float, work: Path) -> dict:
    from bench.load import run_load
    from bench.national import generate
    from tests.pg_server import PostgresServer

    try:
        server = PostgresServer().start()
    except Exception as exc:  # no PostgreSQL on this machine: say so in the figures
        return {"skipped": f"PostgreSQL kunne ikke startes: {exc}"}
    try:
        url = server.url()
        data, setup = _timed(lambda: generate(url))
        result = run_load(
            url, seconds=seconds, today=TODAY, project_ref=_first_project_ref(url), log_path=work / "gunicorn.log"
        )
        result["setup_s"] = round(setup, 1)
        result["projects"] = data.projects
        return result
    finally:
        server.stop()


def page_figures(default: dict, national: dict) -> dict:
    pages = {}
    for path, nat in national.items():
        base = default.get(path)
        pages[path] = {
            "default": {"server": base.server, "sql": base.sql, "response_bytes": base.response_bytes}
            if base
            else None,
            "path": nat.path,
            "national": {
                "server": nat.server,
                "sql": nat.sql,
                "statements": nat.statements,
                "response_bytes": nat.response_bytes,
                "largest_response_bytes": nat.largest_response_bytes,
                "callbacks": 1 + nat.callbacks,
            },
            "growth": round(nat.server["median_ms"] / base.server["median_ms"], 2) if base else None,
            "sql_share": round(nat.sql["median_ms"] / nat.server["median_ms"], 3) if nat.server["median_ms"] else None,
        }
    return pages


def evaluate(result: dict, elapsed: float) -> dict:
    targets = {}

    def check(name: str, value, limit, ok: bool) -> None:
        targets[name] = {"value": value, "target": limit, "met": bool(ok)}

    imp = result["import"]["templates"]
    check("import_ratio", imp["ratio"], f"<= {TARGETS['import_ratio']}", imp["ratio"] <= TARGETS["import_ratio"])
    for path, page in result["pages"].items():
        nat = page["national"]
        check(
            f"page_p95 {path}",
            nat["server"]["p95_ms"],
            f"< {TARGETS['page_p95_ms']} ms",
            nat["server"]["p95_ms"] < TARGETS["page_p95_ms"],
        )
        if page["growth"] is not None:
            check(
                f"page_growth {path}",
                page["growth"],
                f"<= {TARGETS['page_growth']}",
                page["growth"] <= TARGETS["page_growth"],
            )
        if path not in STATIC_PAGES:
            check(f"sql_share {path}", page["sql_share"], ">= 0.333", page["sql_share"] >= TARGETS["sql_share"])
        check(
            f"response {path}",
            round(nat["largest_response_bytes"] / 1024, 1),
            f"< {TARGETS['response_kb']} KB",
            nat["largest_response_bytes"] < TARGETS["response_kb"] * 1024,
        )
    browser = result["browser"]
    if browser and "overview_render" in browser:
        check(
            "overview_render",
            browser["overview_render"]["median_ms"],
            "< 2500 ms",
            browser["overview_render"]["median_ms"] < TARGETS["overview_render_ms"],
        )
        check(
            "filter_change_p90",
            browser["filter_change"]["p90_ms"],
            "< 200 ms",
            browser["filter_change"]["p90_ms"] < TARGETS["filter_change_p90_ms"],
        )
    load = result["load"]
    if load and "p95_ms" in load:
        check(
            "load_p95",
            load["p95_ms"],
            "< 500 ms",
            load["p95_ms"] is not None and load["p95_ms"] < TARGETS["load_p95_ms"],
        )
        check("load_errors", load["errors"], "0", load["errors"] == 0)
    check("bench_seconds", round(elapsed, 1), "< 600 s", elapsed < TARGETS["bench_seconds"])
    return targets


def print_table(result: dict) -> None:
    imp = result["import"]
    print("\nImport")
    print(
        f"  Standardarbeidsboken (tabeller 1–4)      median {imp['default_workbook']['median_ms']:>9} ms  "
        f"p95 {imp['default_workbook']['p95_ms']:>9} ms"
    )
    t = imp["templates"]
    print(
        f"  {t['workbooks']} utfylte maler, ETL per fil          median {t['etl_per_file']['median_ms']:>9} ms  "
        f"p95 {t['etl_per_file']['p95_ms']:>9} ms  (totalt {t['etl_total_s']} s, {t['failed']} feil)"
    )
    print(
        f"  Samme filer, bare lest (python-calamine)  median {t['raw_read_per_file']['median_ms']:>9} ms  "
        f"p95 {t['raw_read_per_file']['p95_ms']:>9} ms  (totalt {t['raw_read_total_s']} s)"
    )
    print(f"  Forhold ETL / ren lesing: {t['ratio']}×")
    print("\nSider (sidens callbacks på serveren, nasjonal skala; standarddata i parentes; «svar» er det største)")
    print(f"  {'side':<26} {'median':>8} {'p95':>8} {'(std.)':>8} {'vekst':>6} {'SQL':>7} {'andel':>6} {'svar':>8} cb")
    for path, page in result["pages"].items():
        nat, base = page["national"], page["default"]
        print(
            f"  {path:<26} {nat['server']['median_ms']:>6} ms {nat['server']['p95_ms']:>5} ms "
            f"{base['server']['median_ms'] if base else '–':>6} ms {page['growth'] or '–':>5}× "
            f"{nat['sql']['median_ms']:>5} ms {page['sql_share']:>6} {nat['largest_response_bytes'] / 1024:>6.1f} KB "
            f"{nat['callbacks']}"
        )
    browser = result["browser"] or {}
    print("\nNettleser (Chromium, nasjonal skala)")
    if "overview_render" in browser:
        print(
            f"  Oversikten tegnet                         median {browser['overview_render']['median_ms']:>9} ms  "
            f"p95 {browser['overview_render']['p95_ms']:>9} ms"
        )
        print(
            f"  Filterbytte (runde) til ny visning        median {browser['filter_change']['median_ms']:>9} ms  "
            f"p90 {browser['filter_change']['p90_ms']:>9} ms"
        )
    else:
        print(f"  {browser.get('skipped', 'ikke målt')}")
    print("\nRapport for runden (nasjonal skala, standardordningen)")
    for fmt, figures in (result["report"] or {}).items():
        print(f"  {fmt:<41} median {figures['median_ms']:>9} ms  p95 {figures['p95_ms']:>9} ms")
    load = result["load"] or {}
    print("\nLast: 20 brukere mot gunicorn (2 arbeidere) på PostgreSQL")
    if "rps" in load:
        print(
            f"  {load['requests']} forespørsler på {load['seconds']} s: {load['rps']} per sekund, median "
            f"{load['median_ms']} ms, p95 {load['p95_ms']} ms, feil {load['errors']}"
        )
    else:
        print(f"  {load.get('skipped', 'ikke målt')}")
    missed = result["missed"]
    print("\nMål som ikke er nådd: " + (", ".join(missed) if missed else "ingen"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="requests per page and scale (default 20)")
    parser.add_argument("--workbooks", type=int, default=500)
    parser.add_argument("--load-seconds", type=float, default=30.0)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="gevinst-bench-"))
    try:
        from bench.national import generate

        print("Standarddata: import og sider …", flush=True)
        default_import = bench_default_import(work, 5)
        default_url = f"sqlite:///{work / 'default.sqlite'}"
        default_pages = time_pages(default_url, "15266", runs=args.runs, today=TODAY)
        print("Nasjonal skala: genererer data …", flush=True)
        national_url = f"sqlite:///{work / 'national.sqlite'}"
        data, setup = _timed(lambda: generate(national_url))
        national_pages = time_pages(
            national_url,
            _first_project_ref(national_url),
            runs=args.runs,
            today=TODAY,
            extra_config={"GEVINST_LOAD_DEFAULT_DATA": "0"},
        )
        print(f"Importerer {args.workbooks} utfylte maler …", flush=True)
        templates = bench_template_import(national_url, args.workbooks)
        browser = None
        if not args.skip_browser:
            print("Nettleser …", flush=True)
            from bench.browser import browser_timings

            browser = browser_timings(
                national_url, today=TODAY, rounds=("Vår 2025", "Høst 2025"), log_path=work / "app.log"
            )
        print("Rapporter …", flush=True)
        report = bench_reports(national_url, 3, "Høst 2025")
        load = None
        if not args.skip_load:
            print("Lasttest …", flush=True)
            load = bench_load(args.load_seconds, work)
        result = {
            "scale": {
                "projects": data.projects,
                "milestones": data.milestones,
                "scores": data.scores,
                "kpi_values": data.kpi_values,
                "workbooks": templates["workbooks"],
                "schemes": 20,
                "partnerships": 19,
                "rounds_per_scheme": 10,
                "measured_scheme_projects": 100,
                "generate_s": round(setup, 1),
                "seed": 20261123,
            },
            "import": {"default_workbook": default_import, "templates": templates, "ratio": templates["ratio"]},
            "pages": page_figures(default_pages, national_pages),
            "browser": browser,
            "report": report,
            "load": load,
        }
        elapsed = time.perf_counter() - started
        result["targets"] = evaluate(result, elapsed)
        result["missed"] = sorted(name for name, t in result["targets"].items() if not t["met"])
        result["elapsed_s"] = round(elapsed, 1)
        print_table(result)
        print(f"Tid brukt: {elapsed:.0f} s")
        print(json.dumps(result, ensure_ascii=False))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
