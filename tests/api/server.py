"""Test helpers: run the app in a real uvicorn server on a free port, in a background thread; wait for a
condition by polling."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from modgraph.settings import Settings
from modgraph.web.app import create_app


def wait_until(condition: Callable[[], bool], timeout: float = 30, what: str = "the condition") -> None:
    """Poll ``condition`` every 20 ms until it holds.

    :raises TimeoutError: when it does not hold within ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not happen within {timeout:g} s")
        time.sleep(0.02)


@contextmanager
def live_server(settings: Settings, app: FastAPI | None = None) -> Iterator[str]:
    """The URL of ``app`` (default: ``create_app(settings)``) served by uvicorn until the block ends."""
    config = uvicorn.Config(app or create_app(settings), host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True, name="uvicorn-test")
    thread.start()
    wait_until(lambda: server.started or not thread.is_alive(), what="uvicorn's start")
    if not server.started:
        raise RuntimeError("uvicorn did not start")
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
