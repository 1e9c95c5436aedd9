"""Helpers for the catalogue and key-fact tests: read a query's header, bind its parameters as the
REST endpoint does (``VALUES ?name { term }`` as the first element of the WHERE group), run it against
the corpus build, and give each row as a dict of plain strings (IRIs and literal lexical forms)."""

from __future__ import annotations

import re
from pathlib import Path

from modgraph.settings import PACKAGE_DIR
from modgraph.store.reading import query_data
from modgraph.web.catalogue import CatalogueQuery, read_query

QUERIES = PACKAGE_DIR / "queries"
ID = "https://w3id.org/modgraph/id/"


def header(path: Path) -> CatalogueQuery:
    """The query as the catalogue reads it (title, description, typed parameters)."""
    return read_query(path)


def bound_text(path: Path, **values: str) -> str:
    """The query text with its parameters bound exactly as the REST endpoint binds them: given values,
    else the defaults; parameters without a default stay unbound."""
    query = read_query(path)
    unknown = set(values) - {p.name for p in query.params}
    assert not unknown, f"{path.name} has no parameter {unknown}"
    return query.bound({p.name: values.get(p.name, p.default) for p in query.params})


def plain(term) -> str | None:
    if term is None:
        return None
    return term.value


def run_text(corpus_build, text: str) -> list[dict[str, str | None]]:
    _, build, _ = corpus_build
    store = build.open_read_only()
    result = query_data(store, build.info, text)
    names = [v.value for v in result.variables]
    return [{n: plain(row[n]) for n in names} for row in result]


def run(corpus_build, name: str, **values: str) -> list[dict[str, str | None]]:
    return run_text(corpus_build, bound_text(QUERIES / f"{name}.rq", **values))


def project(rows, *columns: str) -> list[tuple]:
    """Rows reduced to the given columns, IRIs under the data base shortened to 'kind/id'."""

    def short(v):
        return v[len(ID) :] if isinstance(v, str) and v.startswith(ID) else v

    return [tuple(short(r[c]) for c in columns) for r in rows]


# ---------------------------------------------------------------------- ad-hoc queries for the key-fact tests

PREFIXES = """PREFIX mg: <https://w3id.org/modgraph/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <http://schema.org/>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def expand(body: str) -> str:
    """``id:kind/record-id`` (not a legal prefixed name because of the slashes) -> the full IRI."""
    return re.sub(r"\bid:([A-Za-z0-9_./-]*[A-Za-z0-9_-])", r"<https://w3id.org/modgraph/id/\1>", body)


def sparql(corpus_build, body: str) -> list[dict[str, str | None]]:
    """A SELECT over the union of the data graphs, with the common prefixes and ``id:`` shorthand."""
    return run_text(corpus_build, PREFIXES + expand(body))


def ask(corpus_build, body: str) -> bool:
    _, build, _ = corpus_build
    return bool(query_data(build.open_read_only(), build.info, PREFIXES + expand(body)))


def local(iri: str | None) -> str | None:
    """The last path segment of a concept IRI (…/status/in-progress -> in-progress)."""
    return None if iri is None else iri.rsplit("/", 1)[-1]
