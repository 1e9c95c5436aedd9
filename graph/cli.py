"""The ``modgraph`` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .records import RecordError, load_records
from .settings import Settings, get_settings

app = typer.Typer(help="modgraph: a knowledge graph of administration modernisation programmes.", no_args_is_help=True)
console = Console(stderr=True, soft_wrap=True)


@app.callback()
def _root() -> None:
    """modgraph: a knowledge graph of administration modernisation programmes."""


def _settings(store: Optional[Path] = None, base_iri: Optional[str] = None) -> Settings:
    return get_settings().with_overrides(store=store, base_iri=base_iri)


@app.command()
def check() -> None:
    """Check the records: schema, references and every evidence quote against its source."""
    s = _settings()
    try:
        rs = load_records(s.records_dir, s.corpus_dir)
    except RecordError as exc:
        console.print(f"[red]error[/red] {exc}")
        raise typer.Exit(1)
    for warning in rs.warnings:
        console.print(f"[yellow]warning[/yellow] {warning}")
    n_quotes = sum(len(f.spans) for f in rs.files)
    console.print(f"[green]ok[/green] {len(rs.files)} files, {len(rs.all_records())} records, {n_quotes} quotes found in their sources")


@app.command()
def serve(
    host: Optional[str] = typer.Option(None, help="Interface to listen on (MODGRAPH_HOST, default 127.0.0.1)"),
    port: Optional[int] = typer.Option(None, help="Port (MODGRAPH_PORT, default 8000)"),
    store: Optional[Path] = typer.Option(None, help="Store directory (MODGRAPH_STORE)"),
) -> None:
    """Serve the SPARQL endpoint, Graph Store reads, the query catalogue and the editor (api/README.md)."""
    import uvicorn

    from api.app import create_app

    s = _settings(store=store).with_overrides(host=host, port=port)
    uvicorn.run(create_app(s), host=s.host, port=s.port, log_level="info")


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":
    sys.exit(main())
