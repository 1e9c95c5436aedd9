"""No outbound network in the query workers: SERVICE, LOAD and remote documents cannot reach anything.

pyoxigraph evaluates ``SERVICE`` and ``LOAD`` by itself and exposes neither its parsed algebra nor a
hook for them, so no check of the query text can decide reliably what it will call (a second parser
always reads some text differently). Instead every worker process, first thing, moves into a new,
empty network namespace (``unshare(CLONE_NEWUSER | CLONE_NEWNET)``; as root ``CLONE_NEWNET`` alone
when the user namespace is refused). Its only interface there is a loopback that is down: every
connect fails with ENETUNREACH, every name lookup fails. The pipe to the web process (an AF_UNIX
socket pair made before) keeps working.

It fails closed: a worker whose kernel refuses the namespace runs no task at all and answers every
one with :class:`Unisolated`, which the endpoints turn into 503 ``isolation-unavailable``.

>>> Unisolated("no namespaces").message
'no namespaces'
>>> checked(42)
42
>>> checked(Unisolated("EPERM"))
Traceback (most recent call last):
  ...
modgraph.web.errors.WebError: network isolation unavailable: EPERM
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TypeVar

from modgraph.web.errors import WebError

log = logging.getLogger(__name__)

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
#: an address to prove the isolation with: reachable from any host network, unreachable in the namespace
PROBE_ADDRESS = ("127.0.0.1", 1)

T = TypeVar("T")

#: how pyoxigraph reports a SERVICE or LOAD it could not fetch (only to word the answer: the
#: namespace, not this pattern, is what stops the request)
_FETCH_FAILED = re.compile(
    r"os error 101|network is unreachable|failed to lookup address|name resolution|not supported url scheme"
    r"|is not allowed for http|connection refused|variable encoding the service name",
    re.IGNORECASE,
)


class IsolationUnavailable(RuntimeError):
    """The kernel refused the network namespace, or the process still reaches a network."""


@dataclass(frozen=True)
class Unisolated:
    """A worker's answer to every task when it could not be isolated (picklable)."""

    message: str


def _unshare(flags: int) -> int:
    """``unshare(2)``: 0, or the errno it failed with."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(ctypes.c_int(flags)) == 0:
        return 0
    return ctypes.get_errno()


def _map_own_ids(uid: int, gid: int) -> None:
    """In the new user namespace, keep the process's own uid and gid (read before the unshare)."""
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        try:
            with open(f"/proc/self/{name}", "w") as f:
                f.write(text)
        except OSError:
            pass  # the ids show as the overflow id; the network isolation is unaffected


def isolate_network() -> None:
    """Move this process into a new, empty network namespace and prove that it is cut off.

    Call it before any thread is started (a user namespace needs a single-threaded process).

    :raises IsolationUnavailable: the kernel refuses the namespace, or the self-check reaches a network.
    """
    uid, gid = os.getuid(), os.getgid()
    failed = _unshare(CLONE_NEWUSER | CLONE_NEWNET)
    if failed == 0:
        _map_own_ids(uid, gid)
    elif os.geteuid() == 0:
        failed_net = _unshare(CLONE_NEWNET)
        if failed_net:
            raise IsolationUnavailable(
                f"unshare(CLONE_NEWUSER|CLONE_NEWNET): {os.strerror(failed)}; "
                f"unshare(CLONE_NEWNET): {os.strerror(failed_net)}"
            )
    else:
        raise IsolationUnavailable(f"unshare(CLONE_NEWUSER|CLONE_NEWNET): {os.strerror(failed)}")
    check_isolated()


def check_isolated() -> None:
    """The self-check: only a loopback interface, and a connect to a loopback port fails with ENETUNREACH.

    :raises IsolationUnavailable: the process still has a network.
    """
    others = sorted(name for _, name in socket.if_nameindex() if name != "lo")
    if others:
        raise IsolationUnavailable(f"network interfaces still present: {', '.join(others)}")
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.settimeout(2)
    try:
        probe.connect(PROBE_ADDRESS)
    except OSError as exc:
        if exc.errno == errno.ENETUNREACH:
            return
        raise IsolationUnavailable(
            f"connect to {PROBE_ADDRESS[0]}:{PROBE_ADDRESS[1]} failed with {exc!r}, not ENETUNREACH"
        ) from None
    finally:
        probe.close()
    raise IsolationUnavailable(f"connect to {PROBE_ADDRESS[0]}:{PROBE_ADDRESS[1]} succeeded")


def enter(isolate: Callable[[], None] = isolate_network) -> str | None:
    """The first step of a worker: isolate it. None when it is isolated, else why not (then the worker
    must run nothing: ``refuse_all``)."""
    try:
        isolate()
        return None
    except IsolationUnavailable as exc:
        log.error("query worker %s runs no queries: network isolation unavailable: %s", os.getpid(), exc)
        return str(exc)


def refuse_all(conn: Connection, message: str) -> None:
    """Answer every task sent to an unisolated worker with ``Unisolated(message)`` until the pipe closes."""
    while True:
        try:
            conn.recv()
        except (EOFError, OSError):
            return
        conn.send(Unisolated(message))


def fetch_failed(message: str) -> bool:
    """Whether an evaluation error of the engine is a SERVICE or LOAD that could not reach its endpoint.

    >>> fetch_failed("OSError: Network is unreachable (os error 101)"), fetch_failed("ValueError: bad IRI")
    (True, False)
    """
    return bool(_FETCH_FAILED.search(message))


def checked(result: T | Unisolated) -> T:
    """A worker's result, unless the worker refused to run the task.

    :raises WebError: 503 ``isolation-unavailable`` when the worker could not be isolated.
    """
    if isinstance(result, Unisolated):
        raise WebError(503, "isolation-unavailable", f"network isolation unavailable: {result.message}")
    return result
