"""``modgraph deps …``: the dependency analyses and exports on the command line.

Nodes are given as full IRIs or as the part after ``{base}id/`` (``measure/zov-2017/3-2``).
Each command runs the serializer of ``modgraph.deps.results`` that the API's ``/deps/…`` endpoint of the
same name runs, with the same defaults: ``--format json`` prints exactly the API's JSON; the default table
is rendered from that dict; ``--format graphml|gexf|dot|cytoscape|turtle|trig`` writes the result's
subgraph (``--output`` file, else stdout).

Why this module is long: one Typer command per analysis of ``modgraph.deps`` (relations, search, node,
neighbourhood, closure, path, cycles, roots and leaves, components, centrality, critical path, slip, export),
each with its documented options; the logic is in ``modgraph.deps``, each command only reads its options and
prints the serializer's result.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import typer
from rich.table import Table

from modgraph.cli.context import console, fail, load_settings, out
from modgraph.deps import analysis as da
from modgraph.deps import export as gx
from modgraph.deps import results
from modgraph.deps.projection import Projection, project_store
from modgraph.deps.results import Result, Selection, UnknownNode, node_iri
from modgraph.deps.stored import build_projection
from modgraph.iris import id_path
from modgraph.relations import PRESET_DESCRIPTIONS, UnknownRelation
from modgraph.store.builds import StoreError, StoreLocation
from modgraph.store.remote import RemoteReader, open_client

deps_app = typer.Typer(
    help="Dependency graph: closures, paths, cycles, centrality, critical path, slip impact, exports.",
    no_args_is_help=True,
)

FORMATS = ["table", "json", *gx.WRITERS]


class Opts:
    relations: str = "all"
    documents: list[str] = []
    programmes: list[str] = []
    kinds: list[str] = []
    store: Path | None = None
    fmt: str = "table"
    output: Path | None = None


opts = Opts()


@deps_app.callback()
def _options(
    relations: str = typer.Option(
        "all",
        "--relations",
        "-r",
        help="presets and/or relation keys, comma-separated: " + ", ".join(PRESET_DESCRIPTIONS),
    ),
    document: list[str] = typer.Option([], "--document", "-d", help="only edges stated in this document (repeatable)"),
    programme: list[str] = typer.Option(
        [], "--programme", "-p", help="only edges touching this programme (IRI or id path)"
    ),
    kind: list[str] = typer.Option([], "--kind", "-k", help="only nodes of this kind (repeatable)"),
    store: Path | None = typer.Option(None, "--store", help="store directory [env MODGRAPH_STORE]"),
    fmt: str = typer.Option("table", "--format", "-f", help=" | ".join(FORMATS)),
    output: Path | None = typer.Option(None, "--output", "-o", help="write the result here instead of stdout"),
) -> None:
    """Options common to every deps command (give them before the command name)."""
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}: use {', '.join(FORMATS)}", 2)
    opts.relations, opts.documents, opts.programmes, opts.kinds = relations, document, programme, kind
    opts.store, opts.fmt, opts.output = store, fmt, output


_loaded: dict[str, Projection] = {}


def _projection() -> Projection:
    """The projection of the published build (one per build and process)."""
    s = load_settings(store=opts.store)
    try:
        client = open_client(s)
        if client is not None:  # a SPARQL server as the store: the projection of the graphs it serves
            _, info, store = RemoteReader(s, client).get()
            key = f"remote|{info.id}"
            if key not in _loaded:
                _loaded.clear()
                # project_store asks the store protocol only, which RemoteStore implements
                _loaded[key] = project_store(store, info)  # type: ignore[arg-type]
            return _loaded[key]
        build = StoreLocation(s.store).require_current()
    except StoreError as exc:
        fail(str(exc))
    key = str(build.path)
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = build_projection(build)
    return _loaded[key]


def _selection() -> Selection:
    p = _projection()
    programmes = [node_iri(x, p.base_iri) for x in opts.programmes] or None
    try:
        view = p.view(opts.relations, opts.documents or None, programmes, opts.kinds or None)
    except UnknownRelation as exc:
        fail(str(exc), 2)
    return Selection(p, view)


def _node(text: str) -> str:
    return node_iri(text, _projection().base_iri)


def _short(iri: str | None) -> str:
    return "" if iri is None else id_path(iri, _projection().base_iri) or iri


Rows = tuple[str, list[str], list[dict]]  # title, columns, rows


def _emit(compute: Callable[[], Result], table: Callable[[dict], Rows]) -> None:
    """Run a serializer; print its dict as JSON, its subgraph as an export, or the table made from its dict."""
    try:
        result = compute()
    except UnknownNode as exc:
        hits = _projection().search(_short(exc.iri), limit=5)
        fail(str(exc) + (("; did you mean: " + ", ".join(h["iri"] for h in hits)) if hits else ""))
    except da.CycleError as exc:
        fail(str(exc))
    except da.AnalysisError as exc:
        fail(str(exc), 2)
    if opts.fmt in gx.WRITERS:
        if result.graph is None:
            fail("this result has no graph to export", 2)
        data, _ = gx.export(result.graph, opts.fmt)
    elif opts.fmt == "json":
        data = (json.dumps(result.body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    else:
        if opts.output:
            fail("--output needs --format json or an export format", 2)
        title, columns, rows = table(result.body)
        grid = Table(*columns, title=title)
        for row in rows:
            grid.add_row(*["" if row.get(c) is None else str(row[c]) for c in columns])
        out.print(grid)
        return
    if opts.output:
        opts.output.write_bytes(data)
        console.print(f"wrote {len(data)} bytes to {opts.output}")
    else:
        sys.stdout.buffer.write(data)


def _row(node: dict, **extra) -> dict:
    """A table row of a node dict: its short id besides its fields."""
    return {**node, "id": _short(node["iri"]), **extra}


NODE_COLUMNS = ["id", "kind", "label"]


# ---------------------------------------------------------------------------------------------- commands


@deps_app.command()
def relations() -> None:
    """Relation types and presets, with edge counts in the published build."""
    flags = ("symmetric", "reversed", "precedence")
    _emit(
        lambda: results.relations_overview(_projection()),
        lambda b: (
            "Relations",
            ["key", "predicate", "presets", "flags", "edges"],
            [
                {**r, "presets": " ".join(r["groups"]), "flags": " ".join(f for f in flags if r[f])}
                for r in b["relations"]
            ],
        ),
    )


@deps_app.command()
def search(
    text: str = typer.Argument(..., help="part of a label, notation or IRI"),
    limit: int = typer.Option(20, help="at most this many hits"),
    kind: list[str] = typer.Option([], help="only these node kinds"),
) -> None:
    """Find nodes by part of their label."""
    _emit(
        lambda: results.search(_projection(), text, limit, kind or None),
        lambda b: (f"Nodes matching {text!r}", ["id", "kind", "label", "degree"], [_row(h) for h in b["hits"]]),
    )


@deps_app.command()
def node(iri: str) -> None:
    """One node and its outgoing and incoming edges."""

    def table(b: dict) -> Rows:
        rows = [
            {"direction": "out", "relation": e["relation"], "other": _short(e["target"]), "document": e["document"]}
            for e in b["out"]
        ]
        rows += [
            {"direction": "in", "relation": e["relation"], "other": _short(e["source"]), "document": e["document"]}
            for e in b["in"]
        ]
        return (
            f"{b['node']['label']} ({_short(b['node']['iri'])})",
            ["direction", "relation", "other", "document"],
            rows,
        )

    _emit(lambda: results.node_edges(_selection(), _node(iri)), table)


def _by_depth(nodes: list[dict]) -> list[dict]:
    return sorted((_row(n) for n in nodes), key=lambda r: (r["depth"], r["id"]))


@deps_app.command()
def neighbourhood(
    node: str,
    radius: int = typer.Option(1, help="edges away"),
    limit: int = typer.Option(300, help="at most this many nodes (nearest first)"),
) -> None:
    """Nodes within RADIUS edges of NODE (either direction)."""
    _emit(
        lambda: results.neighbourhood(_selection(), _node(node), radius, limit),
        lambda b: (
            f"Neighbourhood of {_short(b['center']['iri'])}: {b['drawn_nodes']} of {b['total_nodes']} nodes",
            ["depth", *NODE_COLUMNS],
            _by_depth(b["nodes"]),
        ),
    )


@deps_app.command()
def closure(
    node: str,
    direction: str = typer.Option("upstream", help="upstream (what NODE needs) | downstream (what needs NODE)"),
    max_depth: int | None = typer.Option(None, help="stop after this many steps"),
    limit: int = typer.Option(1000, help="at most this many nodes (nearest first)"),
) -> None:
    """Upstream or downstream closure of NODE."""
    _emit(
        lambda: results.closure(_selection(), _node(node), direction, max_depth, limit),
        lambda b: (
            f"{direction} of {_short(b['center']['iri'])}: {b['total']} nodes",
            ["depth", *NODE_COLUMNS],
            _by_depth(b["closure"]),
        ),
    )


@deps_app.command()
def path(
    source: str,
    target: str,
    directed: bool = typer.Option(False, help="follow edge directions only"),
    all_paths: bool = typer.Option(False, "--all", help="all simple paths up to --cutoff edges"),
    cutoff: int = typer.Option(4, help="longest path for --all"),
    limit: int = typer.Option(20, help="at most this many paths"),
) -> None:
    """Shortest paths (or all simple paths) between two nodes, with the relation and document of every step."""

    def table(b: dict) -> Rows:
        rows = [
            {
                "path": i,
                "from": _short(e["source"]),
                "relation": e["relation"],
                "to": _short(e["target"]),
                "document": e["document"],
            }
            for i, p in enumerate(b["paths"], 1)
            for e in p["edges"]
        ]
        return f"{b['count']} path(s)", ["path", "from", "relation", "to", "document"], rows

    _emit(lambda: results.paths(_selection(), _node(source), _node(target), directed, all_paths, cutoff, limit), table)


@deps_app.command()
def cycles(
    limit: int = typer.Option(100),
    max_length: int | None = typer.Option(8),
    include_symmetric: bool = typer.Option(False, help="also cycles through symmetric relations"),
) -> None:
    """Directed cycles."""
    _emit(
        lambda: results.cycles(_selection(), limit, max_length, include_symmetric),
        lambda b: (
            f"{b['count']} cycle(s){' (truncated)' if b['truncated'] else ''}",
            ["cycle", "length", "nodes"],
            [
                {"cycle": i, "length": len(c), "nodes": " → ".join(_short(n["iri"]) for n in c)}
                for i, c in enumerate(b["cycles"], 1)
            ],
        ),
    )


@deps_app.command("roots-leaves")
def roots_leaves(limit: int = typer.Option(500, help="at most this many of each")) -> None:
    """Roots (no outgoing edge) and leaves (no incoming edge)."""
    _emit(
        lambda: results.roots_leaves(_selection(), limit),
        lambda b: (
            f"{b['root_count']} roots, {b['leaf_count']} leaves",
            ["role", *NODE_COLUMNS],
            [_row(n, role="root") for n in b["roots"]] + [_row(n, role="leaf") for n in b["leaves"]],
        ),
    )


@deps_app.command()
def components(
    strong: bool = typer.Option(False, help="strongly connected components"),
    limit: int = typer.Option(50, help="at most this many components"),
    members: int = typer.Option(50, help="list at most this many members each"),
    offset: int = typer.Option(0, min=0, help="start at this component (the next_offset of the previous page)"),
) -> None:
    """Connected components, largest first."""
    _emit(
        lambda: results.components(_selection(), strong, limit, members, offset),
        lambda b: (
            f"{b['count']} component(s)",
            ["component", "size", "example"],
            [
                {"component": i, "size": c["size"], "example": ", ".join(_short(n["iri"]) for n in c["members"][:3])}
                for i, c in enumerate(b["components"], 1)
            ],
        ),
    )


@deps_app.command()
def centrality(
    measure: str = typer.Option("betweenness", help=" | ".join(da.CENTRALITY_MEASURES)),
    top: int = typer.Option(20),
    directed: bool = typer.Option(False),
    rank_kind: list[str] = typer.Option([], help="rank only these node kinds"),
) -> None:
    """Degree or betweenness ranking (bottlenecks)."""
    _emit(
        lambda: results.centrality(_selection(), measure, top, directed, rank_kind or None),
        lambda b: (
            f"{b['measure']} centrality",
            ["rank", "score", *NODE_COLUMNS],
            [_row(n, rank=i) for i, n in enumerate(b["ranking"], 1)],
        ),
    )


@deps_app.command("critical-path")
def critical_path() -> None:
    """The longest dated chain of precedence relations."""

    def table(b: dict) -> Rows:
        cp = b["critical_path"]
        if cp is None:
            return b["message"], ["id"], []
        rows = [_row(n, step=i) for i, n in enumerate(cp["nodes"], 1)]
        for r, s in zip(rows[1:], cp["steps"], strict=False):
            r["gap_days"] = s["gap_days"]
            r["via"] = " ".join(_short(v["iri"]) for v in s["via"])
        return (
            f"Critical path: {cp['span_days']} days, {cp['start']} … {cp['end']}",
            ["step", "id", "start", "end", "gap_days", "via", "label"],
            rows,
        )

    _emit(lambda: results.critical_path(_selection()), table)


@deps_app.command()
def slip(node: str, months: int = typer.Argument(3, help="calendar months later")) -> None:
    """Which dated successors move if NODE ends MONTHS later, and by how much."""

    def table(b: dict) -> Rows:
        rows = [
            _row(i, status=status, driver=_short(i["driver"]))
            for status, key in (("moves", "moved"), ("absorbed", "absorbed"))
            for i in b[key]
        ]
        return (
            f"{_short(b['node']['iri'])} slips by {b['months']} months",
            ["status", "shift_days", "id", "old_end", "new_end", "slack_days", "driver"],
            rows,
        )

    _emit(lambda: results.slip(_selection(), _node(node), months), table)


@deps_app.command()
def export() -> None:
    """The whole (filtered) projection (use --format and --output; default graphml)."""
    if opts.fmt == "table":
        opts.fmt = "graphml"
    _emit(lambda: results.whole_graph(_selection()), lambda b: ("", [], []))
