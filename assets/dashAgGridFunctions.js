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

dagfuncs.formatPercent = function (value, missing) {
  if (value === null || value === undefined || value === "") return missing || "–";
  // read to 12 significant digits first, then a half rounds up, as domain.formatting.format_percent does
  var percent = Number((value * 100).toPrecision(12));
  var rounded = Math.sign(percent) * Math.round(Number((Math.abs(percent) * 10).toPrecision(12))) / 10;
  return rounded.toFixed(1).replace(".", ",").replace("-", "\u2212") + " %";
};

// A safe link to a project page: text content only; the row's «href» (made by the server), or its reference
// URL-encoded.
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});
dagcomponentfuncs.ProjectLink = function (props) {
  var data = props.data || {};
  var href = /^\/prosjekter\//.test(data.href || "") ? data.href
    : data.ref ? "/prosjekter/" + encodeURIComponent(data.ref) : null;
  if (!href) return props.value;
  return React.createElement("a", { href: href }, props.value);
};

