"""Releases and the RDF Patch between them, on three real builds of the tiny project (``conftest.py``)."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pyoxigraph as ox
import pytest

from modgraph.iris import release_iri
from modgraph.store.builds import StoreError
from modgraph.store.changes import by_kind, resource_changes
from modgraph.store.patch import Patch, PatchError, apply_patch, diff, parse_patch, release_quads, write_patch
from modgraph.store.releases import find_release, release_patch

BASE = "https://w3id.org/modgraph/"
MEASURE = BASE + "id/measure/tiny/e-akte"
PLANNED = MEASURE + "/status/2024-01-15-planned"
IN_PROGRESS = MEASURE + "/status/2024-01-15-in-progress"
GRAPH = BASE + "graph/tiny"
STATUS = "https://w3id.org/modgraph/def/status/"


def _quads(release) -> set[ox.Quad]:
    return release_quads(release.build.open_read_only())


# ---------------------------------------------------------------------------------------------- release metadata


def test_each_build_is_a_release_with_number_predecessor_time_and_sources(released):
    first, second, third = released.kept
    assert (first.version, first.previous) == (1, None)
    assert (second.version, second.previous) == (2, first.id)
    assert (third.version, third.previous) == (3, second.id)
    assert first.created <= second.created <= third.created
    source = (released.folder / "corpus" / "tiny.txt").read_bytes()
    assert second.sources == {"tiny": hashlib.sha256(source).hexdigest()}
    assert all(r.previous_kept for r in (second, third)) and not first.previous_kept


def test_releases_are_found_by_id_number_name_and_day(released):
    first, second, third = released.kept
    loc = released.location
    assert find_release(loc, first.id).id == first.id
    assert find_release(loc, "2").id == second.id
    assert find_release(loc, "current").id == third.id
    assert find_release(loc, "previous").id == second.id
    assert find_release(loc, third.created[:10]).id == third.id  # the release current at the end of that day
    with pytest.raises(StoreError, match="on or before 2000-01-01"):
        find_release(loc, "2000-01-01")
    with pytest.raises(StoreError, match="no kept release is named 'nine'"):
        find_release(loc, "nine")


# ---------------------------------------------------------------------------------------------- the patch


def test_patch_of_a_changed_status_holds_exactly_that_change(released):
    first, second, _ = released.kept
    patch = release_patch(first, second)
    assert patch.header == {"id": release_iri(BASE, second.id), "prev": release_iri(BASE, first.id)}
    old = _quads(first)
    # deleted: every quad about the planned status assertion (it is renamed), and the measure's link to it
    expected_deleted = {q for q in old if PLANNED in (q.subject.value, getattr(q.object, "value", None))}
    assert set(patch.deleted) == expected_deleted
    assert len(expected_deleted) == 7  # type, statusOf, status, asOf, accordingTo, wasDerivedFrom + the link

    swap = {PLANNED: IN_PROGRESS, STATUS + "planned": STATUS + "in-progress"}

    def renamed(q: ox.Quad) -> ox.Quad:
        def term(t):
            return ox.NamedNode(swap[t.value]) if isinstance(t, ox.NamedNode) and t.value in swap else t

        return ox.Quad(term(q.subject), q.predicate, term(q.object), q.graph_name)

    # added: the same quads about the in-progress assertion, its status the only value that differs
    assert set(patch.added) == {renamed(q) for q in expected_deleted}
    assert {q.graph_name.value for q in patch.deleted + patch.added} == {GRAPH}


def test_applying_the_patch_to_the_old_release_gives_the_new_one_quad_for_quad(released):
    first, second, _ = released.kept
    text = write_patch(release_patch(first, second))
    assert apply_patch(_quads(first), parse_patch(text)) == _quads(second)


def test_an_unchanged_build_gives_an_empty_patch_although_its_blank_nodes_are_new(released):
    _, second, third = released.kept
    raw = [
        {q for g in s.named_graphs() for q in s.quads_for_pattern(None, None, None, g)}
        for s in (second.build.open_read_only(), third.build.open_read_only())
    ]
    blank = [{q for q in quads if isinstance(q.subject, ox.BlankNode)} for quads in raw]
    assert blank[0] and blank[0] != blank[1]  # the shapes and ontology graphs: labels differ between builds
    patch = release_patch(second, third)
    assert not patch and write_patch(patch).splitlines()[-2:] == ["TX .", "TC ."]


def test_the_patch_text_reads_back_exactly():
    g = ox.NamedNode("http://example.org/g")
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    quads = [
        ox.Quad(s, p, ox.Literal('say "hi"\nand\tgo \\ ü'), g),
        ox.Quad(s, p, ox.Literal("Bremen", language="de"), g),
        ox.Quad(s, p, ox.Literal("2024-01-15", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")), g),
        ox.Quad(ox.BlankNode("c14n0"), p, ox.BlankNode("c14n1"), g),
    ]
    patch = diff(set(quads[:1]), set(quads[1:]), {"id": "http://example.org/r2", "prev": "http://example.org/r1"})
    again = parse_patch(write_patch(patch))
    assert (again.deleted, again.added, again.header) == (patch.deleted, patch.added, patch.header)


def test_a_patch_that_does_not_fit_is_refused():
    g = ox.NamedNode("http://example.org/g")
    quad = ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal("x"), g)
    with pytest.raises(PatchError, match="deletes a quad the release does not have"):
        apply_patch(set(), Patch(deleted=[quad]))
    with pytest.raises(PatchError, match="adds a quad the release already has"):
        apply_patch({quad}, Patch(added=[quad]))
    with pytest.raises(PatchError, match="line 2: not a quad"):
        parse_patch("TX .\nA <http://example.org/s> <p> .\nTC .\n")
    with pytest.raises(PatchError, match="line 1: not a row"):
        parse_patch("PA ex <http://example.org/> .\n")


# ---------------------------------------------------------------------------------------------- what changed


def test_the_changes_are_grouped_by_kind(released):
    first, second, _ = released.kept
    model = {g for g in second.info.graphs if g not in second.info.data_graphs}
    found = resource_changes(
        release_patch(first, second), first.build.open_read_only(), second.build.open_read_only(), model
    )
    assert [(c.iri, c.change) for c in found] == [(MEASURE, "changed"), (IN_PROGRESS, "added"), (PLANNED, "removed")]
    groups = {g.kind.rsplit("#", 1)[-1]: g for g in by_kind(found)}
    assert set(groups) == {"Measure", "StatusAssertion"}
    assert [c.iri for c in groups["StatusAssertion"].added] == [IN_PROGRESS]
    assert [c.iri for c in groups["StatusAssertion"].removed] == [PLANNED]
    (link,) = groups["Measure"].changed[0].properties
    assert link.property.endswith("#statusAssertion")
    assert [t.value for t in link.removed] == [PLANNED] and [t.value for t in link.added] == [IN_PROGRESS]


# ---------------------------------------------------------------------------------------------- the command


def _modgraph(released, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "modgraph", "--project", str(released.folder), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_modgraph_diff_prints_the_patch_of_the_previous_and_the_current_release(released, tmp_path):
    _, second, third = released.kept
    done = _modgraph(released, "diff")
    assert done.returncode == 0, done.stderr
    assert done.stdout == write_patch(release_patch(second, third))
    done = _modgraph(released, "diff", "1", "2")
    assert done.returncode == 0, done.stderr
    assert parse_patch(done.stdout).added == release_patch(released.kept[0], second).added
    assert "7 quads deleted, 7 added" in done.stderr
    # modgraph patch: the patch applied to release 1 (named by its H prev) gives release 2's quads
    (tmp_path / "p.rdfp").write_text(done.stdout, encoding="utf-8")
    applied = _modgraph(released, "patch", str(tmp_path / "p.rdfp"), "-o", str(tmp_path / "out.nq"))
    assert applied.returncode == 0, applied.stderr
    result = set(ox.parse(path=str(tmp_path / "out.nq"), format=ox.RdfFormat.N_QUADS))
    assert result == _quads(second)


def test_modgraph_diff_names_an_unknown_release(released):
    done = _modgraph(released, "diff", "17")
    assert done.returncode == 1 and "no kept release is named '17'" in done.stderr
