"""Helpers of the publication tests: the IRIs a build must dereference, and the DCAT-AP.de conformance
check of the catalogue (tests are its only user)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from modgraph.iris import DEF
from modgraph.publish.catalog import PROFILE_DE2, PROFILE_DE3, codelists_graph


def graph_iris(build, base: str) -> list[str]:
    """Every IRI of the published build that this server must dereference: IRIs under the base or the
    ontology namespace, as subject, predicate, object or graph name, without their #fragment."""
    store = ox.Store.read_only(str(build.store_path))
    found: set[str] = set()
    for q in store.quads_for_pattern(None, None, None, None):
        for term in (q.subject, q.predicate, q.object, q.graph_name):
            if isinstance(term, ox.NamedNode) and (term.value.startswith(base) or term.value.startswith(DEF)):
                found.add(term.value.split("#", 1)[0])
    del store
    return sorted(found)


# ---- conformance of the catalogue to GovData's official profiles

#: the files of each official profile under Settings.external (see external/dcat-ap-de/SOURCE.md)
PROFILE_FILES = {
    # "DCAT-AP.de 2.0 – Spezifikation + Konventionen" (Releases/DCAT-AP.de V2.0/shacl/README.md)
    PROFILE_DE2: [
        "dcat-ap-de/v2.0/dcat-ap-de-imports.ttl",
        "dcat-ap-de/v2.0/dcat-ap-spec-german-messages.ttl",
        "dcat-ap-de/v2.0/dcat-ap-spec-german-additions.ttl",
        "dcat-ap-de/v2.0/dcat-ap-de-deprecated.ttl",
        "dcat-ap-de/v2.0/dcat-ap_2.1.1_shacl_shapes.ttl",
        "dcat-ap-de/v2.0/dcat-ap-konventionen.ttl",
    ],
    # "DCAT-AP.de 3.0 – Spezifikation" (v30_de_spec in GovData's validator config.properties)
    PROFILE_DE3: [
        "dcat-ap/3.0.0/shacl/dcat-ap-SHACL.ttl",
        "dcat-ap-de/v3.0/dcat-ap-de-imports.ttl",
        "dcat-ap-de/v3.0/dcat-ap-SHACL-DE.ttl",
        "dcat-ap-de/v3.0/dcat-ap-de-deprecated.ttl",
        "dcat-ap-de/v3.0/dcat-ap-spec-german-additions.ttl",
        "dcat-ap-de/v3.0/dcat-ap-de-controlledvocabularies.ttl",
    ],
}


def profile_shapes(external: Path, profile: str) -> Graph:
    g = Graph()
    for rel in PROFILE_FILES[profile]:
        g.parse(Path(external) / rel, format="turtle")
    return g


def check_catalogue(catalogue: Graph, external: Path, profile: str) -> tuple[list[dict], list[dict]]:
    """pyshacl with the official profile; remote imports resolved from graph/codelists. → (violations, warnings)."""
    data = Graph()
    data += catalogue
    data += codelists_graph()  # what the validator would load through the profile's owl:imports
    _, report, _ = validate(
        data,
        shacl_graph=profile_shapes(external, profile),
        inference="none",
        advanced=True,
        allow_warnings=True,
        do_owl_imports=False,
    )
    out: dict[str, list[dict]] = {"Violation": [], "Warning": [], "Info": []}
    for r in report.subjects(RDF.type, SH.ValidationResult):
        sev = str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]
        out.setdefault(sev, []).append(
            {
                "focus": str(report.value(r, SH.focusNode)),
                "path": str(report.value(r, SH.resultPath)),
                "value": str(report.value(r, SH.value)),
                "message": "; ".join(str(m) for m in report.objects(r, SH.resultMessage)),
                "shape": str(report.value(r, SH.sourceShape)),
            }
        )
    return out["Violation"], out["Warning"]
