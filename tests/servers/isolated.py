"""Run a server in a network namespace of its own (no network but its own loopback), reachable from the host's
loopback port PORT: the server cannot make any outbound request (its SPARQL federation reaches nothing).

    python -m tests.servers.isolated PORT DIR INNER_PORT -- SERVER_ARGV...

``SERVER_ARGV`` must make the server listen on ``127.0.0.1:INNER_PORT``. Inside the namespace (``unshare -rn``,
then ``ip link set lo up``) the server runs beside a bridge from ``unix:DIR/server.sock`` to its port; this
process is the bridge from ``tcp:127.0.0.1:PORT`` to that socket (``tests.servers.bridge``). Stop it with a
signal to its process group: the server and the inner bridge are in the same one.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from tests.servers.bridge import serve

INNER = 'ip link set lo up || exit 1; "$@" & exec "$PYTHON" -m tests.servers.bridge "unix:$SOCKET" "tcp:127.0.0.1:$INNER_PORT"'


def main(argv: list[str]) -> None:
    port, workdir, inner_port = argv[0], Path(argv[1]), argv[2]
    server_argv = argv[argv.index("--") + 1 :]
    socket = workdir / "server.sock"
    socket.unlink(missing_ok=True)
    env = {"PYTHON": sys.executable, "SOCKET": str(socket), "INNER_PORT": inner_port}
    inner = subprocess.Popen(
        ["unshare", "-rn", "sh", "-c", INNER, "sh", *server_argv],
        env={**os.environ, **env},
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        asyncio.run(serve(f"tcp:127.0.0.1:{port}", f"unix:{socket}"))
    finally:
        inner.terminate()


if __name__ == "__main__":
    main(sys.argv[1:])
