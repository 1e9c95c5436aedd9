"""Test helper: a tiny threaded HTTP server on 127.0.0.1 that records every connection it receives."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: what the listener answers: a valid SPARQL JSON result, so that a request that gets through also succeeds
ANSWER = b'{"head":{"vars":["leak"]},"results":{"bindings":[{"leak":{"type":"literal","value":"reached"}}]}}'


class Listener(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections: list[str] = []  # the first line of each request (or "" when none came)
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.connections)


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.settimeout(2)
        try:
            first = self.request.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
        except OSError:
            first = ""
        server: Listener = self.server  # type: ignore[assignment]
        with server.lock:
            server.connections.append(first)
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: {len(ANSWER)}\r\n"
        try:
            self.request.sendall(head.encode() + b"Connection: close\r\n\r\n" + ANSWER)
        except OSError:
            pass


@contextmanager
def loopback_listener() -> Iterator[Listener]:
    """A :class:`Listener` serving in a background thread until the block ends."""
    server = Listener()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
