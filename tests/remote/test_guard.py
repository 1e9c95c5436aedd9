"""The readers' guard on a real Oxigraph server holding the corpus: while the control graph carries the switching
flag, ``RemoteStore`` and modgraph's ``/sparql`` wait (and give up with ``SwitchInProgress`` / 503 ``switching``
at their limit); once it is cleared they answer. A stale flag is cleared by ``clear_stale_switch``."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from modgraph.store.remote import RemoteReader, SwitchInProgress, served_state
from modgraph.store.remote.publication import CLEAR_FLAG, clear_stale_switch, set_flag
from tests.api.server import live_server
from tests.remote.conftest import RemoteCorpus


def _clear_later(remote_corpus: RemoteCorpus, seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, lambda: remote_corpus.client.update(CLEAR_FLAG))
    timer.start()
    return timer


def test_the_store_waits_while_a_switch_is_flagged(remote_corpus: RemoteCorpus) -> None:
    client = remote_corpus.client
    _, info, store = RemoteReader(remote_corpus.settings, client).get()
    store.switch_wait = 1.0
    client.update(set_flag("another-build"))
    try:
        assert served_state(client).switching and not served_state(client).stable
        started = time.monotonic()
        with pytest.raises(SwitchInProgress):
            store.query("ASK { ?s ?p ?o }")
        assert time.monotonic() - started >= 0.5  # it waited (polling up to its 1 s limit) before giving up
        store.switch_wait = 30.0
        started = time.monotonic()
        _clear_later(remote_corpus, 1.0)
        assert bool(store.query("ASK { ?s ?p ?o }"))
        assert time.monotonic() - started >= 0.9  # answered only once the flag was gone
        assert store.asked_again >= 1
    finally:
        client.update(CLEAR_FLAG)
    assert served_state(client).stable and served_state(client).build_id == info.id


def test_the_endpoint_waits_while_a_switch_is_flagged(remote_corpus: RemoteCorpus) -> None:
    client = remote_corpus.client
    with live_server(remote_corpus.settings) as url, httpx.Client(base_url=url, timeout=60) as http:
        query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
        accept = {"Accept": "application/sparql-results+json"}
        before = http.post("/sparql", data=query, headers=accept)
        assert before.status_code == 200, before.text
        client.update(set_flag("another-build"))
        try:
            started = time.monotonic()
            _clear_later(remote_corpus, 1.5)
            during = http.post("/sparql", data=query, headers=accept)
            assert time.monotonic() - started >= 1.4
        finally:
            client.update(CLEAR_FLAG)
        assert during.status_code == 200, during.text
        assert during.json()["results"] == before.json()["results"]


def test_a_stale_flag_is_cleared_by_the_next_publication(remote_corpus: RemoteCorpus) -> None:
    client = remote_corpus.client
    assert clear_stale_switch(client) is False  # nothing to clear
    client.update(set_flag("a-killed-build"))
    assert served_state(client).switching
    assert clear_stale_switch(client) is True
    assert served_state(client).stable
