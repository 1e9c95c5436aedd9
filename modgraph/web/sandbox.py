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
import socket
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from multiprocessing.connection import Connection
from typing import TypeVar

from modgraph.web.sparql_text import analyse, tokens

log = logging.getLogger(__name__)

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
#: an address to prove the isolation with: reachable from any host network, unreachable in the namespace
PROBE_ADDRESS = ("127.0.0.1", 1)

T = TypeVar("T")


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


class Refusal(StrEnum):
    """Why the engine's evaluation failed, when it was for want of a network."""

    SERVICE = "service"  # a SERVICE call could not reach its endpoint
    LOAD = "load"  # a LOAD of a remote document (http, https, or a relative IRI: the endpoint is http)
    LOAD_LOCAL = "load-local"  # a LOAD of another scheme (file:, ftp: …), which the engine refuses


_REMOTE_SCHEMES = ("http", "https")


def _load_targets(text: str) -> list[str]:
    """The IRIs after each LOAD (SILENT) keyword, prefixed names expanded; "" where it cannot be told."""
    toks = tokens(text)
    prefixes = analyse(text).prefixes
    targets = []
    for i, tok in enumerate(toks):
        if tok.kind != "word" or tok.text.upper() != "LOAD":
            continue
        j = i + 1
        if j < len(toks) and toks[j].text.upper() == "SILENT":
            j += 1
        target = toks[j] if j < len(toks) else None
        if target is not None and target.kind == "iri":
            targets.append(target.text[1:-1])
        elif target is not None and target.kind == "word" and ":" in target.text:
            prefix, _, local = target.text.partition(":")
            targets.append(prefixes[prefix] + local if prefix in prefixes else "")
        else:
            targets.append("")
    return targets


def refusal(exc: BaseException, text: str) -> Refusal | None:
    """Whether the engine's failure ``exc`` on the query or update ``text`` is a SERVICE or LOAD that could not
    fetch, decided without reading the engine's message (whose wording changes between versions).

    pyoxigraph raises ``OSError`` when a SERVICE or LOAD cannot fetch, whatever the cause (an unreachable
    network, a failed name lookup, a port or a URL scheme it refuses), and ``RuntimeError`` when it cannot even
    try (``SERVICE ?endpoint`` with the variable unbound); a read-only store raises ``OSError`` for nothing else
    a query does. So: one of these two, and the text names the operation — with federation switched off, a
    query or update naming SERVICE or LOAD that fails is answered as such (a failure of another part of the
    same text would be worded so too). The keyword is looked for anywhere in the text, even inside a string or
    joined to a neighbour (``true.SERVICE``): a superset, which no tokenisation can miss (SPARQL has no escapes
    in keywords); LOAD wins over SERVICE when both are there. Only the wording of the answer depends on this:
    what stops the request is the namespace.

    >>> refusal(OSError("Network is unreachable (os error 101)"), "SELECT * { ?s ?p true.SERVICE <x:y> {} }")
    <Refusal.SERVICE: 'service'>
    >>> refusal(OSError("whatever the engine says"), "PREFIX e: <https://e.example/> LOAD SILENT e:data")
    <Refusal.LOAD: 'load'>
    >>> refusal(OSError("invalid format"), "LOAD <file:///etc/passwd>")
    <Refusal.LOAD_LOCAL: 'load-local'>
    >>> refusal(RuntimeError("The variable encoding the service name is unbound"), "SELECT * { SERVICE ?e {} }")
    <Refusal.SERVICE: 'service'>
    >>> refusal(RuntimeError("The custom function <x:f> is not supported"), "SELECT (<x:f>(1) AS ?v) {}")
    >>> refusal(ValueError("bad"), "SELECT * { SERVICE <x:y> {} }")
    >>> refusal(OSError("disk"), "SELECT * { ?s ?p ?o }")
    >>> refusal(OSError("no route"), "SELECT * { SERVICE <http://x.example/download> { } }")
    <Refusal.SERVICE: 'service'>
    """
    if not isinstance(exc, (OSError, RuntimeError)):
        return None
    upper = text.upper()
    targets = _load_targets(text) if "LOAD" in upper else []
    if targets:
        local = all(":" in t and t.split(":", 1)[0].lower() not in _REMOTE_SCHEMES for t in targets)
        return Refusal.LOAD_LOCAL if local else Refusal.LOAD
    if "SERVICE" in upper:
        return Refusal.SERVICE
    return Refusal.LOAD if "LOAD" in upper else None


def checked(result: T | Unisolated) -> T:
    """A worker's result, unless the worker refused to run the task.

    :raises WebError: 503 ``isolation-unavailable`` when the worker could not be isolated.
    """
    if isinstance(result, Unisolated):
        # imported here: every worker imports this module, and the web errors bring FastAPI (half a second of a
        # worker's start, paid again on every replacement)
        from modgraph.web.errors import WebError

        raise WebError(503, "isolation-unavailable", f"network isolation unavailable: {result.message}")
    return result
