"""The restricted forms of the extraction's queries (``modgraph.search.extract``) answer what the whole ones
answer for the same subjects."""

from __future__ import annotations

from modgraph.search.extract import _rows, dates_of
from modgraph.search.extract_queries import DATES


def test_the_dates_of_some_subjects_are_the_whole_querys_rows_for_them(corpus_build):
    _, build, _ = corpus_build
    store, info = build.open_read_only(), build.info
    whole = dates_of(store, info, None)
    assert whole == {(r["s"].value, r["e"].value) for r in _rows(store, info, DATES)}
    linking = sorted({s for s, _ in whole})
    assert len(linking) > 50
    # subjects that link to dates, and as many that do not (their rows must be none)
    others = sorted({r["s"].value for r in _rows(store, info, "SELECT DISTINCT ?s WHERE { ?s ?p ?o } LIMIT 400")})
    subjects = set(linking[::3]) | set(others[:60])
    assert dates_of(store, info, subjects) == {(s, e) for s, e in whole if s in subjects}
    without = set(others[:60]) - set(linking)
    assert without and dates_of(store, info, without) == set()


def test_the_programmes_of_some_subjects_are_the_whole_querys_rows_for_them(corpus_build):
    from modgraph.search.extract_queries import PROGRAMMES, PROGRAMMES_OF
    from modgraph.store.reading import restricted

    _, build, _ = corpus_build
    store, info = build.open_read_only(), build.info
    whole = {(r[0].value, r[1].value) for r in _rows(store, info, PROGRAMMES)}
    assert whole == {(r[0].value, r[1].value) for r in _rows(store, info, PROGRAMMES_OF)}
    subjects = sorted({s for s, _ in whole})[::4]
    assert len(subjects) > 20
    some = {(r[0].value, r[1].value) for r in _rows(store, info, restricted(PROGRAMMES_OF, "s", subjects))}
    assert some == {(s, p) for s, p in whole if s in set(subjects)}
