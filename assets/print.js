/*
 * Charts on paper. Plotly draws a chart at the width of its box on screen, in pixels; printed, a chart drawn
 * for a wide window ran off the page (the session-20 trial: /indikatorer lost the right part of every chart).
 * Before printing each chart is drawn again no wider than a page, and after printing at its box's width again.
 * Chromium sends «beforeprint» also when a page is saved as PDF.
 */
(function () {
  "use strict";
  var PAGE_PX = 620; /* an A4 page inside its 14 mm margins (688 CSS pixels) less a card's padding and border */
  var resized = [];

  function charts() {
    return Array.prototype.slice.call(document.querySelectorAll(".js-plotly-plot"));
  }

  window.addEventListener("beforeprint", function () {
    if (!window.Plotly) return;
    charts().forEach(function (gd) {
      if (gd.offsetWidth > PAGE_PX) {
        resized.push(gd);
        window.Plotly.relayout(gd, { width: PAGE_PX });
      }
    });
  });

  window.addEventListener("afterprint", function () {
    if (!window.Plotly) return;
    resized.splice(0).forEach(function (gd) {
      window.Plotly.relayout(gd, { width: null }).then(function () { window.Plotly.Plots.resize(gd); });
    });
  });
})();
