"""modgraph.pipeline.update publishes a complete copy, and only over the build it was made from."""

from __future__ import annotations

import json

import pytest

from modgraph.pipeline.update import update_graph
from modgraph.settings import Settings
from modgraph.store.builds import StoreLocation
from modgraph.store.drafts import PublishConflict
from tests.api.builds import publish_build, turtle

EX = "http://example.org/"
DOC = EX + "graph/doc"
REPORT = {"conforms": True, "results": [{"severity": "Warning", "focus": f"{EX}p1", "message_en": "check me"}]}


@pytest.fixture
def settings(tmp_path) -> Settings:
    build = publish_build(tmp_path, {DOC: turtle(f'<{EX}p1> <{EX}name> "A" .')}, [DOC])
    build.validation_path.write_text(json.dumps(REPORT), encoding="utf-8")
    return Settings.load(store=tmp_path)


def test_the_new_build_has_every_publication_file_and_the_old_report(settings):
    info = update_graph(settings, f'INSERT DATA {{ GRAPH <{DOC}> {{ <{EX}p2> <{EX}name> "B" }} }}')
    build = StoreLocation(settings.store).require_current()
    assert build.id == info.id and info.graphs == {DOC: 2}
    for name in (
        "modgraph.nq.gz",
        "manifest.json",
        "catalog.ttl",
        "catalog-dcat-ap-de-2.0.rdf",
        "void.ttl",
        "sitemap.xml",
    ):
        assert (build.downloads / name).is_file(), name
    assert json.loads(build.validation_path.read_text(encoding="utf-8")) == REPORT


def test_a_build_published_while_the_update_ran_wins(settings, monkeypatch):
    location = StoreLocation(settings.store)
    newer: list[str] = []

    def meanwhile(build, settings, report_json):  # another publisher gets in before the update publishes
        newer.append(publish_build(settings.store, {DOC: turtle(f'<{EX}p9> <{EX}name> "newer" .')}, [DOC]).id)

    monkeypatch.setattr("modgraph.pipeline.update.write_downloads", meanwhile)
    with pytest.raises(PublishConflict, match="has been published meanwhile"):
        update_graph(settings, f'INSERT DATA {{ GRAPH <{DOC}> {{ <{EX}p2> <{EX}name> "B" }} }}')
    assert location.require_current().id == newer[0]
    assert [p for p in location.builds_dir.iterdir() if p.name.endswith(".partial")] == []
