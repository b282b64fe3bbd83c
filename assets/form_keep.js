/* The report form's grids (milestones, scores, indicators): rows typed but not yet saved are kept in this
 * browser, so a reload, an expired session or a new login does not lose them (the session-21 trial: text in
 * the grids was gone after a reload, while the fields above them came back).
 *
 * Dash's own persistence cannot keep a grid's rowData: AG Grid edits its rows in place, so Dash never sees
 * a change to record (dash-ag-grid issue 180). Here, per grid (a wrapper with data-keep, the report's key,
 * data-keep-grid, the grid's id, and data-keep-row, the field that names a row across versions):
 * localStorage["gevinst-rader:<key>:<grid>"] = {original, rows}, the rows as the server sent them and as they
 * are now, written on every edit and on rows added. On load, row by row: a row typed here comes back while
 * the server still sends that row as it was; a row that a newer version (another browser, the Excel template)
 * changed too is shown as the server has it, and what was typed in it is named under the grid, so nothing
 * typed is dropped unseen (the session-21 re-check). Rows come back through dash_clientside.set_props, so
 * what the page shows is what «Lagre utkast» and «Send inn» send.
 *
 * The fields (amounts and texts) are kept by Dash's own persistence, which on a reload silently drops what was
 * typed when the server's value has changed meanwhile. Per field (a wrapper with data-keep, data-keep-field,
 * the control's id, and data-keep-original, the value the server sent) the same record is kept here:
 * localStorage["gevinst-felt:<key>:<field>"] = {original, typed}; when a reload finds that both the server and
 * this browser changed the field, what was typed is named under it (the session-21 re-check), on every reload
 * until the form is saved or the field is typed in again.
 */
(function () {
  var PREFIX = "gevinst-rader:";
  var UNNAMED = { kpi_id: 1, dimension: 1, unit: 1, last: 1, added: 1 };

  function rowsOf(api) {
    var rows = [];
    api.forEachNode(function (node) {
      rows.push(JSON.parse(JSON.stringify(node.data)));
    });
    return rows;
  }

  function read(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function described(row) {
    return Object.keys(row)
      .filter(function (field) { return !UNNAMED[field] && row[field] !== null && row[field] !== ""; })
      .map(function (field) { return String(row[field]); })
      .join(", ");
  }

  /* The rows to show: the server's, with each row typed here put back where the server's row is unchanged. */
  function merged(server, kept, field) {
    function id(row, index) { return field ? String(row[field]) : String(index); }
    var before = {}, mine = {}, seen = {};
    kept.original.forEach(function (row, i) { before[id(row, i)] = row; });
    kept.rows.forEach(function (row, i) { mine[id(row, i)] = row; });
    var rows = [], lost = [], changed = false;
    server.forEach(function (row, i) {
      var name = id(row, i), typed = mine[name], was = before[name];
      seen[name] = true;
      if (!typed || same(typed, row) || (was && same(typed, was))) {
        rows.push(row);
      } else if (was && same(was, row)) {
        rows.push(typed);
        changed = true;
      } else {
        rows.push(row);
        lost.push(typed);
      }
    });
    kept.rows.forEach(function (row, i) {
      var name = id(row, i);
      if (!seen[name] && !before[name]) {  /* a row added here */
        rows.push(row);
        changed = true;
      }
    });
    return { rows: rows, lost: lost, changed: changed };
  }

  var states = {}; /* per grid: its storage key and the rows the server sent (or that were last saved) */

  function keep(gridId, api) {
    var state = states[gridId];
    try {
      window.localStorage.setItem(
        state.key, JSON.stringify({ original: state.original, rows: rowsOf(api), lost: state.lost || [] })
      );
    } catch (error) {
      /* storage full or refused: the rows stay on the page, as without this */
    }
  }

  function attach(wrapper) {
    var gridId = wrapper.getAttribute("data-keep-grid");
    if (!gridId || wrapper.getAttribute("data-keep-attached") || !window.dash_ag_grid) return;
    wrapper.setAttribute("data-keep-attached", "1");
    var key = PREFIX + wrapper.getAttribute("data-keep") + ":" + gridId;
    var field = wrapper.getAttribute("data-keep-row") || "";
    window.dash_ag_grid.getApiAsync(gridId).then(function (api) {
      var original = rowsOf(api);
      states[gridId] = { key: key, original: original };
      var kept = read(key);
      if (kept && kept.original && kept.rows) {
        var result = merged(original, kept, field);
        /* what a newer version overrode stays named on every reload until the form is saved (the session-22
         * trial: a second reload lost it without a word) */
        var lost = (kept.lost || []).slice();
        result.lost.map(described).forEach(function (text) { if (lost.indexOf(text) < 0) lost.push(text); });
        states[gridId].lost = lost;
        if (result.changed) window.dash_clientside.set_props(gridId, { rowData: result.rows });
        if (lost.length) {
          window.dash_clientside.set_props(gridId + "-ikke-gjenopprettet", {
            children: "En nyere versjon er lagret etter at du skrev i denne tabellen, og de samme radene er endret " +
              "i den. Tabellen viser den nyere versjonen; dette skrev du, men det er ikke lagret: " +
              lost.join(" | ") + "."
          });
        }
        window.localStorage.setItem(key, JSON.stringify({ original: original, rows: result.rows, lost: lost }));
      }
      if (!api.gevinstKept) {
        api.gevinstKept = true;
        api.addEventListener("cellValueChanged", function () { keep(gridId, api); });
        api.addEventListener("rowDataUpdated", function () { keep(gridId, api); });
      }
    });
  }

  var FIELD_PREFIX = "gevinst-felt:";

  function fieldKey(wrapper) {
    return FIELD_PREFIX + wrapper.getAttribute("data-keep") + ":" + wrapper.getAttribute("data-keep-field");
  }

  function typedInField(event) {
    var wrapper = event.target.closest && event.target.closest("[data-keep-field]");
    if (!wrapper || event.target.id !== wrapper.getAttribute("data-keep-field")) return;
    try {
      window.localStorage.setItem(fieldKey(wrapper), JSON.stringify({
        original: wrapper.getAttribute("data-keep-original") || "", typed: event.target.value
      }));
    } catch (error) {
      /* storage full or refused: Dash's persistence still keeps the value; only the note is lost */
    }
  }

  function attachField(wrapper) {
    var key = fieldKey(wrapper);
    if (wrapper.getAttribute("data-keep-field-checked") === key) return;  /* a wrapper reused for another report */
    wrapper.setAttribute("data-keep-field-checked", key);
    var kept = read(key);
    var server = wrapper.getAttribute("data-keep-original") || "";
    if (!kept || typeof kept.typed !== "string" || kept.original === server) return;  /* Dash brings it back */
    if (kept.typed === server || kept.typed === kept.original) {
      window.localStorage.removeItem(key);
      return;
    }
    /* kept as it is: every reload names it again, until the form is saved or the field is typed in again (the
     * session-22 trial: a second reload lost it without a word) */
    window.dash_clientside.set_props(wrapper.getAttribute("data-keep-field") + "-ikke-gjenopprettet", {
      children: "En nyere versjon er lagret etter at du skrev i dette feltet, og feltet er endret i den. Feltet " +
        "viser den nyere versjonen; dette skrev du, men det er ikke lagret: «" + kept.typed + "»."
    });
  }

  /* After «Lagre utkast» or «Send inn» went through (the page's clientside callback on the report's «valg»,
   * which only a save changes): what each grid shows is what is stored now, the new original of its kept rows.
   * A row left out on saving (an added row left empty) is then not brought back. A milestone sent with a blank
   * «Type» shows the type the server worked out from its status (``chosen.kinds``: code -> label), and one sent
   * without a code the code it was given (``chosen.codes``, in the rows' order), as a reload would. */
  function saved(chosen) {
    var kinds = (chosen && chosen.kinds) || {};
    var codes = ((chosen && chosen.codes) || []).slice();
    Object.keys(states).forEach(function (gridId) {
      var api = window.dash_ag_grid && window.dash_ag_grid.getApi(gridId);
      if (!api) return;
      showWorkedOut(api, kinds, codes);
      states[gridId].original = rowsOf(api);
      states[gridId].lost = [];
      keep(gridId, api);
      window.dash_clientside.set_props(gridId + "-ikke-gjenopprettet", { children: null });
    });
    document.querySelectorAll("[data-keep-field]").forEach(function (wrapper) {
      var control = document.getElementById(wrapper.getAttribute("data-keep-field"));
      if (!control) return;
      wrapper.setAttribute("data-keep-original", control.value);  /* what is stored now */
      window.localStorage.removeItem(fieldKey(wrapper));
      window.dash_clientside.set_props(wrapper.getAttribute("data-keep-field") + "-ikke-gjenopprettet", {
        children: null
      });
    });
    return Date.now();
  }
  function showWorkedOut(api, kinds, codes) {
    api.forEachNode(function (node) {  /* in the rows' order, as the server read them */
      var row = node.data || {};
      if (!("code" in row)) return;  /* not the milestone grid */
      var code = String(row.code || "").trim().toUpperCase();
      if (!code && String(row.description || "").trim() && codes.length) {
        code = codes.shift();  /* a new milestone written without a code got the next number */
        node.setDataValue("code", code);
      }
      if (!row.kind && kinds[code]) node.setDataValue("kind", kinds[code]);
    });
  }
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.gevinst_keep = { saved: saved };

  function scan() {  /* one query per change of the page: it runs on every page, on every change */
    document.querySelectorAll("[data-keep-grid], [data-keep-field]").forEach(function (wrapper) {
      if (wrapper.hasAttribute("data-keep-grid")) attach(wrapper);
      else attachField(wrapper);
    });
  }
  document.addEventListener("input", typedInField, true);

  var observer = new MutationObserver(scan);
  function start() {
    scan();
    observer.observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
