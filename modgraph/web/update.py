"""The SPARQL Update endpoint: mounted only when a write token is configured, and requires it.

This module only parses and authorises the request; the update itself is
``modgraph.pipeline.update.update_graph`` (copy the current build, apply, write every publication
file, publish under the store's lock). It runs in a killable worker, under the query time limit plus
an allowance for the publication files.

The worker has no network (``modgraph.web.sandbox``): ``LOAD <http://…>`` and ``SERVICE`` inside an
update cannot fetch anything and are answered 403 ``load-disabled`` / ``service-disabled``; a LOAD of
another scheme (``file:``, ``ftp:``) that the engine refuses is 400 ``load-failed``.

Answers: 200 ``{"status": "ok", "build", "triples"}``; 400 syntax error, nesting too deep or a failed
LOAD; 401 / 403 no or wrong token; 403 LOAD or SERVICE; 409 the build changed meanwhile (or is not the
one named by ``Modgraph-Base-Build``); 504 time limit; 503 no worker or no network isolation;
500 any other failure — always JSON, and in every failure case the published build is unchanged.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from modgraph.pipeline.update import update_graph
from modgraph.settings import Settings
from modgraph.store.drafts import PublishConflict
from modgraph.web.execution import StoreCache
from modgraph.web.http import SERVICE_DISABLED, ApiError, Resources, resources
from modgraph.web.responses import responses
from modgraph.web.sandbox import Refusal, checked, refusal
from modgraph.web.sparql import BYTES_PER_CHAR, FORM, SPARQL_UPDATE, _decode, _read_body, check_query_text
from modgraph.web.sparql_errors import syntax_error
from modgraph.web.sparql_text import tokens
from modgraph.web.workers import PoolBusy, QueryTimeout, WorkerCrashed

log = logging.getLogger(__name__)

#: seconds added to the query time limit for writing dumps, catalogue, VoID and sitemap (about 1.5 s
#: for the corpus on one core)
PUBLICATION_ALLOWANCE = 30.0
#: optional request header: the build id the update is meant for (compare-and-swap from the client)
BASE_BUILD_HEADER = "Modgraph-Base-Build"


def require_write_token(request: Request, res: Resources = Depends(resources)) -> None:
    """Router dependency: ``Authorization: Bearer <write token>``.

    :raises ApiError: 401 without a bearer token, 403 with a wrong one
    """
    given = request.headers.get("authorization", "")
    if not given.lower().startswith("bearer "):
        raise ApiError(
            401,
            "unauthorized",
            "the update endpoint requires 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": 'Bearer realm="modgraph-update"'},
        )
    if not hmac.compare_digest(given[7:].strip().encode(), (res.settings.write_token or "").encode()):
        raise ApiError(403, "forbidden", "wrong token")


router = APIRouter(tags=["SPARQL Update"], dependencies=[Depends(require_write_token)])


@dataclass(frozen=True)
class UpdateJob:
    """What the worker needs (picklable)."""

    settings: Settings
    text: str
    base: str | None = None


def _has_load(text: str) -> bool:
    """Whether the update has a LOAD operation (only to word the answer)."""
    return any(t.kind == "word" and t.text.upper() == "LOAD" for t in tokens(text))


def _fetch_failure(text: str, exc: Exception) -> dict | None:
    """The summary for an update whose LOAD or SERVICE the engine could not fetch; None for other errors."""
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    why = refusal(exc, text)  # from the error's type, not its wording (web/sandbox.py)
    if why is Refusal.LOAD:
        return {"status": "load-disabled", "message": f"LOAD is switched off: no outbound requests ({message})"}
    if why is Refusal.SERVICE:
        return {"status": "service-disabled", "message": f"{SERVICE_DISABLED} ({message})"}
    if why is Refusal.LOAD_LOCAL or _has_load(text):
        return {"status": "load-failed", "message": f"LOAD failed: {message}"}
    return None


def run_update(job: UpdateJob, cache: StoreCache) -> dict:
    """In a worker: run the update; every outcome is a summary dict (a raised exception would kill the worker)."""
    try:
        info = update_graph(job.settings, job.text, base=job.base)
    except SyntaxError as exc:
        return {"status": "syntax", "message": str(exc).splitlines()[0] if str(exc) else "syntax error"}
    except PublishConflict as exc:
        return {"status": "conflict", "message": str(exc)}
    except (OSError, RuntimeError) as exc:  # what pyoxigraph raises for a LOAD or SERVICE it cannot fetch
        failure = _fetch_failure(job.text, exc)
        if failure is None:
            log.exception("update failed")
            return {"status": "error", "message": f"{type(exc).__name__}: {exc}"}
        return failure
    except Exception as exc:  # noqa: BLE001 — reported to the client as a 500 JSON answer
        log.exception("update failed")
        return {"status": "error", "message": f"{type(exc).__name__}: {exc}"}
    return {"status": "ok", "build": info.id, "triples": info.triples}


async def _update_text(request: Request, res: Resources) -> str:
    """The update text from a direct POST or a form.

    :raises ApiError: 400 bad form or nesting too deep, 413 too long, 415 other media type
    """
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
    check_query_text(text, res, what="update")
    return text


FAILURES = {
    "syntax": (400, "syntax-error"),
    "load-failed": (400, "load-failed"),
    "load-disabled": (403, "load-disabled"),
    "service-disabled": (403, "service-disabled"),
    "conflict": (409, "conflict"),
    "error": (500, "update-failed"),
}


@router.post(
    "/update",
    summary="SPARQL 1.1 Update (requires the bearer write token)",
    responses=responses(["application/json"], 400, 401, 403, 409, 413, 415, 503, 504),
)
async def sparql_update(request: Request, res: Resources = Depends(resources)) -> JSONResponse:
    """Apply the update (token checked by the router's dependency); answers the new build's id and size.

    :raises ApiError: 400 / 413 / 415 bad request, 403 LOAD or SERVICE, 409 conflict (also: a SPARQL server is
        the store, whose graphs only ``modgraph build`` publishes), 503 busy or no network isolation, 504 time
        limit, 500 failure
    """
    if res.remote is not None:  # the update would change the local build only, never what the server serves
        raise ApiError(
            409,
            "conflict",
            "a SPARQL server is the store (MODGRAPH_STORE_URL): updates go into the records and are published "
            "by `modgraph build`; nothing changed",
        )
    job = UpdateJob(res.settings, await _update_text(request, res), request.headers.get(BASE_BUILD_HEADER) or None)
    limit = res.settings.query_timeout + PUBLICATION_ALLOWANCE
    async with res.update_lock:  # one update at a time from this process (the store's lock covers the others)
        try:
            summary = checked(await res.pool.run(run_update, job, timeout=limit))
        except QueryTimeout:
            raise ApiError(504, "timeout", f"the update was stopped after {limit:g} s; nothing changed") from None
        except PoolBusy:
            raise ApiError(
                503, "busy", "no worker became free in time; nothing changed", headers={"Retry-After": "5"}
            ) from None
        except WorkerCrashed:
            raise ApiError(500, "update-failed", "the worker running the update died; nothing changed") from None
    if summary["status"] == "syntax":  # one readable sentence with line, column and hint, as for queries
        raise syntax_error(summary["message"], job.text)
    if summary["status"] in FAILURES:
        status, code = FAILURES[summary["status"]]
        raise ApiError(status, code, summary["message"])
    return JSONResponse(summary)
