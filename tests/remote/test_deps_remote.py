"""The dependency analyses on a SPARQL server as the store: every ``/deps/…`` analysis (the cases of
``tests/dependencies/test_deps_same_answers.py``) and ``modgraph deps`` answer from the server's graphs exactly
what the embedded store answers. The remote app and CLI run on an *empty* local store directory, so the answers
cannot come from the local build: the web process projects the server's graphs (the workers are offline) into
``remote-projections/<build id>/``, the CLI projects them in process. On each real server: the Oxigraph server and
Virtuoso 7."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from modgraph.cli.main import app as cli
from modgraph.deps.stored import projection_path
from modgraph.web.app import create_app
from modgraph.web.remote import PROJECTIONS_DIR
from tests.dependencies.test_deps_same_answers import CASES, NODE_PARAMETERS
from tests.remote.conftest import RemoteCorpus


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def served(request) -> RemoteCorpus:
    """The corpus build published on each session server."""
    return request.getfixturevalue("remote_corpus" if request.param == "oxigraph" else "virtuoso_corpus")


@pytest.fixture(scope="module")
def empty_store(served: RemoteCorpus, tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("remote-deps") / "store"


@pytest.fixture(scope="module")
def apis(served: RemoteCorpus, corpus_build, empty_store: Path):
    """(app on the server with an empty local store, app on the embedded corpus build)."""
    remote_settings = served.settings.with_overrides(store=empty_store, query_timeout=60.0, query_workers=2)
    embedded_settings = corpus_build[0].with_overrides(query_timeout=60.0, query_workers=2)
    with TestClient(create_app(remote_settings)) as remote, TestClient(create_app(embedded_settings)) as embedded:
        yield remote, embedded


@pytest.mark.parametrize("args, path, params", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_every_analysis_answers_from_the_server_as_from_the_embedded_store(
    served: RemoteCorpus, apis, empty_store: Path, args, path, params
) -> None:
    remote, embedded = apis
    base = served.settings.base_iri + "id/"
    query = {k: base + v if k in NODE_PARAMETERS else v for k, v in params.items()}
    theirs, ours = remote.get(path, params=query), embedded.get(path, params=query)
    assert theirs.status_code == ours.status_code == 200, theirs.text[:300]
    assert theirs.content == ours.content
    assert projection_path(empty_store / PROJECTIONS_DIR / served.build.info.id).is_file()
    assert not (empty_store / "builds").exists()  # nothing local was read or made


@pytest.mark.parametrize("args", [c[0] for c in CASES[:6]], ids=[" ".join(c[0]) for c in CASES[:6]])
def test_the_cli_answers_from_the_server(served: RemoteCorpus, corpus_build, apis, empty_store: Path, args) -> None:
    settings = served.settings
    environment = served.server.environment()
    remote = CliRunner().invoke(
        cli,
        ["--project", str(settings.project), "deps", "--store", str(empty_store), "-f", "json", *args],
        env=environment,
    )
    assert remote.exit_code == 0, remote.output
    local = ["--project", str(settings.project), "deps", "--store", str(corpus_build[0].store), "-f", "json", *args]
    embedded = CliRunner().invoke(cli, local)
    assert embedded.exit_code == 0, embedded.output
    assert json.loads(remote.stdout) == json.loads(embedded.stdout)
