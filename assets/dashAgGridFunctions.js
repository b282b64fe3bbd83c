// Norwegian formatters for dash-ag-grid cells (plain space as thousands separator).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

function groupThousands(value) {
  var n = Math.round(Math.abs(value));
  var s = String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return (value < 0 ? "\u2212" : "") + s;
}

dagfuncs.formatKr = function (value) {
  if (value === null || value === undefined || value === "") return "–";
  return groupThousands(value) + " kr";
};

dagfuncs.formatPercent = function (value) {
  if (value === null || value === undefined || value === "") return "–";
  return (value * 100).toFixed(1).replace(".", ",").replace("-", "\u2212") + " %";
};
