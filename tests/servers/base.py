"""Start a SPARQL server process on a free loopback port in a directory of its own, wait until it answers,
stop it by PID.

A server class says how it is started (``argv``) and where its protocols answer (the paths ``query_path``,
``update_path``, ``gsp_path`` under its base URL give ``query_url``, ``update_url``, ``gsp_url``) and with which
credentials (``user``, ``password``, ``auth``: ``"basic"``,
``"digest"`` or ``None``). ``SparqlServer.running()`` is the context manager the fixtures use::

    with OxigraphServer(tmp_path).running() as server:
        httpx.post(server.query_url, data={"query": "ASK {}"})

A missing server program raises (``FileNotFoundError``), so a test that needs it fails rather than skips:
``scripts/setup.sh --test`` installs every server the tests use.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from modgraph.store.remote import Endpoints, SparqlClient


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerNotReady(RuntimeError):
    """The server process exited, or did not answer, before it was ready."""


class SparqlServer:
    """One server process. Subclasses set ``name`` and the protocols' paths, and implement ``argv``."""

    name = "sparql-server"
    query_path = "/query"
    update_path = "/update"
    gsp_path = "/store"
    #: seconds to wait for the first answer
    start_timeout = 60.0
    user: str | None = None
    password: str | None = None
    auth: str | None = None  # "basic", "digest" or None

    def __init__(self, workdir: Path, port: int | None = None) -> None:
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = self.workdir / f"{self.name}.log"

    # ------------------------------------------------------------ what a subclass says

    def argv(self) -> list[str]:
        """The command line that starts the server in the foreground.

        :raises FileNotFoundError: when the server program is not installed.
        """
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return self.base_url + self.query_path

    @property
    def update_url(self) -> str:
        return self.base_url + self.update_path

    @property
    def gsp_url(self) -> str:
        """The Graph Store Protocol endpoint."""
        return self.base_url + self.gsp_path

    def process_environment(self) -> dict[str, str]:
        """Variables added to the server process's environment."""
        return {}

    def httpx_auth(self) -> httpx.Auth | None:
        """The credentials as httpx sends them."""
        if self.user is None or self.auth is None:
            return None
        if self.auth == "digest":
            return httpx.DigestAuth(self.user, self.password or "")
        return httpx.BasicAuth(self.user, self.password or "")

    def environment(self) -> dict[str, str]:
        """``MODGRAPH_STORE_*`` settings that make modgraph use this server as its store."""
        env = {
            "MODGRAPH_STORE_URL": self.base_url,
            "MODGRAPH_STORE_QUERY_URL": self.query_url,
            "MODGRAPH_STORE_UPDATE_URL": self.update_url,
            "MODGRAPH_STORE_GSP_URL": self.gsp_url,
        }
        if self.user is not None:
            env["MODGRAPH_STORE_USER"] = self.user
            env["MODGRAPH_STORE_PASSWORD"] = self.password or ""
            env["MODGRAPH_STORE_AUTH"] = self.auth or "basic"
        return env

    def is_ready(self) -> bool:
        """Whether the server answers ``ASK {}`` on its query URL."""
        try:
            response = httpx.post(
                self.query_url,
                data={"query": "ASK {}"},
                headers={"Accept": "application/sparql-results+json"},
                auth=self.httpx_auth(),
                timeout=2,
            )
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    # ------------------------------------------------------------ life cycle

    def start(self) -> None:
        """Start the process and wait until it answers.

        :raises FileNotFoundError: the server program is missing.
        :raises ServerNotReady: it exited or did not answer within ``start_timeout`` seconds (its log is in the
            message).
        """
        argv = self.argv()
        log = open(self.log_path, "ab")
        try:
            self.proc = subprocess.Popen(
                argv,
                cwd=self.workdir,
                env={**os.environ, **self.process_environment()},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() reaches its children too
            )
        finally:
            log.close()
        deadline = time.monotonic() + self.start_timeout
        while not self.is_ready():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise ServerNotReady(f"{self.name} on port {self.port} not ready:\n{self.log_tail()}")
            time.sleep(0.1)

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM to the server's process group, SIGKILL if it is still there after ``grace`` seconds."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(grace)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(grace)

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    @contextlib.contextmanager
    def running(self) -> Iterator[SparqlServer]:
        """The started server until the block ends, then stopped."""
        self.start()
        try:
            yield self
        finally:
            self.stop()


def client_for(server: SparqlServer, timeout: float = 120.0, retries: int = 1) -> SparqlClient:
    """modgraph's client for a test server (any ``SparqlServer``: its URLs and credentials)."""
    return SparqlClient(
        Endpoints(
            server.query_url,
            server.update_url,
            server.gsp_url,
            user=server.user,
            password=server.password,
            auth=server.auth or "basic",
            timeout=timeout,
            retries=retries,
        )
    )
