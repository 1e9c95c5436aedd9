"""The client against real HTTP servers: retries with back-off on 5xx, no retry of an update once sent, Basic
and Digest authentication (a small server of the test's own that asks for them), and ``modgraph build`` (the
CLI, in a child process) publishing a project on the Oxigraph server."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from modgraph.settings import Settings
from modgraph.store.builds import StoreLocation
from modgraph.store.remote import Endpoints, RemoteStoreError, SparqlClient, read_control
from modgraph.store.remote.publication import server_counts
from tests.servers.oxigraph_server import OxigraphServer
from tests.store.tiny_project import write_tiny_project

REALM, NONCE, USER, PASSWORD = "modgraph-test", "0123456789abcdef", "reader", "s3cret"
ASK_TRUE = json.dumps({"head": {}, "boolean": True}).encode()


class Handler(BaseHTTPRequestHandler):
    """Answers every POST with ``ASK`` true, after ``server.fail_first`` 503s, if the credentials are right."""

    def log_message(self, *args) -> None:  # quiet
        pass

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        kind = self.server.auth  # type: ignore[attr-defined]
        if kind == "basic":
            return header == "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if not header.startswith("Digest "):
            return False
        fields = dict(part.strip().split("=", 1) for part in header.removeprefix("Digest ").split(","))
        fields = {k: v.strip('"') for k, v in fields.items()}
        ha1 = hashlib.md5(f"{USER}:{REALM}:{PASSWORD}".encode()).hexdigest()
        ha2 = hashlib.md5(f"POST:{fields.get('uri', '')}".encode()).hexdigest()
        expected = hashlib.md5(
            f"{ha1}:{NONCE}:{fields.get('nc')}:{fields.get('cnonce')}:{fields.get('qop')}:{ha2}".encode()
        ).hexdigest()
        return fields.get("response") == expected

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests += 1  # type: ignore[attr-defined]
        if not self._authorised():
            self.send_response(401)
            challenge = (
                f'Basic realm="{REALM}"'
                if self.server.auth == "basic"  # type: ignore[attr-defined]
                else f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth", algorithm=MD5'
            )
            self.send_header("WWW-Authenticate", challenge)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.server.fail_first > 0:  # type: ignore[attr-defined]
            self.server.fail_first -= 1  # type: ignore[attr-defined]
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(ASK_TRUE)))
        self.end_headers()
        self.wfile.write(ASK_TRUE)


def _server(auth: str, fail_first: int) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.auth, httpd.fail_first, httpd.requests = auth, fail_first, 0  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd  # type: ignore[misc]
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(params=["basic", "digest"])
def flaky(request):
    yield from _server(request.param, fail_first=2)


def _client(url: str, auth: str, retries: int = 3, password: str = PASSWORD) -> SparqlClient:
    return SparqlClient(Endpoints(url, url, url, user=USER, password=password, auth=auth, retries=retries))


def test_authenticated_query_retried_after_5xx(flaky) -> None:
    url, httpd = flaky
    with _client(url, httpd.auth) as client:
        assert bool(client.query("ASK {}")) is True
    assert httpd.fail_first == 0  # two 503s were answered, then the third try went through


def test_no_retry_beyond_the_limit_and_none_for_an_update_once_sent(flaky) -> None:
    url, httpd = flaky
    with _client(url, httpd.auth, retries=1) as client, pytest.raises(RemoteStoreError, match="after 2 attempts"):
        client.query("ASK {}")
    httpd.fail_first = 1
    with _client(url, httpd.auth) as client, pytest.raises(RemoteStoreError, match="503"):
        client.update("CLEAR SILENT GRAPH <urn:x>", once=True)
    assert httpd.fail_first == 0


def test_wrong_credentials_are_an_error_not_retried(flaky) -> None:
    url, httpd = flaky
    httpd.fail_first = 0
    with _client(url, httpd.auth, password="wrong") as client, pytest.raises(RemoteStoreError, match="401"):
        client.query("ASK {}")


def test_modgraph_build_publishes_on_the_server(tmp_path: Path) -> None:
    project = write_tiny_project(tmp_path / "project")
    with OxigraphServer(tmp_path / "server").running() as server:
        env = {**os.environ, **server.environment(), "MODGRAPH_STORE": str(tmp_path / "store")}
        done = subprocess.run(
            [sys.executable, "-m", "modgraph", "--project", str(project), "build"],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-2000:] + done.stdout[-2000:]
        client = SparqlClient(Endpoints(server.query_url, server.update_url, server.gsp_url))
        control = read_control(client)
        local = Settings.load(project, environ=env)
        current = StoreLocation(local.store).require_current()
        assert control is not None and control.build_id == current.id
        assert server_counts(client, sorted(current.info.graphs)) == current.info.graphs
