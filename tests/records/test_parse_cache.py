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
