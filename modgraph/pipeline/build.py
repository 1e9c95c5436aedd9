"""The pipeline: records → RDF → SHACL validation → a new on-disk store, published atomically.

The store steps are those of ``modgraph.store.drafts``, as for updates (``modgraph.pipeline.update``):
a draft build is filled, gets its publication files (``modgraph.publish``) and is published under
the store's publication lock. Nothing is written where the current store lives until everything has
succeeded; on any error the draft is removed and the published graph stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph

from modgraph.iris import graph_iri
from modgraph.pipeline.links import map_links
from modgraph.pipeline.mapping import map_records
from modgraph.pipeline.records import RecordSet, load_records
from modgraph.pipeline.validation import ValidationReport, load_turtle_dir, validate
from modgraph.publish import write_downloads
from modgraph.settings import Settings
from modgraph.store.builds import Build, BuildInfo, StoreLocation
from modgraph.store.drafts import Draft, load_graphs, start_build

#: named graphs that are not data: addressable by name, not part of the endpoint's default graph
SCHEMA_GRAPHS = ("ontology", "shapes")

Step = Callable[[str], None]


class BuildError(Exception):
    """The build failed; ``report`` is set when SHACL validation failed."""

    def __init__(self, message: str, report: ValidationReport | None = None):
        super().__init__(message)
        self.report = report


@dataclass
class Compiled:
    """Everything a build produces before it is stored."""

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
    """Load and check the records, map them, validate.

    :raises RecordError: a record file is malformed or a record is wrong
    """
    step("records")
    records = load_records(settings.records_dir, settings.corpus_dir)
    step("mapping")
    graphs = map_records(records, settings.base_iri)
    declared = {r.key for f in records.documents for r in f.records}
    links = map_links(settings.base_iri, declared)
    if len(links):
        graphs["links"] = links
    step("validation")
    graphs["ontology"] = load_turtle_dir(settings.ontology_dir)
    graphs["shapes"] = load_turtle_dir(settings.shapes_dir)
    compiled = Compiled(records, graphs, None)  # type: ignore[arg-type]
    compiled.report = validate(compiled.union(), graphs["shapes"], graphs["ontology"], validator=settings.validator)
    return compiled


def write_store(draft: Draft, compiled: Compiled, settings: Settings) -> BuildInfo:
    """Load the compiled graphs into an empty draft and write its ``build.json``."""
    graphs = {
        graph_iri(settings.base_iri, name): g.serialize(format="nt", encoding="utf-8")
        for name, g in compiled.graphs.items()
    }
    documents = {}
    for rf in compiled.records.documents:
        doc, source = rf.document, rf.source
        assert doc is not None and source is not None  # a document file whose quotes were verified
        documents[doc.id] = {
            "graph": graph_iri(settings.base_iri, doc.id),
            "file": doc.file,
            "sha256": source.sha256,
            "label": doc.label,
            "issued": doc.issued.iso,
            "records": len(rf.records),
        }
    info = BuildInfo(
        id=draft.build.id,
        created="",  # set when loaded
        base_iri=settings.base_iri,
        data_graphs=[graph_iri(settings.base_iri, n) for n in compiled.data_names],
        documents=documents,
        conforms=compiled.report.conforms,
        warnings=len(compiled.report.warnings),
    )
    return load_graphs(draft, graphs, info)


def build_graph(settings: Settings, step: Step = lambda _: None) -> tuple[Build, Compiled]:
    """Build and publish (store, dumps, catalogue, VoID, sitemap, report). On any error nothing is published.

    :raises RecordError: a record file is malformed or a record is wrong
    :raises BuildError: SHACL validation found violations
    """
    compiled = compile_graphs(settings, step)
    if not compiled.report.conforms:
        raise BuildError(f"SHACL validation failed: {len(compiled.report.violations)} violations", compiled.report)
    step("store")
    with start_build(StoreLocation(settings.store)) as draft:
        write_store(draft, compiled, settings)
        write_downloads(draft.build, settings, compiled.report.to_json())
        step("publish")
        return draft.publish(), compiled
