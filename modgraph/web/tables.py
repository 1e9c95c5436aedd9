"""Class tables in the manner of Datasette: the instances of a class with the columns the class has,
sortable, filterable by the values of their link columns, keyset-paginated, as HTML, JSON and CSV.

    /class/{curie}?sort=date&desc=1&document=IRI&status=IRI&after=TOKEN&format=csv

Columns (``page_queries.TABLE_COLUMNS``; a column is shown when an instance of the class has a value):
label, notation, type, document, programme, status (the latest), responsible body, date, due date,
amount. ``sort`` names a column (``label`` by default), ``desc=1`` reverses it; a filter parameter
named like a link column keeps the rows that have that value. Pages are keyset pages: ``after`` is the
opaque position of the last row of the previous page (``next`` in the answer and the Link header):
the next page starts after that row wherever it now is, so rows added before it do not shift the
page (a position whose row is gone is a 400); ``page=N`` (offset) still works for old links.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi.responses import JSONResponse, Response

from modgraph.media import CSV, HTML, JSON
from modgraph.web import page_queries as q
from modgraph.web.errors import WebError
from modgraph.web.page_context import Ctx

TABLE_FORMATS = (HTML, JSON, CSV)
#: columns whose values are resources (the table can be filtered by them)
LINK_COLUMNS = ("type", "document", "programme", "status", "responsible")
#: columns of which a row shows only one value: the latest status
LATEST_ONLY = frozenset({"status"})
DATE_COLUMNS = frozenset({"date", "due"})
PAGE_SIZE = 50
FACET_VALUES = 30
#: class tables kept per web process: (build, class, language) -> (columns, rows); the rows of a class are the
#: same for every sort, filter and page of one build, and reading them costs what the class holds (0.6 s for
#: the 5,160 measures at ×40), so only the first request of a table after a build pays it
TABLES_KEPT = 16
_tables: OrderedDict[tuple[str, str, str, str], tuple[list[str], list[Row]]] = OrderedDict()
_tables_lock = threading.Lock()
_NUMBERS = re.compile(r"(\d+)")


@dataclass
class Row:
    iri: str
    label: str
    cells: dict[str, list[dict]] = field(default_factory=dict)  # column -> [{"iri"?, "text", "key"}]


def _natural(text: str) -> tuple:
    """A sort key in which "3.10" comes after "3.9"."""
    return tuple(int(p) if p.isdigit() else p.lower() for p in _NUMBERS.split(text))


def sort_key(row: Row, column: str) -> tuple:
    """The row's key for ``column``: rows without a value last (in either direction they keep the label order)."""
    if column == "label":
        return (0, _natural(row.label), row.iri)
    values = row.cells.get(column) or []
    if not values or values[0]["key"] is None:
        return (1, (), row.iri)
    value = values[0]
    key = value["key"]
    return (0, (0, float(key)) if isinstance(key, (int, float)) else (1, _natural(str(key))), row.iri)


def rows_of(ctx: Ctx, class_iri: str) -> tuple[list[str], list[Row]]:
    """The columns the class has and one row per instance, in label order (kept for the build: the rows are
    read once per build, class and language; callers must not change them)."""
    key = (str(ctx.build.path), ctx.info.id, class_iri, ctx.lang)
    with _tables_lock:
        if key in _tables:
            _tables.move_to_end(key)
            return _tables[key]
    found = _read_rows(ctx, class_iri)
    with _tables_lock:
        _tables[key] = found
        while len(_tables) > TABLES_KEPT:
            _tables.popitem(last=False)
    return found


def _read_rows(ctx: Ctx, class_iri: str) -> tuple[list[str], list[Row]]:
    labels = ctx.labels()
    instances = [r["s"].value for r in ctx.select(q.INSTANCES, ctx.data_graphs, node=class_iri)]
    rows = {iri: Row(iri, "") for iri in instances}
    linked: set[str] = set(instances)
    for column, template in q.TABLE_COLUMNS.items():
        for r in ctx.select(template, ctx.data_graphs, node=class_iri):
            row = rows.get(r["s"].value)
            if row is None:
                continue
            value = r["v"]
            # a date without a known position in time ("16 May", year not given) has no sort key
            undated = column in DATE_COLUMNS and r["key"] is None
            cell: dict = {"key": None if undated else _key(r["key"], value)}
            if isinstance(value, ox.NamedNode):
                cell["iri"] = value.value
                linked.add(value.value)
            if r["text"] is not None:
                cell["text"] = r["text"].value
            elif not isinstance(value, ox.NamedNode):
                cell["text"] = value.value
            row.cells.setdefault(column, []).append(cell)
    labels.fetch(linked)
    for row in rows.values():
        row.label = labels.get(row.iri)
        for column, cells in row.cells.items():
            for cell in cells:
                if "text" not in cell:  # a document by its short id: its title is long and on the home page
                    cell["text"] = cell["iri"].rsplit("/", 1)[-1] if column == "document" else labels.get(cell["iri"])
                if isinstance(cell["key"], str) and cell["key"] == "" and "iri" in cell:
                    cell["key"] = cell["text"]
            dated = sorted((c for c in cells if c["key"] is not None), key=lambda c: (str(c["key"]), c["text"]))
            cells[:] = (dated[::-1] if column in LATEST_ONLY else dated) + [c for c in cells if c["key"] is None]
            if column in LATEST_ONLY:  # chosen by date, sorted by name
                del cells[1:]
                for c in cells:
                    c["key"] = c["text"]
    columns = [c for c in q.TABLE_COLUMNS if any(c in row.cells for row in rows.values())]
    if "notation" in columns:
        columns.remove("notation")
        columns.insert(0, "notation")
    ordered = sorted(rows.values(), key=lambda r: sort_key(r, "label"))
    return columns, ordered


def _key(term, value) -> str | float:
    if term is None:
        return "" if isinstance(value, ox.NamedNode) else value.value
    if (
        isinstance(term, ox.Literal)
        and term.datatype
        and term.datatype.value.endswith(("#decimal", "#integer", "#double"))
    ):
        return float(term.value)
    return term.value


def encode_after(row: Row, column: str) -> str:
    """The keyset position after ``row`` in the order of ``column``."""
    return base64.urlsafe_b64encode(json.dumps([column, row.iri]).encode()).decode().rstrip("=")


def decode_after(token: str) -> tuple[str, str]:
    """:raises WebError: 400 for a token that is no position."""
    try:
        column, iri = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        return str(column), str(iri)
    except (ValueError, TypeError) as exc:
        raise WebError(400, "bad-parameter", "after is not a position of this table", parameter="after") from exc


@dataclass
class TableQuery:
    sort: str = "label"
    desc: bool = False
    filters: dict[str, list[str]] = field(default_factory=dict)
    after: str | None = None
    page: int = 1


def select_rows(columns: Sequence[str], rows: list[Row], query: TableQuery) -> tuple[list[Row], list[Row], bool]:
    """(the filtered rows in order, this page's rows, whether more follow).

    :raises WebError: 400 for a sort column or filter the table does not have, or a bad ``after``.
    """
    if query.sort != "label" and query.sort not in columns:
        raise WebError(400, "bad-parameter", f"no column {query.sort!r} to sort by", parameter="sort")
    kept = [
        r
        for r in rows
        if all(any(c.get("iri") in wanted for c in r.cells.get(col, [])) for col, wanted in query.filters.items())
    ]
    ordered = sorted(kept, key=lambda r: sort_key(r, query.sort), reverse=query.desc)
    if not query.desc:
        ordered = [r for r in ordered if sort_key(r, query.sort)[0] == 0] + [
            r for r in ordered if sort_key(r, query.sort)[0] == 1
        ]
    else:  # rows without a value stay last when reversed
        ordered = [r for r in ordered if sort_key(r, query.sort)[0] == 0] + [
            r for r in reversed(ordered) if sort_key(r, query.sort)[0] == 1
        ]
    start = (query.page - 1) * PAGE_SIZE
    if query.after:
        column, iri = decode_after(query.after)
        position = next((i for i, r in enumerate(ordered) if r.iri == iri), None)
        if column != query.sort or position is None:
            raise WebError(400, "bad-parameter", "after is not a position of this table", parameter="after")
        start = position + 1
    page = ordered[start : start + PAGE_SIZE]
    return ordered, page, start + PAGE_SIZE < len(ordered)


def facet_counts(columns: Sequence[str], rows: list[Row], query: TableQuery) -> dict[str, list[dict]]:
    """For each link column: its values among the filtered rows with their counts."""
    out: dict[str, list[dict]] = {}
    for column in columns:
        if column not in LINK_COLUMNS:
            continue
        counts: dict[str, list] = {}
        for r in rows:
            for c in r.cells.get(column, []):
                counts.setdefault(c["iri"], [c["text"], 0])[1] += 1
        values = sorted(counts.items(), key=lambda kv: (-kv[1][1], kv[1][0].lower()))[:FACET_VALUES]
        out[column] = [
            {"value": iri, "label": text, "count": n, "selected": iri in query.filters.get(column, [])}
            for iri, (text, n) in values
        ]
    return out


def table_response(ctx: Ctx, class_iri: str, base_href: str, query: TableQuery, title: str) -> Response:
    """The class table in the negotiated format (HTML, JSON or CSV).

    :raises WebError: 400 for a bad sort, filter or position, 406 for a format not offered.
    """
    fmt = ctx.page_format(TABLE_FORMATS)
    columns, rows = rows_of(ctx, class_iri)
    unknown = [c for c in query.filters if c not in columns or c not in LINK_COLUMNS]
    if unknown:
        raise WebError(400, "bad-parameter", f"no filter column {unknown[0]!r}", parameter=unknown[0])
    kept, page, more = select_rows(columns, rows, query)
    sep = "&" if "?" in base_href else "?"
    params = [("sort", query.sort)] + ([("desc", "1")] if query.desc else [])
    params += [(c, v) for c, vs in query.filters.items() for v in vs]
    for keep in ("lang", "format"):  # the next page in the same language and format
        if ctx.request.query_params.get(keep):
            params.append((keep, ctx.request.query_params[keep]))
    lang = [("lang", ctx.lang)] if ctx.request.query_params.get("lang") else []
    next_href = (
        f"{base_href}{sep}{urlencode(params + [('after', encode_after(page[-1], query.sort))])}" if more else None
    )
    headers = {"Vary": "Accept"}
    if next_href:
        headers["Link"] = f'<{next_href}>; rel="next"'
    if fmt.name == CSV.name:
        return Response(
            as_csv(columns, kept if query.after is None and query.page == 1 else page),
            media_type=CSV.content_type,
            headers=headers,
        )
    if fmt.name == JSON.name:
        body = {
            "class": class_iri,
            "columns": ["iri", "label", *columns],
            "total": len(kept),
            "rows": [{"iri": r.iri, "label": r.label, **{c: r.cells.get(c, []) for c in columns}} for r in page],
            "next": next_href,
            "facets": facet_counts(columns, kept, query),
        }
        return JSONResponse(body, headers=headers)

    def href(**change) -> str:
        chosen = {"sort": query.sort, "desc": "1" if query.desc else None, **change}
        pairs = [(k, v) for k, v in chosen.items() if v] + [(c, v) for c, vs in query.filters.items() for v in vs]
        return f"{base_href}{sep}{urlencode(pairs + lang)}"

    def toggle(column: str, value: str) -> str:
        filters = {c: list(vs) for c, vs in query.filters.items()}
        chosen = filters.setdefault(column, [])
        chosen.remove(value) if value in chosen else chosen.append(value)
        pairs = [("sort", query.sort)] + ([("desc", "1")] if query.desc else [])
        pairs += [(c, v) for c, vs in filters.items() for v in vs]
        return f"{base_href}{sep}{urlencode(pairs + lang)}"

    heads = [
        {
            "name": c,
            # a click on the sorted column reverses it; on another column sorts by it ascending
            "href": href(sort=c, desc="1" if query.sort == c and not query.desc else None),
            "sorted": ("descending" if query.desc else "ascending") if query.sort == c else None,
        }
        for c in ["label", *columns]
    ]
    facets = {
        c: [{**v, "href": toggle(c, v["value"])} for v in values]
        for c, values in facet_counts(columns, kept, query).items()
        if values
    }
    view = [
        {
            "href": ctx.href(r.iri),
            "label": r.label,
            "cells": [
                [{**c, "href": ctx.href(c["iri"]) if "iri" in c else None} for c in r.cells.get(col, [])]
                for col in columns
            ],
        }
        for r in page
    ]
    return ctx.render(
        "class.html",
        headers=headers,
        title=title,
        iri=class_iri,
        href=ctx.href(class_iri),
        label=title,
        heads=heads,
        rows=view,
        facets=facets,
        total=len(kept),
        all_rows=len(rows),
        next_href=next_href,
        first_href=href() if (query.after or query.page > 1) else None,
        csv_href=href() + "&format=csv",
        json_href=href() + "&format=json",
    )


def as_csv(columns: Sequence[str], rows: list[Row]) -> str:
    """One line per row: iri, label, then each column's values (texts, ``; ``-separated) and, for link
    columns, their IRIs in a column ``<name>_iri``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    head = ["iri", "label"]
    for c in columns:
        head += [c, f"{c}_iri"] if c in LINK_COLUMNS else [c]
    writer.writerow(head)
    for r in rows:
        line = [r.iri, r.label]
        for c in columns:
            cells = r.cells.get(c, [])
            line.append("; ".join(x["text"] for x in cells))
            if c in LINK_COLUMNS:
                line.append(" ".join(x["iri"] for x in cells))
        writer.writerow(line)
    return out.getvalue()
