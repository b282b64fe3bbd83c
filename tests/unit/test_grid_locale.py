"""Every text the installed AG Grid can show or read out has a Norwegian translation, and every grid uses it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import dash_ag_grid

from components.grid_locale import GRID_LOCALE_TEXT, KEYBOARD_OPTIONS, grid_options

BUNDLE = Path(dash_ag_grid.__file__).parent / "dash_ag_grid.min.js"
# Pairs of a key and a string in the bundle that are not texts: CSS names, event names, separators.
TECHNICAL = {
    "contenteditable",
    "display",
    "eBottom",
    "eBottomLeft",
    "eBottomRight",
    "eLeft",
    "eRight",
    "eTop",
    "eTopLeft",
    "eTopRight",
    "filterChanged",
    "headerHighlightChanged",
    "movingChanged",
    "cellHorizontalPadding",
    "headerHeight",
    "headerRowBorderWidth",
    "indentationLevel",
    "pinnedRowBorderWidth",
    "rowBorderWidth",
    "rowGroupIndentSize",
    "rowHeight",
    "top",
    "height",
    "tabindex",
    "thousandSeparator",
    "decimalSeparator",
    "tooltipValidationErrorSeparator",
}


def _english_texts() -> dict[str, str]:
    """AG Grid's default texts: the arguments of its translate calls and its filter texts object."""
    js = BUNDLE.read_text(encoding="utf-8")
    texts = dict(re.findall(r'\(\s*"([a-z][A-Za-z0-9]+)"\s*,\s*"([^"]*[A-Za-z][^"]*)"', js))
    filters = re.search(r"\{(applyFilter:\"Apply\".*?)\}", js)
    assert filters, "the filter texts object was not found in the bundle"
    texts.update(re.findall(r'([a-zA-Z0-9]+):"([^"]*)"', filters.group(1)))
    return {k: v for k, v in texts.items() if k not in TECHNICAL}


def test_the_bundle_is_read():
    texts = _english_texts()
    assert texts["contains"] == "Contains" and texts["ariaSortableColumn"] == "Press ENTER to sort"
    assert len(texts) > 100


def test_every_grid_text_is_translated():
    missing = {k: v for k, v in _english_texts().items() if k not in GRID_LOCALE_TEXT}
    assert missing == {}, json.dumps(missing, indent=1)


def test_translations_are_norwegian():
    english = re.compile(r"\b(Press|Page|of|Filter|Contains|Equals|Blank|Loading|Rows?|Input|Editor|Select)\b")
    assert [v for v in GRID_LOCALE_TEXT.values() if english.search(v)] == []


def _ag_grid(component):
    if hasattr(component, "dashGridOptions"):
        return component
    children = component.children if isinstance(component.children, list) else [component.children]
    return next(found for child in children if child is not None and (found := _ag_grid(child)) is not None)


def test_every_grid_in_the_product_uses_the_shared_options():
    from components.milestones import milestone_grid
    from components.project_table import project_grid
    from components.report_form import editable_grid

    grids = [
        project_grid([], grid_id="a"),
        milestone_grid([], grid_id="b"),
        editable_grid("c", [], [], label="Rader"),
    ]
    for wrapped in grids:
        grid = _ag_grid(wrapped)  # each grid is named by its wrapper (components.tables.named_grid)
        options = grid.dashGridOptions
        assert options["localeText"]["contains"] == "Inneholder"
        assert {k: options[k] for k in KEYBOARD_OPTIONS} == KEYBOARD_OPTIONS


def test_own_empty_text_is_kept():
    assert grid_options(no_rows="Ingen milepæler")["localeText"]["noRowsToShow"] == "Ingen milepæler"
    assert grid_options(pagination=True)["pagination"] is True


def test_no_grid_is_built_outside_the_shared_options():
    root = Path(__file__).resolve().parents[2]
    for path in (root / "components").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "dag.AgGrid(" in text:
            assert "grid_options(" in text, path.name
