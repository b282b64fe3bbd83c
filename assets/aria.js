/* Names and states for assistive technology that the components do not set themselves (decisions 156-160).
 * 1. An open Dash dropdown: its popover (role=dialog) and listbox are named after the field's label. Dash
 *    draws each option as a <label role=option> around a native radio button or checkbox and moves focus
 *    between those inputs with the arrow keys; an option may not hold a focusable control, so the input is
 *    hidden (assets/aria.css draws the checkbox; a click on the option still reaches it through its label)
 *    and focus goes to the option itself, where Enter and Space choose it as they did on the input.
 * 2. AG Grid: the grid element gets the name its wrapper carries in data-grid-label; a cell's editor is named
 *    after its column and row.
 * 3. A chart hidden from assistive technology (aria-hidden, its summary and table beside it) holds nothing
 *    focusable: the chart's own buttons stay usable with a mouse.
 * 4. A field in error: while its message element (.field-error[data-field]) has text, the field named by
 *    data-field is aria-invalid and aria-describedby points at the message; both go when the message goes.
 *    In a grid, each message naming a cell (data-row: the row's id, data-col: the column) marks that cell
 *    (.cell-invalid, aria-invalid, aria-describedby); the grid redraws cells, so this runs on every change.
 * 5. A new error summary takes focus, and its links move focus to the field (or grid cell) they name. So does a new message
 *    marked .take-focus (e.g. «Runden … er opprettet» at the top of a page that comes back scrolled to its foot).
 */
(function () {
  function labelText(control) {
    var label = control.id && document.querySelector('label[for="' + CSS.escape(control.id) + '"]');
    if (!label) {
      var wrapper = control.closest(".filter, .field");
      label = wrapper && wrapper.querySelector("label");
    }
    return label ? label.textContent.trim() : "";
  }

  function setAttr(el, name, value) {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }

  function dropAttr(el, name) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  }

  function fixDropdowns(root) {
    root.querySelectorAll(".dash-dropdown-wrapper").forEach(function (wrapper) {
      var button = wrapper.querySelector("button.dash-dropdown");
      if (!button) return;
      var name = labelText(button) || "Velg";
      setAttr(button, "aria-haspopup", "dialog");
      var content = wrapper.querySelector(".dash-dropdown-content");
      if (content) setAttr(content, "aria-label", name);
      var search = wrapper.querySelector("input.dash-dropdown-search");
      if (search) setAttr(search, "aria-label", "Søk i " + name.toLowerCase());
    });
    root.querySelectorAll(".dash-options-list").forEach(function (list) {
      var owner = list.closest(".dash-dropdown-wrapper");
      var button = owner && owner.querySelector("button.dash-dropdown");
      var name = button ? labelText(button) : labelText(list);
      if (name) setAttr(list, "aria-label", name);
      if (list.querySelector("input[type=checkbox]")) setAttr(list, "aria-multiselectable", "true");
    });
    root.querySelectorAll(".dash-options-list-option:not([data-aria-option])").forEach(function (label) {
      var input = label.querySelector("input.dash-options-list-option-checkbox");
      if (!input) return;
      label.setAttribute("data-aria-option", "1");
      label.setAttribute("tabindex", "-1");
      input.focus = function (options) { label.focus(options); };
    });
  }

  function isOption(target) {
    return target && target.matches && target.matches(".dash-options-list-option[data-aria-option]");
  }

  /* Enter or Space on a focused option chooses it, as they did on Dash's own input */
  document.addEventListener("keydown", function (event) {
    if (isOption(event.target) && event.key === " ") event.preventDefault();
  }, true);
  document.addEventListener("keyup", function (event) {
    if (!isOption(event.target) || (event.key !== "Enter" && event.key !== " ")) return;
    var input = event.target.querySelector("input.dash-options-list-option-checkbox");
    if (!input || input.disabled) return;
    if (input.type === "radio" && input.checked) {
      /* the value already chosen: nothing changes, so Dash would leave the list open (trial 23); close it */
      event.target.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", code: "Escape", bubbles: true }));
      return;
    }
    input.click();
  }, true);

  /* The editor of a cell is named after its column and row («Status, M3»), as AG Grid names it «Redigeringsfelt»
   * or not at all (its select's combobox and list; trial 23) */
  function fixEditors(wrapper) {
    var cell = wrapper.querySelector(".ag-cell-inline-editing, .ag-cell-popup-editing");
    if (!cell) return;
    var header = wrapper.querySelector('.ag-header-cell[col-id="' + CSS.escape(cell.getAttribute("col-id")) +
      '"] .ag-header-cell-text');
    var first = cell.parentElement && cell.parentElement.querySelector(".ag-cell");
    var row = first && first !== cell ? first.textContent.trim() : "";
    var name = (header ? header.textContent.trim() : "Celle") + (row ? ", " + row : "");
    var editors = Array.prototype.slice.call(cell.querySelectorAll("input, textarea, [role=combobox]"))
      .concat(Array.prototype.slice.call(wrapper.querySelectorAll(".ag-popup-editor textarea, .ag-popup-editor input")));
    editors.forEach(function (el) { setAttr(el, "aria-label", name); });
    document.querySelectorAll(".ag-select-list[role=listbox], .ag-list[role=listbox]").forEach(function (list) {
      setAttr(list, "aria-label", name);
      list.querySelectorAll("[role=option]").forEach(function (option) {
        if (!option.textContent.trim()) setAttr(option, "aria-label", "(tom)");
      });
    });
  }

  function fixGrids(root) {
    root.querySelectorAll("[data-grid-label]").forEach(function (wrapper) {
      var grid = wrapper.querySelector(".ag-root[role=grid], .ag-root[role=treegrid]");
      if (grid) setAttr(grid, "aria-label", wrapper.getAttribute("data-grid-label"));
      fixEditors(wrapper);
    });
  }

  function fixCharts(root) {
    root.querySelectorAll(".chart[aria-hidden=true]").forEach(function (chart) {
      chart.querySelectorAll("a[href], a.modebar-btn, button, input, select, textarea, [tabindex]").forEach(
        function (el) { setAttr(el, "tabindex", "-1"); }
      );
    });
  }

  function controlsOf(target) {
    if (!target) return { invalid: [], described: [] };
    if (target.matches("input, textarea, select")) return { invalid: [target], described: [target] };
    if (target.matches("button.dash-dropdown")) {
      var focus = target.parentElement.querySelector(".dash-dropdown-focus-target");
      return { invalid: focus ? [focus] : [], described: focus ? [target, focus] : [target] };
    }
    var grid = target.querySelector(".ag-root[role=grid], .ag-root[role=treegrid]");
    if (grid) return { invalid: [], described: [grid] };
    var input = target.querySelector("input:not([type=hidden]), textarea, select");
    return input ? { invalid: [input], described: [input] } : { invalid: [], described: [target] };
  }

  function describe(el, id, on) {
    var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) { return x && x !== id; });
    if (on) ids.push(id);
    if (ids.length) setAttr(el, "aria-describedby", ids.join(" "));
    else dropAttr(el, "aria-describedby");
  }

  var CELL_INVALID = "cell-invalid";

  function cellsAt(grid, row, col) {
    return grid.querySelectorAll(
      '.ag-row[row-id="' + CSS.escape(row) + '"] .ag-cell[col-id="' + CSS.escape(col) + '"]'
    );
  }

  /* The cells named by a grid's messages (p[data-row][data-col]) are marked; a cell no message names is not */
  function fixCells(grid, message) {
    var marked = [];
    message.querySelectorAll("[data-row][data-col][id]").forEach(function (p) {
      cellsAt(grid, p.getAttribute("data-row"), p.getAttribute("data-col")).forEach(function (cell) {
        if (!cell.classList.contains(CELL_INVALID)) cell.classList.add(CELL_INVALID);
        setAttr(cell, "aria-invalid", "true");
        setAttr(cell, "aria-describedby", p.id);
        marked.push(cell);
      });
    });
    grid.querySelectorAll(".ag-cell." + CELL_INVALID).forEach(function (cell) {
      if (marked.indexOf(cell) >= 0) return;
      cell.classList.remove(CELL_INVALID);
      dropAttr(cell, "aria-invalid");
      dropAttr(cell, "aria-describedby");
    });
  }

  function fixFields(root) {
    root.querySelectorAll(".field-error[data-field]").forEach(function (message) {
      var on = message.textContent.trim() !== "";
      var field = document.getElementById(message.getAttribute("data-field"));
      if (field && field.querySelector(".ag-root")) fixCells(field, message);
      var controls = controlsOf(field);
      controls.invalid.forEach(function (el) {
        if (on) setAttr(el, "aria-invalid", "true");
        else dropAttr(el, "aria-invalid");
      });
      controls.described.forEach(function (el) { describe(el, message.id, on); });
    });
  }

  function element(node) {
    return node && node.nodeType !== 1 ? node.parentElement : node;
  }

  var FOCUS_TAKERS = ".error-summary, .take-focus";

  function focusChangedSummary(records) {
    /* a summary added, or changed inside; never one that merely sits in a changed region */
    for (var i = 0; i < records.length; i++) {
      var found = [];
      var target = element(records[i].target);
      if (target && target.closest) found.push(target.closest(FOCUS_TAKERS));
      Array.prototype.forEach.call(records[i].addedNodes || [], function (node) {
        node = element(node);
        if (node && node.closest) found.push(node.closest(FOCUS_TAKERS) || node.querySelector(FOCUS_TAKERS));
      });
      for (var j = 0; j < found.length; j++) {
        var summary = found[j];
        if (summary && summary.isConnected && summary.offsetParent !== null && summary.textContent.trim()) {
          summary.focus();
          return;
        }
      }
    }
  }

  function fix() {
    fixDropdowns(document);
    fixGrids(document);
    fixCharts(document);
    fixFields(document);
  }

  /* A summary link to a grid's cell: the grid (named by the field's message element) focuses that cell */
  function focusCell(link, fieldId) {
    var message = document.getElementById(fieldId + "-feil");
    var gridId = message && message.getAttribute("data-field");
    var api = gridId && window.dash_ag_grid && window.dash_ag_grid.getApi(gridId);
    var node = api && api.getRowNode(link.getAttribute("data-row"));
    if (!node || node.rowIndex === null) return false;
    api.ensureNodeVisible(node);
    api.ensureColumnVisible(link.getAttribute("data-col"));
    document.getElementById(gridId).scrollIntoView({ block: "center" });
    api.setFocusedCell(node.rowIndex, link.getAttribute("data-col"));
    var cell = cellsAt(document.getElementById(gridId), link.getAttribute("data-row"), link.getAttribute("data-col"))[0];
    if (cell && document.activeElement !== cell) cell.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) return;
    var fieldId = decodeURIComponent(link.getAttribute("href").slice(1));
    var target = document.getElementById(fieldId);
    if (!target) return;
    event.preventDefault();
    if (link.hasAttribute("data-row") && focusCell(link, fieldId)) return;
    target.scrollIntoView({ block: "center" });
    var focusable = target.matches("button.dash-dropdown") ? target
      : target.matches("input, textarea, select, [tabindex]") ? target
      : target.querySelector("input:not([type=hidden]), textarea, select, button, [tabindex='0']");
    if (!focusable) {
      target.setAttribute("tabindex", "-1");
      focusable = target;
    }
    focusable.focus({ preventScroll: true });
    if (focusable.matches("button.dash-dropdown")) swallowEnterUp(focusable);
  });

  /* A link followed with Enter moves focus to a dropdown while the key is down; Dash opens its list when Enter
   * comes up, so the list opened over the field's message (trial 23b). That one key coming up is not passed on. */
  function swallowEnterUp(button) {
    function up(event) {
      document.removeEventListener("keyup", up, true);
      if (event.key !== "Enter" || event.target !== button) return;
      event.preventDefault();
      event.stopImmediatePropagation();
    }
    document.addEventListener("keyup", up, true);
    setTimeout(function () { document.removeEventListener("keyup", up, true); }, 1000);
  }

  var pending = [];
  var observer = new MutationObserver(function (records) {
    if (!pending.length) {
      Promise.resolve().then(function () {
        var batch = pending;
        pending = [];
        fix();
        focusChangedSummary(batch);
      });
    }
    pending = pending.concat(records);
  });
  function start() {
    fix();
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
