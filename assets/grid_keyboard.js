/* Keyboard first (issue 18).
 * 1. A grid is one Tab stop: Tab and Shift+Tab leave it (arrow keys move inside); while a cell is being edited,
 *    Tab moves on to the next cell as in a spreadsheet (components/grid_locale.py names these functions).
 * 2. Enter on a grid cell that holds a link follows the link (AG Grid does nothing on Enter there).
 * 3. Focus is never dropped on <body>: after a Dash pages navigation (a project's link in a grid or table is
 *    one too) it moves to the new page's H1; when a
 *    callback re-renders the control that had focus (a filter, an upload, a save button), it returns to the
 *    control with the same id.
 */
(function () {
  var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

  dagfuncs.tabOutOfGrid = function (params) {
    return params.editing ? params.nextCellPosition : false;
  };
  dagfuncs.tabOutOfHeader = function () {
    return false;
  };

  function isEditing(cell) {
    return cell.classList.contains("ag-cell-inline-editing") || cell.classList.contains("ag-cell-popup-editing");
  }

  document.addEventListener(
    "keydown",
    function (event) {
      if (event.key !== "Enter" || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var cell = event.target;
      if (!cell.classList || !cell.classList.contains("ag-cell") || isEditing(cell)) return;
      var link = cell.querySelector("a[href]");
      if (!link) return;
      event.preventDefault();
      event.stopPropagation();
      link.click();
    },
    true
  );

  /* Focus keeping. The element that had focus is remembered by the nearest element with a stable id (its own,
   * or its component's wrapper: a dropdown's focus target has none), and by its position among the focusable
   * elements inside that wrapper. Focus is given back only when that element left the document while it had
   * focus, never after a click elsewhere. Popovers (an open dropdown's list) are skipped: their trigger counts. */
  var FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]";
  var last = null;
  var lastPath = location.pathname;
  var staleHeading = null;
  var staleText = "";
  var pendingHeading = 0; /* until when (ms) to wait for the new page's H1 */

  function stableOwner(el) {
    for (var node = el; node && node !== document.body; node = node.parentElement) {
      if (node.hasAttribute("data-radix-popper-content-wrapper") || node.getAttribute("role") === "dialog") {
        return null;
      }
      if (node.id && !/^(radix-|:r)/.test(node.id)) return node;
    }
    return null;
  }

  document.addEventListener("focusin", function (event) {
    var el = event.target;
    if (!el || el === document.body) return;
    var owner = stableOwner(el);
    if (!owner) return;
    var inner = el === owner ? [] : Array.prototype.slice.call(owner.querySelectorAll(FOCUSABLE));
    last = { el: el, id: owner.id, index: inner.indexOf(el) };
  });

  function restore() {
    if (!last || last.el.isConnected || document.activeElement !== document.body) return;
    var owner = document.getElementById(last.id);
    if (!owner) return;
    var target = owner;
    if (last.index >= 0) {
      var inner = owner.querySelectorAll(FOCUSABLE);
      target = inner[last.index] || inner[0] || owner;
    }
    if (typeof target.focus === "function") target.focus({ preventScroll: true });
  }

  function focusHeading() {
    var h1 = document.querySelector("main h1") || document.querySelector("h1");
    if (!h1 || (h1 === staleHeading && h1.textContent === staleText)) return false;
    if (!h1.hasAttribute("tabindex")) h1.setAttribute("tabindex", "-1");
    h1.focus();
    return true;
  }

  function navigated() {
    if (location.pathname === lastPath) return;
    lastPath = location.pathname;
    staleHeading = document.querySelector("main h1") || document.querySelector("h1");
    staleText = staleHeading ? staleHeading.textContent : "";
    pendingHeading = Date.now() + 10000; /* a loaded server may take seconds (a CI run missed it at 5 s) */
    last = null;
    schedule();
  }

  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      navigated();
      return result;
    };
  });

  var scheduled = false;
  function check() {
    scheduled = false;
    if (pendingHeading) {
      if (focusHeading() || Date.now() > pendingHeading) pendingHeading = 0;
      return;
    }
    restore();
  }

  function schedule() {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(check);
    }
  }

  /* A grid's pager is one Tab stop too (the toolbar pattern): the first enabled button takes Tab, the arrow
   * keys move between the enabled buttons; disabled buttons are never Tab stops. */
  function rove(panel) {
    var buttons = Array.prototype.slice.call(panel.querySelectorAll(".ag-paging-button"));
    var enabled = buttons.filter(function (b) { return !b.classList.contains("ag-disabled"); });
    var current = enabled.indexOf(document.activeElement) >= 0 ? document.activeElement : enabled[0];
    buttons.forEach(function (b) {
      var wanted = b === current ? "0" : "-1";
      if (b.getAttribute("tabindex") !== wanted) b.setAttribute("tabindex", wanted);  /* no loop: only changes */
    });
    return enabled;
  }

  function pagers() {
    document.querySelectorAll(".ag-paging-page-summary-panel:not([data-rove])").forEach(function (panel) {
      panel.setAttribute("data-rove", "1");
      panel.setAttribute("role", "toolbar");
      panel.setAttribute("aria-label", "Bla mellom sider");
      rove(panel);
      new MutationObserver(function () { rove(panel); }).observe(panel, {
        subtree: true, attributes: true, attributeFilter: ["class", "tabindex"]
      });
      panel.addEventListener("focusin", function (event) {
        /* the grid focuses the pager's first button itself when Tab leaves the rows */
        if (!event.target.classList.contains("ag-disabled")) return;
        var enabled = rove(panel);
        if (enabled.length) enabled[0].focus();
      });
      panel.addEventListener("keydown", function (event) {
        if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
        var enabled = rove(panel);
        var at = enabled.indexOf(document.activeElement);
        var next = enabled[at + (event.key === "ArrowRight" ? 1 : -1)];
        if (!next) return;
        event.preventDefault();
        next.focus();
        rove(panel);
      });
    });
  }

  /* A project's link in a grid, a table or a heading opens the page as Dash's own links do (no page load), so
   * focus moves to the new page's H1 as after any navigation; a page load left it on <body> (trial 23). */
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey ||
        event.altKey) return;
    var link = event.target.closest && event.target.closest('main a[href^="/prosjekter/"]');
    if (!link || link.target || link.hasAttribute("download")) return;
    event.preventDefault();
    window.history.pushState({}, "", link.getAttribute("href"));
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    window.scrollTo(0, 0);
  });

  /* A button that adds a row to a grid (data-focus-new-row: the grid's id) moves focus to the new row's cell in
   * data-focus-column once the grid has it (trial 23: focus stayed on «Legg til milepæl», the new row out of reach) */
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-focus-new-row]");
    if (!button || button.disabled || !window.dash_ag_grid) return;
    var gridId = button.getAttribute("data-focus-new-row");
    var column = button.getAttribute("data-focus-column");
    window.dash_ag_grid.getApiAsync(gridId).then(function (api) {
      var before = api.getDisplayedRowCount();
      function added() {
        var count = api.getDisplayedRowCount();
        if (count <= before) return;
        api.removeEventListener("rowDataUpdated", added);
        api.ensureIndexVisible(count - 1);
        api.setFocusedCell(count - 1, column);
        var cell = document.querySelector(
          "#" + CSS.escape(gridId) + ' .ag-row[row-index="' + (count - 1) + '"] .ag-cell[col-id="' + column + '"]'
        );
        if (cell && document.activeElement !== cell) cell.focus();
      }
      api.addEventListener("rowDataUpdated", added);
    });
  });

  function start() {
    new MutationObserver(function () { schedule(); pagers(); }).observe(document.body, {
      childList: true, subtree: true
    });
    pagers();
    window.addEventListener("popstate", navigated);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
