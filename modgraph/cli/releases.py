"""``modgraph releases``, ``modgraph diff`` and ``modgraph patch``: the kept releases, the RDF Patch between two
of them, and a patch applied to a release (``modgraph/store/releases.py``, ``modgraph/store/patch.py``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyoxigraph as ox
import typer
from rich.table import Table

from modgraph.cli.context import StoreOption, console, fail, load_settings, out
from modgraph.iris import curie
from modgraph.store.builds import StoreError, StoreLocation
from modgraph.store.changes import by_kind, resource_changes
from modgraph.store.patch import PatchError, apply_patch, parse_patch, release_quads, write_patch
from modgraph.store.releases import CURRENT, PREVIOUS, Release, find_release, release_patch, releases

REF_HELP = "a release: its id, its version number, current, previous, or a day (YYYY-MM-DD: the release current then)"


def _location(store: Path | None) -> StoreLocation:
    return StoreLocation(load_settings(store=store).store)


def _find(location: StoreLocation, ref: str) -> Release:
    try:
        return find_release(location, ref)
    except StoreError as exc:
        fail(str(exc))


def releases_cmd(
    fmt: str = typer.Option("table", "--format", help="table | json"),
    store: Path | None = StoreOption,
) -> None:
    """The releases kept on disk (newest last): id, version, predecessor, time, triples."""
    kept = releases(_location(store))
    if fmt == "json":
        out.print(json.dumps([r.as_json() for r in kept], ensure_ascii=False, indent=1), markup=False)
        return
    if fmt != "table":
        fail(f"unknown format {fmt!r}: use table or json", 2)
    table = Table("version", "id", "previous", "created", "triples", title=f"{len(kept)} releases kept")
    for r in kept:
        table.add_row(str(r.version), r.id, r.previous or "–", r.created, str(r.info.triples))
    out.print(table)


def diff_cmd(
    old: str = typer.Argument(PREVIOUS, help=f"the old release ({REF_HELP}); default: previous"),
    new: str = typer.Argument(CURRENT, help="the new release; default: current"),
    summary: bool = typer.Option(False, "--summary", help="what changed, resource by resource, instead of the patch"),
    store: Path | None = StoreOption,
) -> None:
    """Print the RDF Patch that turns release OLD into release NEW (blank nodes canonically labelled)."""
    location = _location(store)
    a, b = _find(location, old), _find(location, new)
    patch = release_patch(a, b)
    if not summary:
        sys.stdout.write(write_patch(patch))
        console.print(f"{len(patch.deleted)} quads deleted, {len(patch.added)} added (release {a.id} → {b.id})")
        return
    model = {g for g in b.info.graphs if g not in b.info.data_graphs} | {
        g for g in a.info.graphs if g not in a.info.data_graphs
    }
    changes = resource_changes(patch, a.build.open_read_only(), b.build.open_read_only(), model)
    table = Table("kind", "added", "removed", "changed", title=f"release {a.version} → {b.version}")
    for group in by_kind(changes):
        table.add_row(
            curie(group.kind) or "(untyped)", str(len(group.added)), str(len(group.removed)), str(len(group.changed))
        )
    out.print(table)
    for change in changes:
        props = ", ".join(curie(p.property) for p in change.properties)
        out.print(f"{change.change:8} {curie(change.iri)}  {props}", markup=False, highlight=False)


def patch_cmd(
    file: Path = typer.Argument(..., help="an RDF Patch file (as `modgraph diff` writes it)"),
    release: str | None = typer.Option(
        None, "--release", help=f"the release to apply it to ({REF_HELP}); default: the one the patch's `H prev` names"
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="write the result (N-Quads) here"),
    store: Path | None = StoreOption,
) -> None:
    """Apply a patch to a kept release and write the result as N-Quads (the release itself is not changed)."""
    location = _location(store)
    try:
        patch = parse_patch(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, PatchError) as exc:
        fail(f"{file}: {exc}")
    ref = release or patch.header.get("prev", "").rsplit("/", 1)[-1]
    if not ref:
        fail("the patch names no release it was made from (no `H prev`): give --release", 2)
    base = _find(location, ref)
    try:
        result = apply_patch(release_quads(base.build.open_read_only()), patch)
    except PatchError as exc:
        fail(f"the patch does not fit release {base.id}: {exc}")
    data = ox.serialize(sorted(result, key=str), format=ox.RdfFormat.N_QUADS)
    assert data is not None  # no output stream given: the bytes
    if output:
        output.write_bytes(data)
        console.print(f"wrote {len(result)} quads to {output}")
    else:
        sys.stdout.buffer.write(data)


def register(app: typer.Typer) -> None:
    """Add ``releases``, ``diff`` and ``patch`` to the ``modgraph`` command."""
    app.command("releases")(releases_cmd)
    app.command("diff")(diff_cmd)
    app.command("patch")(patch_cmd)
