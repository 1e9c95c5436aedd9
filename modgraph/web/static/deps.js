// The dependency explorer: find a node (debounced, server-side), ask one of the /deps analyses (neighbourhood,
// closures, path, critical path, slip impact, centrality) and draw its answer with Cytoscape.js: colour and shape per
// kind (legend), the analysis' roles marked (path ends, chain, what slips, rank), a text summary beside the drawing,
// and the same answer as an export (the endpoint's format=…). Everything heavy happens on the server, in the query
// workers under their limits: the page only draws what it is sent (at most `limit` nodes).
(function () {
  "use strict";
  const body = document.body;
  const config = JSON.parse(document.getElementById("explorer-config").textContent);
  const API = config.api;                  // e.g. "/deps"
  const ROOT = config.root || "";          // the server's root path (resource pages live at ROOT + /id/...)
  const S = config.strings;
  const LANG = config.lang;
  const $ = (id) => document.getElementById(id);
  const fill = (text, ...values) => values.reduce((s, v) => s.replace("%s", v), text);
  const numbers = new Intl.NumberFormat(LANG, { maximumFractionDigits: 4 });
  const dayFormat = new Intl.DateTimeFormat(LANG, { dateStyle: "medium", timeZone: "UTC" });
  const day = (iso) => (iso ? dayFormat.format(new Date(iso + "T00:00:00Z")) : "?");
  // colour and shape per kind: distinct in hue, and in shape for whoever does not see the hue
  const KINDS = {
    programme: ["#0b3d62", "round-rectangle"], field: ["#1f77b4", "hexagon"], goal: ["#2ca02c", "star"],
    measure: ["#ff7f0e", "ellipse"], organisation: ["#9467bd", "diamond"], decision: ["#d62728", "rectangle"],
    fund: ["#8c564b", "pentagon"], document: ["#7f7f7f", "tag"], place: ["#17becf", "triangle"],
    service: ["#bcbd22", "barrel"], principle: ["#e377c2", "vee"], person: ["#f7b6d2", "ellipse"],
    membership: ["#c7c7c7", "round-triangle"], event: ["#ffbb78", "octagon"], "key-figure": ["#98df8a", "round-diamond"],
    "budget-line": ["#c49c94", "cut-rectangle"], external: ["#dbdb8d", "round-pentagon"],
    catalogue: ["#6b6ecf", "concave-hexagon"], focus: ["#637939", "rhomboid"],
  };
  const colour = (kind) => (KINDS[kind] || ["#999999"])[0];
  const shape = (kind) => (KINDS[kind] || [null, "ellipse"])[1];
  const kindName = (kind) => config.kinds[kind.replace(/-/g, "_")] || kind;
  // the roles an analysis gives nodes and edges (legend "roles")
  const ROLES = {
    centre: ["#000000", S.role_centre], endpoint: ["#000000", S.role_endpoint], chain: ["#b00020", S.role_chain],
    origin: ["#000000", S.role_origin], moved: ["#b00020", S.role_moved], absorbed: ["#2e7d32", S.role_absorbed],
    ranked: ["#f0b400", S.role_ranked],
  };
  const NODE_MODES = new Set(["neighbourhood", "upstream", "downstream", "path", "slip"]);
  const chosen = { q: null, q2: null };   // the IRIs picked in the two node boxes
  let searchTimers = {};
  let searchSeq = 0;
  let drawSeq = 0;
  let lastUrl = null;       // the JSON question last drawn (exports are the same with format=…)

  const cy = cytoscape({
    container: $("cy"),
    wheelSensitivity: 0.3,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
          "background-color": (n) => colour(n.data("kind")), "shape": (n) => shape(n.data("kind")),
          "label": "data(short)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 130,
          "width": (n) => n.data("size") || 18, "height": (n) => n.data("size") || 18, "color": "#1b1b1b",
          "text-valign": "bottom", "text-margin-y": 3, "text-background-color": "#ffffff",
          "text-background-opacity": 0.85, "text-background-padding": 1 } },
      { selector: "node.centre, node.endpoint, node.origin", style: { "width": 32, "height": 32, "border-width": 4, "border-color": "#000", "font-weight": "bold" } },
      { selector: "node.chain", style: { "border-width": 4, "border-color": ROLES.chain[0], "font-weight": "bold" } },
      { selector: "node.moved", style: { "border-width": 4, "border-color": ROLES.moved[0] } },
      { selector: "node.absorbed", style: { "border-width": 4, "border-color": ROLES.absorbed[0], "border-style": "dashed" } },
      { selector: "node.ranked", style: { "border-width": 3, "border-color": ROLES.ranked[0] } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#f0b400" } },
      { selector: "edge", style: {
          "width": 1.2, "line-color": "#9aa4ad", "target-arrow-color": "#9aa4ad", "target-arrow-shape": "triangle",
          "curve-style": "bezier", "arrow-scale": 0.7, "label": "data(relation)", "font-size": 8, "color": "#444",
          "text-rotation": "autorotate", "text-background-color": "#ffffff", "text-background-opacity": 0.8 } },
      { selector: "edge[?symmetric]", style: { "line-style": "dashed", "target-arrow-shape": "none" } },
      { selector: "edge[relation = 'depends-on'], edge[relation = 'implements-decision'], edge[relation = 'successor-of']",
        style: { "line-color": "#d62728", "target-arrow-color": "#d62728", "width": 2 } },
      { selector: "edge.highlight", style: { "line-color": "#b00020", "target-arrow-color": "#b00020", "width": 3.5 } },
    ],
  });
  window.depsCy = cy;  // for tests and the console

  // ------------------------------------------------------------------ the question
  function mode() { return $("mode").value; }

  function showFields() {
    for (const f of document.querySelectorAll("#controls .field")) f.hidden = !f.dataset.for.split(" ").includes(mode());
  }

  function scopeParams() {
    const p = new URLSearchParams();
    const presets = [...document.querySelectorAll("input[name=preset]:checked")].map((i) => i.value);
    p.set("relations", presets.length ? presets.join(",") : "all");
    if ($("document").value) p.append("document", $("document").value);
    if ($("programme").value) p.append("programme", $("programme").value);
    return p;
  }

  function question() {
    const m = mode();
    const p = scopeParams();
    if (NODE_MODES.has(m) && !chosen.q) return { missing: S.choose_node };
    if (m === "path" && !chosen.q2) return { missing: S.choose_target };
    if (m === "neighbourhood") {
      p.set("iri", chosen.q); p.set("limit", $("limit").value); p.set("radius", $("radius").value || "2");
      return { url: `${API}/neighbourhood?${p}` };
    }
    if (m === "upstream" || m === "downstream") {
      p.set("iri", chosen.q); p.set("limit", $("limit").value); p.set("direction", m);
      if ($("radius").value) p.set("max_depth", $("radius").value);
      return { url: `${API}/closure?${p}` };
    }
    if (m === "path") {
      p.set("from", chosen.q); p.set("to", chosen.q2);
      if ($("directed").checked) p.set("directed", "true");
      if ($("all-paths").checked) p.set("all", "true");
      return { url: `${API}/path?${p}` };
    }
    if (m === "slip") {
      p.set("iri", chosen.q); p.set("months", $("months").value || "0");
      return { url: `${API}/slip?${p}` };
    }
    if (m === "centrality") {
      p.set("measure", $("measure").value); p.set("top", $("top").value || "20");
      if ($("directed").checked) p.set("directed", "true");
      return { url: `${API}/centrality?${p}` };
    }
    return { url: `${API}/critical-path?${p}` };
  }

  // ------------------------------------------------------------------ filters and legend
  async function loadFilters() {
    const r = await fetch(`${API}/relations`);
    if (!r.ok) { status(fill(S.no_graph, r.status)); return; }
    const meta = await r.json();
    for (const d of meta.documents) $("document").add(new Option(`${d.id} – ${d.label}`, d.id));
    for (const p of meta.programmes) $("programme").add(new Option(p.label, p.iri));
    $("legend").replaceChildren(...Object.keys(meta.kinds).map((k) => legendItem(colour(k), shape(k), `${kindName(k)} (${meta.kinds[k]})`, k)));
    status(fill(S.ready, numbers.format(meta.nodes), numbers.format(meta.edges), meta.build));
  }

  function legendItem(fillColour, nodeShape, text, kind) {
    const li = document.createElement("li");
    if (kind) li.dataset.kind = kind;
    const i = document.createElement("i");
    i.className = `swatch shape-${nodeShape}`;
    i.style.background = fillColour;
    i.setAttribute("aria-hidden", "true");
    li.append(i, text);
    return li;
  }

  function roleLegend(roles) {
    $("legend-roles").replaceChildren(...roles.map((r) => {
      const li = document.createElement("li");
      li.dataset.role = r;
      const i = document.createElement("i");
      i.className = "swatch ring";
      i.style.borderColor = ROLES[r][0];
      i.setAttribute("aria-hidden", "true");
      li.append(i, ROLES[r][1]);
      return li;
    }));
  }

  // ------------------------------------------------------------------ search boxes (debounced; stale answers dropped)
  function searchBox(box, list, key, label) {
    $(box).addEventListener("input", () => {
      clearTimeout(searchTimers[box]);
      searchTimers[box] = setTimeout(() => search(box, list, key, label), 250);
    });
    $(box).addEventListener("keydown", (e) => {
      if (e.key === "Enter") { const first = $(list).querySelector("li[data-iri]"); if (first) first.click(); }
    });
  }

  async function search(box, list, key, label) {
    const q = $(box).value.trim();
    const seq = ++searchSeq;
    if (!q) { $(list).replaceChildren(); $(box).setAttribute("aria-expanded", "false"); return; }
    const r = await fetch(`${API}/search?` + new URLSearchParams({ q, limit: 15 }));
    if (seq !== searchSeq || !r.ok) return;
    const data = await r.json();
    const items = data.hits.map((h) => {
      const li = document.createElement("li");
      li.dataset.iri = h.iri;
      li.setAttribute("role", "option");
      li.tabIndex = -1;
      li.title = h.iri;
      li.append(small("kind", kindName(h.kind)), nodeLabel(h));
      if (h.notation) li.append(" ", small("badge", h.notation));
      li.addEventListener("click", () => pick(key, h, box, list, label));
      return li;
    });
    if (!items.length) { const li = document.createElement("li"); li.textContent = S.no_match; items.push(li); }
    $(list).replaceChildren(...items);
    $(box).setAttribute("aria-expanded", "true");
  }

  function pick(key, hit, box, list, label) {
    chosen[key] = hit.iri;
    $(list).replaceChildren();
    $(box).setAttribute("aria-expanded", "false");
    $(label).textContent = fill(S.chosen, nodeLabel(hit));
    if (key === "q" || mode() === "path") run();
  }

  // ------------------------------------------------------------------ asking and drawing
  async function run() {
    const q = question();
    if (q.missing) { status(q.missing); return; }
    const seq = ++drawSeq;
    status(S.loading);
    body.dataset.state = "loading";
    const r = await fetch(q.url);
    if (seq !== drawSeq) return;
    if (!r.ok) {
      const err = await r.json().catch(() => ({}));
      status(err.message || fill(S.http_error, r.status));
      cy.elements().remove();
      $("summary").replaceChildren();
      $("exports").hidden = true;
      body.dataset.state = "error";
      body.dataset.drawn = "0";
      return;
    }
    const data = await r.json();
    lastUrl = q.url;
    const m = mode();
    DRAW[m](data);
    showExports();
    body.dataset.drawn = String(cy.nodes().length);
    body.dataset.mode = m;
    body.dataset.state = "drawn";
  }

  function elementsOf(data, classes, extra) {
    const elements = [];
    for (const n of data.nodes) {
      const more = extra ? extra(n) : {};
      elements.push({ group: "nodes", data: { id: n.iri, label: nodeLabel(n), short: more.short || shorten(nodeLabel(n), n.notation),
        kind: n.kind, path: n.path, depth: n.depth ?? 0, size: more.size }, classes: classes(n) });
    }
    data.edges.forEach((e, i) => elements.push({ group: "edges", data: { id: `e${i}`, source: e.source, target: e.target,
      relation: e.relation, document: e.document, symmetric: !!e.symmetric } }));
    return elements;
  }

  function put(elements, layout) {
    cy.startBatch();
    cy.elements().remove();
    cy.add(elements);
    cy.endBatch();
    const n = cy.nodes().length;
    cy.layout(layout || (n <= 150
      ? { name: "cose", animate: false, nodeRepulsion: () => 400000, idealEdgeLength: () => 110, numIter: 1000, randomize: false }
      : { name: "concentric", animate: false, concentric: (x) => 100 - x.data("depth"), levelWidth: () => 1, minNodeSpacing: 6 })).run();
    cy.fit(undefined, 30);
    if (cy.zoom() > 1.4) { cy.zoom(1.4); cy.center(); }
    // big drawings: no edge labels, cheaper rendering while moving
    cy.style().selector("edge").style("label", n > 150 ? "" : "data(relation)").update();
  }

  const DRAW = {
    neighbourhood(data) { drawAround(data, "neighbourhood"); },
    upstream(data) { drawAround(data, "upstream"); },
    downstream(data) { drawAround(data, "downstream"); },
    path(data) {
      const ends = new Set([data.from.iri, data.to.iri]);
      put(elementsOf(data, (n) => (ends.has(n.iri) ? "endpoint" : "")),
        { name: "breadthfirst", animate: false, directed: false, roots: [data.from.iri], spacingFactor: 1.3 });
      cy.edges().addClass("highlight");
      roleLegend(["endpoint"]);
      status(fill(S.status_path, data.count, nodeLabel(data.from), nodeLabel(data.to)) + (data.truncated ? " " + S.truncated : ""));
      summary(data.count ? S.paths_heading : S.no_path, data.paths.map((p) => p.nodes.map(nodeLabel).join(" → ")), "ol");
      showDetails(data.from.iri);
    },
    "critical-path"(data) {
      const cp = data.critical_path;
      if (!cp) {
        put([]);
        roleLegend([]);
        status(S.no_critical_path);
        summary(S.no_critical_path, []);
        return;
      }
      const chain = cp.nodes.map((n) => n.iri);
      const position = new Map(chain.map((iri, i) => [iri, i]));
      put(elementsOf(data, (n) => (position.has(n.iri) ? "chain" : ""),
        (n) => ({ short: shorten(nodeLabel(n), n.notation) + "\n" + span(n) })),
        { name: "preset", positions: (node) => (position.has(node.id()) ? { x: position.get(node.id()) * 240, y: 0 }
                                                                           : { x: 120 + 240 * (node.degree() % chain.length), y: 140 }) });
      cy.edges().filter((e) => position.has(e.source().id()) && position.has(e.target().id())).addClass("highlight");
      roleLegend(["chain"]);
      status(fill(S.status_critical, cp.nodes.length, numbers.format(cp.span_days), day(cp.start), day(cp.end)));
      summary(S.critical_heading, cp.steps.map((s) => fill(S.step, nodeLabel(s.prerequisite), nodeLabel(s.dependent), numbers.format(s.gap_days))), "ol");
    },
    slip(data) {
      const moved = new Map(data.moved.map((i) => [i.iri, i]));
      const absorbed = new Map(data.absorbed.map((i) => [i.iri, i]));
      const role = (n) => (n.iri === data.node.iri ? "origin" : moved.has(n.iri) ? "moved" : absorbed.has(n.iri) ? "absorbed" : "");
      const note = (n) => {
        const i = moved.get(n.iri) || absorbed.get(n.iri);
        if (!i) return {};
        const figure = i.shift_days > 0 ? fill(S.shift, numbers.format(i.shift_days)) : fill(S.slack, numbers.format(i.slack_days ?? 0));
        return { short: shorten(nodeLabel(n), n.notation) + "\n" + figure };
      };
      put(elementsOf(data, role, note), { name: "breadthfirst", animate: false, directed: false, roots: [data.node.iri], spacingFactor: 1.3 });
      roleLegend(["origin", "moved", "absorbed"]);
      status(fill(S.status_slip, nodeLabel(data.node), data.months, data.moved.filter((i) => i.iri !== data.node.iri).length, data.absorbed.length));
      const line = (i) => fill(S.impact, nodeLabel(i), day(i.old_end), day(i.new_end), numbers.format(i.shift_days));
      summary(S.moved_heading, data.moved.map(line), "ul",
        [S.absorbed_heading, data.absorbed.map((i) => fill(S.absorbed_line, nodeLabel(i), numbers.format(i.slack_days ?? 0)))]);
      showDetails(data.node.iri);
    },
    centrality(data) {
      const top = Math.max(...data.ranking.map((n) => n.score), 0) || 1;
      const rank = new Map(data.ranking.map((n, i) => [n.iri, i + 1]));
      put(elementsOf(data, () => "ranked", (n) => ({ size: 16 + Math.round(44 * (n.score / top)),
        short: `${rank.get(n.iri)}. ${shorten(nodeLabel(n), n.notation)}` })));
      roleLegend(["ranked"]);
      status(fill(S.status_centrality, data.ranking.length, measureName(data.measure), numbers.format(data.nodes_scored)) + (data.approximate ? " " + S.approximate : ""));
      summary(S.ranking_heading, data.ranking.map((n) => `${nodeLabel(n)} (${kindName(n.kind)}): ${numbers.format(n.score)}`), "ol");
    },
  };

  function drawAround(data, m) {
    const iri = data.center.iri;
    put(elementsOf(data, (n) => (n.iri === iri ? "centre" : "")));
    roleLegend(["centre"]);
    const total = m === "neighbourhood" ? data.total_nodes : data.total + 1;
    const drawn = cy.nodes().length;
    status(fill(S.nodes_drawn, drawn, total, nodeLabel(data.center)) + (data.truncated ? " " + fill(S.limited, $("limit").value) : "") +
           " · " + fill(S.edges_drawn, cy.edges().length));
    summary("", []);
    showDetails(iri);
  }

  function measureName(m) { return S["measure_" + m.replace(/-/g, "_")] || m; }
  function span(n) { return n.start || n.end ? `${n.start ? day(n.start) : "?"} – ${n.end ? day(n.end) : "?"}` : ""; }

  function summary(heading, lines, tag, more) {
    const parts = [];
    const block = (h, items) => {
      if (h) { const h3 = document.createElement("h3"); h3.textContent = h; parts.push(h3); }
      if (items.length) {
        const list = document.createElement(tag || "ul");
        for (const text of items) { const li = document.createElement("li"); li.textContent = text; list.append(li); }
        parts.push(list);
      }
    };
    block(heading, lines);
    if (more) block(more[0], more[1]);
    $("summary").replaceChildren(...parts);
  }

  function showExports() {
    const links = config.exports.map((f) => {
      const a = document.createElement("a");
      const u = new URL(lastUrl, location.href);
      u.searchParams.set("format", f);
      a.href = u.pathname + u.search;
      a.textContent = f;
      a.dataset.format = f;
      return a;
    });
    const json = document.createElement("a");
    json.href = lastUrl;
    json.textContent = "json";
    json.dataset.format = "json";
    const span = $("exports").querySelector("span");
    span.replaceChildren();
    [json, ...links].forEach((a, i) => { if (i) span.append(" · "); span.append(a); });
    $("exports").hidden = false;
  }

  function nodeLabel(n) { return (LANG === "en" && n.label_en) || n.label || n.iri; }

  function shorten(label, notation) {
    const s = (notation ? notation + " " : "") + (label || "");
    return s.length > 48 ? s.slice(0, 46) + "…" : s;
  }

  function small(className, text) {
    const s = document.createElement("span");
    s.className = className;
    s.textContent = text;
    return s;
  }

  // ------------------------------------------------------------------ details of one node
  async function showDetails(iri) {
    const p = scopeParams();
    p.set("iri", iri);
    const r = await fetch(`${API}/node?${p}`);
    if (!r.ok) return;
    const d = await r.json();
    const n = d.node;
    const box = $("node-details");
    box.replaceChildren();
    const h = document.createElement("h3");
    h.textContent = nodeLabel(n);
    const tags = document.createElement("p");
    tags.append(small("badge", kindName(n.kind)));
    if (n.notation) tags.append(" ", small("badge", n.notation));
    box.append(h, tags);
    if (n.start || n.end) { const x = document.createElement("p"); x.textContent = `${S.dates}: ${span(n)}`; box.append(x); }
    if (n.documents) { const x = document.createElement("p"); x.textContent = `${S.documents}: ${n.documents.join(", ")}`; box.append(x); }
    if (n.path) {
      const a = document.createElement("a");
      a.href = ROOT + n.path;
      a.id = "resource-link";
      a.textContent = S.resource_page;
      const x = document.createElement("p");
      x.append(a);
      box.append(x);
    }
    const b = document.createElement("button");
    b.type = "button";
    b.id = "explore-here";
    b.textContent = S.explore_here;
    b.addEventListener("click", () => { chosen.q = iri; $("chosen").textContent = fill(S.chosen, nodeLabel(n)); if (!NODE_MODES.has(mode())) $("mode").value = "neighbourhood"; showFields(); run(); });
    box.append(b);
    const eh = document.createElement("h4");
    eh.textContent = fill(S.edges_heading, d.out.length, d.in.length);
    const ul = document.createElement("ul");
    const rows = (list, dir) => list.slice(0, 40).map((e) => {
      const other = dir === "out" ? e.target : e.source;
      const o = cy.getElementById(other);
      const li = document.createElement("li");
      const rel = document.createElement("b");
      rel.textContent = e.relation;
      li.append(dir === "out" ? "→ " : "← ", rel, " ", o.nonempty() ? o.data("label") : other, " ", small("badge", e.document || ""));
      return li;
    });
    ul.append(...rows(d.out, "out"), ...rows(d.in, "in"));
    const iriLine = small("iri", n.iri);
    box.append(eh, ul, iriLine);
  }

  cy.on("tap", "node", (e) => showDetails(e.target.id()));
  cy.on("dbltap", "node", (e) => { chosen.q = e.target.id(); $("chosen").textContent = fill(S.chosen, e.target.data("label")); if (!NODE_MODES.has(mode())) $("mode").value = "neighbourhood"; showFields(); run(); });

  searchBox("q", "hits", "q", "chosen");
  searchBox("q2", "hits2", "q2", "chosen2");
  $("mode").addEventListener("change", () => { showFields(); if (!question().missing) run(); else status(question().missing); });
  for (const id of ["radius", "limit", "document", "programme", "measure", "directed", "all-paths"]) $(id).addEventListener("change", () => { if (!question().missing) run(); });
  $("presets").addEventListener("change", () => { if (!question().missing) run(); });
  $("run").addEventListener("click", run);

  function status(text) { $("status").textContent = text; }

  // deep link: #iri=<IRI>[&mode=…]
  showFields();
  const hash = new URLSearchParams(location.hash.slice(1));
  loadFilters().then(() => {
    if (hash.get("mode")) { $("mode").value = hash.get("mode"); showFields(); }
    if (hash.get("iri")) chosen.q = hash.get("iri");
    if ((hash.get("mode") || hash.get("iri")) && !question().missing) run();
  });
  // for tests and the console: explore(iri) draws the neighbourhood (or the chosen mode) of a node
  window.depsExplore = (iri, target) => { chosen.q = iri; if (target) chosen.q2 = target; return run(); };
  window.depsAsk = (m, iri, target) => { $("mode").value = m; showFields(); chosen.q = iri || chosen.q; chosen.q2 = target || chosen.q2; return run(); };
})();
