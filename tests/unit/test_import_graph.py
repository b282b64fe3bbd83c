"""The layers import only downward, and no module imports itself in a circle (docs/architecture.md).

Every import in every module of the product (function-level imports too) is read with ``ast``; a rule
broken names the module and what it imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("components", "db", "domain", "etl", "pages", "reports", "services", "web")
TOP_MODULES = ("app", "settings", "worker")
ENTRY_POINTS = {"etl.cli", "etl.__main__"}  # the command line sits on top of the services, like the pages

ALLOWED = {  # layer -> the layers it may import (besides itself)
    "domain": set(),
    "db": {"domain", "settings"},
    "etl": {"domain"},
    "components": {"domain"},
    "reports": {"domain", "components"},
    "services": {"domain", "db", "etl", "reports", "settings"},
    "web": {"services", "domain", "components", "settings", "db.session"},
    "pages": {"services", "components", "domain", "web", "settings"},
    "entry": {"services", "domain", "etl", "settings", "db.migrate"},
    "app": {"web", "services", "domain", "settings"},
    "settings": set(),
    "worker": {"app", "settings", "db.session"},  # the Celery worker builds the app, then owns its connections
}


def _modules() -> dict[str, Path]:
    found = {name: ROOT / f"{name}.py" for name in TOP_MODULES}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "versions" in path.parts:
                continue  # migrations are history snapshots
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The product module an import names (the nearest enclosing module that exists)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {target for alias in node.names if (target := _resolve(alias.name))}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                target = _resolve(f"{node.module}.{alias.name}") or _resolve(node.module)
                if target:
                    found.add(target)
    return found - {module}


GRAPH = {module: imports_of(module) for module in MODULES}


def layer(module: str) -> str:
    if module in ENTRY_POINTS:
        return "entry"
    return module.split(".")[0]


def _allowed(source: str, target: str) -> bool:
    own, other = layer(source), layer(target)
    if other == own:
        return True
    rules = ALLOWED[own]
    return other in rules or target in rules


def test_every_layer_imports_only_what_it_may():
    broken = sorted(
        f"{source} imports {target}"
        for source, targets in GRAPH.items()
        for target in targets
        if not _allowed(source, target)
    )
    assert broken == [], "\n".join(broken)


def test_no_page_or_export_touches_the_database():
    for module, targets in GRAPH.items():
        if layer(module) in ("pages", "web", "components"):
            assert not {t for t in targets if t.startswith("db.") and t != "db.session"}, module
            source = MODULES[module].read_text(encoding="utf-8")
            assert "read_session" not in source and "session_scope" not in source, module


def test_there_are_no_import_cycles():
    """Tarjan's strongly connected components over the module graph: each must be a single module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert cycles == []


def test_the_graph_is_read_at_all():
    """Guards the guards: the reader finds the imports it must (a broken reader would pass everything)."""
    assert "services.portfolio" in GRAPH["pages.oversikt"]
    assert "db.models" in GRAPH["services.authz"]
    assert "domain.vocabulary" in GRAPH["db.models"]
    assert not _allowed("domain.money", "db.models") and not _allowed("db.queries", "etl.template")
    assert not _allowed("pages.ssu", "db.models") and _allowed("etl.cli", "services.users")
