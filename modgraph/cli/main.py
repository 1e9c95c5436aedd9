"""The ``modgraph`` command: build, check, validate, query, export, stats, search, releases, diff, patch (and serve,
deps)."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pyoxigraph as ox
import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from modgraph.cli.context import StoreOption, chosen, console, fail, load_settings, open_current, out
from modgraph.iris import curie
from modgraph.media import EXPORT_FORMATS, by_name
from modgraph.pipeline.build import BuildError, build_graph, compile_graphs
from modgraph.pipeline.records import RecordError, load_records
from modgraph.project import init_project
from modgraph.settings import VALIDATORS, Settings, SettingsError
from modgraph.store.builds import StoreLocation
from modgraph.store.reading import query_data, serialize_build
from modgraph.web.sparql_errors import explain

app = typer.Typer(help="modgraph: a knowledge graph of administration modernisation programmes.", no_args_is_help=True)
from modgraph.cli.deps import deps_app  # noqa: E402

app.add_typer(deps_app, name="deps")
from modgraph.cli.ingest import register as _register_ingest  # noqa: E402

_register_ingest(app)  # ingest, draft, review
from modgraph.cli.search import register as _register_search  # noqa: E402

_register_search(app)  # search
from modgraph.cli.releases import register as _register_releases  # noqa: E402

_register_releases(app)  # releases, diff, patch

BaseOption = typer.Option(None, "--base-iri", help="base of the data IRIs [env MODGRAPH_BASE_IRI]")

BUILD_STEPS = ["records", "mapping", "validation", "store", "publish", "server"]


@app.callback()
def _root(
    project: Path | None = typer.Option(
        None,
        "--project",
        "-C",
        help="the project folder (default: the nearest folder upwards with a modgraph.toml, "
        "else the working directory) [env MODGRAPH_PROJECT]",
    ),
) -> None:
    """modgraph: a knowledge graph of administration modernisation programmes."""
    chosen.project = project


def _settings(store: Path | None = None, base_iri: str | None = None) -> Settings:
    return load_settings(store=store, base_iri=base_iri)


ValidatorOption = typer.Option(
    None, "--validator", help=f"SHACL validator: {' | '.join(VALIDATORS)} [env MODGRAPH_VALIDATOR]"
)


def _with_validator(s: Settings, validator: str | None) -> Settings:
    if validator is not None and validator not in VALIDATORS:
        fail(f"unknown validator {validator!r}: use one of {', '.join(VALIDATORS)}", 2)
    return s.with_overrides(validator=validator)


@app.command()
def init(
    folder: Path = typer.Argument(..., help="the new project folder (created if missing)"),
    base_iri: str | None = typer.Option(None, "--base-iri", help="base of the data IRIs, ending with /"),
    publisher_name: str | None = typer.Option(None, "--publisher", help="who publishes the data"),
    publisher_url: str | None = typer.Option(None, "--publisher-url"),
    contact_email: str | None = typer.Option(None, "--contact-email"),
) -> None:
    """Create a project folder: records/, corpus/ and a commented modgraph.toml."""
    values = {
        "base_iri": base_iri,
        "publisher_name": publisher_name,
        "publisher_url": publisher_url,
        "contact_email": contact_email,
    }
    try:
        made = init_project(folder, values)
        Settings.load(made, environ={})  # the file it wrote must load
    except SettingsError as exc:
        fail(str(exc), 2)
    console.print(
        f"[green]created[/green] project {made}: put source documents in corpus/, records in records/, "
        f"then run `modgraph --project {made} build`"
    )


@app.command()
def check() -> None:
    """Check the records: schema, references and every evidence quote against its source."""
    s = _settings()
    try:
        rs = load_records(s.records_dir, s.corpus_dir)
    except RecordError as exc:
        fail(str(exc))
    for warning in rs.warnings:
        console.print(f"[yellow]warning[/yellow] {warning}")
    n_quotes = sum(len(f.spans) for f in rs.files)
    console.print(
        f"[green]ok[/green] {len(rs.files)} files, {len(rs.all_records())} records, {n_quotes} quotes found in their sources"
        + _drafts_note(rs.drafts_left_out)
    )


def _drafts_note(left_out: int) -> str:
    return f"; {left_out} drafts not yet accepted left out (modgraph review)" if left_out else ""


@app.command()
def build(
    store: Path | None = StoreOption,
    base_iri: str | None = BaseOption,
    warnings: int | None = typer.Option(None, help="list at most this many SHACL results (default: all)"),
    validator: str | None = ValidatorOption,
    full: bool = typer.Option(
        False, "--full", help="map every document again (reuse nothing from the published build)"
    ),
) -> None:
    """Build the graph from the records: check, map, validate, store, publish atomically.

    Document graphs whose inputs (record file, source, ontology, shapes, registry, mapper code) are
    unchanged since the published build are copied from it; the others are mapped (``--full``: all).
    """
    s = _with_validator(_settings(store, base_iri), validator)
    before = _published_id(s)

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console
    ) as progress:
        task = progress.add_task("building", total=len(BUILD_STEPS))

        def step(name: str) -> None:
            progress.update(task, description=name, completed=BUILD_STEPS.index(name))

        upload: list = []

        def uploaded(triples: int, total: int) -> None:  # the upload to a SPARQL server (MODGRAPH_STORE_URL)
            if not upload:
                upload.append(progress.add_task("uploading triples", total=total))
            progress.advance(upload[0], triples)

        try:
            built, compiled = build_graph(s, step, full=full, progress=uploaded)
        except RecordError as exc:
            progress.stop()
            fail(f"{exc}\nThe published graph is unchanged.")
        except BuildError as exc:
            progress.stop()
            console.print(exc.report.to_text(limit=50) if exc.report else "")
            fail(f"{exc}\nThe published graph is unchanged.")
        except OSError as exc:  # disk full, no permission, too many open files …
            progress.stop()
            after = _published_id(s)
            outcome = (
                "the published graph is unchanged" if after == before else f"build {after} was published nevertheless"
            )
            fail(f"the build failed: {os_failure(exc)}; {outcome}")
        progress.update(task, description="done", completed=len(BUILD_STEPS))
    info = built.info
    report = compiled.report
    console.print(report.to_text(limit=warnings))
    if compiled.reused:
        console.print(
            f"reused {len(compiled.reused)} unchanged document graph(s) from the published build; "
            f"mapped {len(compiled.mapped)}: {', '.join(compiled.mapped) or 'none'}"
        )
    console.print(
        f"[green]built[/green] {info.id}: {info.triples} triples in {len(info.graphs)} graphs, "
        f"{len(info.documents)} documents → {built.path}" + _drafts_note(compiled.records.drafts_left_out)
    )
    _warn_publication_gaps(s, built)


def _warn_publication_gaps(s: Settings, built) -> None:
    """Warn about the catalogue metadata the project has not given (the datasets say so too)."""
    from modgraph.publish.catalog import GAPS, publication_gaps

    store = built.open_read_only()
    try:
        gaps = publication_gaps(s, built.info, store)
    finally:
        del store
    for doc_id, missing in gaps.items():
        named = ", ".join(f"{GAPS[m][1]} (setting {'geocoding or spatial' if m == 'spatial' else m})" for m in missing)
        console.print(f"[yellow]warning[/yellow] catalogue: dataset {doc_id} has no {named} in modgraph.toml")


#: failures of writing: their message says what was being written
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}


def os_failure(exc: OSError) -> str:
    """An operating-system failure in a few words: ``no space left on device while writing <file>``."""
    reason = exc.strerror or (os.strerror(exc.errno) if exc.errno else str(exc)) or type(exc).__name__
    if reason[1:2].islower():  # "No space left …" → "no space left …", but "IO error …" stays
        reason = reason[:1].lower() + reason[1:]
    if not exc.filename:
        return reason
    return f"{reason} {'while writing' if exc.errno in _WRITE_ERRNOS else 'at'} {exc.filename}"


def _published_id(s: Settings) -> str | None:
    """The id of the published build (None: nothing published, or the store cannot be read)."""
    try:
        current = StoreLocation(s.store).current()
    except OSError:
        return None
    return current.id if current else None


@app.command("validate")
def validate_cmd(
    fmt: str = typer.Option("text", "--format", help="text | turtle | json"),
    output: Path | None = typer.Option(None, "--output", "-o"),
    validator: str | None = ValidatorOption,
) -> None:
    """Validate the records against the SHACL shapes without building a store."""
    s = _with_validator(_settings(), validator)
    if fmt not in {"text", "turtle", "json"}:
        fail(f"unknown format {fmt!r}: use text, turtle or json", 2)
    try:
        report = compile_graphs(s).report
    except RecordError as exc:
        fail(str(exc))
    text = {"text": report.to_text, "turtle": report.to_turtle, "json": report.to_json}[fmt]()
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        out.print(text, markup=False, highlight=False)
    raise typer.Exit(0 if report.conforms else 1)


@app.command()
def query(
    sparql: str | None = typer.Argument(None, help="the query text"),
    file: Path | None = typer.Option(None, "--file", "-f", help="read the query from a file"),
    fmt: str = typer.Option("table", "--format", help="table | csv | json (SELECT/ASK); CONSTRUCT prints Turtle"),
    store: Path | None = StoreOption,
) -> None:
    """Run a SPARQL query on the built graph (default graph: union of the data graphs)."""
    s = _settings(store)
    if (sparql is None) == (file is None):
        fail("give the query as an argument or with --file (one of them)", 2)
    text = file.read_text(encoding="utf-8") if file else (sparql or "")
    build, st = open_current(s)
    try:
        result = query_data(st, build.info, text)
    except SyntaxError as exc:
        said = explain(str(exc), text).one_line()  # "Syntax error at line 1, column 9: …. Hint: …."
        fail(escape(f"query {said[0].lower()}{said[1:]}"), 2)
    if isinstance(result, ox.QueryBoolean):
        out.print("true" if bool(result) else "false")
    elif isinstance(result, ox.QuerySolutions):
        _print_solutions(result, fmt)
    else:
        out.print(_text(result.serialize(format=ox.RdfFormat.TURTLE)), markup=False, highlight=False)


def _text(data: bytes | None) -> str:
    """pyoxigraph's serialisation (bytes when no output stream is given) as text."""
    assert data is not None
    return data.decode("utf-8")


def _print_solutions(result: ox.QuerySolutions, fmt: str) -> None:
    if fmt == "csv":
        sys.stdout.write(_text(result.serialize(format=ox.QueryResultsFormat.CSV)))
    elif fmt == "json":
        sys.stdout.write(_text(result.serialize(format=ox.QueryResultsFormat.JSON)) + "\n")
    elif fmt == "table":
        names = [v.value for v in result.variables]
        table = Table(*names)
        for row in result:
            table.add_row(*["" if row[n] is None else row[n].value for n in names])
        out.print(table)
    else:
        fail(f"unknown format {fmt!r}: use table, csv or json", 2)


#: the words ``modgraph export --format`` takes, each a name of one of media.EXPORT_FORMATS
EXPORT_NAMES = ("nquads", "trig", "turtle", "ntriples", "jsonld", "rdfxml")


@app.command()
def export(
    fmt: str = typer.Option(
        "nquads", "--format", help=" | ".join(f.names[0] if f.names else f.name for f in EXPORT_FORMATS)
    ),
    graph: str | None = typer.Option(None, "--graph", help="one named graph (IRI or short name such as zov-2017)"),
    output: Path | None = typer.Option(None, "--output", "-o"),
    store: Path | None = StoreOption,
) -> None:
    """Export the built graph. Quad formats keep the named graphs; triple formats get the data union or --graph."""
    s = _settings(store)
    chosen_format = by_name(fmt, EXPORT_FORMATS)
    if chosen_format is None:
        fail(f"unknown format {fmt!r}: use {', '.join(EXPORT_NAMES)}", 2)
    rdf_format = getattr(ox.RdfFormat, chosen_format.oxigraph)
    build, st = open_current(s)
    info = build.info
    data = serialize_build(st, info, rdf_format, graph)
    if data is None:
        fail(f"no such graph: {graph} (known: {', '.join(info.graphs)})")
    if output:
        output.write_bytes(data)
        console.print(f"wrote {len(data)} bytes to {output}")
    else:
        sys.stdout.buffer.write(data)


STATS_QUERY = """
SELECT ?g ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?class } } GROUP BY ?g ?class
"""


@app.command()
def stats(store: Path | None = StoreOption, fmt: str = typer.Option("table", "--format", help="table | csv")) -> None:
    """Count the instances of each class in each source document's graph."""
    s = _settings(store)
    build, st = open_current(s)
    info = build.info
    doc_graphs = {d["graph"]: doc for doc, d in info.documents.items()}
    counts: dict[str, dict[str, int]] = {}
    for row in st.query(STATS_QUERY):
        g = row["g"].value
        if g in doc_graphs:
            counts.setdefault(curie(row["class"].value), {})[doc_graphs[g]] = int(row["n"].value)
    docs = list(info.documents)
    if fmt == "csv":
        out.print("class," + ",".join(docs) + ",total", markup=False)
        for cls in sorted(counts):
            row = [counts[cls].get(d, 0) for d in docs]
            out.print(cls + "," + ",".join(map(str, row)) + f",{sum(row)}", markup=False)
        return
    table = Table("class", *docs, "total", title=f"Instances per class and source document (build {info.id})")
    for cls in sorted(counts):
        row = [counts[cls].get(d, 0) for d in docs]
        table.add_row(cls, *[str(n) if n else "·" for n in row], str(sum(row)))
    out.print(table)
    out.print(
        f"{info.triples} triples in {len(info.graphs)} named graphs; SHACL: "
        f"{'conforms' if info.conforms else 'does not conform'}, {info.warnings} warnings"
    )


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Interface to listen on (MODGRAPH_HOST, default 127.0.0.1)"),
    port: int | None = typer.Option(None, help="Port (MODGRAPH_PORT, default 8000)"),
    store: Path | None = typer.Option(None, help="Store directory (MODGRAPH_STORE)"),
) -> None:
    """Serve the SPARQL endpoint, Graph Store reads, the query catalogue and the editor (api/README.md)."""
    import uvicorn

    from modgraph.web.app import create_app  # the CLI is the top layer; the web app is imported only to serve

    s = _settings(store=store).with_overrides(host=host, port=port)
    uvicorn.run(create_app(s), host=s.host, port=s.port, log_level="info")


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":
    main()
