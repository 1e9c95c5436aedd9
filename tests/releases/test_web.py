"""``/releases``, the changes page, the patch and the SPARQL endpoint of each release, over a real uvicorn server;
the catalogue and VoID list the releases and the catalogue still conforms to DCAT-AP.de."""

from __future__ import annotations

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV

from modgraph.iris import release_iri
from modgraph.publish import catalog
from modgraph.publish.catalog import DCAT3, dataset_iri
from modgraph.settings import Settings
from modgraph.store.patch import parse_patch, write_patch
from modgraph.store.releases import release_patch
from tests.api.server import live_server
from tests.publication.helpers import check_catalogue
from tests.queries.catalogue_support import QUERIES, bound_text
from tests.releases.test_patch import BASE, IN_PROGRESS, PLANNED

STATUS_QUERY = """PREFIX mg: <https://w3id.org/modgraph/def#>
SELECT ?status WHERE { ?a mg:statusOf <https://w3id.org/modgraph/id/measure/tiny/e-akte> ; mg:status ?status }"""


@pytest.fixture(scope="module")
def site(released):
    with live_server(released.settings) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


def test_releases_json_lists_id_version_previous_created_newest_first(site, released):
    r = site.get("/releases", headers={"Accept": "application/json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert [(e["id"], e["version"], e["previous"], e["created"]) for e in body] == [
        (x.id, x.version, x.previous, x.created) for x in reversed(released.kept)
    ]
    assert body[0]["changes"] == f"/releases/{released.kept[2].id}/changes"
    assert body[0]["iri"] == release_iri(BASE, released.kept[2].id)


@pytest.mark.parametrize(("lang", "title", "current"), [("de", "Versionen", "aktuell"), ("en", "Releases", "current")])
def test_releases_page_in_both_languages(site, released, lang, title, current):
    r = site.get("/releases", params={"lang": lang})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert f'<html lang="{lang}">' in page and f"<h1>{title}</h1>" in page
    assert f'href="/releases">{title}</a>' in page  # in the site navigation
    for x in released.kept:
        assert f"<code>{x.id}</code>" in page
    assert f"({current})" in page


@pytest.mark.parametrize(
    ("lang", "summary"),
    [
        ("de", "1 × Statusangabe hinzugefügt, 1 × Statusangabe entfernt; 1 × Maßnahme geändert"),
        ("en", "1 × Status assertion added, 1 × Status assertion removed; 1 × Measure changed"),
    ],
)
def test_changes_page_says_what_changed_by_kind_and_links_it(site, released, lang, summary):
    second = released.kept[1]
    r = site.get(f"/releases/{second.version}/changes", params={"lang": lang})
    assert r.status_code == 200, r.text
    assert summary in r.text
    assert 'href="/doc/measure/tiny/e-akte/status/2024-01-15-in-progress"' in r.text  # added: linked
    assert 'href="/doc/measure/tiny/e-akte/status/2024-01-15-planned"' not in r.text  # removed: not served now
    assert f"<code>{PLANNED}</code>" in r.text


def test_changes_json_and_an_empty_difference(site, released):
    first, second, third = released.kept
    body = site.get(f"/releases/{second.id}/changes", params={"format": "json"}).json()
    assert (body["from"]["id"], body["release"]["id"], body["deleted"], body["added"]) == (first.id, second.id, 7, 7)
    kinds = {k["kind"].rsplit("#", 1)[-1]: k for k in body["kinds"]}
    assert [c["iri"] for c in kinds["StatusAssertion"]["added"]] == [IN_PROGRESS]
    empty = site.get(f"/releases/{third.id}/changes", params={"format": "json"}).json()
    assert (empty["deleted"], empty["added"], empty["kinds"], empty["model_graphs"]) == (0, 0, [], {})
    assert "Keine Änderungen" in site.get(f"/releases/{third.id}/changes").text


def test_patch_route_serves_the_rdf_patch(site, released):
    first, second, _ = released.kept
    r = site.get(f"/releases/{second.id}/patch")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/rdf-patch")
    assert r.text == write_patch(release_patch(first, second))
    back = site.get(f"/releases/{first.id}/patch", params={"from": second.id})  # the reverse direction
    assert parse_patch(back.text).added == parse_patch(r.text).deleted


def test_unknown_release_and_missing_predecessor_are_404(site, released):
    r = site.get("/releases/99/changes")
    assert r.status_code == 404 and r.json()["error"] == "no-release"
    assert released.kept[0].id in r.json()["message"]  # the kept releases are named
    r = site.get(f"/releases/{released.kept[0].id}/changes")
    assert r.status_code == 404 and r.json()["error"] == "no-predecessor"


def _status(site, ref: str, method: str = "GET") -> list[str]:
    headers = {"Accept": "application/sparql-results+json"}
    if method == "GET":
        r = site.get(f"/releases/{ref}/sparql", params={"query": STATUS_QUERY}, headers=headers)
    else:
        r = site.post(
            f"/releases/{ref}/sparql",
            content=STATUS_QUERY,
            headers={**headers, "Content-Type": "application/sparql-query"},
        )
    assert r.status_code == 200, r.text
    return [b["status"]["value"].rsplit("/", 1)[-1] for b in r.json()["results"]["bindings"]]


def test_each_release_answers_its_own_query(site, released):
    first, second, third = released.kept
    assert _status(site, first.id) == ["planned"]
    assert _status(site, "2", "POST") == ["in-progress"]
    assert _status(site, "current") == ["in-progress"]
    assert _status(site, third.created[:10]) == ["in-progress"]  # the release current on that day
    r = site.get("/releases/1/sparql", params={"update": "CLEAR ALL"})
    assert r.status_code == 400


def test_the_as_of_query_gives_each_release_its_answer(site, released):
    """The catalogue's status-on-date, asked of each release by name: what the graph said then about the day."""
    text = bound_text(QUERIES / "status-on-date.rq", on="2024-02-01")
    answers = {}
    for r in released.kept:
        reply = site.post(
            f"/releases/{r.id}/sparql",
            data={"query": text},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert reply.status_code == 200, reply.text
        answers[r.version] = [(b["thing"]["value"], b["status"]["value"]) for b in reply.json()["results"]["bindings"]]
    measure = IN_PROGRESS.split("/status/")[0]
    assert answers == {1: [(measure, "planned")], 2: [(measure, "in-progress")], 3: [(measure, "in-progress")]}
    before = site.post("/releases/1/sparql", data={"query": bound_text(QUERIES / "status-on-date.rq", on="2024-01-14")})
    assert before.json()["results"]["bindings"] == []  # the status is as of 2024-01-15


def test_catalogue_and_void_list_the_releases(released):
    first, second, third = released.kept
    g = Graph().parse(third.build.downloads / "catalog.ttl", format="turtle")
    whole = dataset_iri(BASE)
    node = {x.id: URIRef(release_iri(BASE, x.id)) for x in released.kept}
    assert set(g.objects(whole, DCAT3.version)) == {Literal("3")}
    assert set(g.objects(whole, DCAT3.previousVersion)) == {node[second.id]}
    assert set(g.objects(whole, PROV.wasRevisionOf)) == {node[second.id]}
    assert set(g.objects(whole, DCAT3.hasCurrentVersion)) == {node[third.id]}
    assert set(g.objects(node[second.id], DCAT3.previousVersion)) == {node[first.id]}
    assert {str(v) for v in g.objects(None, DCAT3.version)} == {"1", "2", "3"}
    void = Graph().parse(third.build.downloads / "void.ttl", format="turtle")
    endpoints = {str(o) for o in void.objects(None, URIRef("http://rdfs.org/ns/void#sparqlEndpoint"))}
    assert {BASE + f"releases/{x.id}/sparql" for x in released.kept} <= endpoints


@pytest.mark.parametrize("profile", [catalog.PROFILE_DE2, catalog.PROFILE_DE3])
def test_catalogue_with_releases_conforms_to_dcat_ap_de(released, profile):
    third = released.kept[2]
    g = Graph().parse(third.build.downloads / catalog.catalog_file(profile, "ttl"), format="turtle")
    violations, _ = check_catalogue(g, Settings.load().external, profile)  # the repository's copy of the shapes
    assert violations == [], "\n".join(f"{v['focus']} {v['path']} {v['value']}: {v['message']}" for v in violations)
