"""The store's locks: the publication lock, and one writing lock per build being written.

Both are ``fcntl.flock`` locks on files, so they work between processes (``modgraph build`` on the
command line, the web server's update workers) and the kernel releases them when a holder dies, even
by ``kill -9``: a killed process never leaves the store locked, nor a build marked as being written.

- **publication lock** (``<store root>/.publish.lock``): every switch of ``current``, every new
  ``.partial`` directory and every removal of leftovers happens while it is held.
- **writing lock** (``<build>.partial/.writing.lock``): held by the process writing that partial build
  for as long as it writes it. A partial build whose writing lock is free is a leftover of a killed
  process and may be removed. (The lock goes with the open file: a child made by ``fork`` without
  ``exec`` would hold it too, until it exits.)
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".publish.lock"
WRITING_LOCK_FILE = ".writing.lock"


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


class WritingLock:
    """The writing lock of one partial build, held from ``take`` until ``release`` (or the process's end)."""

    def __init__(self, fd: int):
        self._fd: int | None = fd

    @classmethod
    def take(cls, build_dir: Path) -> WritingLock:
        """Lock ``build_dir`` as being written (a new directory: nobody else can hold its lock).

        :raises OSError: the lock file cannot be made
        :raises BlockingIOError: another process holds the lock already
        """
        fd = os.open(Path(build_dir) / WRITING_LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BaseException:
            os.close(fd)
            raise
        return cls(fd)

    def release(self) -> None:
        """Give the lock up (again: nothing happens)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def is_being_written(build_dir: Path) -> bool:
    """Whether a live process holds the writing lock of ``build_dir`` (no lock file: nobody does)."""
    try:
        fd = os.open(Path(build_dir) / WRITING_LOCK_FILE, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
