"""Review and build of the second city's drafts: only accepted records are built, the build says how
many drafts it left out, and the catalogue is the city's own (its contributor id and regional key,
never Bremen's); a project without those settings is warned and its entries say what is missing."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from typer.testing import CliRunner

from modgraph.cli import app
from modgraph.ingest.review import ReviewError, ReviewFile
from modgraph.iris import data_iri
from modgraph.publish import catalog
from modgraph.settings import Settings
from modgraph.store.builds import StoreLocation
from tests.publication.helpers import check_catalogue

from .conftest import DOC

DCATDE = "http://dcat-ap.de/def/dcatde/"
BASE = "https://data.musterstadt.example/"
CITY_REGION = "http://dcat-ap.de/def/politicalGeocoding/regionalKey/099990000000"
CITY_CONTRIBUTOR = "http://dcat-ap.de/def/contributors/stadtMusterstadt"


def _cli(project, *args):
    return CliRunner().invoke(app, ["--project", str(project), *args], catch_exceptions=False)


def test_review_accepts_with_what_a_record_refers_to_and_refuses_to_orphan(project):
    rf = ReviewFile(project / "records" / f"{DOC}.yaml")
    done = rf.accept(f"measure:{DOC}/1-1")
    assert set(done) == {
        f"measure:{DOC}/1-1",
        f"field:{DOC}/feld-1",
        f"programme:{DOC}/programm",
        f"organisation:{DOC}/amt-fuer-digitalisierung-und-organisation",
    }
    with pytest.raises(ReviewError, match="refer"):
        rf.reject(f"field:{DOC}/feld-1")
    rf.reject(f"decision:{DOC}/beschluss-vii-ds-01234")
    with pytest.raises(ReviewError, match="rejected"):
        rf.accept(f"measure:{DOC}/1-2")  # it refers to the rejected decision
    rf.edit(f"measure:{DOC}/2-1", "Einführung der E-Rechnung")
    rf.save()
    again = ReviewFile(project / "records" / f"{DOC}.yaml")
    assert again.get(f"decision:{DOC}/beschluss-vii-ds-01234").state == "rejected"
    assert again.get(f"measure:{DOC}/2-1").record["label"] == "Einführung der E-Rechnung"
    assert len(again.pending()) == 10 - 4 - 1


def test_a_build_has_only_accepted_records_and_the_citys_own_catalogue(project):
    rf = ReviewFile(project / "records" / f"{DOC}.yaml")
    rf.accept(f"measure:{DOC}/1-1")
    rf.accept(f"organisation:{DOC}/stadt-musterstadt")  # the proposed publisher
    rf.save()
    assert ReviewFile(project / "records" / f"{DOC}.yaml").data["document"]["publisher"] == [f"{DOC}/stadt-musterstadt"]
    result = _cli(project, "build")
    assert result.exit_code == 0, result.output
    assert "5 drafts not yet accepted left out (modgraph review)" in result.output
    assert "warning catalogue" not in result.output  # the city gave every setting
    build = StoreLocation(project / "data").current()
    assert build is not None
    store = build.open_read_only()
    measure = data_iri(BASE, "measure", DOC, "1-1")
    assert store.query(f"ASK {{ GRAPH ?g {{ <{measure}> ?p ?o }} }}")
    for left_out in ("1-2", "2-1"):
        assert not store.query(f"ASK {{ GRAPH ?g {{ <{data_iri(BASE, 'measure', DOC, left_out)}> ?p ?o }} }}")
    del store

    g = Graph().parse(build.downloads / catalog.catalog_file(catalog.PROFILE_DE3, "ttl"), format="turtle")
    ds = catalog.dataset_iri(BASE, DOC)
    assert set(g.objects(ds, DCTERMS.spatial)) == {URIRef(CITY_REGION)}
    assert set(g.objects(ds, URIRef(DCATDE + "contributorID"))) == {URIRef(CITY_CONTRIBUTOR)}
    assert Literal("Stadt Musterstadt, Digitalstrategie 2025", lang="de") in set(
        g.objects(None, URIRef(DCATDE + "licenseAttributionByText"))
    )
    assert "Bremen" not in g.serialize(format="nt")
    # and the city's catalogue passes the official DCAT-AP.de shapes, in both profiles; the shapes look up
    # the contributor id and the regional key in the published code lists, of which the conformance test has
    # only the entries modgraph's own catalogue uses (publish/codelists): the fictional city's two are added
    # as GovData's lists would give them
    codes = Graph().parse(
        data=f"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <{CITY_CONTRIBUTOR}> a skos:Concept ; skos:inScheme <http://dcat-ap.de/def/contributors> .
        <{CITY_REGION}> a skos:Concept ;
            skos:inScheme <http://dcat-ap.de/def/politicalGeocoding/regionalKey> .""",
        format="turtle",
    )
    for profile in (catalog.PROFILE_DE2, catalog.PROFILE_DE3):
        own = Graph().parse(build.downloads / catalog.catalog_file(profile, "ttl"), format="turtle")
        violations, _ = check_catalogue(own + codes, Settings.load().external, profile)
        assert violations == [], (profile, violations[:3])

    # the same build, published by a project that gave none of them: warned, and the entry says so
    bare = build.info
    settings = Settings(project=project, base_iri=BASE)  # no contributor id, attribution, geocoding
    store = build.open_read_only()
    gaps = catalog.publication_gaps(settings, bare, store)
    assert gaps == {DOC: ["contributor_id", "attribution", "spatial"]}
    manifest = json.loads((build.downloads / "manifest.json").read_text())
    g2 = catalog.catalogue_graph(settings, bare, manifest, store)
    del store
    described = " ".join(str(d) for d in g2.objects(ds, DCTERMS.description))
    assert "Es fehlen: GovData-Contributor-ID, Namensnennungstext der Lizenz, räumliche Abdeckung" in described
    assert "Missing: GovData contributor id" in described
    assert not list(g2.objects(ds, URIRef(DCATDE + "contributorID")))
