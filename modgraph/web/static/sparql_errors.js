// The editor's syntax-error box: the endpoint's 400 "syntax-error" answer (web/sparql_errors.py) shown as
// its sentence, the offending line with a caret and the hint, above YASGUI's own result area (which would
// show the raw JSON body). YASGUI sends queries with fetch, so the page's fetch is watched: an answer to the
// endpoint is passed on unchanged, and only read (from a clone) when it is a 400.
(function () {
  "use strict";
  const box = document.getElementById("syntax-error");
  if (!box) return;
  const configElement = document.getElementById("editor-config");
  const config = configElement ? JSON.parse(configElement.textContent) : { root: "", strings: {} };
  const endpoint = new URL((config.root || "") + "/sparql", window.location.href).href;
  const hintLabel = (config.strings && config.strings.hint) || "Hint";
  const show = (body) => {
    box.replaceChildren();
    if (!body) {
      box.hidden = true;
      delete document.body.dataset.syntaxError;
      return;
    }
    const sentence = document.createElement("p");
    sentence.className = "sentence";
    sentence.textContent = body.message;
    box.append(sentence);
    if (body.excerpt) {
      const pre = document.createElement("pre");
      pre.textContent = body.excerpt;
      box.append(pre);
    }
    if (body.hint) {
      const hint = document.createElement("p");
      hint.className = "hint";
      hint.textContent = hintLabel + ": " + body.hint;
      box.append(hint);
    }
    box.hidden = false;
    document.body.dataset.syntaxError = "shown";
  };
  const original = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const response = await original(input, init);
    const url = typeof input === "string" ? input : input.url;
    if (url.split("?")[0] !== endpoint) return response;
    let body = null;
    if (response.status === 400) {
      try {
        const parsed = await response.clone().json();
        if (parsed.error === "syntax-error") body = parsed;
      } catch (e) {
        body = null; // not the JSON envelope: YASGUI shows it as it is
      }
    }
    show(body);
    return response;
  };
})();
