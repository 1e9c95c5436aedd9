"""``modgraph deps …``: the dependency analyses and exports on the command line.

Nodes are given as full IRIs or as the part after ``{base}id/`` (``measure/zov-2017/3-2``).
Every command that yields nodes can write them as an export with ``--format graphml|gexf|dot|cytoscape|
turtle|trig`` (``--output`` file, else stdout); ``--format json`` prints JSON; the default is a table.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import networkx as nx
import typer
from rich.console import Console
from rich.table import Table

from modgraph.deps import analysis as da
from modgraph.deps import export as gx
from modgraph.deps.projection import PRESET_DESCRIPTIONS, RELATIONS, Projection, UnknownRelation, edge_json, node_json, project_store
from modgraph.cli.context import console, fail, load_settings, out
from modgraph.store.builds import StoreError, StoreLocation

deps_app = typer.Typer(help="Dependency graph: closures, paths, cycles, centrality, critical path, slip impact, exports.",
                       no_args_is_help=True)

FORMATS = ["table", "json", *gx.WRITERS]


class Opts:
    relations: str = "all"
    documents: list[str] = []
    programmes: list[str] = []
    kinds: list[str] = []
    store: Optional[Path] = None
    fmt: str = "table"
    output: Optional[Path] = None


opts = Opts()


@deps_app.callback()
def _options(
    relations: str = typer.Option("all", "--relations", "-r", help="presets and/or relation keys, comma-separated: "
                                  + ", ".join(PRESET_DESCRIPTIONS)),
    document: list[str] = typer.Option([], "--document", "-d", help="only edges stated in this document (repeatable)"),
    programme: list[str] = typer.Option([], "--programme", "-p", help="only edges touching this programme (IRI or id path)"),
    kind: list[str] = typer.Option([], "--kind", "-k", help="only nodes of this kind (repeatable)"),
    store: Optional[Path] = typer.Option(None, "--store", help="store directory [env MODGRAPH_STORE]"),
    fmt: str = typer.Option("table", "--format", "-f", help=" | ".join(FORMATS)),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="write the result here instead of stdout"),
) -> None:
    """Options common to every deps command (give them before the command name)."""
    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}: use {', '.join(FORMATS)}", 2)
    opts.relations, opts.documents, opts.programmes, opts.kinds = relations, document, programme, kind
    opts.store, opts.fmt, opts.output = store, fmt, output


_fail = fail


_loaded: dict = {}


def _projection() -> Projection:
    s = load_settings(store=opts.store)
    try:
        build = StoreLocation(s.store).require_current()
    except StoreError as exc:
        _fail(str(exc))
    key = str(build.path)
    if key not in _loaded:  # one projection per build and process
        _loaded.clear()
        _loaded[key] = project_store(build.open_read_only(), build.info)
    return _loaded[key]


def _view() -> nx.MultiDiGraph:
    p = _projection()
    try:
        return p.view(opts.relations, opts.documents or None, [_iri(x) for x in opts.programmes] or None, opts.kinds or None)
    except UnknownRelation as exc:
        _fail(str(exc), 2)


def _iri(text: str) -> str:
    if text.startswith(("http://", "https://")):
        return text
    return f"{_projection().base_iri}id/{text.removeprefix('/').removeprefix('id/')}"


def _node(g: nx.Graph, text: str) -> str:
    iri = _iri(text)
    if iri not in g:
        hits = _projection().search(text, limit=5)
        hint = ("; did you mean: " + ", ".join(h["iri"] for h in hits)) if hits else ""
        _fail(f"{iri} has no edge with these filters{hint}")
    return iri


def _emit(g: nx.Graph, rows: list[dict], columns: list[str], sub: nx.Graph | None, body: dict | None = None,
          title: str = "") -> None:
    if opts.fmt in gx.WRITERS:
        if sub is None:
            _fail("this result has no graph to export")
        data, _ = gx.export(sub, opts.fmt)
    elif opts.fmt == "json":
        data = (json.dumps(body if body is not None else rows, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")
    else:
        if opts.output:
            _fail("--output needs --format json or an export format", 2)
        table = Table(*columns, title=title)
        for r in rows:
            table.add_row(*[str(r.get(c, "")) if r.get(c) is not None else "" for c in columns])
        out.print(table)
        return
    if opts.output:
        opts.output.write_bytes(data)
        console.print(f"wrote {len(data)} bytes to {opts.output}")
    else:
        sys.stdout.buffer.write(data)


def _short(g: nx.Graph, n: str) -> str:
    base = _projection().base_iri + "id/"
    return n[len(base):] if n.startswith(base) else n


def _row(g: nx.Graph, n: str, **extra) -> dict:
    d = node_json(g, n) if n in g else {"iri": n}
    return {"id": _short(g, n), "label": d.get("label", n), "kind": d.get("kind"), **d, **extra}


# ---------------------------------------------------------------------------------------------- commands

@deps_app.command()
def relations() -> None:
    """Relation types and presets, with edge counts in the published build."""
    g = _projection().graph
    counts: dict[str, int] = {}
    for _, _, d in g.edges(data=True):
        counts[d["relation"]] = counts.get(d["relation"], 0) + 1
    rows = [{"key": r.key, "predicate": r.predicate, "presets": " ".join(r.groups), "edges": counts.get(r.key, 0),
             "flags": " ".join(f for f, on in (("symmetric", r.symmetric), ("reversed", r.reverse),
                                               ("precedence", r.precedence)) if on)} for r in RELATIONS.values()]
    _emit(g, rows, ["key", "predicate", "presets", "flags", "edges"], None, title="Relations")


@deps_app.command()
def search(text: str = typer.Argument(..., help="part of a label, notation or IRI"),
           limit: int = typer.Option(20, help="at most this many hits")) -> None:
    """Find nodes by part of their label."""
    p = _projection()
    rows = [{**h, "id": _short(p.graph, h["iri"]), "degree": p.graph.degree(h["iri"])} for h in p.search(text, limit)]
    _emit(p.graph, rows, ["id", "kind", "label", "degree"], p.graph.subgraph([r["iri"] for r in rows]).copy(),
          title=f"Nodes matching {text!r}")


@deps_app.command()
def neighbourhood(node: str, radius: int = typer.Option(1, help="edges away")) -> None:
    """Nodes within RADIUS edges of NODE (either direction)."""
    g = _view()
    n = _node(g, node)
    depths = da.neighbourhood(g, n, radius)
    rows = sorted((_row(g, x, depth=d) for x, d in depths.items()), key=lambda r: (r["depth"], r["id"]))
    _emit(g, rows, ["depth", "id", "kind", "label"], g.subgraph(depths).copy(), title=f"Neighbourhood of {_short(g, n)}")


@deps_app.command()
def closure(node: str, direction: str = typer.Option("upstream", help="upstream (what NODE needs) | downstream (what needs NODE)"),
            max_depth: Optional[int] = typer.Option(None, help="stop after this many steps")) -> None:
    """Upstream or downstream closure of NODE."""
    g = _view()
    n = _node(g, node)
    try:
        depths = da.closure(g, n, direction, max_depth)
    except da.AnalysisError as exc:
        _fail(str(exc), 2)
    rows = sorted((_row(g, x, depth=d) for x, d in depths.items()), key=lambda r: (r["depth"], r["id"]))
    _emit(g, rows, ["depth", "id", "kind", "label"], g.subgraph([n, *depths]).copy(),
          title=f"{direction} of {_short(g, n)}: {len(depths)} nodes")


@deps_app.command()
def path(source: str, target: str,
         directed: bool = typer.Option(False, help="follow edge directions only"),
         all_paths: bool = typer.Option(False, "--all", help="all simple paths up to --cutoff edges"),
         cutoff: int = typer.Option(4, help="longest path for --all"),
         limit: int = typer.Option(20, help="at most this many paths")) -> None:
    """Shortest paths (or all simple paths) between two nodes, with the relation and document of every step."""
    g = _view()
    a, b = _node(g, source), _node(g, target)
    if all_paths:
        paths, _ = da.simple_paths(g, a, b, cutoff=cutoff, limit=limit, directed=directed)
    else:
        paths = da.all_shortest_paths(g, a, b, directed=directed, limit=limit)
    rows, edges = [], []
    for i, p in enumerate(paths, 1):
        steps = da.path_edges(g, p)
        edges.extend((e["source"], e["target"], e["key"]) for e in steps)
        for e in steps:
            rows.append({"path": i, "from": _short(g, e["source"]), "relation": e["relation"], "to": _short(g, e["target"]),
                         "document": e["document"]})
    sub = nx.MultiDiGraph()
    for p in paths:
        for n in p:
            sub.add_node(n, **g.nodes[n])
    for u, v, k in dict.fromkeys(edges):
        sub.add_edge(u, v, key=k, **g.edges[u, v, k])
    if not paths:
        console.print("no path")
    _emit(g, rows, ["path", "from", "relation", "to", "document"], sub,
          body=[[_row(g, n) for n in p] for p in paths], title=f"{len(paths)} path(s)")


@deps_app.command()
def cycles(limit: int = typer.Option(100), max_length: Optional[int] = typer.Option(8),
           include_symmetric: bool = typer.Option(False, help="also cycles through symmetric relations")) -> None:
    """Directed cycles."""
    g = _view()
    found, truncated = da.cycles(g, limit, max_length, include_symmetric)
    rows = [{"cycle": i, "length": len(c), "nodes": " → ".join(_short(g, n) for n in c)} for i, c in enumerate(found, 1)]
    _emit(g, rows, ["cycle", "length", "nodes"], g.subgraph({n for c in found for n in c}).copy(),
          body=[[_row(g, n) for n in c] for c in found], title=f"{len(found)} cycle(s){' (truncated)' if truncated else ''}")


@deps_app.command("roots-leaves")
def roots_leaves() -> None:
    """Roots (no outgoing edge) and leaves (no incoming edge)."""
    g = _view()
    roots, leaves = da.roots_and_leaves(g)
    rows = [_row(g, n, role="root") for n in roots] + [_row(g, n, role="leaf") for n in leaves]
    _emit(g, rows, ["role", "id", "kind", "label"], g.subgraph(roots + leaves).copy(),
          body={"roots": [_row(g, n) for n in roots], "leaves": [_row(g, n) for n in leaves]},
          title=f"{len(roots)} roots, {len(leaves)} leaves")


@deps_app.command()
def components(strong: bool = typer.Option(False, help="strongly connected components"),
               limit: int = typer.Option(20)) -> None:
    """Connected components, largest first."""
    g = _view()
    comps = da.components(g, strong)
    rows = [{"component": i, "size": len(c), "example": ", ".join(_short(g, n) for n in c[:3])}
            for i, c in enumerate(comps[:limit], 1)]
    _emit(g, rows, ["component", "size", "example"], g.subgraph({n for c in comps[:limit] for n in c}).copy(),
          body=[[_short(g, n) for n in c] for c in comps[:limit]], title=f"{len(comps)} component(s)")


@deps_app.command()
def centrality(measure: str = typer.Option("betweenness", help=" | ".join(da.CENTRALITY_MEASURES)),
               top: int = typer.Option(20), directed: bool = typer.Option(False),
               rank_kind: list[str] = typer.Option([], help="rank only these node kinds")) -> None:
    """Degree or betweenness ranking (bottlenecks)."""
    g = _view()
    try:
        scores = da.centrality(g, measure, directed)
    except da.AnalysisError as exc:
        _fail(str(exc), 2)
    if rank_kind:
        scores = {n: s for n, s in scores.items() if g.nodes[n].get("kind") in set(rank_kind)}
    ranked = da.ranking(scores, top, g)
    rows = [_row(g, n, rank=i, score=round(s, 6)) for i, (n, s) in enumerate(ranked, 1)]
    sub = g.subgraph([n for n, _ in ranked]).copy()
    for n, s in ranked:
        sub.nodes[n]["score"] = s
    _emit(g, rows, ["rank", "score", "id", "kind", "label"], sub, title=f"{measure} centrality")


@deps_app.command("critical-path")
def critical_path() -> None:
    """The longest dated chain of precedence relations."""
    g = _view()
    try:
        cp = da.critical_path(g)
    except da.CycleError as exc:
        _fail(str(exc))
    if cp is None:
        console.print("no precedence edge between dated nodes")
        _emit(g, [], ["id"], nx.MultiDiGraph(), body=None)
        return
    rows = [_row(g, n, step=i) for i, n in enumerate(cp.nodes, 1)]
    for r, s in zip(rows[1:], cp.steps):
        r["gap_days"] = s["gap_days"]
        r["via"] = " ".join(_short(g, v) for v in s["via"])
    nodes = list(cp.nodes) + [v for s in cp.steps for v in s["via"]]
    _emit(g, rows, ["step", "id", "start", "end", "gap_days", "via", "label"], g.subgraph(nodes).copy(),
          body={"nodes": rows, "span_days": cp.span_days, "start": str(cp.start), "end": str(cp.end)},
          title=f"Critical path: {cp.span_days} days, {cp.start} … {cp.end}")


@deps_app.command()
def slip(node: str, months: int = typer.Argument(3, help="calendar months later")) -> None:
    """Which dated successors move if NODE ends MONTHS later, and by how much."""
    g = _view()
    n = _node(g, node)
    try:
        moved, absorbed = da.slip_impact(g, n, months)
    except (da.CycleError, da.AnalysisError) as exc:
        _fail(str(exc))
    rows = [_row(g, i.node, shift_days=i.shift_days, old_end=i.old_end, new_end=i.new_end, slack_days=i.slack_days,
                 driver=_short(g, i.driver) if i.driver else None, status="moves" if i.shift_days else "absorbed")
            for i in moved + absorbed]
    _emit(g, rows, ["status", "shift_days", "id", "old_end", "new_end", "slack_days", "driver"],
          g.subgraph([i.node for i in moved + absorbed]).copy(), title=f"{_short(g, n)} slips by {months} months")


@deps_app.command()
def export() -> None:
    """The whole (filtered) projection (use --format and --output)."""
    g = _view()
    if opts.fmt == "table":
        opts.fmt = "graphml"
    _emit(g, [], [], g, body={"nodes": [node_json(g, n) for n in g],
                              "edges": [edge_json(u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True)]})
