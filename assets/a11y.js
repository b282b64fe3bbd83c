/* Accessibility and Norwegian touches the component libraries do not offer as options.
 * 1. A Norwegian (bokmål) locale for Plotly: modebar texts, month names, number separators.
 * 2. Dash 4's dropdown takes keyboard focus on a hidden helper input (aria-hidden); we give that
 *    input the dropdown's name and role instead of hiding it, so screen readers announce it. Space on it
 *    opens the list, as Enter and ArrowDown do (a select-only combobox; the session-21 trial found Space
 *    did nothing).
 * 3. dcc.Upload's file input (laid over the whole area) gets the area's text as its accessible name
 *    and stays in the tab order, so Enter opens the file chooser natively; the area shows its focus.
 */
(function () {
  var NB = {
    moduleType: "locale",
    name: "nb",
    dictionary: {
      "Zoom": "Zoom", "Pan": "Panorer", "Box Select": "Velg med boks", "Lasso Select": "Velg med lasso",
      "Zoom in": "Zoom inn", "Zoom out": "Zoom ut", "Autoscale": "Tilpass automatisk", "Reset axes": "Tilbakestill akser",
      "Download plot as a png": "Last ned som PNG-bilde", "Download plot as a PNG": "Last ned som PNG-bilde",
      "Download plot": "Last ned diagram",
      "Toggle Spike Lines": "Vis eller skjul hjelpelinjer", "Show closest data on hover": "Vis nærmeste verdi",
      "Compare data on hover": "Sammenlign verdier", "Produced with Plotly.js": "Laget med Plotly.js",
      "Double-click to zoom back out": "Dobbeltklikk for å zoome ut igjen", "Snapshot succeeded": "Bildet er lagret",
      "Taking snapshot - this may take a few seconds": "Lagrer bildet – dette kan ta noen sekunder",
      "Reset view": "Tilbakestill visning", "Reset": "Tilbakestill", "Click to enter Colorscale title": "Klikk for å skrive tittel",
      "Click to enter Plot title": "Klikk for å skrive tittel", "Click to enter X axis title": "Klikk for å skrive aksetittel",
      "Click to enter Y axis title": "Klikk for å skrive aksetittel", "trace": "serie"
    },
    format: {
      days: ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
      shortDays: ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
      months: ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
               "november", "desember"],
      shortMonths: ["jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des."],
      date: "%d.%m.%Y", decimal: ",", thousands: " "
    }
  };

  function registerLocale(P) {
    try {
      P.register(NB);
      P.setPlotConfig({ locale: "nb" });
    } catch (e) { /* an older Plotly without locales: English texts remain */ }
  }

  if (window.Plotly) {
    registerLocale(window.Plotly);
  } else {
    var plotly;
    Object.defineProperty(window, "Plotly", {
      configurable: true,
      get: function () { return plotly; },
      set: function (value) { plotly = value; registerLocale(value); }
    });
  }

  function labelFor(el) {
    var wrapper = el.closest(".filter, .field");
    var label = wrapper && wrapper.querySelector("label");
    return label ? label.textContent.trim() : "";
  }

  function fix(root) {
    root.querySelectorAll(".dash-dropdown-focus-target[aria-hidden]").forEach(function (input) {
      var button = input.parentElement && input.parentElement.querySelector("button.dash-dropdown");
      var value = button ? button.textContent.trim() : "";
      input.removeAttribute("aria-hidden");
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-haspopup", "listbox");
      input.setAttribute("aria-expanded", button && button.getAttribute("aria-expanded") === "true" ? "true" : "false");
      input.setAttribute("aria-label", (labelFor(input) + (value ? ": " + value : "")).trim() || "Velg");
    });
    root.querySelectorAll(".upload:not([data-a11y])").forEach(function (area) {
      area.setAttribute("data-a11y", "1");
    });
    root.querySelectorAll(".upload input[type=file]:not([aria-label])").forEach(function (input) {
      var area = input.closest(".upload");
      input.setAttribute("aria-label", area ? area.textContent.trim() : "Velg fil");
      input.setAttribute("tabindex", "0");  /* the native file input is the keyboard stop: Enter opens it */
    });
  }

  /* Space on a closed dropdown opens it as ArrowDown does (Dash opens the list when ArrowDown comes up, and
   * would take a space coming up as the start of a search that matches nothing) */
  function closedDropdown(event) {
    var target = event.target;
    return event.key === " " && target.matches && target.matches(".dash-dropdown-focus-target, button.dash-dropdown") &&
      target.getAttribute("aria-expanded") !== "true" && !target.value;
  }
  document.addEventListener("keydown", function (event) {
    if (!closedDropdown(event)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  }, true);
  document.addEventListener("keyup", function (event) {
    if (!closedDropdown(event)) return;
    event.preventDefault();
    event.stopImmediatePropagation();  /* the dropdown takes a key coming up as the first letter of a search */
    event.target.dispatchEvent(new KeyboardEvent("keyup", { key: "ArrowDown", code: "ArrowDown", bubbles: true }));
  }, true);

  var observer = new MutationObserver(function () { fix(document); });
  function start() {
    fix(document);
    observer.observe(document.body, { childList: true, subtree: true, attributes: true,
                                      attributeFilter: ["aria-expanded", "aria-hidden"] });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
