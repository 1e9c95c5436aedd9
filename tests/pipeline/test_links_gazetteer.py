"""The Wikidata gazetteer shipped with the program links only what a project's records declare."""

from modgraph.iris import data_iri
from modgraph.pipeline.links import LINKS_FILE, map_links
from modgraph.pipeline.records import load_yaml

BASE = "https://example.org/"


def test_a_project_that_declares_none_of_the_entities_gets_no_links():
    assert len(map_links(BASE, set())) == 0


def test_only_the_declared_entities_are_linked():
    entries = load_yaml(LINKS_FILE)["links"]
    first = entries[0]["entity"]
    g = map_links(BASE, {first})
    kind, _, ident = first.partition(":")
    assert {str(s) for s in g.subjects()} - {str(o) for o in g.objects()} <= {data_iri(BASE, kind, ident)}
    assert len(g) > 0 and len(map_links(BASE, {e["entity"] for e in entries})) > len(g)
