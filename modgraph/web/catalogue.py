"""The query catalogue (``queries/*.rq``) as REST endpoints with typed parameters, in the manner of grlc.

Header format (see queries/README.md)::

    # title: Triples per graph
    # description: How many triples each named graph holds.
    # param: graph iri - Only this graph (optional: "-" means no default)

A parameter's value is turned into one RDF term by pyoxigraph (which validates and escapes it) and
bound with ``VALUES ?name { term }`` at the start of the WHERE group: user input is never pasted
into the query text as such. An optional parameter left out is simply not bound.
"""

from __future__ import annotations

import inspect
import re
import shlex
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from modgraph.media import FORMATS_BY_KIND, Kind
from modgraph.web.errors import WebError
from modgraph.web.resources import Resources, get_catalogue, resources
from modgraph.web.responses import QUERY_STATUSES, responses
from modgraph.web.sparql import Dataset, Page, answer_query
from modgraph.web.sparql_text import QueryForm, analyse, where_group_start

XSD = "http://www.w3.org/2001/XMLSchema#"
_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: query parameters of every catalogue endpoint, which a catalogue query's own parameters may not be called
RESERVED = ("format", "limit", "offset")


class CatalogueError(ValueError):
    pass


def _xsd(local: str):
    return lambda v: ox.Literal(v, datatype=ox.NamedNode(XSD + local))


def _integer(value: str) -> ox.Literal:
    return _xsd("integer")(str(int(value)))


def _decimal(value: str) -> ox.Literal:
    """:raises ValueError: for text that is no finite decimal."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"not a decimal: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite decimal: {value!r}")
    return _xsd("decimal")(str(number))


def _boolean(value: str) -> ox.Literal:
    """:raises ValueError: for text other than true/false/1/0."""
    if value.lower() not in ("true", "false", "1", "0"):
        raise ValueError(f"not a boolean: {value!r}")
    return _xsd("boolean")("true" if value.lower() in ("true", "1") else "false")


def _date(value: str) -> ox.Literal:
    return _xsd("date")(date.fromisoformat(value).isoformat())


#: parameter type -> (python type for OpenAPI, value -> RDF term)
PARAM_TYPES: dict[str, tuple[type, Any]] = {
    "iri": (str, ox.NamedNode),
    "string": (str, ox.Literal),
    "integer": (int, _integer),
    "decimal": (float, _decimal),
    "boolean": (bool, _boolean),
    "date": (date, _date),
}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    description: str

    def term(self, value: Any) -> ox.NamedNode | ox.Literal:
        """The value as one RDF term of the parameter's type.

        :raises WebError: 400 ``bad-parameter`` when the value is not of that type.
        """
        text = str(value).lower() if isinstance(value, bool) else str(value)
        try:
            return PARAM_TYPES[self.type][1](text)
        except ValueError as exc:
            raise WebError(400, "bad-parameter", f"{self.name}: {exc}", parameter=self.name) from None


@dataclass(frozen=True)
class CatalogueQuery:
    name: str
    path: Path
    title: str
    description: str
    text: str
    form: QueryForm
    params: tuple[Param, ...] = field(default_factory=tuple)

    def bound(self, values: dict[str, Any]) -> str:
        """The query with the given parameter values bound as RDF terms."""
        given = [(p, values[p.name]) for p in self.params if values.get(p.name) is not None]
        if not given:
            return self.text
        clause = " ".join(f"VALUES ?{p.name} {{ {p.term(v)} }}" for p, v in given)
        at = where_group_start(self.text)
        assert at is not None  # checked when the catalogue was read
        return f"{self.text[:at]} {clause} {self.text[at:]}"


def _param(spec: str, path: Path) -> Param:
    """One ``# param:`` line.

    :raises CatalogueError: for a line that is not ``name type default description``.
    """
    parts = shlex.split(spec)
    if len(parts) < 3 or parts[1] not in PARAM_TYPES or not _NAME.match(parts[0]):
        raise CatalogueError(
            f"{path.name}: bad param line {spec!r}: want 'name type default description', "
            f"type one of {', '.join(PARAM_TYPES)}"
        )
    name, type_, default = parts[:3]
    if name in RESERVED:
        raise CatalogueError(f"{path.name}: a parameter may not be called {name!r} (one of {', '.join(RESERVED)})")
    return Param(name, type_, None if default == "-" else default, " ".join(parts[3:]))


def read_query(path: Path) -> CatalogueQuery:
    """One catalogue query with its header.

    :raises CatalogueError: for a bad header, an update, parameters without a WHERE group, a bad file name.
    """
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": []}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            fields[match[1]].append(match[2].strip())
        elif line.strip() and not line.lstrip().startswith("#"):
            break  # the header ends at the first line of SPARQL
    params = tuple(_param(spec, path) for spec in fields["param"])
    query = CatalogueQuery(
        name=path.stem,
        path=path,
        title=" ".join(fields["title"]) or path.stem,
        description=" ".join(fields["description"]),
        text=text,
        form=analyse(text).form,
        params=params,
    )
    if query.form in (QueryForm.UPDATE, QueryForm.UNKNOWN):
        raise CatalogueError(f"{path.name}: not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    if params and where_group_start(text) is None:
        raise CatalogueError(f"{path.name}: parameters need an explicit WHERE group")
    if not _NAME.match(query.name.replace("-", "_")):
        raise CatalogueError(f"{path.name}: file names must be letters, digits, '-' and '_'")
    return query


def read_catalogue(directory: Path) -> list[CatalogueQuery]:
    if not directory.is_dir():
        return []
    return [read_query(p) for p in sorted(directory.glob("*.rq"))]


def _endpoint(query: CatalogueQuery):
    async def endpoint(request: Request, res: Resources = Depends(resources), **given: Any) -> Response:
        fmt = given.pop("format", None)
        page = _page(given.pop("limit", None), given.pop("offset", None), res.settings.max_rows)
        # Python names are prefixed (a parameter may be called "from"); the query parameter keeps its own name
        values = {p.name: given.get(f"param_{p.name}") for p in query.params}
        for p in query.params:
            if values.get(p.name) is None and p.default is not None:
                values[p.name] = p.default
        return await answer_query(
            request, res, query.bound(values), Dataset(), cacheable=True, format_param=fmt, page=page
        )

    fixed = [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        inspect.Parameter(
            "res", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Resources, default=Depends(resources)
        ),
        inspect.Parameter(
            "format",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=str | None,
            default=Query(
                None, description=f"One of {', '.join(f.name for f in _formats(query))}; default: by the Accept header"
            ),
        ),
        inspect.Parameter(
            "limit",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=int | None,
            default=Query(None, description="Rows (or triples) per page, 1 to the endpoint's row cap (the default)"),
        ),
        inspect.Parameter(
            "offset",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=int | None,
            default=Query(
                None,
                description="Rows (or triples) of the answer skipped before the page (default 0); a full page links "
                'to the next with `Link: <…>; rel="next"`',
            ),
        ),
    ]
    typed = [
        inspect.Parameter(
            f"param_{p.name}",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=PARAM_TYPES[p.type][0] | None,
            default=Query(
                None,
                alias=p.name,
                description=f"{p.description} ({p.type}"
                + (f", default {p.default})" if p.default is not None else ", optional)"),
            ),
        )
        for p in query.params
    ]
    endpoint.__signature__ = inspect.Signature(fixed + typed)  # type: ignore[attr-defined]  # what FastAPI reads
    endpoint.__name__ = f"query_{query.name.replace('-', '_')}"
    return endpoint


def _page(limit: int | None, offset: int | None, max_rows: int) -> Page:
    """The page a catalogue request asks for.

    :raises WebError: 400 ``bad-parameter`` for a limit outside 1 to ``max_rows`` or a negative offset.
    """
    if limit is not None and not 1 <= limit <= max_rows:
        raise WebError(400, "bad-parameter", f"limit: from 1 to {max_rows}, not {limit}", parameter="limit")
    if offset is not None and offset < 0:
        raise WebError(400, "bad-parameter", f"offset: 0 or more, not {offset}", parameter="offset")
    return Page(limit or max_rows, offset or 0, paged=True)


def _formats(query: CatalogueQuery):
    return FORMATS_BY_KIND[Kind.GRAPH if query.form.returns_graph else Kind.SOLUTIONS]


def router_for(catalogue: list[CatalogueQuery]) -> APIRouter:
    """One GET endpoint per catalogue query, plus the list at ``/queries``.

    The routes are made from the catalogue ``create_app`` read (an endpoint per query needs the
    queries when the application is wired, not per request); ``/queries`` lists the catalogue the
    ``get_catalogue`` dependency gives.
    """
    router = APIRouter(tags=["Query catalogue"])

    @router.get("/queries", summary="The query catalogue: title, description, parameters and SPARQL of each query")
    async def list_queries(request: Request, queries: list[CatalogueQuery] = Depends(get_catalogue)) -> list[dict]:
        return [describe(q, str(request.base_url)) for q in queries]

    for query in catalogue:
        router.add_api_route(
            f"/queries/{query.name}",
            _endpoint(query),
            methods=["GET"],
            summary=query.title,
            description=query.description + "\n\n```sparql\n" + query.text + "\n```",
            response_class=Response,
            responses=responses(_formats(query), *QUERY_STATUSES),
        )
    return router


def describe(query: CatalogueQuery, base_url: str) -> dict:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "form": query.form.value,
        "endpoint": f"{base_url.rstrip('/')}/queries/{query.name}",
        "params": [p.__dict__ for p in query.params],
        "sparql": query.text,
    }
