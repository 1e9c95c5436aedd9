"""HTTP plumbing of the SPARQL endpoints: caching validators and query outcomes as responses.

``ApiError``, ``Resources`` and ``resources`` are importable from here as well (``web/update.py`` and
``web/deps.py`` use these names); they are :class:`modgraph.web.errors.WebError` and the shared
resources of :mod:`modgraph.web.resources`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache

from fastapi import Request
from fastapi.responses import Response

from modgraph.media import Format
from modgraph.web.errors import WebError
from modgraph.web.execution import QueryOutcome
from modgraph.web.resources import Published, Resources, resources
from modgraph.web.sandbox import Refusal

ApiError = WebError  # the name the endpoints' modules have always used

__all__ = [
    "ApiError",
    "Published",
    "Resources",
    "resources",
    "not_modified",
    "validators",
    "not_modified_response",
    "outcome_response",
    "failed_outcome_error",
]


def not_modified(request: Request, etag: str, last_modified: datetime) -> bool:
    """RFC 9110 §13.1: If-None-Match wins over If-Modified-Since."""
    inm = request.headers.get("if-none-match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    ims = request.headers.get("if-modified-since")
    if ims:
        try:
            return last_modified <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


def validators(etag: str, last_modified: datetime) -> dict[str, str]:
    return {"ETag": etag, "Last-Modified": http_date(last_modified)}


def http_date(moment: datetime) -> str:
    """The HTTP date of a moment (RFC 9110 §5.6.7); ``format_datetime``'s ``ValueError`` for one not in UTC.
    Kept for the few builds' times that every answer names (only UTC ones: an equal moment in another zone is
    not the same argument to ``format_datetime``).

    >>> http_date(datetime(2026, 12, 3, 22, 58, 13, tzinfo=UTC))
    'Thu, 03 Dec 2026 22:58:13 GMT'
    """
    if moment.tzinfo is UTC:
        return _utc_http_date(moment)
    return format_datetime(moment, usegmt=True)


@lru_cache(maxsize=16)
def _utc_http_date(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def not_modified_response(headers: dict[str, str]) -> Response:
    return Response(status_code=304, headers=headers)


def outcome_response(outcome: QueryOutcome, fmt: Format, headers: dict[str, str], max_rows: int) -> Response:
    """A successful query outcome as an HTTP response, with the truncation stated in headers."""
    headers = {**headers, "Modgraph-Result-Count": str(outcome.count)}
    if outcome.truncated:
        headers["Modgraph-Truncated"] = "true"
        headers["Modgraph-Max-Rows"] = str(max_rows)
        headers["Warning"] = f'199 modgraph "result truncated to the first {max_rows} rows"'
    return Response(outcome.body, media_type=fmt.content_type, headers=headers)


#: the answer to a query whose SERVICE call the engine could not make (the workers have no network)
SERVICE_DISABLED = "SERVICE is switched off: this endpoint makes no outbound requests (federation is disabled)"


def failed_outcome_error(outcome: QueryOutcome) -> WebError:
    """The error for a query that did not give a result: 400 syntax, 403 service-disabled, else 500."""
    if outcome.status == "syntax":
        return WebError(400, "syntax-error", outcome.message, line=outcome.line, column=outcome.column)
    if outcome.refused == Refusal.SERVICE:  # decided in the worker from the error's type (web/sandbox.py)
        return WebError(403, "service-disabled", SERVICE_DISABLED, detail=outcome.message)
    return WebError(500, "evaluation-error", f"the query could not be evaluated ({outcome.message})")
