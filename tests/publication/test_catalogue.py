"""The DCAT-AP.de catalogue conforms to GovData's official profiles (pyshacl, offline: the remote imports are
resolved from graph/codelists), and describes the dumps with their real sizes and checksums."""

from __future__ import annotations

import gzip
import hashlib
import json
import os

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF

from modgraph.iris import catalog_iri, site_url
from modgraph.publish import catalog
from modgraph.publish.dumps import DUMPS
from modgraph.settings import Settings

from .helpers import check_catalogue

EXTERNAL = Settings.load().external
IN_CI = bool(os.environ.get("CI"))  # CI sets everything up: there a missing resource fails the test


def _catalogue(build, profile: str) -> Graph:
    return Graph().parse(build.downloads / catalog.catalog_file(profile, "ttl"), format="turtle")


@pytest.mark.skipif(
    not EXTERNAL.is_dir() and not IN_CI, reason=f"the official shapes are not there: {EXTERNAL} does not exist"
)
@pytest.mark.parametrize("profile", [catalog.PROFILE_DE2, catalog.PROFILE_DE3])
def test_catalogue_conforms_to_official_profile(corpus_build, profile):
    _, build, _ = corpus_build
    violations, warnings = check_catalogue(_catalogue(build, profile), EXTERNAL, profile)
    print(f"\n{profile}: {len(violations)} violations, {len(warnings)} warnings")
    for w in warnings:
        print(f"  warning: {w['focus']} {w['path']} {w['value']}: {w['message'][:160]}")
    assert violations == [], "\n".join(f"{v['focus']} {v['path']} {v['value']}: {v['message']}" for v in violations)


@pytest.mark.skipif(
    not EXTERNAL.is_dir() and not IN_CI, reason=f"the official shapes are not there: {EXTERNAL} does not exist"
)
def test_profiles_really_differ(corpus_build):
    """Why there are two variants: each fails the other profile (byteSize datatype, checksum algorithm)."""
    _, build, _ = corpus_build
    v, _ = check_catalogue(_catalogue(build, catalog.PROFILE_DE3), EXTERNAL, catalog.PROFILE_DE2)
    assert any("byteSize" in x["message"] for x in v)


def test_catalogue_content(corpus_build):
    settings, build, _ = corpus_build
    info = build.info
    g = _catalogue(build, catalog.PROFILE_DE3)
    base = info.base_iri
    root = URIRef(catalog_iri(base))
    assert (root, RDF.type, DCAT.Catalog) in g
    datasets = set(g.objects(root, DCAT.dataset))
    assert datasets == {catalog.dataset_iri(base)} | {catalog.dataset_iri(base, d) for d in info.documents}
    assert (URIRef(catalog_iri(base, "sparql")), DCAT.endpointURL, URIRef(site_url(base, "sparql"))) in g
    manifest = json.loads((build.downloads / "manifest.json").read_text())
    assert {"modgraph.nq.gz", "modgraph.trig.gz", "modgraph.jsonld.gz"} <= set(manifest)
    for name, entry in manifest.items():
        data = (build.downloads / name).read_bytes()
        assert len(data) == entry["bytes"] and hashlib.sha256(data).hexdigest() == entry["sha256"]
        gzip.decompress(data)
        dist = URIRef(catalog_iri(base, "distribution-" + name.replace(".", "-")))
        assert int(g.value(dist, DCAT.byteSize)) == entry["bytes"]
        assert (dist, DCAT.downloadURL, URIRef(f"{base}downloads/{name}")) in g
    for ds in datasets:
        assert g.value(ds, URIRef("http://purl.org/dc/terms/temporal")) is not None, ds
        assert g.value(ds, URIRef("http://purl.org/dc/terms/spatial")) is not None, ds


def test_dumps_hold_the_whole_graph(corpus_build):
    import pyoxigraph as ox

    _, build, _ = corpus_build
    info = build.info
    for name, (fmt, *_rest) in DUMPS.items():
        quads = list(ox.parse(gzip.decompress((build.downloads / name).read_bytes()), format=fmt))
        assert len(quads) == info.triples, name
    void = Graph().parse(build.downloads / "void.ttl")
    from rdflib.namespace import VOID

    counts = {str(s): int(o) for s, o in void.subject_objects(VOID.triples)}
    for graph, n in info.graphs.items():
        assert counts[graph] == n


def test_the_catalogue_asks_the_store_once_per_graph_and_writes_what_it_wrote_before(
    corpus_build, tmp_path, monkeypatch
):
    """``write_catalogue`` looks up each document's spatial coverage and each graph's dates once (``StoreFacts``),
    for both profiles and the whole dataset, and the files equal the published build's byte for byte."""
    import shutil

    from modgraph.store.builds import Build

    settings, build, _ = corpus_build
    asked: list[tuple] = []
    spatial, coverage = catalog._spatial, catalog._coverage
    monkeypatch.setattr(catalog, "_spatial", lambda *a: asked.append(("spatial", a[3])) or spatial(*a))
    monkeypatch.setattr(catalog, "_coverage", lambda *a: asked.append(("coverage", a[1])) or coverage(*a))
    again = Build(tmp_path / build.id)
    (again.path / "downloads").mkdir(parents=True)
    shutil.copy(build.info_path, again.info_path)
    manifest = json.loads((build.downloads / "manifest.json").read_text(encoding="utf-8"))
    store = build.open_read_only()
    catalog.write_catalogue(again, store, build.info, manifest, settings.with_overrides(base_iri=build.info.base_iri))
    assert len(asked) == len(set(asked)) and len(asked) >= len(build.info.documents) + len(build.info.data_graphs)
    for profile in catalog.PROFILES:
        for ext in catalog.CATALOG_FORMATS:
            name = catalog.catalog_file(profile, ext)
            assert (again.downloads / name).read_bytes() == (build.downloads / name).read_bytes(), name


def test_the_written_catalogue_is_the_rdflib_graph_of_its_triples(corpus_build):
    """``write_catalogue`` writes the builder's ``Triples`` without making an rdflib graph: the files are the
    ones the rdflib graph of the same catalogue (``catalogue_graph``) is written as."""
    import pyoxigraph as ox

    from modgraph.store.terms import serializations

    settings, build, _ = corpus_build
    manifest = json.loads((build.downloads / "manifest.json").read_text(encoding="utf-8"))
    store = build.open_read_only()
    settings = settings.with_overrides(base_iri=build.info.base_iri)
    formats = [getattr(ox.RdfFormat, fmt.oxigraph) for fmt in catalog.CATALOG_FORMATS.values()]
    for profile in catalog.PROFILES:
        graph = catalog.catalogue_graph(settings, build.info, manifest, store, profile=profile)
        assert len(graph) > 100
        written = [
            (build.downloads / catalog.catalog_file(profile, ext)).read_bytes() for ext in catalog.CATALOG_FORMATS
        ]
        assert serializations(graph, formats) == written, profile
