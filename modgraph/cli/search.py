"""``modgraph search``: the full-text index of the published build, from the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from modgraph.cli.context import StoreOption, fail, load_settings, open_current, out
from modgraph.iris import curie
from modgraph.search import SearchError, SearchIndex


def search(
    text: str = typer.Argument(..., help="the words to find (German inflection, compounds, ä/ae are handled)"),
    facet: list[str] = typer.Option(
        [], "--facet", help="FACET=VALUE filter (kind, document, programme, city, status, year)"
    ),
    limit: int = typer.Option(10, "--limit", min=1, max=200, help="hits shown"),
    fmt: str = typer.Option("table", "--format", help="table | json"),
    store: Path | None = StoreOption,
) -> None:
    """Full-text search of the published build (its search index, written by every build)."""
    build, _ = open_current(load_settings(store=store))
    filters: dict[str, list[str]] = {}
    for f in facet:
        name, sep, value = f.partition("=")
        if not sep or not value:
            fail(f"--facet takes FACET=VALUE, not {f!r}", 2)
        filters.setdefault(name.strip(), []).append(value.strip())
    try:
        results = SearchIndex.open(build).search(text, filters, limit=limit)
    except SearchError as exc:
        fail(str(exc), 2)
    if fmt == "json":
        hits = [
            {"iri": h.iri, "label": h.label, "kind": h.kind, "document": h.document, "snippet": h.snippet}
            for h in results.hits
        ]
        out.print(json.dumps({"total": results.total, "hits": hits}, ensure_ascii=False, indent=1), markup=False)
        return
    table = Table(
        "#",
        "resource",
        "label",
        "snippet",
        title=f"{results.total} hits for {text!r} (terms: {' '.join(results.terms)})",
    )
    for i, h in enumerate(results.hits, 1):
        table.add_row(
            str(i), curie(h.iri).split("/id/")[-1], h.label, h.snippet.replace("<mark>", "[").replace("</mark>", "]")
        )
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add ``search`` to the ``modgraph`` command."""
    app.command()(search)
