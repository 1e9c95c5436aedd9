"""The pipeline: records → RDF → a draft store → SHACL validation → published atomically.

A build streams: each document's records are mapped into a graph of that document alone, written as
N-Triples and bulk-loaded into the draft store (``modgraph.store.drafts.GraphLoader``), so memory is
bounded by the largest document, never the dataset (a build that maps many documents maps them in worker
processes while it loads, ``modgraph.pipeline.workers``). Validation runs on the draft store
(``validate_store``), before anything is published; the publication files (``modgraph.publish``) are
made from the store by the engine.

A build is **incremental** (``modgraph.pipeline.plan``): ``build.json`` records, for each document graph,
the checksums of what it was made from (``inputs``: its record file, its source text, and what every graph shares — ontology,
shapes, registry, base IRI and the code of the mapper). A document graph of the published build whose
inputs are unchanged is kept: the draft store starts as a checkpoint of the published one (``_copy_base``)
and only the other graphs are dropped, mapped and loaded again, and validation is focused on the changed graphs and on what they touch
(the registry, the links, documents that refer to them). The new build is still complete and
published atomically; ``full=True`` (``modgraph build --full``) maps everything.

Nothing is written where the current store lives until everything has succeeded; on any error (or a
kill) the draft is removed and the published graph stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, closing
from dataclasses import dataclass, field, replace

import pyoxigraph as ox
from rdflib import Graph

from modgraph.iris import graph_iri
from modgraph.pipeline.links import map_links
from modgraph.pipeline.mapping import declared_keys, document_mapper, map_records, registry_mapper
from modgraph.pipeline.plan import Plan, plan_build
from modgraph.pipeline.records import ParseCache, RecordFile, RecordSet, load_records
from modgraph.pipeline.validation import (
    ValidationReport,
    carry_over,
    load_turtle_dir,
    validate,
    validate_store,
)
from modgraph.pipeline.workers import ntriples_in_workers
from modgraph.publish import publication_processes, uses_processes, write_downloads
from modgraph.settings import Settings
from modgraph.store.builds import Build, BuildInfo, StoreError, StoreLocation, utc_now
from modgraph.store.changes import changed_triples
from modgraph.store.drafts import Draft, GraphLoader, draft_store, finish_store, start_build
from modgraph.store.lock import publication_lock
from modgraph.store.remote import RemoteStoreError, open_client, publish_remote
from modgraph.store.remote.publication import Progress

#: named graphs that are not data: addressable by name, not part of the endpoint's default graph
SCHEMA_GRAPHS = ("ontology", "shapes")

#: where a store location keeps the parsed record files between builds (``records.ParseCache``)
PARSE_CACHE = "cache/records"

Step = Callable[[str], None]


class BuildError(Exception):
    """The build failed; ``report`` is set when SHACL validation failed."""

    def __init__(self, message: str, report: ValidationReport | None = None):
        super().__init__(message)
        self.report = report


@dataclass
class Compiled:
    """Every graph of the records in memory, validated (``modgraph validate``; small projects only)."""

    records: RecordSet
    graphs: dict[str, Graph]  # name -> graph (documents, registry, links, ontology, shapes)
    report: ValidationReport

    @property
    def data_names(self) -> list[str]:
        return [name for name in self.graphs if name not in SCHEMA_GRAPHS]

    def union(self) -> Graph:
        g = Graph()
        for name in self.data_names:
            g += self.graphs[name]
        return g


def compile_graphs(settings: Settings, step: Step = lambda _: None) -> Compiled:
    """Load and check the records, map them, validate — in memory, without a store.

    :raises RecordError: a record file is malformed or a record is wrong
    """
    step("records")
    records = load_records(settings.records_dir, settings.corpus_dir)
    step("mapping")
    graphs = map_records(records, settings.base_iri)
    links = map_links(settings.base_iri, declared_keys(records))
    if len(links):
        graphs["links"] = links
    step("validation")
    graphs["ontology"] = load_turtle_dir(settings.ontology_dir)
    graphs["shapes"] = load_turtle_dir(settings.shapes_dir)
    compiled = Compiled(records, graphs, None)  # type: ignore[arg-type]
    compiled.report = validate(compiled.union(), graphs["shapes"], graphs["ontology"], validator=settings.validator)
    return compiled


# ---------------------------------------------------------------------- the build


class StoredGraphs(Mapping[str, Graph]):
    """The named graphs of a published build by short name (document id, registry, links, ontology, shapes),
    each read from the store into rdflib when asked for (for tests and small tools: one graph at a time)."""

    def __init__(self, build: Build):
        self.build = build
        info = build.info
        self._iris = {iri.removeprefix(graph_iri(info.base_iri, "")): iri for iri in info.graphs}

    def __getitem__(self, name: str) -> Graph:
        store = self.build.open_read_only()
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(self._iris[name]))
        return Graph().parse(data=data, format="nt")

    def __iter__(self) -> Iterator[str]:
        return iter(self._iris)

    def __len__(self) -> int:
        return len(self._iris)


@dataclass
class Built:
    """What a build made: the records it read, its validation report, and what it reused."""

    records: RecordSet
    report: ValidationReport
    build: Build
    reused: list[str] = field(default_factory=list)  # document graphs copied from the published build
    mapped: list[str] = field(default_factory=list)  # document graphs mapped from their records

    @property
    def graphs(self) -> StoredGraphs:
        return StoredGraphs(self.build)

    def union(self) -> Graph:
        """The union of the data graphs in rdflib (tests and small projects only)."""
        g = Graph()
        for iri in self.build.info.data_graphs:
            g += self.graphs[iri.rsplit("/", 1)[-1]]
        return g


def _copy_base(draft: Draft, plan: Plan) -> bool:
    """Start the draft's store as a copy of the published build's (a RocksDB checkpoint: hard links, no
    quad read), when an incremental build reuses graphs of a build whose default graph is the union; → done."""
    if plan.base is None or not plan.reused or not plan.base.info.union_in_default_graph:
        return False
    source = plan.base.open_read_only()
    source.backup(str(draft.build.store_path))
    del source
    return True


def _drop_graph(store: ox.Store, iri: str, schema: list[str]) -> None:
    """Remove a data graph from a copied store: its triples leave the union default graph unless another data
    graph states them too (the graphs in ``schema`` are not in the union), then the graph itself. Only the
    graph's own triples are visited (by the engine)."""
    not_data = ", ".join(f"<{g}>" for g in [iri, *schema])
    store.update(
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN ({not_data})) }} }}"
    )
    store.remove_graph(ox.NamedNode(iri))


def _count(store: ox.Store, iri: str) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    assert isinstance(rows, ox.QuerySolutions)
    return next(int(row["n"].value) for row in rows)


def _finish_copy(draft: Draft, store: ox.Store, info: BuildInfo, kept: dict[str, int]) -> BuildInfo:
    """``finish_store`` for a draft copied from the published build: the kept graphs' counts (``kept``) are the
    base's, the others are counted; no compaction (the base's store was compacted when it was made)."""
    store.flush()
    counts = kept | {g: n for g in info.data_graphs if g not in kept and (n := _count(store, g))}
    return draft.write_info(replace(info, graphs=counts, created=utc_now(), union_in_default_graph=True))


def _mapped(files: list[RecordFile], settings: Settings) -> Iterator[bytes]:
    """The N-Triples of each file's document graph, in order: in worker processes when there are many
    (``modgraph.publish.uses_processes``), else here."""
    if uses_processes(settings, len(files)):
        with closing(ntriples_in_workers(files, settings.base_iri, settings.build_workers)) as mapped:
            yield from mapped
    else:
        for rf in files:
            yield document_mapper(rf, settings.base_iri).ntriples()


def _fill(draft: Draft, rs: RecordSet, settings: Settings, plan: Plan, step: Step) -> ValidationReport:
    """Stream every graph into the draft, validate it there, write ``build.json``; → the report.

    An incremental build whose base has the union in its default graph starts from a checkpoint of the base's
    store (``_copy_base``): the reused document graphs and the schema graphs stay as they are, every other
    graph is dropped (``_drop_graph``) and loaded again from the mapping. Otherwise every graph is loaded
    into an empty store, the reused ones dumped from the base's store by the engine.

    :raises BuildError: SHACL validation found violations
    """
    base_iri = settings.base_iri
    data_graphs: list[str] = []
    documents: dict[str, dict] = {}
    copied = _copy_base(draft, plan)
    schema = [graph_iri(base_iri, n) for n in SCHEMA_GRAPHS]
    kept: set[str] = set()  # graphs of the copied store left as they are
    if copied:
        assert plan.base is not None
        kept = {graph_iri(base_iri, d) for d in plan.reused} | set(schema)
    base_store = plan.base.open_read_only() if plan.base is not None and not copied else None
    with draft_store(draft) as store:
        if copied:
            for graph in sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)):
                if graph not in kept:
                    _drop_graph(store, graph, schema)
        loader = GraphLoader(store)

        def add(name: str, ntriples: bytes | None, in_union: bool = True) -> None:
            iri = graph_iri(base_iri, name)
            if iri not in kept:
                assert ntriples is not None
                loader.add(iri, ntriples, in_union=in_union)
            if in_union:
                data_graphs.append(iri)

        step("mapping")
        mapped = _mapped([rf for rf in rs.documents if rf.document and rf.document.id not in plan.reused], settings)
        for rf in rs.documents:
            doc, source = rf.document, rf.source
            assert doc is not None and source is not None  # a document file whose quotes were verified
            data: bytes | None
            if copied and doc.id in plan.reused:
                data = None  # in the copied store already
            elif doc.id in plan.reused:
                assert base_store is not None
                from_graph = ox.NamedNode(graph_iri(base_iri, doc.id))
                data = base_store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=from_graph)
                assert data is not None  # no output stream given: pyoxigraph returns the bytes
            else:
                data = next(mapped)
            add(doc.id, data)
            documents[doc.id] = {
                "graph": graph_iri(base_iri, doc.id),
                "file": doc.file,
                "sha256": source.sha256,
                "label": doc.label,
                "issued": doc.issued.iso,
                "records": len(rf.records),
                "inputs": plan.inputs[doc.id],
            }
        del base_store
        declared = declared_keys(rs)
        registry = registry_mapper(rs, base_iri, declared)
        if registry is not None:
            add("registry", registry.ntriples())
        links = map_links(base_iri, declared)
        if len(links):
            add("links", links.serialize(format="nt", encoding="utf-8"))
        ontology, shapes = load_turtle_dir(settings.ontology_dir), load_turtle_dir(settings.shapes_dir)
        add("ontology", None if copied else ontology.serialize(format="nt", encoding="utf-8"), in_union=False)
        add("shapes", None if copied else shapes.serialize(format="nt", encoding="utf-8"), in_union=False)
        loader.flush()

        step("validation")
        changes = None
        if plan.reused and plan.base is not None:  # what changed since the published build: its focus nodes
            reused = {graph_iri(base_iri, d) for d in plan.reused} | set(schema)
            graphs = (set(plan.base.info.graphs) | set(data_graphs)) - reused
            changes = changed_triples(plan.base.open_read_only(), store, sorted(graphs))
        graph_nodes = [ox.NamedNode(iri) for iri in data_graphs]
        report = validate_store(
            store,
            graph_nodes,
            shapes,
            ontology,
            changes=changes,
            validator=settings.validator,
            union_in_default_graph=True,  # GraphLoader loaded it with the data graphs
        )
        if changes is not None and plan.base is not None and settings.validator != "pyshacl":
            # the other nodes' results still hold: carried over from the published build's report
            report = carry_over(report, plan.base.validation_path.read_text(encoding="utf-8"), store)
        if not report.conforms:
            raise BuildError(f"SHACL validation failed: {len(report.violations)} violations", report)

        step("store")
        info = BuildInfo(
            id=draft.build.id,
            created="",  # set by finish_store
            base_iri=base_iri,
            data_graphs=data_graphs,
            documents=documents,
            conforms=report.conforms,
            warnings=len(report.warnings),
        )
        if copied:
            assert plan.base is not None
            _finish_copy(draft, store, info, {g: n for g, n in plan.base.info.graphs.items() if g in kept})
        else:
            finish_store(draft, store, info)
    return report


def build_graph(
    settings: Settings,
    step: Step = lambda _: None,
    *,
    full: bool = False,
    progress: Progress | None = None,
) -> tuple[Build, Built]:
    """Build and publish (store, dumps, catalogue, VoID, sitemap, report). On any error nothing is published.

    With a SPARQL server as the store (``MODGRAPH_STORE_URL``), the build is made, validated and published
    locally as always, and then published on the server (``modgraph.store.remote.publish_remote``; ``progress``
    follows its upload).

    :param full: map every document, reusing nothing from the published build
    :raises RecordError: a record file is malformed or a record is wrong
    :raises BuildError: SHACL validation found violations, or the server did not take the build (it still
        serves what it served)
    """
    step("records")
    location = StoreLocation(settings.store)
    published = None if full else location.current()
    with ExitStack() as early:
        # a build that may reuse the published one starts its publication processes first: their imports run on
        # the other core while the records load (modgraph.publish.publication_processes)
        documents = len(published.info.documents) if published else 0
        processes = early.enter_context(publication_processes(settings, documents, start=True))
        rs = load_records(settings.records_dir, settings.corpus_dir, ParseCache(location.root / PARSE_CACHE))
        plan = plan_build(rs, settings, published)
        with start_build(location) as draft:
            report = _fill(draft, rs, settings, plan, step)
            write_downloads(draft.build, settings, report.to_json(), plan.base, plan.reused, processes)
            early.close()  # the processes end before the publication
            step("publish")
            build = draft.publish(keep=settings.keep_releases)
    _publish_on_server(settings, location, build, step, progress)
    return build, Built(rs, report, build, plan.reused, plan.mapped)


def _publish_on_server(
    settings: Settings, location: StoreLocation, build: Build, step: Step, progress: Progress | None
) -> None:
    """:raises BuildError: the server named by the settings did not take the build."""
    try:
        client = open_client(settings)
    except StoreError as exc:
        raise BuildError(str(exc)) from None
    if client is None:
        return
    step("server")
    try:
        with client, publication_lock(location.root):  # one writer at a time from this machine
            publish_remote(client, build, chunk_bytes=settings.store_chunk_bytes, progress=progress)
    except RemoteStoreError as exc:
        raise BuildError(
            f"build {build.id} was made and validated, but the SPARQL server did not take it "
            f"(it serves what it served before): {exc}"
        ) from None


__all__ = ["BuildError", "Built", "Compiled", "build_graph", "compile_graphs", "plan_build"]
