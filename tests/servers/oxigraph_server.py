"""The Oxigraph server: ``oxigraph serve`` from the ``oxigraph`` wheel (test extras), on disk in the work
directory. Its protocols: ``/query``, ``/update`` and ``/store`` (GSP); no authentication."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from tests.servers.base import SparqlServer, free_port


def oxigraph_binary() -> str:
    """The ``oxigraph`` program next to this Python (the venv's), else on PATH.

    :raises FileNotFoundError: when neither exists (``pip install -e .[test]`` installs it).
    """
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if found is None:
        raise FileNotFoundError("the oxigraph server program is missing: pip install -e '.[test]' installs it")
    return found


class OxigraphServer(SparqlServer):
    """``oxigraph serve --location DIR/store --bind 127.0.0.1:PORT`` (its default graph is its own, not the
    union: modgraph names graphs explicitly)."""

    name = "oxigraph"  # its paths are the base class's: /query, /update, /store

    def __init__(self, workdir: Path, port: int | None = None, timeout_s: int | None = None) -> None:
        super().__init__(workdir, port)
        self.timeout_s = timeout_s

    def serve_argv(self, port: int) -> list[str]:
        """``oxigraph serve`` on the store in the work directory, listening on ``port``."""
        argv = [oxigraph_binary(), "serve", "--location", str(self.workdir / "store"), "--bind", f"127.0.0.1:{port}"]
        if self.timeout_s is not None:
            argv += ["--timeout-s", str(self.timeout_s)]
        return argv

    def argv(self) -> list[str]:
        return self.serve_argv(self.port)


class IsolatedOxigraphServer(OxigraphServer):
    """The Oxigraph server without outbound network (``tests.servers.isolated``): its ``SERVICE`` reaches
    nothing, which ``modgraph serve`` checks before it serves from a SPARQL server."""

    name = "oxigraph-isolated"

    def process_environment(self) -> dict[str, str]:
        return {"PYTHONPATH": str(Path(__file__).resolve().parents[2])}  # the launcher is this repository's

    def argv(self) -> list[str]:
        inner = free_port()
        server = self.serve_argv(inner)
        launcher = [sys.executable, "-m", "tests.servers.isolated", str(self.port), str(self.workdir), str(inner)]
        return [*launcher, "--", *server]
