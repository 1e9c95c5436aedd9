"""The answer cache (``modgraph.web.answers``): a repeated query text is answered from the current build's kept
answers, over a real uvicorn server on a real store; a new build is never answered from the old one's."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from modgraph.settings import Settings
from modgraph.web.answers import ENTRY_OVERHEAD, AnswerCache, AnswerKey
from modgraph.web.app import create_app
from modgraph.web.execution import QueryOutcome

from .builds import publish_build, turtle
from .server import live_server

EX = "http://example.org/"
GRAPH = EX + "graph/a"
SELECT = f"SELECT ?p WHERE {{ ?p a <{EX}Programme> }} ORDER BY ?p"
JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"


def programmes(*names: str) -> dict:
    return {GRAPH: turtle(" ".join(f"<{EX}{n}> a <{EX}Programme> ." for n in names))}


def ask(client: httpx.Client, query: str = SELECT, accept: str = JSON, **params) -> httpx.Response:
    r = client.post("/sparql", data={"query": query, **params}, headers={"accept": accept})
    assert r.status_code == 200, r.text
    return r


def names(r: httpx.Response) -> list[str]:
    return [b["p"]["value"].removeprefix(EX) for b in r.json()["results"]["bindings"]]


@pytest.fixture()
def served(tmp_path: Path):
    publish_build(tmp_path, programmes("p1", "p2"), [GRAPH])
    app = create_app(Settings.load(store=tmp_path, query_workers=1))
    with live_server(app.state.settings, app) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield tmp_path, app.state.resources.answers, client


def test_a_repeated_text_is_answered_from_the_cache_with_the_same_body(served):
    _, answers, client = served
    first, second = ask(client), ask(client)
    assert (first.headers["modgraph-cache"], second.headers["modgraph-cache"]) == ("miss", "hit")
    assert second.content == first.content and names(second) == ["p1", "p2"]
    assert second.headers["modgraph-result-count"] == "2" and second.headers["content-type"].startswith(JSON)
    assert (answers.hits, answers.misses, len(answers)) == (1, 1, 1)
    get = client.get("/sparql", params={"query": SELECT}, headers={"accept": JSON})  # GET: the same key
    assert get.headers["modgraph-cache"] == "hit" and get.content == first.content


def test_the_key_holds_the_text_the_format_and_the_dataset(served):
    _, answers, client = served
    json_, xml = ask(client), ask(client, accept=XML)
    assert xml.headers["modgraph-cache"] == "miss" and xml.content != json_.content and b"<sparql" in xml.content
    other_text = ask(client, SELECT + " LIMIT 1")
    assert other_text.headers["modgraph-cache"] == "miss" and names(other_text) == ["p1"]
    no_graph = ask(client, **{"default-graph-uri": EX + "graph/none"})  # an empty default graph
    assert no_graph.headers["modgraph-cache"] == "miss" and names(no_graph) == []
    assert ask(client, **{"default-graph-uri": EX + "graph/none"}).headers["modgraph-cache"] == "hit"
    assert ask(client, accept=XML).content == xml.content
    assert len(answers) == 4


def test_a_new_build_is_never_answered_from_the_old_ones_answers(served):
    root, answers, client = served
    assert names(ask(client)) == ["p1", "p2"] and ask(client).headers["modgraph-cache"] == "hit"
    publish_build(root, programmes("p3"), [GRAPH])  # a new build becomes current
    after = ask(client)
    assert after.headers["modgraph-cache"] == "miss" and names(after) == ["p3"]
    assert len(answers) == 1 and answers.dropped_builds == 1  # the old build's answers are gone
    assert names(ask(client)) == ["p3"]


def test_errors_are_not_kept(served):
    _, answers, client = served
    for _ in range(2):
        r = client.post("/sparql", data={"query": "SELECT * WHERE {"}, headers={"accept": JSON})
        assert r.status_code == 400 and "modgraph-cache" not in r.headers
    assert len(answers) == 0


def test_without_a_cache_every_query_runs(tmp_path: Path):
    publish_build(tmp_path, programmes("p1"), [GRAPH])
    app = create_app(Settings.load(store=tmp_path, query_workers=1, answer_cache=0))
    with live_server(app.state.settings, app) as url, httpx.Client(base_url=url, timeout=30) as client:
        for _ in range(2):
            r = ask(client)
            assert names(r) == ["p1"] and "modgraph-cache" not in r.headers
    assert len(app.state.resources.answers) == 0


def key(build: str, query: str = "ASK {}") -> AnswerKey:
    return AnswerKey(build, f"/store/{build}", query, None, None, "JSON", "TURTLE", 10, None)


def test_an_answer_finished_after_the_build_changed_is_not_kept():
    cache = AnswerCache(10_000)
    assert cache.get(key("a")) is None  # a request on build a: its job runs …
    assert cache.get(key("b")) is None  # … meanwhile build b became current and was asked
    cache.put(key("a"), QueryOutcome("ok", b"old"))  # the job on a answers late
    assert len(cache) == 0 and cache.get(key("a", "other")) is None


def test_the_cache_holds_at_most_its_bytes_least_recently_used_out():
    body = b"x" * 100
    cost = len(body) + len("q0") + ENTRY_OVERHEAD
    cache = AnswerCache(cost * 4)
    for i in range(4):
        assert cache.get(key("a", f"q{i}")) is None
        cache.put(key("a", f"q{i}"), QueryOutcome("ok", body))
    assert cache.get(key("a", "q0")) is not None  # q0 used again: q1 is now the least recently used
    cache.put(key("a", "q4"), QueryOutcome("ok", body))
    assert cache.size <= cache.max_bytes and len(cache) == 4
    assert cache.get(key("a", "q1")) is None and cache.get(key("a", "q0")) is not None
    cache.put(key("a", "big"), QueryOutcome("ok", b"x" * cost))  # more than a quarter of the cache: not kept
    assert cache.get(key("a", "big")) is None
