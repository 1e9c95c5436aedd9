"""What the sitemap and VoID need of each named graph, read once per graph and carried over by incremental
builds (``graph-facts.json.gz`` in the build directory):

    subjects   the graph's IRI subjects, sorted (the sitemap's resource pages; VoID's distinct subjects)
    blank      how many blank-node subjects it has (a blank node belongs to one graph)
    classes    [class IRI, distinct instances] for each class of its ``rdf:type`` triples (VoID class partitions)

A graph an incremental build copied unchanged from the published build (``reusable``) keeps the facts of
that build's file; every other graph is read by the engine, one graph at a time.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable

import pyoxigraph as ox

from modgraph.store.builds import Build, BuildInfo
from modgraph.store.reading import select

FILE_NAME = "graph-facts.json.gz"
#: bumped whenever the content changes meaning; a file of another format is not read
FORMAT = 1


def _path(build: Build):
    return build.path / FILE_NAME


def read_facts(build: Build | None) -> dict[str, dict]:
    """The facts a build wrote (empty if none, or unreadable, or of another format)."""
    if build is None:
        return {}
    try:
        found = json.loads(gzip.decompress(_path(build).read_bytes()))
    except (OSError, ValueError, EOFError):
        return {}
    if not isinstance(found, dict) or found.get("format") != FORMAT or not isinstance(found.get("graphs"), dict):
        return {}
    return found["graphs"]


def facts_of(store: ox.Store, graph: str) -> dict:
    """One named graph's facts, read from the store."""
    subjects: list[str] = []
    blank = 0
    for row in select(store, f"SELECT DISTINCT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"):
        if isinstance(row["s"], ox.NamedNode):
            subjects.append(row["s"].value)
        else:
            blank += 1
    q = f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s a ?c }} }} GROUP BY ?c ORDER BY ?c"
    classes = [[row["c"].value, int(row["n"].value)] for row in select(store, q)]
    return {"subjects": sorted(subjects), "blank": blank, "classes": classes}


def graph_facts(store: ox.Store, info: BuildInfo, base: Build | None = None, reusable: Iterable[str] = ()) -> dict:
    """Every named graph's facts: those of ``reusable`` graphs from ``base``'s file where it has them."""
    old = read_facts(base)
    keep = set(reusable)
    return {g: old[g] if g in keep and g in old else facts_of(store, g) for g in sorted(info.graphs)}


def write_graph_facts(
    build: Build, store: ox.Store, info: BuildInfo, base: Build | None = None, reusable: Iterable[str] = ()
) -> dict[str, dict]:
    """``graph_facts`` of a build about to be published, written into its directory; → the facts."""
    facts = graph_facts(store, info, base, reusable)
    path = _path(build)
    partial = path.with_name(path.name + ".partial")
    data = json.dumps({"format": FORMAT, "graphs": facts}, ensure_ascii=False, separators=(",", ":")).encode()
    partial.write_bytes(gzip.compress(data, compresslevel=1, mtime=0))
    os.replace(partial, path)
    return facts


def distinct_subjects(facts: dict[str, dict]) -> int:
    """Distinct subjects over all named graphs (VoID ``void:distinctSubjects``)."""
    iris: set[str] = set()
    for f in facts.values():
        iris.update(f["subjects"])
    return len(iris) + sum(f["blank"] for f in facts.values())


def subjects_in(facts: dict[str, dict], graphs: Iterable[str]) -> set[str]:
    """The IRI subjects of ``graphs`` together."""
    found: set[str] = set()
    for g in graphs:
        if g in facts:
            found.update(facts[g]["subjects"])
    return found
