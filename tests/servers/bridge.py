"""Forward connections from one stream socket to another, both ways, until either side closes.

    python -m tests.servers.bridge LISTEN TARGET        each ``tcp:HOST:PORT`` or ``unix:PATH``

A filesystem Unix socket is reachable from every network namespace of the machine, so a server running in a
network namespace of its own (``isolated``) is reached from the host's loopback through two bridges:
``tcp:127.0.0.1:PORT`` → ``unix:DIR/server.sock`` outside, ``unix:DIR/server.sock`` → ``tcp:127.0.0.1:…`` inside.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _connect(address: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    kind, _, rest = address.partition(":")
    if kind == "unix":
        return await asyncio.open_unix_connection(rest)
    host, _, port = rest.rpartition(":")
    return await asyncio.open_connection(host, int(port))


async def _listen(address: str, handler: Handler) -> asyncio.AbstractServer:
    kind, _, rest = address.partition(":")
    if kind == "unix":
        return await asyncio.start_unix_server(handler, rest)
    host, _, port = rest.rpartition(":")
    return await asyncio.start_server(handler, host, int(port))


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except (ConnectionError, OSError):
        writer.close()


async def serve(listen: str, target: str) -> None:
    """Forward every connection to ``listen`` to a new connection to ``target``, forever."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            target_reader, target_writer = await _connect(target)
        except OSError:
            writer.close()
            return
        await asyncio.gather(_pipe(reader, target_writer), _pipe(target_reader, writer))
        writer.close()
        target_writer.close()

    server = await _listen(listen, handle)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1], sys.argv[2]))
