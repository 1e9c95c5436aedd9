// The dependency explorer: search (debounced, server-side), draw a neighbourhood or closure with Cytoscape.js.
// Everything heavy happens on the server (/deps/...): the page only draws what it is sent (at most `limit` nodes).
(function () {
  "use strict";
  const body = document.body;
  const API = body.dataset.api;            // e.g. "/deps"
  const ROOT = body.dataset.root || "";    // the server's root path (resource pages live at ROOT + /id/...)
  const $ = (id) => document.getElementById(id);
  const COLOURS = {
    programme: "#0b3d62", field: "#1f77b4", goal: "#2ca02c", measure: "#ff7f0e", organisation: "#9467bd",
    decision: "#d62728", fund: "#8c564b", document: "#7f7f7f", place: "#17becf", service: "#bcbd22",
    principle: "#e377c2", person: "#aec7e8", membership: "#c7c7c7",
  };
  let centre = null;       // IRI of the node explored
  let searchTimer = null;
  let searchSeq = 0;
  let drawSeq = 0;

  const cy = cytoscape({
    container: $("cy"),
    wheelSensitivity: 0.3,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
          "background-color": (n) => COLOURS[n.data("kind")] || "#999",
          "label": "data(short)", "font-size": 9, "text-wrap": "ellipsis", "text-max-width": 120,
          "width": 16, "height": 16, "color": "#222", "text-valign": "bottom", "text-margin-y": 2 } },
      { selector: "node.centre", style: { "width": 30, "height": 30, "border-width": 3, "border-color": "#000", "font-weight": "bold" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#f0b400" } },
      { selector: "edge", style: {
          "width": 1.2, "line-color": "#9aa4ad", "target-arrow-color": "#9aa4ad", "target-arrow-shape": "triangle",
          "curve-style": "bezier", "arrow-scale": 0.7, "label": "data(relation)", "font-size": 7, "color": "#666",
          "text-rotation": "autorotate", "text-opacity": 0.8 } },
      { selector: "edge[?symmetric]", style: { "line-style": "dashed", "target-arrow-shape": "none" } },
      { selector: "edge[relation = 'depends-on'], edge[relation = 'implements-decision'], edge[relation = 'successor-of']",
        style: { "line-color": "#d62728", "target-arrow-color": "#d62728", "width": 2 } },
    ],
  });
  window.depsCy = cy;  // for tests and the console

  // ------------------------------------------------------------------ filters
  function scopeParams() {
    const p = new URLSearchParams();
    const presets = [...document.querySelectorAll("input[name=preset]:checked")].map((i) => i.value);
    p.set("relations", presets.length ? presets.join(",") : "all");
    if ($("document").value) p.append("document", $("document").value);
    if ($("programme").value) p.append("programme", $("programme").value);
    return p;
  }

  async function loadFilters() {
    const r = await fetch(`${API}/relations`);
    if (!r.ok) { status(`No graph: ${r.status}`); return; }
    const meta = await r.json();
    for (const d of meta.documents) $("document").add(new Option(`${d.id} – ${d.label}`, d.id));
    for (const p of meta.programmes) $("programme").add(new Option(p.label, p.iri));
    $("legend").innerHTML = Object.keys(meta.kinds).map((k) =>
      `<span><i style="background:${COLOURS[k] || "#999"}"></i>${k} (${meta.kinds[k]})</span>`).join("");
    status(`${meta.nodes} nodes, ${meta.edges} edges in build ${meta.build}. Type part of a label to start.`);
  }

  // ------------------------------------------------------------------ search (debounced; stale answers dropped)
  $("q").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, 250);
  });
  $("q").addEventListener("keydown", (e) => {
    if (e.key === "Enter") { const first = $("hits").querySelector("li"); if (first) first.click(); }
  });

  async function search() {
    const q = $("q").value.trim();
    const seq = ++searchSeq;
    if (!q) { $("hits").innerHTML = ""; return; }
    const r = await fetch(`${API}/search?` + new URLSearchParams({ q, limit: 15 }));
    if (seq !== searchSeq || !r.ok) return;
    const data = await r.json();
    $("hits").innerHTML = "";
    for (const h of data.hits) {
      const li = document.createElement("li");
      li.dataset.iri = h.iri;
      li.innerHTML = `<span class="kind">${esc(h.kind)}</span>${esc(h.label)}` + (h.notation ? ` <span class="badge">${esc(h.notation)}</span>` : "");
      li.title = h.iri;
      li.addEventListener("click", () => { $("hits").innerHTML = ""; explore(h.iri); });
      $("hits").appendChild(li);
    }
    if (!data.hits.length) $("hits").innerHTML = "<li>no match</li>";
  }

  // ------------------------------------------------------------------ drawing
  async function explore(iri) {
    centre = iri;
    const seq = ++drawSeq;
    const mode = $("mode").value;
    const p = scopeParams();
    p.set("iri", iri);
    p.set("limit", $("limit").value);
    const depth = $("radius").value;
    let url;
    if (mode === "neighbourhood") {
      p.set("radius", depth || "2");
      url = `${API}/neighbourhood?${p}`;
    } else {
      p.set("direction", mode);
      if (depth) p.set("max_depth", depth);
      url = `${API}/closure?${p}`;
    }
    status("loading …");
    body.dataset.state = "loading";
    const r = await fetch(url);
    if (seq !== drawSeq) return;
    if (!r.ok) {
      const err = await r.json().catch(() => ({}));
      status(err.message || `error ${r.status}`);
      cy.elements().remove();
      body.dataset.state = "error";
      body.dataset.drawn = "0";
      return;
    }
    const data = await r.json();
    draw(data, iri);
    const total = mode === "neighbourhood" ? data.total_nodes : data.total + 1;
    const drawn = cy.nodes().length;
    status(`${data.center.label}: ${drawn} of ${total} nodes drawn` + (data.truncated ? ` (limited to ${$("limit").value}; narrow the relations or depth)` : "") +
           `, ${cy.edges().length} edges · ${mode}`);
    showDetails(iri);
    body.dataset.drawn = String(drawn);
    body.dataset.state = "drawn";
  }

  function draw(data, iri) {
    const elements = [];
    for (const n of data.nodes) {
      elements.push({ group: "nodes", data: { id: n.iri, label: n.label, short: shorten(n.label, n.notation), kind: n.kind,
                                              path: n.path, depth: n.depth ?? 0 }, classes: n.iri === iri ? "centre" : "" });
    }
    data.edges.forEach((e, i) => elements.push({ group: "edges", data: { id: `e${i}`, source: e.source, target: e.target,
      relation: e.relation, document: e.document, symmetric: !!e.symmetric } }));
    cy.startBatch();
    cy.elements().remove();
    cy.add(elements);
    cy.endBatch();
    const n = cy.nodes().length;
    const layout = n <= 150
      ? { name: "cose", animate: false, nodeRepulsion: () => 400000, idealEdgeLength: () => 110, numIter: 1000, randomize: false }
      : { name: "concentric", animate: false, concentric: (x) => 100 - x.data("depth"), levelWidth: () => 1, minNodeSpacing: 6 };
    cy.layout(layout).run();
    cy.fit(undefined, 30);
    if (cy.zoom() > 1.4) { cy.zoom(1.4); cy.center(); }
    // big drawings: no edge labels, cheaper rendering while moving
    cy.style().selector("edge").style("label", n > 150 ? "" : "data(relation)").update();
  }

  function shorten(label, notation) {
    const s = (notation ? notation + " " : "") + (label || "");
    return s.length > 40 ? s.slice(0, 38) + "…" : s;
  }

  // ------------------------------------------------------------------ details
  async function showDetails(iri) {
    const p = scopeParams();
    p.set("iri", iri);
    const r = await fetch(`${API}/node?${p}`);
    if (!r.ok) return;
    const d = await r.json();
    const n = d.node;
    const link = n.path ? `<a href="${ROOT}${esc(n.path)}" id="resource-link">resource page</a>` : "";
    const rows = (list, dir) => list.slice(0, 40).map((e) => {
      const other = dir === "out" ? e.target : e.source;
      const o = cy.getElementById(other);
      const name = o.nonempty() ? o.data("label") : other;
      return `<li>${dir === "out" ? "→" : "←"} <b>${esc(e.relation)}</b> ${esc(name)} <span class="badge">${esc(e.document || "")}</span></li>`;
    }).join("");
    $("details").innerHTML = `<h2>${esc(n.label)}</h2>
      <div><span class="badge">${esc(n.kind)}</span>${n.notation ? `<span class="badge">${esc(n.notation)}</span>` : ""}</div>
      ${n.label_en ? `<div><i>${esc(n.label_en)}</i></div>` : ""}
      ${n.start || n.end ? `<div>dates: ${esc(n.start || "?")} … ${esc(n.end || "?")}</div>` : ""}
      ${n.documents ? `<div>documents: ${n.documents.map(esc).join(", ")}</div>` : ""}
      <div>${link}</div>
      <button id="explore-here" ${iri === centre ? "disabled" : ""}>explore from here</button>
      <h3>Edges (${d.out.length} out, ${d.in.length} in)</h3><ul>${rows(d.out, "out")}${rows(d.in, "in")}</ul>
      <div style="word-break:break-all;font-size:11px;color:#57606a">${esc(n.iri)}</div>`;
    const b = $("explore-here");
    if (b) b.addEventListener("click", () => explore(iri));
  }

  cy.on("tap", "node", (e) => showDetails(e.target.id()));
  cy.on("dbltap", "node", (e) => explore(e.target.id()));

  for (const id of ["mode", "radius", "limit", "document", "programme"]) $(id).addEventListener("change", () => centre && explore(centre));
  $("presets").addEventListener("change", () => centre && explore(centre));

  function status(text) { $("status").textContent = text; }
  function esc(s) { return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]); }

  // deep link: #iri=<IRI>
  const m = location.hash.match(/iri=([^&]+)/);
  loadFilters().then(() => { if (m) explore(decodeURIComponent(m[1])); });
  window.depsExplore = explore;
})();
