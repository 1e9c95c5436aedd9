// The SPARQL editor: YASGUI against this server's /sparql, the catalogue examples, and the result table of the
// site ("modgraph" YASR plugin, the default view): prefixed names (the project's prefix table, then the query's own
// PREFIX lines), labels beside IRIs and links to this server's pages (both asked from POST /editor/terms),
// "0 rows" said, numbers and dates in the page's language, the datatype shown small instead of ^^xsd:….
// Errors of the endpoint (its JSON envelope) are shown as their message, never as the raw body.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("editor-config").textContent);
  const examples = JSON.parse(document.getElementById("examples").textContent);
  const S = config.strings;
  const LANG = config.lang;
  const ROOT = config.root || "";
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
  const SHOWN_ROWS = 500; // rows drawn at once; the download has all
  const NUMERIC = new Set(["integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger",
    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"]);
  const INTEGER = /^[+-]?\d+$/;
  const numbers = new Intl.NumberFormat(LANG, { maximumFractionDigits: 12 });
  const days = new Intl.DateTimeFormat(LANG, { dateStyle: "medium", timeZone: "UTC" });
  const moments = new Intl.DateTimeFormat(LANG, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const months = new Intl.DateTimeFormat(LANG, { year: "numeric", month: "long", timeZone: "UTC" });
  const fill = (text, ...values) => values.reduce((s, v) => s.replace("%s", v), text);

  // ------------------------------------------------------------------ names
  function prefixed(iri, queryPrefixes) {
    let best = null;
    const tables = [config.prefixes, queryPrefixes || {}];
    for (const table of tables) {
      for (const [name, ns] of Object.entries(table)) {
        if (ns && iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [name, ns];
      }
      if (best) break; // the project's table first; the query's own prefixes only where it has none
    }
    return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
  }

  async function lookUp(iris) {
    if (!iris.length) return {};
    try {
      const r = await fetch(`${ROOT}/editor/terms?lang=${encodeURIComponent(LANG)}`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ iris }),
      });
      if (!r.ok) return {};
      return (await r.json()).terms;
    } catch (e) {
      return {}; // the table is drawn without labels and with the IRIs as links
    }
  }

  // ------------------------------------------------------------------ literals
  function literalText(term) {
    const dt = term.datatype || "";
    const local = dt.startsWith(XSD) ? dt.slice(XSD.length) : null;
    const v = term.value;
    try {
      if (local && NUMERIC.has(local)) {
        if (INTEGER.test(v)) return numbers.format(BigInt(v));
        const n = Number(v);
        if (Number.isFinite(n)) return numbers.format(n);
      } else if (local === "date" && /^\d{4}-\d{2}-\d{2}/.test(v)) {
        const d = new Date(v.slice(0, 10) + "T00:00:00Z");
        if (!isNaN(d)) return days.format(d) + v.slice(10);
      } else if (local === "dateTime") {
        const d = new Date(v);
        if (!isNaN(d)) return moments.format(d) + " UTC";
      } else if (local === "gYearMonth" && /^\d{4}-\d{2}$/.test(v)) {
        return months.format(new Date(v + "-01T00:00:00Z"));
      } else if (local === "boolean") {
        return v === "true" || v === "1" ? S.true : S.false;
      }
    } catch (e) {
      return v;
    }
    return v;
  }

  function small(className, text, title) {
    const s = document.createElement("span");
    s.className = className;
    s.textContent = text;
    if (title) s.title = title;
    return s;
  }

  function cell(term, terms, queryPrefixes) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const known = terms[term.value];
      const name = known && known.curie !== term.value ? known.curie : prefixed(term.value, queryPrefixes);
      const a = document.createElement("a");
      a.href = known ? known.href : term.value;
      if (known && !known.local) a.className = "external";
      if (!known && !a.href.startsWith(location.origin)) a.className = "external";
      if (known && known.label) {
        a.textContent = known.label;
        td.append(a, " ", small("iri", name, term.value));
      } else {
        const code = document.createElement("code");
        code.textContent = name;
        a.append(code);
        a.title = term.value;
        td.append(a);
      }
      td.dataset.iri = term.value;
    } else if (term.type === "bnode") {
      td.append(small("blank", "_:" + term.value, S.blank));
    } else {
      const dt = term.datatype || (term["xml:lang"] ? RDF_LANG_STRING : "");
      const text = literalText(term);
      const value = document.createElement("span");
      value.className = "value";
      value.textContent = text;
      if (text !== term.value) value.title = term.value;
      if (term["xml:lang"]) value.lang = term["xml:lang"];
      td.append(value);
      if (term["xml:lang"]) td.append(" ", small("lang", term["xml:lang"], S.language));
      else if (dt && dt !== XSD + "string") td.append(" ", small("datatype", prefixed(dt, queryPrefixes), S.datatype));
      const local = dt.startsWith(XSD) ? dt.slice(XSD.length) : "";
      if (NUMERIC.has(local)) td.className = "num";
    }
    return td;
  }

  // ------------------------------------------------------------------ the table plugin
  class ModgraphTable {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 15; // above YASR's own table (10)
      this.label = S.table;
      this.helpReference = undefined;
    }
    canHandleResults() {
      const r = this.yasr.results;
      return !!r && !r.getError() && !!r.getVariables() && r.getVariables().length > 0;
    }
    getIcon() {
      const i = document.createElement("span");
      i.setAttribute("aria-hidden", "true");
      i.textContent = "▦";
      return i;
    }
    download(filename) {
      const r = this.yasr.results;
      return r ? { getData: () => r.asCsv(), contentType: "text/csv", title: S.download_csv, filename: `${filename || "result"}.csv` } : undefined;
    }
    async draw() {
      const results = this.yasr.results;
      const vars = results.getVariables();
      const bindings = results.getBindings() || [];
      const shown = bindings.slice(0, SHOWN_ROWS);
      const tab = window.yasgui && window.yasgui.getTab();
      const queryPrefixes = (tab && tab.getYasqe() && tab.getYasqe().getPrefixesFromQuery()) || {};
      const iris = new Set();
      for (const row of shown) for (const v of vars) if (row[v] && row[v].type === "uri") iris.add(row[v].value);
      const terms = await lookUp([...iris].slice(0, 2000));
      const wrap = document.createElement("div");
      wrap.className = "modgraph-results";
      const count = document.createElement("p");
      count.className = "row-count";
      count.setAttribute("role", "status");
      count.textContent = bindings.length === 0 ? S.no_rows
        : bindings.length === 1 ? S.rows_one : fill(S.rows_other, numbers.format(bindings.length));
      if (bindings.length > shown.length) count.textContent += " " + fill(S.rows_shown, numbers.format(shown.length));
      wrap.append(count);
      const scroller = document.createElement("div");
      scroller.className = "table-wrap";
      const table = document.createElement("table");
      table.className = "results";
      const caption = document.createElement("caption");
      caption.className = "visually-hidden";
      caption.textContent = S.result;
      const head = table.createTHead().insertRow();
      for (const v of vars) {
        const th = document.createElement("th");
        th.scope = "col";
        th.textContent = "?" + v;
        head.append(th);
      }
      table.prepend(caption);
      const body = table.createTBody();
      for (const row of shown) {
        const tr = body.insertRow();
        for (const v of vars) tr.append(cell(row[v], terms, queryPrefixes));
      }
      scroller.append(table);
      if (bindings.length) wrap.append(scroller);
      this.yasr.resultsEl.append(wrap);
      document.body.dataset.results = "drawn";
    }
  }

  // ------------------------------------------------------------------ errors: the envelope's message
  async function renderError(error) {
    let body = null;
    try {
      body = JSON.parse(error.text || "");
    } catch (e) {
      return undefined; // not the JSON envelope: YASR shows it as it is
    }
    if (!body || typeof body.message !== "string") return undefined;
    const p = document.createElement("p");
    p.className = "endpoint-error";
    p.textContent = `${S.error}${error.status ? " " + error.status : ""}: ${body.message}`;
    return p;
  }

  Yasgui.Yasr.registerPlugin("modgraph", ModgraphTable);
  // every tab's YASR sets its own errorRenderers: ours is asked first, on the prototype, for all tabs
  const yasrRenderError = Yasgui.Yasr.prototype.renderError;
  Yasgui.Yasr.prototype.renderError = async function (error) {
    return (await renderError(error)) || yasrRenderError.call(this, error);
  };
  const endpoint = new URL(ROOT + "/sparql", window.location.href).href;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    yasr: { defaultPlugin: "modgraph", pluginOrder: ["modgraph", "response"],
            plugins: { table: { enabled: false } }, prefixes: config.prefixes },
  });
  window.yasgui = yasgui; // for tests and the console

  // YASGUI's own fields get names, and its "+" button leaves the tab list (a tablist holds tabs only); again
  // whenever YASGUI draws a tab
  function accessible() {
    for (const input of document.querySelectorAll("#yasgui input.autocomplete:not([aria-label])")) input.setAttribute("aria-label", S.endpoint);
    for (const area of document.querySelectorAll("#yasgui .CodeMirror textarea:not([aria-label])")) area.setAttribute("aria-label", S.query_text);
    for (const input of document.querySelectorAll("#yasgui .tabsList input:not([aria-label])")) input.setAttribute("aria-label", S.tab_name);
    const list = document.querySelector("#yasgui .tabsList");
    const add = list && list.querySelector("button.addTab");
    if (add) list.after(add);
  }
  accessible();
  new MutationObserver(accessible).observe(document.getElementById("yasgui"), { childList: true, subtree: true });
  document.querySelectorAll("nav.examples button[data-query]").forEach((button) => {
    button.addEventListener("click", () => {
      const q = examples.find((e) => e.name === button.dataset.query);
      const tab = yasgui.addTab(true, { name: q.title });
      tab.setQuery(q.sparql);
    });
  });
})();
