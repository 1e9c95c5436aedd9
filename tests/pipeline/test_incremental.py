"""Streaming and incremental builds: what a build reuses, that the result is that of a full build quad for
quad, that an interrupted build leaves the published one intact, and the corpus's figures.

A two-document project (the tiny project and a copy of it under another id, the shared bodies in the
registry) keeps each build at about a second.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import signal
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS, PROV, VOID
from typer.testing import CliRunner

from modgraph.cli.main import app
from modgraph.pipeline import build as build_module
from modgraph.pipeline.build import build_graph
from modgraph.publish import graph_facts as graph_facts_module
from modgraph.publish.dumps import DUMPS, PARTS_FILE
from modgraph.settings import Settings
from modgraph.store.builds import Build, StoreLocation
from tests.store.processes import assert_served_build_complete, partials, python, wait_for
from tests.store.tiny_project import ENTITIES, write_tiny_project

MEASURE_LABEL = '    label: "Die Einführung der elektronischen Akte"'


def write_two_documents(folder: Path) -> Path:
    """The tiny project plus ``tiny2`` (the same text and records under another id); the shared bodies and
    places are registry entries, as the corpus's shared bodies are."""
    write_tiny_project(folder)
    text = (folder / "records" / "tiny.yaml").read_text(encoding="utf-8")
    second = text.replace("id: tiny\n", "id: tiny2\n").replace("tiny/", "tiny2/").replace("tiny.txt", "tiny2.txt")
    (folder / "records" / "tiny2.yaml").write_text(second, encoding="utf-8")
    (folder / "corpus" / "tiny2.txt").write_bytes((folder / "corpus" / "tiny.txt").read_bytes())
    entries = [f'  - {kind}: {ident}\n    label: "{label}"\n' for kind, ident, _, label in ENTITIES]
    (folder / "records" / "entities.yaml").write_text("entities:\n" + "".join(entries), encoding="utf-8")
    return folder


def change_measure_label(project: Path, document: str, label: str) -> None:
    path = project / "records" / f"{document}.yaml"
    text = path.read_text(encoding="utf-8")
    assert MEASURE_LABEL in text
    path.write_text(text.replace(MEASURE_LABEL, f'    label: "{label}"'), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_two_documents(tmp_path / "project")


def _settings(project: Path, store: Path) -> Settings:
    return Settings.load(project).with_overrides(store=store)


def blank_signature(triples: list[tuple[str, str, str]]) -> Counter:
    """The triples of a graph with blank nodes, each blank node named by its neighbourhood (three rounds of
    colour refinement): equal for isomorphic graphs whatever the stores' labels (rdflib's isomorphism test
    takes minutes on the shapes' 800 blank nodes)."""
    blanks = {term for s, _, o in triples for term in (s, o) if term.startswith("_:")}
    colour = dict.fromkeys(blanks, "")
    for _ in range(3):
        seen: dict[str, list[str]] = {b: [colour[b]] for b in blanks}
        for s, p, o in triples:
            if s in seen:
                seen[s].append(f"out {p} {colour.get(o, o)}")
            if o in seen:
                seen[o].append(f"in {colour.get(s, s)} {p}")
        colour = {b: hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest() for b, parts in seen.items()}
    return Counter((colour.get(s, s), p, colour.get(o, o)) for s, p, o in triples)


def canonical(build: Build) -> tuple[set[str], dict[str, Counter]]:
    """A build's quads: the ground ones as N-Quads lines (default graph included), and per named graph the
    triples with blank nodes (their labels are the store's own), as ``blank_signature``."""
    store = build.open_read_only()
    ground: set[str] = set()
    blank: dict[str, list[tuple[str, str, str]]] = {}
    for quad in store:
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            triple = (str(quad.subject), str(quad.predicate), str(quad.object))
            blank.setdefault(str(quad.graph_name), []).append(triple)
        else:
            ground.add(str(quad))
    return ground, {name: blank_signature(triples) for name, triples in blank.items()}


def assert_same_quads(a: Build, b: Build) -> None:
    ground_a, blank_a = canonical(a)
    ground_b, blank_b = canonical(b)
    assert ground_a == ground_b
    assert blank_a == blank_b


def report_rows(build: Build) -> list[dict]:
    """A build's SHACL results (validation.json), in a canonical order; a shape that is a blank node (a property
    shape) is named by its label in that build's shapes graph, so it is left out of the comparison."""
    results = [
        {**r, "shape": r["shape"] if "://" in r["shape"] else "_:"}
        for r in json.loads(build.validation_path.read_text(encoding="utf-8"))["results"]
    ]
    return sorted(results, key=lambda r: json.dumps(r, sort_keys=True))


def spy_on_validation(monkeypatch) -> list[set[str] | None]:
    """The focus nodes of each validation of the builds that follow (None: every node)."""
    seen: list[set[str] | None] = []
    real = build_module.validate_store

    def spy(*args, **options):
        report = real(*args, **options)
        seen.append(report.revalidated)
        return report

    monkeypatch.setattr(build_module, "validate_store", spy)
    return seen


def test_one_record_change_maps_one_document_and_equals_a_full_build(project, tmp_path, monkeypatch):
    settings = _settings(project, tmp_path / "store")
    first, built = build_graph(settings)
    assert built.reused == [] and sorted(built.mapped) == ["tiny", "tiny2"]
    change_measure_label(project, "tiny2", "Die Einführung der E-Akte")

    focus_seen = spy_on_validation(monkeypatch)
    incremental, built = build_graph(settings)
    assert built.reused == ["tiny"] and built.mapped == ["tiny2"]
    base = settings.base_iri + "graph/"
    # validation is focused on the nodes whose triples changed: the measure (its label and the statement node
    # of the label), none of the unchanged document's
    measure = settings.base_iri + "id/measure/tiny2/e-akte"
    assert len(focus_seen) == 1 and focus_seen[0] is not None
    assert measure in focus_seen[0] and len(focus_seen[0]) < 10
    assert not any("/tiny/" in node for node in focus_seen[0])
    store = incremental.open_read_only()
    labels = {
        str(row["l"].value)
        for row in store.query(
            "SELECT ?l WHERE { GRAPH ?g { <https://w3id.org/modgraph/id/measure/tiny2/e-akte> "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?l } }"
        )  # type: ignore[union-attr]
    }
    assert labels == {"Die Einführung der E-Akte"}
    del store

    full, built = build_graph(_settings(project, tmp_path / "full-store"), full=True)
    assert built.reused == [] and focus_seen[-1] is None  # a full build validates every node
    assert incremental.info.graphs == full.info.graphs
    assert_same_quads(incremental, full)
    assert incremental.info.documents == full.info.documents  # the inputs recorded are the same
    # the unchanged document's SHACL results are carried over from the first build: the same report
    reports = [report_rows(b) for b in (first, incremental, full)]
    assert reports[1] == reports[2]
    assert any(r["focus"].startswith(settings.base_iri + "id/") and "/tiny/" in r["focus"] for r in reports[0]), (
        "the unchanged document has results of its own, so carrying them over is tested"
    )
    # the mapper makes no blank nodes: only the ontology and the shapes have any
    assert set(canonical(full)[1]) == {f"<{base}ontology>", f"<{base}shapes>"}
    assert first.id != incremental.id


def test_a_changed_cross_document_reference_revalidates_both_ends_and_equals_a_full_build(
    project, tmp_path, monkeypatch
):
    """tiny2's measure moved to the programme of the other document (``tiny``, whose graph is reused): the
    programme it left and the one it joined are validated again with the measure, and the report is a full
    build's."""
    settings = _settings(project, tmp_path / "store")
    build_graph(settings)
    path = project / "records" / "tiny2.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    programme: tiny2/programm\n" in text
    path.write_text(text.replace("    programme: tiny2/programm\n", "    programme: tiny/programm\n"), encoding="utf-8")
    focus_seen = spy_on_validation(monkeypatch)
    incremental, built = build_graph(settings)
    assert built.reused == ["tiny"] and built.mapped == ["tiny2"]
    full, _ = build_graph(_settings(project, tmp_path / "full-store"), full=True)
    assert_same_quads(incremental, full)
    assert report_rows(incremental) == report_rows(full)
    focus = focus_seen[0]
    assert focus is not None
    ids = settings.base_iri + "id/"
    assert {ids + "measure/tiny2/e-akte", ids + "programme/tiny2/programm"} <= focus
    assert len(focus) < 20


def _dump_lines(build: Build, name: str) -> tuple[set[bytes], int]:
    """A whole-dataset N-Quads dump's lines without blank nodes, and how many lines have one."""
    lines = gzip.decompress((build.downloads / name).read_bytes()).splitlines()
    return {line for line in lines if b"_:" not in line}, sum(b"_:" in line for line in lines)


def _dataset_quads(build: Build, name: str, fmt: ox.RdfFormat) -> int:
    store = ox.Store()
    store.load(gzip.decompress((build.downloads / name).read_bytes()), format=fmt)
    return len(store)


def test_an_incremental_build_copies_the_dumps_of_unchanged_graphs_and_they_equal_a_full_builds(project, tmp_path):
    settings = _settings(project, tmp_path / "store")
    first, _ = build_graph(settings)
    change_measure_label(project, "tiny2", "Die Einführung der E-Akte")
    incremental, built = build_graph(settings)
    assert built.reused == ["tiny"]
    full, _ = build_graph(_settings(project, tmp_path / "full-store"), full=True)
    # the unchanged document's own dump is the published build's file; the changed one's is new and a full build's
    assert (incremental.downloads / "tiny.ttl.gz").samefile(first.downloads / "tiny.ttl.gz")
    assert not (incremental.downloads / "tiny2.ttl.gz").samefile(first.downloads / "tiny2.ttl.gz")
    for doc in ("tiny", "tiny2"):
        assert (incremental.downloads / f"{doc}.ttl.gz").read_bytes() == (full.downloads / f"{doc}.ttl.gz").read_bytes()
    manifests = [json.loads((b.downloads / "manifest.json").read_text()) for b in (incremental, full)]
    assert manifests[0]["tiny.ttl.gz"] == manifests[1]["tiny.ttl.gz"]
    # the whole-dataset dumps: the unchanged graph's gzip member copied byte for byte from the published build
    graph = settings.base_iri + "graph/tiny"
    for name in DUMPS:
        old = json.loads((first.path / PARTS_FILE).read_text())[name][graph]
        new = json.loads((incremental.path / PARTS_FILE).read_text())[name][graph]
        old_bytes = (first.downloads / name).read_bytes()[old[0] : old[0] + old[1]]
        assert (incremental.downloads / name).read_bytes()[new[0] : new[0] + new[1]] == old_bytes
    # … and each dump holds what the full build's holds (blank nodes, of the ontology and shapes, by count)
    assert _dump_lines(incremental, "modgraph.nq.gz") == _dump_lines(full, "modgraph.nq.gz")
    for name, (fmt, *_rest) in DUMPS.items():
        assert (
            _dataset_quads(incremental, name, fmt) == _dataset_quads(full, name, fmt) == sum(full.info.graphs.values())
        )


def test_a_rebuild_of_unchanged_input_is_the_same_build_and_the_cli_says_what_it_reused(project, tmp_path):
    store = tmp_path / "store"
    runner = CliRunner()
    args = ["--project", str(project), "build", "--store", str(store), "--warnings", "0"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "reused" not in first.output
    before = StoreLocation(store).require_current()
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert "reused 2 unchanged document graph(s) from the published build; mapped 0: none" in again.output
    rebuilt = StoreLocation(store).require_current()
    assert rebuilt.id != before.id
    assert_same_quads(before, rebuilt)
    assert (before.downloads / "manifest.json").read_text() != ""
    full = runner.invoke(app, [*args, "--full"])
    assert full.exit_code == 0 and "reused" not in full.output
    assert_same_quads(before, StoreLocation(store).require_current())


def test_a_change_to_what_every_graph_shares_maps_everything(project, tmp_path):
    settings = _settings(project, tmp_path / "store")
    build_graph(settings)
    registry = project / "records" / "entities.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("Stadt Leipzig", "Stadt Leipzig (Sachsen)"))
    _, built = build_graph(settings)
    assert built.reused == [] and sorted(built.mapped) == ["tiny", "tiny2"]


def test_an_update_makes_the_next_build_map_again(project, tmp_path):
    from modgraph.pipeline.update import update_graph

    settings = _settings(project, tmp_path / "store")
    build_graph(settings)
    update_graph(
        settings,
        "INSERT DATA { GRAPH <https://w3id.org/modgraph/graph/tiny> { <urn:x:a> <urn:x:b> <urn:x:c> } }",
    )
    assert all("inputs" not in doc for doc in StoreLocation(settings.store).require_current().info.documents.values())
    build, built = build_graph(settings)
    assert built.reused == []  # the records are the source of truth: the update's triple is gone
    assert not build.open_read_only().query("ASK { GRAPH ?g { <urn:x:a> ?p ?o } }")


def test_a_failing_incremental_build_leaves_the_published_build_and_the_next_build_succeeds(
    project, tmp_path, monkeypatch
):
    settings = _settings(project, tmp_path / "store")
    location = StoreLocation(settings.store)
    published, _ = build_graph(settings)
    change_measure_label(project, "tiny2", "Die Einführung der E-Akte")

    def broken(*_args, **_kw):
        raise RuntimeError("injected: the mapper failed half-way")

    monkeypatch.setattr(build_module, "document_mapper", broken)
    with pytest.raises(RuntimeError, match="injected"):
        build_graph(settings)
    assert location.require_current().id == published.id and partials(location) == []
    assert_served_build_complete(location)
    monkeypatch.undo()
    _, built = build_graph(settings)
    assert built.mapped == ["tiny2"]
    assert_served_build_complete(location)


def test_a_killed_incremental_build_leaves_the_published_build_and_the_next_build_succeeds(project, tmp_path):
    settings = _settings(project, tmp_path / "store")
    location = StoreLocation(settings.store)
    published, _ = build_graph(settings)
    change_measure_label(project, "tiny2", "Die Einführung der E-Akte")
    # the child stops in its validation step (the draft store is full by then) until it is killed
    child = python(
        "-c",
        "import sys, time; from pathlib import Path; from modgraph.settings import Settings\n"
        "from modgraph.pipeline import build\n"
        "def stop(*a, **k):\n    print('validating', flush=True); time.sleep(600)\n"
        "build.validate_store = stop\n"
        f"build.build_graph(Settings.load(Path({str(project)!r})).with_overrides(store=Path({str(settings.store)!r})))",
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "validating", child.stderr.read() if child.stderr else ""
        assert len(partials(location)) == 1
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert location.require_current().id == published.id
    assert_served_build_complete(location)
    after, built = build_graph(settings)
    assert built.reused == ["tiny"] and built.mapped == ["tiny2"]
    wait_for(lambda: partials(location) == [], 5, "the killed build's partial directory is removed")
    assert location.require_current().id == after.id


#: the corpus's graphs and their triples (as built before the build streamed, less 2 triples pyshacl used to
#: add to the shapes graph in place — owl:Class rdfs:subClassOf rdfs:Class and owl:DatatypeProperty
#: rdfs:subClassOf rdf:Property — because the old build serialised the shapes after validating with them;
#: recounted for the model terms of issue 13: catalogues, foci, moves, service types, date notations and labels;
#: and for its statement-level provenance: mg:SourcedStatement nodes, passages of amounts, periods and roles)
CORPUS_GRAPHS = {
    "abt4-news": 4760,
    "d6-2018": 2013,
    "invest-2026": 1473,
    "leipzig-2018": 7032,
    "zov-2017": 10328,
    "registry": 50,
    "links": 49,
    "ontology": 2091,
    "shapes": 2552,
}


def test_the_streaming_build_of_the_corpus_has_the_known_graphs(corpus_build):
    settings, build, _ = corpus_build
    base = settings.base_iri + "graph/"
    assert build.info.graphs == {base + name: n for name, n in CORPUS_GRAPHS.items()}
    assert build.info.triples == 30348
    store = build.open_read_only()
    default = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    union = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        f"VALUES ?g {{ {' '.join(f'<{g}>' for g in build.info.data_graphs)} }} }} }}"
    )
    assert int(next(default)["n"].value) == int(next(union)["n"].value) == 25583  # type: ignore[arg-type]


def test_an_incremental_build_starts_from_a_checkpoint_and_drops_a_removed_document(project, tmp_path, monkeypatch):
    """The draft is a checkpoint of the published store: the reused graph and the schema graphs are never
    loaded again, a removed document's graph leaves the store and its triples the union default graph (unless
    another graph states them), and the result is the full build's, quad for quad."""
    settings = _settings(project, tmp_path / "store")
    first, _ = build_graph(settings)
    assert first.info.union_in_default_graph
    (project / "records" / "tiny2.yaml").unlink()
    text = (project / "records" / "tiny.yaml").read_text(encoding="utf-8")
    third = text.replace("id: tiny\n", "id: tiny3\n").replace("tiny/", "tiny3/").replace("tiny.txt", "tiny3.txt")
    (project / "records" / "tiny3.yaml").write_text(third, encoding="utf-8")
    (project / "corpus" / "tiny3.txt").write_bytes((project / "corpus" / "tiny.txt").read_bytes())
    copies: list[bool] = []
    real_copy = build_module._copy_base
    monkeypatch.setattr(
        build_module, "_copy_base", lambda draft, plan: copies.append(real_copy(draft, plan)) or copies[-1]
    )
    loaded: list[str] = []
    real_add = build_module.GraphLoader.add

    def add(self, graph, data, **kw):
        loaded.append(graph)
        return real_add(self, graph, data, **kw)

    monkeypatch.setattr(build_module.GraphLoader, "add", add)
    incremental, built = build_graph(settings)
    assert copies == [True] and built.reused == ["tiny"] and built.mapped == ["tiny3"]
    base = settings.base_iri + "graph/"
    assert sorted(loaded) == [base + "links", base + "registry", base + "tiny3"]  # tiny and the schema stay
    full, _ = build_graph(_settings(project, tmp_path / "full-store"), full=True)
    assert copies == [True, False]
    assert incremental.info.graphs == full.info.graphs and base + "tiny2" not in incremental.info.graphs
    assert incremental.info.data_graphs == full.info.data_graphs
    assert_same_quads(incremental, full)
    assert report_rows(incremental) == report_rows(full)


def test_the_sitemap_and_void_of_an_incremental_build_reuse_the_unchanged_graphs_facts_and_equal_a_full_builds(
    project, tmp_path, monkeypatch
):
    settings = _settings(project, tmp_path / "store")
    first, _ = build_graph(settings)
    change_measure_label(project, "tiny2", "Die Einführung der E-Akte")
    read: list[str] = []
    real = graph_facts_module.facts_of
    monkeypatch.setattr(graph_facts_module, "facts_of", lambda store, graph: read.append(graph) or real(store, graph))
    incremental, built = build_graph(settings)
    assert built.reused == ["tiny"]
    base = settings.base_iri + "graph/"
    assert sorted(read) == [base + "links", base + "registry", base + "tiny2"]  # the others' facts carried over
    carried = graph_facts_module.read_facts(incremental)
    store = incremental.open_read_only()
    assert carried == {g: real(store, g) for g in incremental.info.graphs}  # … and they are the store's
    assert graph_facts_module.read_facts(first)[base + "tiny"] == carried[base + "tiny"]
    del store
    full, _ = build_graph(_settings(project, tmp_path / "full-store"), full=True)

    def urls(build: Build) -> list[str]:
        return re.findall(r"<loc>([^<]+)</loc>", (build.downloads / "sitemap.xml").read_text(encoding="utf-8"))

    assert urls(incremental) == urls(full)
    assert any("tiny2" in u for u in urls(full)), urls(full)

    def void(build: Build) -> set:
        g = Graph().parse(build.downloads / "void.ttl")
        skip = {DCTERMS.modified, PROV.generatedAtTime, DCAT.version}  # the build's own time and release number
        return {(s, p, o) for s, p, o in g if p not in skip and "releases/" not in str(s) + str(o)}

    assert void(incremental) == void(full), sorted(void(incremental) ^ void(full))
    assert (None, VOID.distinctSubjects, None) in Graph().parse(full.downloads / "void.ttl")


def _projection_lists(build: Build) -> tuple[list, list]:
    """A build's projection file: its nodes and edges with their attributes, in the projection's order."""
    from modgraph.deps.stored import read_projection

    found = read_projection(build.path, build.info)
    assert found is not None
    graph = found.graph
    return list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True))


def _spy_on_edge_queries(monkeypatch) -> list[list[str]]:
    """The graphs whose edges each projection of the builds that follow reads from the store."""
    from modgraph.deps import projection as projection_module

    asked: list[list[str]] = []
    real = projection_module.edge_rows

    def spy(query, predicates, graphs):
        asked.append(sorted(graphs))
        return real(query, predicates, graphs)

    monkeypatch.setattr(projection_module, "edge_rows", spy)
    return asked


def test_the_dependency_projection_of_an_incremental_build_reads_only_the_changed_graphs_and_equals_a_full_builds(
    project, tmp_path, monkeypatch
):
    """A label change, then a removed document and an added one: each incremental build takes the unchanged
    graph's edges from the published projection and reads the others' from the store, and its projection is a
    full build's, node for node and edge for edge, in the same order, with the same attributes."""
    settings = _settings(project, tmp_path / "store")
    build_graph(settings)
    base = settings.base_iri + "graph/"
    change_measure_label(project, "tiny2", "Die Einführung der E-Akte")
    asked = _spy_on_edge_queries(monkeypatch)
    incremental, built = build_graph(settings)
    assert built.reused == ["tiny"]
    assert asked == [[base + "links", base + "registry", base + "tiny2"]]
    full, _ = build_graph(_settings(project, tmp_path / "full-1"), full=True)
    assert len(asked) == 2 and base + "tiny" in asked[1]  # the full build reads every graph
    nodes, edges = _projection_lists(incremental)
    assert (nodes, edges) == _projection_lists(full)
    assert any(d["graph"] == base + "tiny" for *_, d in edges), "the reused graph has edges of its own"
    assert any(d.get("label") == "Die Einführung der E-Akte" for _, d in nodes)

    (project / "records" / "tiny2.yaml").unlink()
    text = (project / "records" / "tiny.yaml").read_text(encoding="utf-8")
    third = text.replace("id: tiny\n", "id: tiny3\n").replace("tiny/", "tiny3/").replace("tiny.txt", "tiny3.txt")
    (project / "records" / "tiny3.yaml").write_text(third, encoding="utf-8")
    (project / "corpus" / "tiny3.txt").write_bytes((project / "corpus" / "tiny.txt").read_bytes())
    asked.clear()
    incremental, built = build_graph(settings)
    assert built.reused == ["tiny"] and built.mapped == ["tiny3"]
    assert asked == [[base + "links", base + "registry", base + "tiny3"]]
    full, _ = build_graph(_settings(project, tmp_path / "full-2"), full=True)
    nodes, edges = _projection_lists(incremental)
    assert (nodes, edges) == _projection_lists(full)
    assert not any(d["graph"] == base + "tiny2" for *_, d in edges)
    assert any(d["graph"] == base + "tiny3" for *_, d in edges)


def test_a_projection_file_of_other_code_is_not_reused(project, tmp_path, monkeypatch):
    """The published projection's edges are reused only when its file was made by the same projecting code."""
    import pickle

    from modgraph.deps.stored import projection_path

    settings = _settings(project, tmp_path / "store")
    first, _ = build_graph(settings)
    path = projection_path(first.path)
    payload = pickle.loads(path.read_bytes())
    payload["code"] = "other"
    path.write_bytes(pickle.dumps(payload, protocol=5))
    change_measure_label(project, "tiny2", "Die Einführung der E-Akte")
    asked = _spy_on_edge_queries(monkeypatch)
    incremental, built = build_graph(settings)
    assert built.reused == ["tiny"]
    assert len(asked) == 1 and settings.base_iri + "graph/tiny" in asked[0]
    full, _ = build_graph(_settings(project, tmp_path / "full"), full=True)
    assert _projection_lists(incremental) == _projection_lists(full)


# ---------------------------------------------------------------------- the search entries of an incremental build


def _search_lists(build: Build) -> tuple:
    """A build's search entries (its side file: entries in index order, label ranks, nested subjects) and what
    its index holds: the facet labels, the compound parts, the overview, every document in index order, and the
    hits with their BM25 scores of a query over all three text fields."""
    import tantivy

    from modgraph.search import SearchIndex, index_path
    from modgraph.search.incremental import read_entries

    found, why = read_entries(build)
    assert found is not None, why
    folder = index_path(build)
    files = [(folder / name).read_text(encoding="utf-8") for name in ("facets.json", "parts.txt", "overview.json")]
    index = SearchIndex.open(build)
    everything = index.searcher.search(tantivy.Query.all_query(), limit=10_000)
    documents = [index.searcher.doc(address).to_dict() for _, address in sorted(everything.hits, key=lambda h: h[1])]
    hits = [(h.iri, h.score) for h in index.search("Einführung Akte Bremen Programm", limit=100).hits]
    return found.entries, found.ranks, found.nested, files, documents, hits


def _spy_on_extraction(monkeypatch) -> list[set[str] | None]:
    """The IRIs each search extraction of the builds that follow extracts (None: the whole store)."""
    from modgraph.search import incremental

    asked: list[set[str] | None] = []
    real = incremental.extract

    def spy(store, info, only=None, **kw):
        asked.append(None if only is None else set(only))
        return real(store, info, only=only, **kw)

    monkeypatch.setattr(incremental, "extract", spy)
    return asked


def _entry(build: Build, iri: str):
    from modgraph.search.incremental import read_entries

    found, _ = read_entries(build)
    assert found is not None
    return next(e for e in found.entries if e.iri == iri)


def _assert_search_equal(incremental: Build, full: Build) -> None:
    mine, theirs = _search_lists(incremental), _search_lists(full)
    for a, b in zip(mine[0], theirs[0], strict=True):
        assert a == b, a.iri
    assert mine == theirs


def test_the_search_entries_of_a_label_change_are_the_published_ones_but_the_changed_entry(
    project, tmp_path, monkeypatch
):
    """A label change: only the changed measure (and the few entries its changed triples name) are extracted
    again; the entries, the index (documents, order, BM25 scores), the facet labels, parts and overview are a
    full build's."""
    settings = _settings(project, tmp_path / "store")
    asked = _spy_on_extraction(monkeypatch)
    first, _ = build_graph(settings)
    assert asked == [None]  # a first build extracts everything and writes the side file
    change_measure_label(project, "tiny2", "Die Einführung der E-Akte")
    incremental, built = build_graph(settings)
    assert built.reused == ["tiny"]
    measure = settings.base_iri + "id/measure/tiny2/e-akte"
    again = asked[-1]
    assert again is not None and measure in again
    published = _search_lists(first)[0]
    assert len(again) <= len(published) // 4, sorted(again)  # a subset, not everything
    assert not any("/tiny/" in iri for iri in again)
    full, _ = build_graph(_settings(project, tmp_path / "full"), full=True)
    assert asked[-1] is None
    _assert_search_equal(incremental, full)
    assert ("Die Einführung der E-Akte", "de") in _entry(incremental, measure).labels
    # the unchanged entries are the published ones (texts, passages and facets included)
    unchanged = [e for e in published if e.iri not in again]
    assert unchanged and all(e in _search_lists(incremental)[0] for e in unchanged)


def test_the_search_entries_after_a_removed_and_an_added_document_equal_a_full_builds(project, tmp_path, monkeypatch):
    """tiny2 removed, tiny3 added: the removed document's entries go, the added one's come, the shared bodies'
    passages and facets change; the reused document's own entries are not extracted again."""
    from modgraph.search import incremental as incremental_module

    monkeypatch.setattr(incremental_module, "FULL_SHARE", 1.0)  # two documents: most entries are shared ones
    settings = _settings(project, tmp_path / "store")
    build_graph(settings)
    (project / "records" / "tiny2.yaml").unlink()
    text = (project / "records" / "tiny.yaml").read_text(encoding="utf-8")
    third = text.replace("id: tiny\n", "id: tiny3\n").replace("tiny/", "tiny3/").replace("tiny.txt", "tiny3.txt")
    (project / "records" / "tiny3.yaml").write_text(third, encoding="utf-8")
    (project / "corpus" / "tiny3.txt").write_bytes((project / "corpus" / "tiny.txt").read_bytes())
    asked = _spy_on_extraction(monkeypatch)
    incremental, built = build_graph(settings)
    assert built.reused == ["tiny"] and built.mapped == ["tiny3"]
    ids = settings.base_iri + "id/"
    again = asked[-1]
    assert again is not None
    assert ids + "measure/tiny3/e-akte" in again  # the removed document's entries are dropped, not extracted
    assert ids + "measure/tiny/e-akte" not in again and ids + "programme/tiny/programm" not in again
    full, _ = build_graph(_settings(project, tmp_path / "full"), full=True)
    _assert_search_equal(incremental, full)
    iris = {e.iri for e in _search_lists(incremental)[0]}
    assert ids + "measure/tiny3/e-akte" in iris and ids + "measure/tiny2/e-akte" not in iris


def test_a_change_that_reaches_other_entries_facets_is_extracted_for_them(project, tmp_path, monkeypatch):
    """tiny2's document issued a year earlier: the year facet of its measure and programme (which have no dates
    of their own) and of the shared bodies it quotes changes, though none of their triples did — they are
    reached only backwards from the document (``mg:mentionedIn``, ``oa:hasSource``/``prov:wasDerivedFrom``)."""
    from modgraph.search import incremental as incremental_module

    monkeypatch.setattr(incremental_module, "FULL_SHARE", 1.0)
    settings = _settings(project, tmp_path / "store")
    first, _ = build_graph(settings)
    path = project / "records" / "tiny2.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  issued: 2024-01-15\n" in text
    path.write_text(text.replace("  issued: 2024-01-15\n", "  issued: 2023-05-01\n"), encoding="utf-8")
    measure = settings.base_iri + "id/measure/tiny2/e-akte"
    body = settings.base_iri + "id/organisation/fhb"
    assert _entry(first, measure).facets["year"] == {"2024"} and _entry(first, body).facets["year"] == {"2024"}
    asked = _spy_on_extraction(monkeypatch)
    incremental, built = build_graph(settings)
    assert built.reused == ["tiny"]
    again = asked[-1]
    assert again is not None and {measure, body} <= again
    assert not any("/tiny/" in iri for iri in again)
    assert _entry(incremental, measure).facets["year"] == {"2023"}
    assert _entry(incremental, body).facets["year"] == {"2023", "2024"}
    full, _ = build_graph(_settings(project, tmp_path / "full"), full=True)
    _assert_search_equal(incremental, full)


def test_a_programme_label_change_changes_the_facet_labels_of_an_incremental_build(project, tmp_path, monkeypatch):
    """The programme's label is a facet label of its measure's entry: written anew from every facet value, while
    only the programme's own entry (and what its changed triples name) is extracted again."""
    from modgraph.search import index_path

    settings = _settings(project, tmp_path / "store")
    build_graph(settings)
    path = project / "records" / "tiny2.yaml"
    text = path.read_text(encoding="utf-8")
    old = '    label: "Kleines Programm zur Verwaltungsmodernisierung"\n'
    assert text.count(old) == 1
    path.write_text(text.replace(old, '    label: "Das kleine Programm"\n'), encoding="utf-8")
    asked = _spy_on_extraction(monkeypatch)
    incremental, built = build_graph(settings)
    assert built.reused == ["tiny"]
    programme = settings.base_iri + "id/programme/tiny2/programm"
    again = asked[-1]
    assert again is not None and programme in again and len(again) <= 3, again
    assert programme in _entry(incremental, settings.base_iri + "id/measure/tiny2/e-akte").facets["programme"]
    labels = json.loads((index_path(incremental) / "facets.json").read_text(encoding="utf-8"))
    assert "Das kleine Programm" in labels[programme].values()
    full, _ = build_graph(_settings(project, tmp_path / "full"), full=True)
    _assert_search_equal(incremental, full)


def test_a_search_side_file_of_other_code_or_another_build_is_not_reused(project, tmp_path, monkeypatch):
    import pickle

    from modgraph.search.incremental import entries_path

    settings = _settings(project, tmp_path / "store")
    first, _ = build_graph(settings)
    path = entries_path(first.path)
    payload = pickle.loads(path.read_bytes())
    path.write_bytes(pickle.dumps({**payload, "code": "other"}, protocol=5))
    change_measure_label(project, "tiny2", "Die Einführung der E-Akte")
    asked = _spy_on_extraction(monkeypatch)
    second, built = build_graph(settings)
    assert built.reused == ["tiny"] and asked == [None]  # everything extracted
    full, _ = build_graph(_settings(project, tmp_path / "full"), full=True)
    _assert_search_equal(second, full)
    # the second build's own file is of this code but names it: copied under a third build's, not reused
    path = entries_path(second.path)
    payload = pickle.loads(path.read_bytes())
    path.write_bytes(pickle.dumps({**payload, "build": "another"}, protocol=5))
    path = project / "records" / "tiny2.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("der E-Akte", "der Akte"), encoding="utf-8")
    asked.clear()
    build_graph(settings)
    assert asked == [None]
