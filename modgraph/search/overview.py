"""What the home page shows, computed once per build (``builds/<id>/search/overview.json``), so that the
page costs the same at any size of the graph: the programmes with their numbers of measures and action
fields, the latest status assertions, every due date (sorted by its latest possible day; the page picks
those after today), and the labels of everything listed (German and English).

Written by ``modgraph.search.write_search_index`` beside the index; read by ``modgraph.web.home``, which
falls back to live queries for a build without it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from modgraph.iris import PREFIXES, graph_iri, sparql_prefixes
from modgraph.store.builds import BuildInfo
from modgraph.store.reading import data_and, query_data

OVERVIEW = "overview.json"
LATEST_STATUSES = 50
BATCH = 500
_P = sparql_prefixes(["rdfs", "skos", "dct", "mg"]) + "\n"
PROGRAMMES = (
    _P
    + """
SELECT ?p (COALESCE(?nm, 0) AS ?measures) (COALESCE(?nf, 0) AS ?fields) WHERE {
  ?p a mg:Programme .
  OPTIONAL { SELECT ?p (COUNT(DISTINCT ?m) AS ?nm) WHERE { ?m mg:programme ?p } GROUP BY ?p }
  OPTIONAL { SELECT ?p (COUNT(DISTINCT ?f) AS ?nf) WHERE { ?f dct:isPartOf ?p ; a mg:ActionField } GROUP BY ?p }
}"""
)
STATUSES = (
    _P
    + """
SELECT ?m ?status ?date WHERE {
  ?a a mg:StatusAssertion ; mg:statusOf ?m ; mg:status ?status ; mg:asOf ?d . ?d mg:earliest ?date
} ORDER BY DESC(?date) ?m LIMIT """
    + str(LATEST_STATUSES)
)
DEADLINES = (
    _P
    + """
SELECT ?x ?start ?end ?wording ?precision WHERE {
  ?x mg:dueDate ?d . ?d mg:latest ?end ; mg:earliest ?start
  OPTIONAL { ?d mg:wording ?w FILTER(lang(?w) = "de") } OPTIONAL { ?d rdfs:label ?l } BIND(COALESCE(?w, ?l) AS ?wording)
  OPTIONAL { ?d mg:precision ?precision }
} ORDER BY ?end ?x"""
)
LABELS = _P + "SELECT ?x ?p ?l WHERE { VALUES ?x { %s } ?x ?p ?l FILTER(?p IN (skos:prefLabel, rdfs:label)) }"


def _value(term) -> str | None:
    return None if term is None else term.value


def labels_of(store: ox.Store, info: BuildInfo, iris: set[str], ontology: bool = False) -> dict[str, dict[str, str]]:
    """IRI -> language -> label (skos:prefLabel before rdfs:label, then the smallest text), from the data and
    the ontology (``ontology``: its graph even when ``build.json`` does not name it)."""
    schema = graph_iri(info.base_iri, "ontology")
    graphs = data_and(info, *([schema] if ontology or schema in info.graphs else []))
    out: dict[str, dict[str, str]] = {}
    ordered = sorted(iris)
    for start in range(0, len(ordered), BATCH):
        values = " ".join(f"<{i}>" for i in ordered[start : start + BATCH])
        result = store.query(LABELS % values, default_graph=graphs)
        assert isinstance(result, ox.QuerySolutions)
        rows = sorted(result, key=lambda r: (r["p"].value != PREFIXES["skos"] + "prefLabel", r["l"].value))
        for r in rows:
            out.setdefault(r["x"].value, {}).setdefault(getattr(r["l"], "language", None) or "", r["l"].value)
    return out


def write_overview(target: Path, store: ox.Store, info: BuildInfo) -> None:
    """Write ``overview.json`` of a build into the directory ``target``."""

    def rows(sparql: str) -> list[dict]:
        result = query_data(store, info, sparql)
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        return [{n: _value(r[n]) for n in names} for r in result]

    programmes, statuses, deadlines = rows(PROGRAMMES), rows(STATUSES), rows(DEADLINES)
    iris = {p["p"] for p in programmes} | {s["m"] for s in statuses} | {s["status"] for s in statuses}
    iris |= {d["x"] for d in deadlines} | {d["precision"] for d in deadlines if d["precision"]}
    labels = labels_of(store, info, iris)

    def name(iri: str) -> str:
        found = labels.get(iri, {})
        return (found.get("de") or next(iter(found.values()), iri)).lower()

    for p in programmes:
        p["measures"], p["fields"] = int(p["measures"]), int(p["fields"])
    programmes.sort(key=lambda p: (-p["measures"], name(p["p"])))
    overview = {"programmes": programmes, "statuses": statuses, "deadlines": deadlines, "labels": labels}
    (target / OVERVIEW).write_text(json.dumps(overview, ensure_ascii=False), encoding="utf-8")


def read_overview(target: Path) -> dict | None:
    """The overview in the directory ``target``, None if the build has none."""
    path = target / OVERVIEW
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
