"""Answers of the current build kept by query text: a repeated query is answered without a worker.

The answer of a query text is fixed for a published build (the store is read-only; the workers have no network,
so nothing outside the build enters an answer). ``AnswerCache`` keeps the serialised answers of the *current*
build, bounded in bytes, least recently used first out, keyed by everything the answer depends on: the build (its
id and store directory), the query text, the dataset (protocol graphs, or the union default graph), the result and
graph formats, the row limit and the base IRI. Only successful answers are kept.

A cached answer never outlives its build: every lookup names the build the request resolved as current (the
``current`` link is re-read per request), and the first lookup or store for another build empties the cache; an
answer a worker finishes for a build that is no longer current is not stored. Kept releases
(``/releases/…/sparql``) and a SPARQL server as the store are not cached (``modgraph.web.sparql``).

>>> cache = AnswerCache(max_bytes=10_000)
>>> key = AnswerKey("b1", "/s/b1", "ASK {}", None, None, "JSON", "TURTLE", 10, "http://x/sparql")
>>> cache.get(key) is None  # a miss: the query runs in a worker, and its answer is kept
True
>>> cache.put(key, QueryOutcome("ok", b"{}"))
>>> cache.get(key).body, cache.hits
(b'{}', 1)
>>> cache.get(key._replace(build_id="b2", store_path="/s/b2")) is None, len(cache)
(True, 0)
"""

from __future__ import annotations

from collections import OrderedDict
from typing import NamedTuple

from modgraph.web.execution import QueryOutcome

ENTRY_OVERHEAD = 400  # bytes an entry costs beside its body and text (key tuple, outcome, dictionary slot)


class AnswerKey(NamedTuple):
    """What a query's answer depends on (see the module docstring)."""

    build_id: str
    store_path: str
    query: str
    default_graph: tuple | None
    named_graphs: tuple | None
    result_format: str
    graph_format: str
    max_rows: int
    base_iri: str | None
    offset: int = 0


class AnswerCache:
    """The current build's answers by ``AnswerKey``, at most ``max_bytes`` (0: nothing is kept); one entry may
    take at most a quarter of that, so that one large answer does not evict all the others."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max(0, max_bytes)
        self._build: tuple[str, str] | None = None
        self._entries: OrderedDict[AnswerKey, tuple[QueryOutcome, int]] = OrderedDict()
        self.size = 0  # bytes held
        self.hits = 0
        self.misses = 0
        self.dropped_builds = 0  # times the cache was emptied for a new build

    def __len__(self) -> int:
        return len(self._entries)

    def _for_build(self, key: AnswerKey) -> None:
        build = (key.build_id, key.store_path)
        if build != self._build:
            if self._entries:
                self.dropped_builds += 1
            self._entries.clear()
            self.size = 0
            self._build = build

    def get(self, key: AnswerKey) -> QueryOutcome | None:
        """The kept answer (now the most recently used), or None; a key naming another build than the kept
        answers' empties the cache first."""
        if not self.max_bytes:
            return None
        self._for_build(key)
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry[0]

    def put(self, key: AnswerKey, outcome: QueryOutcome) -> None:
        """Keep a successful answer of the build the last lookup named (an answer for another build, finished
        after the switch, is dropped), evicting the least recently used ones beyond ``max_bytes``."""
        if outcome.status != "ok" or (key.build_id, key.store_path) != self._build:
            return
        cost = len(outcome.body) + len(key.query) + ENTRY_OVERHEAD
        if cost > self.max_bytes // 4:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.size -= old[1]
        self._entries[key] = (outcome, cost)
        self.size += cost
        while self.size > self.max_bytes:
            _, (_, freed) = self._entries.popitem(last=False)
            self.size -= freed
