"""A broken record fails the build with a message naming file, record and line, and the published
graph keeps answering with the old data. Also: an interrupted build publishes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from modgraph.pipeline.build import build_graph
from modgraph.pipeline.records import RecordError
from modgraph.store.builds import StoreLocation
from modgraph.store.reading import query_data

MEASURES = "SELECT (COUNT(?m) AS ?n) WHERE { ?m a <https://w3id.org/modgraph/def#Measure> }"
LABEL = """SELECT ?l WHERE { <https://w3id.org/modgraph/id/measure/invest-2026/vois-terminmanagement>
           <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = "de") }"""


def _ask(settings, query: str) -> list[str]:
    build = StoreLocation(settings.store).require_current()
    store = build.open_read_only()
    return [row[0].value for row in query_data(store, build.info, query)]


def _line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN = {
    "quote not in the source": (
        '"Für die Umstellung des Terminmanagements auf das VOIS-Baukastensystem sind insgesamt 270.000 Euro vorgesehen."',
        '"Für die Umstellung des Terminmanagements auf das VOIS-Baukastensystem sind insgesamt 280.000 Euro vorgesehen."',
        "quote not found",
    ),
    "wrong datatype": ('cost: "insgesamt 270.000 Euro"', 'cost: "zweihundertsiebzig Äpfel"', "cost"),
    "missing required property": (
        '  - measure: invest-2026/vois-terminmanagement\n    label: "Einführung des VOIS-Baukastensystems für das Terminmanagement"\n',
        "  - measure: invest-2026/vois-terminmanagement\n",
        "label: Field required",
    ),
    "malformed date": ("attested: 2026-02-17", "attested: 17.02.2026", "attested"),
    "dangling reference": (
        'funded_by: [invest-2026/performa-nord-digitalisierung]\n    decisions: [invest-2026/senatsbeschluss-2026-02-17]\n    period: {start: 2026, end: 2027}\n    cost: "insgesamt 270.000 Euro"',
        'funded_by: [invest-2026/kein-fonds]\n    decisions: [invest-2026/senatsbeschluss-2026-02-17]\n    period: {start: 2026, end: 2027}\n    cost: "insgesamt 270.000 Euro"',
        "fund:invest-2026/kein-fonds is not declared",
    ),
}


def test_good_build_then_broken_records_leave_the_published_graph_untouched(records_copy):
    settings, records = records_copy
    build_graph(settings)
    before = _ask(settings, MEASURES)
    label_before = _ask(settings, LABEL)
    assert int(before[0]) >= 4 and label_before
    published = StoreLocation(settings.store).current().path
    target = records / "invest-2026.yaml"
    original = target.read_text(encoding="utf-8")
    for case, (old, new, expected) in BROKEN.items():
        target.write_text(original, encoding="utf-8")
        _replace(target, old, new)
        with pytest.raises(RecordError) as info:
            build_graph(settings)
        message = str(info.value)
        assert "invest-2026.yaml" in message, case
        assert expected in message, (case, message)
        assert info.value.line is not None, case
        # the store still answers, with the old data
        assert StoreLocation(settings.store).current().path == published, case
        assert _ask(settings, MEASURES) == before, case
        assert _ask(settings, LABEL) == label_before, case


def test_error_names_the_record_and_its_line(records_copy):
    settings, records = records_copy
    target = records / "invest-2026.yaml"
    _replace(target, 'cost: "insgesamt 270.000 Euro"', 'cost: "zweihundertsiebzig Äpfel"')
    with pytest.raises(RecordError) as info:
        build_graph(settings)
    assert info.value.record == "measure invest-2026/vois-terminmanagement"
    assert info.value.line == _line_of(target, "zweihundertsiebzig Äpfel")


def test_malformed_yaml_names_file_and_line(records_copy):
    settings, records = records_copy
    target = records / "invest-2026.yaml"
    _replace(
        target,
        '    label: "Der Senator für Finanzen"\n    type: public-body\n',
        '    label: "Der Senator für Finanzen"\n    type: [public-body\n',
    )
    with pytest.raises(RecordError) as info:
        build_graph(settings)
    assert "malformed YAML" in str(info.value)
    assert "invest-2026.yaml" in str(info.value) and info.value.line is not None


def test_a_crash_halfway_through_the_store_step_publishes_nothing(records_copy, monkeypatch):
    settings, _ = records_copy
    first, _ = build_graph(settings)

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("modgraph.pipeline.build.write_downloads", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        build_graph(settings)
    location = StoreLocation(settings.store)
    assert location.current().path == first.path
    assert [p for p in location.builds_dir.iterdir() if p.name.endswith(".partial")] == []
    assert _ask(settings, MEASURES)


def test_rebuild_publishes_a_new_build_and_switches_atomically(records_copy):
    settings, records = records_copy
    first, _ = build_graph(settings)
    _replace(
        records / "invest-2026.yaml",
        'label: "Einführung des VOIS-Baukastensystems für das Terminmanagement"',
        'label: "VOIS-Baukastensystem (umbenannt)"',
    )
    second, _ = build_graph(settings)
    assert second.path != first.path
    assert StoreLocation(settings.store).current().path == second.path
    assert _ask(settings, LABEL) == ["VOIS-Baukastensystem (umbenannt)"]


def test_a_duplicate_key_is_an_error_not_a_silent_overwrite(records_copy):
    settings, records = records_copy
    target = records / "invest-2026.yaml"
    _replace(
        target, 'cost: "insgesamt 270.000 Euro"', 'cost: "insgesamt 270.000 Euro"\n    cost: "insgesamt 280.000 Euro"'
    )
    with pytest.raises(RecordError) as info:
        build_graph(settings)
    assert "duplicate key 'cost'" in str(info.value)
    assert info.value.line == _line_of(target, "280.000")
