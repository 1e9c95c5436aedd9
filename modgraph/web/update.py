"""The SPARQL Update endpoint: mounted only when a write token is configured, and requires it.

An update never touches the published store in place (query workers hold it open read-only):
the current store is copied into a new build (a RocksDB checkpoint), the update is applied there
by a worker under the same time limit as queries, and the new build is published atomically.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from modgraph.store.builds import BuildInfo, StoreLocation, materialise_union, remove_union

from modgraph.web.execution import StoreCache
from modgraph.web.http import ApiError, Resources, resources
from modgraph.web.sparql import FORM, SPARQL_UPDATE, BYTES_PER_CHAR, _read_body, _decode
from modgraph.web.workers import QueryTimeout

router = APIRouter(tags=["SPARQL Update"])


def _graph_counts(store: ox.Store) -> dict[str, int]:
    counts: dict[str, int] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        if isinstance(quad.graph_name, ox.NamedNode):
            counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    return counts


def apply_update(payload: tuple[str, str], cache: StoreCache) -> dict:
    """In a worker: copy the current build, apply the update, publish. Returns a summary."""
    root, text = payload
    location = StoreLocation(Path(root))
    current = location.require_current()
    old = current.info
    new = location.new_build()
    try:
        current.open_read_only().backup(str(new.store_path))
        store = ox.Store(str(new.store_path))
        if old.union_in_default_graph:  # the update sees the named graphs and the default graph's own triples
            remove_union(store, old.data_graphs)
        try:
            store.update(text)
        except SyntaxError as exc:
            del store
            location.discard(new)
            return {"status": "syntax", "message": str(exc).splitlines()[0]}
        counts = _graph_counts(store)
        data_graphs = old.data_graphs + [g for g in counts if g not in old.graphs and g not in old.data_graphs]
        if old.union_in_default_graph:
            materialise_union(store, data_graphs)
        store.flush()
        del store
        build_id = new.path.name.removesuffix(".partial")
        info = BuildInfo(
            id=build_id, created=datetime.now(timezone.utc).isoformat(timespec="seconds"), base_iri=old.base_iri,
            data_graphs=data_graphs, graphs=counts, documents=old.documents, conforms=old.conforms, warnings=old.warnings,
            union_in_default_graph=old.union_in_default_graph,
        )
        new.info_path.write_text(info.to_json(), encoding="utf-8")
        location.publish(new)
        return {"status": "ok", "build": build_id, "triples": info.triples}
    except Exception:
        location.discard(new)
        raise


def _check_token(request: Request, token: str) -> None:
    given = request.headers.get("authorization", "")
    if not given.lower().startswith("bearer "):
        raise ApiError(401, "unauthorized", "the update endpoint requires 'Authorization: Bearer <token>'",
                       headers={"WWW-Authenticate": 'Bearer realm="modgraph-update"'})
    if not hmac.compare_digest(given[7:].strip().encode(), token.encode()):
        raise ApiError(403, "forbidden", "wrong token")


async def _update_text(request: Request, res: Resources) -> str:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = _decode(await _read_body(request, res.settings.max_query_length * BYTES_PER_CHAR + 8192))
    if media_type == SPARQL_UPDATE:
        text = body
    elif media_type == FORM:
        values = parse_qs(body, keep_blank_values=True).get("update", [])
        if len(values) != 1:
            raise ApiError(400, "bad-request", "give exactly one 'update' form field")
        text = values[0]
    else:
        raise ApiError(415, "unsupported-media-type", f"POST the update as {SPARQL_UPDATE} or {FORM}")
    if len(text) > res.settings.max_query_length:
        raise ApiError(413, "query-too-long", f"the update has {len(text)} characters; at most {res.settings.max_query_length}")
    return text


@router.post("/update", summary="SPARQL 1.1 Update (requires the bearer write token)")
async def sparql_update(request: Request, res: Resources = Depends(resources)) -> JSONResponse:
    _check_token(request, res.settings.write_token or "")
    text = await _update_text(request, res)
    async with res.update_lock:
        try:
            summary = await res.pool.run(apply_update, (str(res.location.root), text))
        except QueryTimeout:
            raise ApiError(504, "timeout", f"the update was stopped after {res.settings.query_timeout:g} s; nothing changed") from None
    if summary["status"] == "syntax":
        raise ApiError(400, "syntax-error", summary["message"])
    return JSONResponse(summary)
