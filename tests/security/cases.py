"""The generated probes: SERVICE and LOAD written every way that once slipped past a text check.

Each case is (name, text) with ``{E}`` standing for the listener's endpoint IRI, ``{H}`` for its
``http://host:port`` and ``{P}`` for its port.
"""

from __future__ import annotations

from itertools import product

PREFIXES = "PREFIX e: <{H}/> BASE <{H}/> "
#: data every probe's other patterns match, so that the engine really evaluates the SERVICE after them
DATA = (
    "<http://x.example/s> <http://x.example/a#> <http://x.example/o> .\n"
    "<http://x.example/s> <http://x.example/a'> <http://x.example/o> .\n"
    "<http://x.example/s> <http://x.example/flag> true .\n"  # Turtle
)

#: the bypasses the attacker's probe found (against the old lexer and allow-list)
BYPASSES = {
    "escaped-hash-in-prefixed-name": "PREFIX x: <http://x.example/> SELECT * WHERE { ?s x:a\\# ?o . SERVICE <{E}> { ?s ?p ?o } }",
    "escaped-quote-opens-string": (
        "PREFIX x: <http://x.example/> SELECT * WHERE { ?s x:a\\' ?o . SERVICE <{E}> { ?t ?p ?v } "
        "FILTER(?o != <http://x.example/'>) }"
    ),
    "true.SERVICE": "SELECT * WHERE { ?s ?p true.SERVICE <{E}> { ?t ?q ?v } }",
    "allowed-plus-slash": "SELECT * WHERE { SERVICE <{E}/> { ?s ?p ?o } }",
}

KEYWORDS = ("SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "service silent")
SEPARATORS = {"space": " ", "newline": "\n", "tab": "\t", "crlf": "\r\n", "comment": " # c\n"}

#: the endpoint written as an IRI, a prefixed name, a relative IRI (BASE), a variable (VALUES, BIND)
ENDPOINTS = {
    "iri": ("", "<{E}>"),
    "prefixed": ("", "e:sparql"),
    "relative": ("", "<sparql>"),
    "values": ("VALUES ?endpoint { <{E}> } ", "?endpoint"),
    "bind": ("BIND(<{E}> AS ?endpoint) ", "?endpoint"),
}

#: where the SERVICE stands: {S} is the SERVICE pattern
CONTEXTS = {
    "plain": "{S}",
    "optional": "?a ?b ?c OPTIONAL { {S} }",
    "union": "{ ?a ?b ?c } UNION { {S} }",
    "minus": "?a ?b ?c MINUS { {S} }",
    "filter-exists": "FILTER EXISTS { {S} }",
    "filter-not-exists": "FILTER NOT EXISTS { {S} }",
    "subquery": "{ SELECT * WHERE { {S} } }",
    "nested": "{ { { {S} } } }",
    "graph": "GRAPH ?g { {S} }",
}

#: endpoints that look like the listener's (host case, userinfo, trailing slash, default port)
LOOK_ALIKES = {
    "trailing-slash": "{E}/",
    "host-case": "http://LOCALHOST:{P}/sparql",
    "localhost": "http://localhost:{P}/sparql",
    "userinfo": "http://user:pw@127.0.0.1:{P}/sparql",
    "default-port": "http://127.0.0.1:80/sparql",
    "https": "https://127.0.0.1:{P}/sparql",
}


def _select(service: str, before: str = "", context: str = "{S}") -> str:
    return PREFIXES + "SELECT * WHERE { " + before + context.replace("{S}", service) + " }"


def query_cases() -> list[tuple[str, str]]:
    cases = list(BYPASSES.items())
    for kw, (sep_name, sep) in product(KEYWORDS, SEPARATORS.items()):
        cases.append((f"keyword-{kw}-{sep_name}", _select(f"{kw}{sep}<{{E}}>{sep}{{ ?s ?p ?o }}")))
    for (ep_name, (before, target)), (ctx_name, context) in product(ENDPOINTS.items(), CONTEXTS.items()):
        cases.append((f"{ep_name}-in-{ctx_name}", _select(f"SERVICE {target} {{ ?s ?p ?o }}", before, context)))
    for name, iri in LOOK_ALIKES.items():
        cases.append((f"look-alike-{name}", _select(f"SERVICE <{iri}> {{ ?s ?p ?o }}")))
    cases.append(("ask", PREFIXES + "ASK { SERVICE <{E}> { ?s ?p ?o } }"))
    cases.append(("construct", PREFIXES + "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE e:sparql { ?s ?p ?o } }"))
    cases.append(("describe", PREFIXES + "DESCRIBE ?s WHERE { SERVICE <{E}> { ?s ?p ?o } }"))
    return cases


def update_cases() -> list[tuple[str, str]]:
    cases = [
        ("load", "LOAD <{E}/data.ttl>"),
        ("load-silent", "LOAD SILENT <{E}/data.ttl>"),
        ("load-into", "LOAD <{E}/data.ttl> INTO GRAPH <http://example.org/g>"),
        ("load-lower", "load\t<{E}/data.ttl>"),
        ("load-prefixed", PREFIXES + "LOAD e:data.ttl"),
        ("load-relative", PREFIXES + "LOAD <data.ttl>"),
        ("load-after-insert", "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> } ; LOAD <{E}/data.ttl>"),
        ("load-escaped-hash", "PREFIX x: <http://x/> INSERT DATA { x:a\\# x:b x:c } ; LOAD <{E}/d.ttl>"),
        ("insert-where-service", "INSERT { ?s ?p ?o } WHERE { SERVICE <{E}> { ?s ?p ?o } }"),
        ("insert-where-service-silent", "INSERT { ?s ?p ?o } WHERE { SERVICE SILENT <{E}> { ?s ?p ?o } }"),
        ("delete-where-service", "DELETE { ?s ?p ?o } WHERE { SERVICE <{E}> { ?s ?p ?o } }"),
        (
            "insert-where-service-values",
            "INSERT { ?s ?p ?o } WHERE { VALUES ?e { <{E}> } SERVICE ?e { ?s ?p ?o } }",
        ),
        (
            "insert-where-true.SERVICE",
            "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p true.SERVICE <{E}> { ?t ?q ?v } } }",
        ),
    ]
    for name, iri in LOOK_ALIKES.items():
        cases.append((f"load-look-alike-{name}", f"LOAD <{iri}/data.ttl>"))
    return cases


def fill(text: str, port: int) -> str:
    host = f"http://127.0.0.1:{port}"
    return text.replace("{E}", host + "/sparql").replace("{H}", host).replace("{P}", str(port))
