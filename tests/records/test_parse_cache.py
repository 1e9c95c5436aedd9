"""Record files parsed once: libyaml gives the documents of the pure-Python loader, and the parse cache of a
store location hands back an unchanged file's document without parsing it, parses a changed one again and
forgets what no file uses any more."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from modgraph.pipeline import records
from modgraph.pipeline.records import ParseCache, load_records

REPO = Path(__file__).resolve().parents[2]


def test_libyaml_reads_every_record_file_as_the_python_loader_does():
    assert records.LOADER is not records._LineLoader, "PyYAML is built with libyaml in the project's environment"
    paths = sorted((REPO / "records").glob("*.yaml"))
    assert len(paths) >= 5
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=records.LOADER) == yaml.load(text, Loader=records._LineLoader), path.name


def _records(rs) -> list[tuple[str, str, dict]]:
    return [(str(rf.path.name), r.key, r.data.model_dump()) for rf in rs.files for r in rf.records]


def test_the_cache_parses_only_changed_files_and_drops_unused_entries(tmp_path, monkeypatch):
    shutil.copytree(REPO / "records", tmp_path / "records")
    corpus = REPO / "corpus"
    parsed: list[str] = []
    real = records._parse
    monkeypatch.setattr(records, "_parse", lambda text: parsed.append(text) or real(text))
    cache = tmp_path / "cache"
    uncached = load_records(tmp_path / "records", corpus)
    count = len(parsed)
    assert count == len(list((tmp_path / "records").glob("*.yaml")))
    first = load_records(tmp_path / "records", corpus, ParseCache(cache))
    assert len(parsed) == 2 * count and len(list(cache.glob("*.marshal"))) == count
    again = load_records(tmp_path / "records", corpus, ParseCache(cache))
    assert len(parsed) == 2 * count  # nothing parsed: every document read from the cache
    assert _records(uncached) == _records(first) == _records(again)

    path = tmp_path / "records" / "zov-2017.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.split("\n") if line.startswith("    label: "))
    path.write_text(text.replace(line, '    label: "Geändert"', 1), encoding="utf-8")
    changed = load_records(tmp_path / "records", corpus, ParseCache(cache))
    assert parsed[2 * count :] == [path.read_text(encoding="utf-8")]  # the changed file alone
    assert len(list(cache.glob("*.marshal"))) == count  # its old entry is gone
    assert "Geändert" in [r.data.label for rf in changed.files for r in rf.records if rf.path.name == path.name]
    assert _records(changed) == _records(load_records(tmp_path / "records", corpus))


def test_an_unreadable_cache_entry_is_parsed_again(tmp_path):
    shutil.copytree(REPO / "records", tmp_path / "records")
    cache = tmp_path / "cache"
    first = load_records(tmp_path / "records", REPO / "corpus", ParseCache(cache))
    for entry in cache.glob("*.marshal"):
        entry.write_bytes(b"\x00 not marshal")
    again = load_records(tmp_path / "records", REPO / "corpus", ParseCache(cache))
    assert _records(first) == _records(again)


def _spans(rs) -> dict:
    return {rf.path.name: rf.spans for rf in rs.files}


def test_quotes_are_looked_up_again_only_in_a_changed_source_or_for_a_new_quote(tmp_path, monkeypatch):
    shutil.copytree(REPO / "records", tmp_path / "records")
    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    looked: list[str] = []
    real = records.SourceText.locate
    monkeypatch.setattr(records.SourceText, "locate", lambda self, q: looked.append(self.path.name) or real(self, q))
    cache = tmp_path / "cache"
    uncached = load_records(tmp_path / "records", tmp_path / "corpus")
    first = load_records(tmp_path / "records", tmp_path / "corpus", ParseCache(cache))
    count = len(looked) // 2
    assert count > 100 and len(looked) == 2 * count and len(list(cache.glob("*.spans"))) == 5
    looked.clear()
    again = load_records(tmp_path / "records", tmp_path / "corpus", ParseCache(cache))
    assert looked == []  # every quote from the cache
    assert _spans(uncached) == _spans(first) == _spans(again)

    # a source text changed before the first quote of its records: those quotes are looked up again, and move
    source = tmp_path / "corpus" / "bremen-zov-masterplan-2017.txt"
    source.write_text("Eine neue erste Zeile.\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
    changed = load_records(tmp_path / "records", tmp_path / "corpus", ParseCache(cache))
    assert set(looked) == {source.name}
    zov = _spans(changed)["zov-2017.yaml"]
    assert all(span.line == _spans(again)["zov-2017.yaml"][key].line + 1 for key, span in zov.items())
    assert _spans(changed) == _spans(load_records(tmp_path / "records", tmp_path / "corpus"))
    assert len(list(cache.glob("*.spans"))) == 5  # the old source's entry is gone

    # a quote that is not in its source is reported from the cache as it was without it
    path = tmp_path / "records" / "zov-2017.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.split("\n") if line.strip().startswith("quote: "))
    path.write_text(text.replace(line, line.split("quote: ")[0] + 'quote: "Nirgends zu finden."', 1), encoding="utf-8")
    for attempt in range(2):
        looked.clear()
        try:
            load_records(tmp_path / "records", tmp_path / "corpus", ParseCache(cache))
        except records.RecordError as exc:
            assert "quote not found" in str(exc) and "Nirgends zu finden" in str(exc)
        else:
            raise AssertionError("a quote absent from its source was accepted")
        assert looked == (["bremen-zov-masterplan-2017.txt"] if attempt == 0 else [])  # the new quote alone, once
