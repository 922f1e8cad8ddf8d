// The report's pages as Eta templates. `<%= %>` escapes (every piece of user text goes through it); `<%~ %>`
// is only used for includes of these templates and for numbers computed here.

export const HEAD = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="flagctl report">
<title><%= it.title %></title>
<link rel="stylesheet" href="<%= it.base %>report.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<nav class="crumbs" aria-label="Report"><a href="<%= it.base %>index.html">All flags</a><% for (const env of it.r.environments) { %><a href="<%= it.base %>envs/<%= it.h.file(env) %>.html"><%= env %></a><% } %></nav>
<h1><%= it.heading %></h1>
<p>flagctl report of <strong><%= it.r.project %></strong> · generated <time datetime="<%= it.r.generatedAt %>"><%= it.h.time(it.r.generatedAt) %></time><% if (it.r.commit) { %> · commit <span class="mono"><%= it.r.commit.slice(0, 12) %></span><% } %><% if (it.r.store) { %> · store <span class="mono"><%= it.r.store %></span><% } %></p>
</header>
<main id="main">
`;

export const FOOT = `</main>
</body>
</html>
`;

export const INDEX = `<%~ include("@head", { ...it, title: it.r.project + ": flags", heading: "Flags × environments", base: "" }) %>
<% for (const n of it.r.notes) { %><p class="badge stale"><%= n %></p><% } %>
<form id="filters" class="filters" role="search" aria-controls="matrix">
<label>Search (press /)<input id="q" type="search" name="q" placeholder="key, owner or description" autocomplete="off"></label>
<label>Owner<select name="owner"><option value="">any</option><% for (const o of it.owners) { %><option><%= o %></option><% } %></select></label>
<label>Kind<select name="kind"><option value="">any</option><% for (const k of it.kinds) { %><option><%= k %></option><% } %></select></label>
<label>Area<select name="area"><option value="">any</option><% for (const a of it.areas) { %><option><%= a %></option><% } %></select></label>
<label>Stale<select name="stale"><option value="">any</option><option value="any">stale for any reason</option><% for (const s of it.staleReasons) { %><option><%= s %></option><% } %></select></label>
<label><span>Differences</span><span><input id="differs" type="checkbox" name="differs"> only flags that differ between envs</span></label>
</form>
<p id="count" class="count" role="status" aria-live="polite">Showing all <%~ it.r.flags.length %> flags</p>
<p class="legend"><span class="swatch"></span> serves differently from the environment it is compared with: <% for (const env of it.r.environments) { if (it.r.comparedWith[env]) { %><%= env %> vs <%= it.r.comparedWith[env] %>; <% } } %>up/down or j/k move between flags.</p>
<table id="matrix" class="matrix">
<caption class="sr">What each environment serves, one row per flag</caption>
<thead><tr><th scope="col">Flag</th><th scope="col">Owner</th><th scope="col">Kind</th><% for (const env of it.r.environments) { %><th scope="col"><a href="envs/<%= it.h.file(env) %>.html"><%= env %></a></th><% } %></tr></thead>
<tbody>
<% for (const f of it.r.flags) { const stale = f.stale ? f.stale.reasons.join(" ") : ""; const differs = it.r.environments.some((e) => f.cells[e].differs); %><tr data-key="<%= f.key %>" data-owner="<%= f.owner ?? "" %>" data-kind="<%= f.kind ?? "" %>" data-area="<%= f.area %>" data-stale="<%= stale %>"<% if (f.description) { %> data-desc="<%= f.description %>"<% } %><% if (differs) { %> data-differs<% } %>><th scope="row"><a href="flags/<%= it.h.file(f.key) %>.html"><%= f.key %></a><% if (stale) { %> <span class="badge stale">stale: <%= stale %></span><% } %></th><td><%= f.owner ?? "" %></td><td><%= f.kind ?? "" %></td><% for (const env of it.r.environments) { const c = f.cells[env]; %><td<% if (c.kind !== "static" || c.differs) { %> class="<%~ c.kind === "static" ? "" : c.kind %><% if (c.differs) { %> differs<% } %>"<% } %><% if (c.text.length > 24) { %> title="<%= c.text %>"<% } %>><%= c.text %><% if (c.differs) { %><span class="sr"> (differs from <%= c.comparedWith %>)</span><% } %></td><% } %></tr>
<% } %>
</tbody>
</table>
<script src="report.js"></script>
<%~ include("@foot", it) %>`;

export const FLAG = `<%~ include("@head", { ...it, title: it.f.key + ": " + it.r.project, heading: it.f.key, base: "../" }) %>
<% const f = it.f; %>
<% if (f.description) { %><p><%= f.description %></p><% } %>
<dl class="facts">
<dt>Owner</dt><dd><%= f.owner ?? "none" %></dd>
<dt>Kind</dt><dd><%= f.kind ?? "not set" %></dd>
<dt>Type</dt><dd><%= f.type %>, default <code><%= f.defaultText %></code></dd>
<dt>Expires</dt><dd><% if (f.expires) { %><time datetime="<%= f.expires %>"><%= f.expires %></time><% if (f.stale && f.stale.reasons.includes("expired")) { %> <span class="badge bad">expired</span><% } %><% } else { %>no date<% } %></dd>
<dt>File</dt><dd class="mono"><%= f.file %></dd>
<dt>Stale</dt><dd><% if (f.stale) { %><% for (const s of f.stale.reasons) { %><span class="badge stale"><%= s %></span><% } %> <%= f.stale.detail %><% } else { %>no<% } %></dd>
</dl>

<h2 id="serves">What each environment serves</h2>
<table>
<thead><tr><th scope="col">Environment</th><th scope="col">Rules, in order</th><th scope="col">Everyone else</th></tr></thead>
<tbody>
<% for (const env of it.r.environments) { const c = f.cells[env]; const rt = f.rules.find((x) => x.env === env); %><tr><th scope="row"><a href="../envs/<%= it.h.file(env) %>.html"><%= env %></a><% if (c.differs) { %> <span class="badge stale">differs from <%= c.comparedWith %></span><% } %></th><td><% if (rt && rt.rules.length) { %><ol class="rules"><% for (const rule of rt.rules) { %><li><% if (rule.name) { %><strong><%= rule.name %></strong>: <% } %><code><%= rule.text %></code></li><% } %></ol><% } else { %>no rules<% } %></td><td><code><%= rt ? rt.otherwise : c.text %></code></td></tr>
<% } %>
</tbody>
</table>

<h2 id="shares">Population shares (golden tests)</h2>
<% if (f.shares.length === 0) { %><p>No population test covers this flag.</p><% } else { %>
<table>
<thead><tr><th scope="col">Environment</th><th scope="col">Test</th><th scope="col">Units</th><th scope="col">Variation</th><th scope="col">Expected</th><th scope="col">Measured</th><th scope="col">Result</th></tr></thead>
<tbody>
<% for (const s of f.shares) { for (const v of s.shares) { %><tr><td><%= s.env %></td><td><%= s.test %></td><td><%~ s.size %></td><td><code><%= v.variation %></code></td><td><%= v.expected === null ? "—" : v.expected + "% ± " + s.tolerance %></td><td><%= v.actual %>%</td><td><span class="badge <%~ s.status === "passed" ? "ok" : "bad" %>"><%= s.status %></span></td></tr>
<% } } %>
</tbody>
</table>
<% } %>

<h2 id="refs">References in code</h2>
<% if (f.refs === null) { %><p>Not scanned: run <code>flagctl report --code DIR</code> (or set <code>code:</code> in flagctl.yaml).</p><% } else if (f.refs.length === 0) { %><p>No references in <%= it.r.codeDirs.join(", ") %>.</p><% } else { %>
<table>
<thead><tr><th scope="col">File</th><th scope="col">Line</th><th scope="col">Text</th></tr></thead>
<tbody>
<% for (const ref of f.refs) { %><tr><td class="mono"><%= ref.file %></td><td><%~ ref.line %></td><td><code><%= ref.text %></code></td></tr>
<% } %>
</tbody>
</table>
<% } %>

<h2 id="history">Change history</h2>
<% if (f.history.length === 0) { %><p>No change to this flag in the <%~ it.r.history.commits %> newest commits of the config repo.</p><% } else { %>
<table>
<thead><tr><th scope="col">Commit</th><th scope="col">Author</th><th scope="col">Date</th><th scope="col">Change</th></tr></thead>
<tbody>
<% for (const c of f.history) { %><tr><td class="mono" title="<%= c.subject %>"><%= c.commit.slice(0, 10) %></td><td><%= c.author %></td><td><time datetime="<%= c.date %>"><%= it.h.time(c.date) %></time></td><td><%= c.change %></td></tr>
<% } %>
</tbody>
</table>
<% } %>
<%~ include("@foot", it) %>`;

export const ENV = `<%~ include("@head", { ...it, title: it.e.env + ": " + it.r.project, heading: "Releases in " + it.e.env, base: "../" }) %>
<% const e = it.e; const p = e.pointer; %>
<% if (!it.r.store) { %><p>No store was given: run <code>flagctl report --store URL</code> (or set <code>store:</code> in flagctl.yaml) to see releases.</p>
<% } else if (e.error) { %><p class="badge bad"><%= e.error %></p>
<% } else if (!p) { %><p>Nothing was ever promoted to <%= e.env %>.</p>
<% } else { %>
<dl class="facts">
<dt>Stable</dt><dd class="mono"><%= p.stable ?? "none yet" %></dd>
<dt>Candidate</dt><dd><% if (p.candidate) { %><span class="mono"><%= p.candidate %></span> at <%~ p.percent %>% of hosts<% } else { %>none<% } %></dd>
<dt>Last change</dt><dd>#<%~ p.seq %> by <%= p.by %>, <time datetime="<%= p.updatedAt %>"><%= it.h.time(p.updatedAt) %></time></dd>
</dl>

<h2 id="chart">Candidates' share of hosts over time</h2>
<% const g = it.chart; %>
<svg class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 <%~ g.width %> <%~ g.height %>" width="<%~ g.width %>" height="<%~ g.height %>" xmlns="http://www.w3.org/2000/svg">
<title id="chart-title">Share of hosts on each candidate over time in <%= e.env %>; the table below lists every step</title>
<% for (const t of g.yTicks) { %><line class="axis" x1="<%~ g.plot.x %>" x2="<%~ g.plot.x + g.plot.w %>" y1="<%~ t.y %>" y2="<%~ t.y %>"/><text x="<%~ g.plot.x - 6 %>" y="<%~ t.y + 4 %>" text-anchor="end"><%= t.label %></text><% } %>
<% for (const [i, t] of g.xTicks.entries()) { %><text x="<%~ t.x %>" y="<%~ g.height - 8 %>" text-anchor="<%~ i === 0 ? "start" : i === g.xTicks.length - 1 ? "end" : "middle" %>"><%= t.label %></text><% } %>
<% for (const path of g.paths) { %><g class="<%~ path.outcome %>"><title><%= path.version %>: <%= path.outcome %></title><path class="run <%~ path.outcome %>" d="<%~ path.d %>"/><circle cx="<%~ path.end.x %>" cy="<%~ path.end.y %>" r="3.5"/></g><% } %>
</svg>
<p class="legend">Green: became stable · red: rolled back or replaced · blue: rolling out now.</p>

<h2 id="timeline">Timeline</h2>
<table class="timeline">
<thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">What</th><th scope="col">Who</th><th scope="col">Why</th><th scope="col">Baked</th></tr></thead>
<tbody>
<% for (const ev of it.events) { %><tr class="kind-<%~ ev.kind %><% if (ev.current) { %> current<% } %>"><td><%~ ev.seq %></td><td><time datetime="<%= ev.at %>"><%= it.h.time(ev.at) %></time></td><td><span class="badge"><%= ev.kind %></span> <%= ev.text %></td><td><%= ev.by %></td><td><%= ev.reason %></td><td><%= it.h.duration(ev.bakedMs) %><% if (ev.current) { %> so far<% } %></td></tr>
<% } %>
</tbody>
</table>
<% } %>

<h2 id="fleet">Fleet</h2>
<% if (!e.hosts) { %><p>No host reports (agents started with <code>--report</code> write them).</p><% } else { %>
<p><%~ e.hosts.filter((h) => h.state === "matching").length %> of <%~ e.hosts.length %> hosts run what the pointer assigns them.</p>
<table>
<thead><tr><th scope="col">Host</th><th scope="col">Runs</th><th scope="col">Should run</th><th scope="col">State</th><th scope="col">Reported</th></tr></thead>
<tbody>
<% for (const h of e.hosts) { %><tr><th scope="row" class="mono"><%= h.host %></th><td class="mono"><%= h.version ?? "nothing" %></td><td class="mono"><%= h.expected ?? "nothing" %> (<%= h.expectedTrack %>)</td><td class="state-<%~ h.state %>"><%= h.state %></td><td><time datetime="<%= h.at %>"><%= it.h.time(h.at) %></time></td></tr>
<% } %>
</tbody>
</table>
<% } %>
<%~ include("@foot", it) %>`;
