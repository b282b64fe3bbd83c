/* The SSU matrix in the room (decision 126).
 * The view state lives in the address and in this script, never in the server's components, so a matrix
 * refreshed after a save or a poll keeps it:
 *   ?visning=presentasjon                 presentation mode, the whole table
 *   ?visning=presentasjon&prosjekt=15266  presentation mode, one project at a time (its details open)
 * and the set of rows whose details are open. A <style> element written here shows the open details (and,
 * for one project at a time, hides the other rows); the <html> element carries the mode's classes, so the
 * page's header, menu and filters fold away by CSS alone.
 * Keys: Alt+P turns presentation mode on and off, Escape closes open details and then leaves it, arrow keys and Page Up/Down (a
 * presenter's remote) go to the previous and next project. The buttons are real buttons (Tab, Enter, Space).
 */
(function () {
  "use strict";
  var STYLE_ID = "ssu-rom-stil";
  var open = {};            // ref -> true for rows whose details are open
  var scheduled = false;

  function matrix() { return document.getElementById("ssu-matrise"); }
  function params() { return new URLSearchParams(window.location.search); }
  function presenting() { return params().get("visning") === "presentasjon"; }
  function rowRefs() {
    return Array.prototype.map.call(document.querySelectorAll("#ssu-matrise tr.matrix-row"), function (tr) {
      return tr.getAttribute("data-ref");
    });
  }
  function current(refs) {
    var wanted = params().get("prosjekt");
    if (!presenting() || wanted === null) { return null; }
    return refs.indexOf(wanted) >= 0 ? wanted : (refs[0] || null);
  }
  function quoted(ref) { return "\"" + String(ref).replace(/["\\]/g, "\\$&") + "\""; }

  function setQuery(changes) {
    var p = params();
    Object.keys(changes).forEach(function (key) {
      if (changes[key] === null) { p.delete(key); } else { p.set(key, changes[key]); }
    });
    var query = p.toString();
    window.history.replaceState(window.history.state, "", window.location.pathname + (query ? "?" + query : ""));
    apply();
  }

  function styleElement() {
    var el = document.getElementById(STYLE_ID);
    if (!el) {
      el = document.createElement("style");
      el.id = STYLE_ID;
      document.head.appendChild(el);
    }
    return el;
  }

  function setAttr(el, name, value) {
    if (el.getAttribute(name) !== value) { el.setAttribute(name, value); }
  }

  function apply() {
    var root = document.documentElement;
    if (!matrix()) {
      root.classList.remove("ssu-presenting", "ssu-one");
      var old = document.getElementById(STYLE_ID);
      if (old) { old.textContent = ""; }
      return;
    }
    var refs = rowRefs();
    var shown = current(refs);
    var one = shown !== null;
    root.classList.toggle("ssu-presenting", presenting());
    root.classList.toggle("ssu-one", one);
    // Printed, the matrix needs a landscape A4 page; @page cannot be scoped to one page's content, so the
    // rule is here, present only while the matrix is on screen (decision: the matrix prints whole).
    var rules = ["@page { size: A4 landscape; margin: 8mm; }"];
    var expanded = one ? [shown] : Object.keys(open).filter(function (ref) { return refs.indexOf(ref) >= 0; });
    expanded.forEach(function (ref) {
      rules.push("#ssu-matrise tr.matrix-detail[data-ref=" + quoted(ref) + "] { display: " +
                 (one ? "block" : "table-row") + "; }");
    });
    if (one) {
      rules.push("#ssu-matrise tr.matrix-row:not([data-ref=" + quoted(shown) + "]) { display: none; }");
    }
    var css = rules.join("\n");
    var style = styleElement();
    if (style.textContent !== css) { style.textContent = css; }
    document.querySelectorAll("#ssu-matrise [data-ssu-action=detail]").forEach(function (button) {
      setAttr(button, "aria-expanded", expanded.indexOf(button.getAttribute("data-ref")) >= 0 ? "true" : "false");
    });
    document.querySelectorAll(".ssu-toolbar [data-ssu-action=all]").forEach(function (b) {
      setAttr(b, "aria-pressed", presenting() && !one ? "true" : "false");
    });
    document.querySelectorAll(".ssu-toolbar [data-ssu-action=one]").forEach(function (b) {
      setAttr(b, "aria-pressed", one ? "true" : "false");
    });
    var index = one ? refs.indexOf(shown) : -1;
    document.querySelectorAll(".ssu-toolbar [data-ssu-action=prev]").forEach(function (b) {
      setAttr(b, "aria-disabled", one && index > 0 ? "false" : "true");
    });
    document.querySelectorAll(".ssu-toolbar [data-ssu-action=next]").forEach(function (b) {
      setAttr(b, "aria-disabled", one && index < refs.length - 1 ? "false" : "true");
    });
    var position = document.getElementById("ssu-posisjon");
    var text = one ? "Prosjekt " + (index + 1) + " av " + refs.length : "";
    if (position && position.textContent !== text) { position.textContent = text; }
  }

  function schedule() {
    if (scheduled) { return; }
    scheduled = true;
    window.requestAnimationFrame(function () { scheduled = false; apply(); });
  }

  function focusAction(action) {
    var el = document.querySelector(".ssu-toolbar [data-ssu-action=" + action + "]");
    if (el) { el.focus(); }
  }

  function step(delta) {
    var refs = rowRefs();
    var shown = current(refs);
    if (shown === null) { return; }
    var next = refs.indexOf(shown) + delta;
    if (next >= 0 && next < refs.length) {
      setQuery({ prosjekt: refs[next] });
      window.scrollTo(0, 0);
    }
  }

  function act(action, target) {
    if (action === "detail") {
      if (current(rowRefs()) !== null) { return; }   // one project at a time: its details are always open
      var ref = target.getAttribute("data-ref");
      if (open[ref]) { delete open[ref]; } else { open[ref] = true; }
      apply();
    } else if (action === "toggle") {
      if (presenting()) { leave(); } else { setQuery({ visning: "presentasjon" }); focusAction("toggle"); }
    } else if (action === "all") {
      setQuery({ visning: "presentasjon", prosjekt: null });
    } else if (action === "one") {
      var refs = rowRefs();
      setQuery({ visning: "presentasjon", prosjekt: refs[0] || null });
    } else if (action === "prev") {
      step(-1);
    } else if (action === "next") {
      step(1);
    }
  }

  /* Escape closes open details first (those of the row holding focus, else the last opened) and gives focus
   * back to that row's button; only then does it leave presentation mode (trial 23: it left at once). */
  function closeDetails(from) {
    if (current(rowRefs()) !== null) { return false; }
    var refs = Object.keys(open).filter(function (ref) { return rowRefs().indexOf(ref) >= 0; });
    if (!refs.length) { return false; }
    var row = from && from.closest && from.closest("tr[data-ref]");
    var ref = row && open[row.getAttribute("data-ref")] ? row.getAttribute("data-ref") : refs[refs.length - 1];
    delete open[ref];
    apply();
    var button = document.querySelector("#ssu-matrise [data-ssu-action=detail][data-ref=" + quoted(ref) + "]");
    if (button) { button.focus(); }
    return true;
  }

  function leave() {
    setQuery({ visning: null, prosjekt: null });
    focusAction("toggle");
  }

  function editable(el) {
    if (!el || !el.closest) { return false; }
    return Boolean(el.closest("input, textarea, select, [contenteditable=true], .dash-dropdown, [role=listbox]"));
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-ssu-action]");
    if (!target || !matrix()) { return; }
    if (target.getAttribute("aria-disabled") === "true") { return; }
    act(target.getAttribute("data-ssu-action"), target);
  });

  document.addEventListener("keydown", function (event) {
    if (!matrix() || event.defaultPrevented) { return; }
    var key = event.key;
    if (event.altKey && !event.ctrlKey && !event.metaKey && (key === "p" || key === "P" || event.code === "KeyP")) {
      event.preventDefault();
      act("toggle");
    } else if (key === "Escape" && presenting()) {
      if (document.querySelector(".dash-dropdown[aria-expanded=true]")) { return; }
      event.preventDefault();
      if (!closeDetails(event.target)) { leave(); }
    } else if (current(rowRefs()) !== null && !editable(event.target) && !event.altKey && !event.ctrlKey) {
      if (key === "ArrowRight" || key === "PageDown") { event.preventDefault(); step(1); }
      if (key === "ArrowLeft" || key === "PageUp") { event.preventDefault(); step(-1); }
    }
  });

  window.addEventListener("popstate", schedule);
  var observer = new MutationObserver(schedule);
  function start() {
    apply();
    observer.observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
