// The report's one stylesheet and one script, written beside the pages (never loaded from the network).
// Light and dark follow the reader's system setting.

export const STYLE_CSS = `:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa;
  --accent: #0969da; --differs: #fff1c2; --differs-line: #b08800; --none: #8c959f;
  --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --focus: #0969da;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --head: #151b23;
    --accent: #4493f8; --differs: #3b2e00; --differs-line: #d29922; --none: #6e7681;
    --ok: #3fb950; --bad: #f85149; --warn: #d29922; --focus: #4493f8;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 4px 8px; z-index: 2; }
header.top { padding: 12px 20px; border-bottom: 1px solid var(--line); background: var(--head); }
header.top h1 { margin: 0; font-size: 20px; }
header.top p { margin: 2px 0 0; color: var(--muted); }
nav.crumbs a { margin-right: 10px; }
main { padding: 12px 20px 40px; }
h2 { font-size: 16px; margin: 24px 0 8px; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--head); position: sticky; top: 0; z-index: 1; }
.matrix th[scope=row] { font-weight: 500; white-space: nowrap; }
.matrix td:nth-child(n+4) { white-space: nowrap; max-width: 18em; overflow: hidden; text-overflow: ellipsis; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
.matrix td.none { color: var(--none); }
.matrix td.differs { background: var(--differs); box-shadow: inset 3px 0 0 var(--differs-line); }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; margin: 8px 0 12px; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
.filters input, .filters select { font: inherit; padding: 4px 6px; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; }
.filters input[type=search] { width: 22em; }
.count { color: var(--muted); margin: 0 0 8px; }
.legend { color: var(--muted); font-size: 12px; }
.legend .swatch { display: inline-block; width: 14px; height: 12px; background: var(--differs); box-shadow: inset 3px 0 0 var(--differs-line); vertical-align: middle; }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; border: 1px solid var(--line); font-size: 12px; margin-right: 4px; }
.badge.stale { border-color: var(--warn); color: var(--warn); }
.badge.bad { border-color: var(--bad); color: var(--bad); }
.badge.ok { border-color: var(--ok); color: var(--ok); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
ol.rules { margin: 0; padding-left: 20px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
.chart { max-width: 100%; height: auto; border: 1px solid var(--line); background: var(--bg); }
.chart .axis { stroke: var(--line); }
.chart text { fill: var(--muted); font-size: 11px; }
.chart path.run { fill: none; stroke-width: 2.5; }
.chart .stable { stroke: var(--ok); fill: var(--ok); }
.chart .rolled-back, .chart .replaced { stroke: var(--bad); fill: var(--bad); }
.chart .rolling-out { stroke: var(--accent); fill: var(--accent); }
tr.kind-rollback td { color: var(--bad); }
tr.current { font-weight: 600; }
.state-drifting { color: var(--warn); }
.state-silent { color: var(--bad); }
.state-matching { color: var(--ok); }
`;

/** Filters and keyboard navigation for the matrix: rows carry data-* attributes, the script hides the rest. */
export const MATRIX_JS = `(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("matrix");
  if (!form || !table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = document.getElementById("count");
  var fields = ["owner", "kind", "area", "stale"];
  var search = document.getElementById("q");
  var onlyDiff = document.getElementById("differs");
  var keys = rows.map(function (r) { return (r.getAttribute("data-key") + " " + (r.getAttribute("data-owner") || "") + " " + (r.getAttribute("data-desc") || "")).toLowerCase(); });
  function apply() {
    var want = {};
    fields.forEach(function (f) { want[f] = form.elements[f].value; });
    var q = search.value.trim().toLowerCase();
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = (!q || keys[i].indexOf(q) >= 0) &&
        (!want.owner || r.getAttribute("data-owner") === want.owner) &&
        (!want.kind || r.getAttribute("data-kind") === want.kind) &&
        (!want.area || r.getAttribute("data-area") === want.area) &&
        (!want.stale || (want.stale === "any" ? r.getAttribute("data-stale") !== "" : (" " + r.getAttribute("data-stale") + " ").indexOf(" " + want.stale + " ") >= 0)) &&
        (!onlyDiff.checked || r.hasAttribute("data-differs"));
      r.hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown === rows.length ? "Showing all " + rows.length + " flags" : "Showing " + shown + " of " + rows.length + " flags";
    var qs = new URLSearchParams();
    if (q) qs.set("q", q);
    fields.forEach(function (f) { if (want[f]) qs.set(f, want[f]); });
    if (onlyDiff.checked) qs.set("differs", "1");
    history.replaceState(null, "", qs.toString() ? "#" + qs.toString() : location.pathname);
  }
  var initial = new URLSearchParams(location.hash.slice(1));
  initial.forEach(function (v, k) { if (k === "q") search.value = v; else if (k === "differs") onlyDiff.checked = true; else if (form.elements[k]) form.elements[k].value = v; });
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
  // Keyboard: "/" focuses the search box; up/down (or j/k) move between the visible flags' links.
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA");
    if (e.key === "/" && !typing) { e.preventDefault(); search.focus(); return; }
    if (typing && e.key !== "ArrowDown") return;
    var down = e.key === "ArrowDown" || e.key === "j";
    var up = e.key === "ArrowUp" || e.key === "k";
    if (!down && !up) return;
    var links = rows.filter(function (r) { return !r.hidden; }).map(function (r) { return r.querySelector("a"); });
    if (links.length === 0) return;
    var i = links.indexOf(document.activeElement);
    var next = i < 0 ? 0 : Math.max(0, Math.min(links.length - 1, i + (down ? 1 : -1)));
    e.preventDefault();
    links[next].focus();
  });
})();
`;
