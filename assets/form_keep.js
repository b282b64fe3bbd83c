/* The report form's grids (milestones, scores, indicators): rows typed but not yet saved are kept in this
 * browser, so a reload, an expired session or a new login does not lose them (the session-21 trial: text in
 * the grids was gone after a reload, while the fields above them came back).
 *
 * Dash's own persistence cannot keep a grid's rowData: AG Grid edits its rows in place, so Dash never sees
 * a change to record (dash-ag-grid issue 180). Here, per grid (a wrapper with data-keep, the report's key, and
 * data-keep-grid, the grid's id): localStorage["gevinst-rader:<key>:<grid>"] = {original, rows}, the rows as
 * the server sent them and as they are now, written on every edit and on rows added. On load the kept rows
 * come back only while the server still sends the same original rows (as Dash does with its own
 * persistence): once saved, or when a newer version came from the Excel template or another browser, the
 * kept rows are dropped and the server's rows are shown. They come back through dash_clientside.set_props,
 * so what the page shows is what «Lagre utkast» and «Send inn» send.
 */
(function () {
  var PREFIX = "gevinst-rader:";

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

  function attach(wrapper) {
    var gridId = wrapper.getAttribute("data-keep-grid");
    if (!gridId || wrapper.getAttribute("data-keep-attached") || !window.dash_ag_grid) return;
    wrapper.setAttribute("data-keep-attached", "1");
    var key = PREFIX + wrapper.getAttribute("data-keep") + ":" + gridId;
    window.dash_ag_grid.getApiAsync(gridId).then(function (api) {
      var original = rowsOf(api);
      var same = JSON.stringify(original);
      var kept = read(key);
      if (kept && JSON.stringify(kept.original) === same && JSON.stringify(kept.rows) !== same) {
        window.dash_clientside.set_props(gridId, { rowData: kept.rows });
      } else if (kept) {
        window.localStorage.removeItem(key);
      }
      function keep() {
        try {
          window.localStorage.setItem(key, JSON.stringify({ original: original, rows: rowsOf(api) }));
        } catch (error) {
          /* storage full or refused: the rows stay on the page, as without this */
        }
      }
      api.addEventListener("cellValueChanged", keep);
      api.addEventListener("rowDataUpdated", keep);
    });
  }

  function scan() {
    document.querySelectorAll("[data-keep-grid]").forEach(attach);
  }

  var observer = new MutationObserver(scan);
  function start() {
    scan();
    observer.observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
