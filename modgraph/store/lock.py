"""The one publication lock: every switch of ``current`` happens while it is held.

It is an ``fcntl.flock`` on ``<store root>/.publish.lock``, so it works between processes (``modgraph
build`` on the command line, the web server's update workers) and the kernel releases it when a
holder dies (a killed worker never leaves the store locked).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".publish.lock"


@contextmanager
def publication_lock(root: Path) -> Iterator[None]:
    """Hold the store's publication lock (blocking until it is free)."""
    Path(root).mkdir(parents=True, exist_ok=True)
    fd = os.open(Path(root) / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
