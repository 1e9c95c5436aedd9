"""``modgraph check`` lists every problem of a run, each with file, line and record; a quote may span
a compound broken at its hyphen at a line end, as the text shows it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from modgraph.cli import app
from modgraph.pipeline.sources import SourceText

FIXTURES = Path(__file__).with_name("fixtures")


def test_a_quote_spans_a_compound_broken_at_its_hyphen(tmp_path):
    path = tmp_path / "text.txt"
    path.write_bytes((FIXTURES / "musterstadt-digitalstrategie.txt").read_bytes())
    source = SourceText(path)
    assert "EU-\nRichtlinie" in source.text
    for quote in ("Umsetzung der EU-Richtlinie 2014/55/EU", "der EU-\nRichtlinie", "EU-\n  Richtlinie 2014/55/EU"):
        span = source.locate(quote)
        assert span is not None, quote
        assert span.exact.startswith(("Umsetzung der EU-\nRichtlinie", "der EU-\nRichtlinie", "EU-\nRichtlinie"))
    assert source.locate("EURichtlinie") is None  # the hyphen of a compound is kept
    assert source.locate("Umsetzung der EU- Richtlinie") is None  # a space is not a line break
    path.write_text("Veränderungs-\n\nmanagement und Bundes-\nLänder", encoding="utf-8")
    source = SourceText(path)
    assert source.locate("Veränderungsmanagement") and source.locate("Bundes-Länder")


def test_check_lists_every_error_with_file_line_and_record(tmp_path):
    (tmp_path / "modgraph.toml").write_text('base_iri = "https://data.example.org/"\n', encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("Die Stadt führt die E-Akte ein.\n", encoding="utf-8")
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "a.yaml").write_text(
        """document:
  id: a
  file: a.txt
  label: A
  type: concept
  issued: 2024
  quote: Die Stadt
records:
  - measure: a/e-akte
    label: E-Akte
    quote: "Die Stadt führt die elektronische Akte ein."
  - measure: a/zwei
    label: Zwei
    cost: "12 Äpfel"
    quote: Die Stadt
""",
        encoding="utf-8",
    )
    (tmp_path / "records" / "b.yaml").write_text(
        """document:
  id: b
  file: fehlt.txt
  label: B
  type: concept
  issued: 2024-13
  quote: B
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["--project", str(tmp_path), "check"])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "3 problems in the records" in out
    print(out)
    assert "a.yaml:9: record measure:a/e-akte: quote not found in a.txt" in out
    assert "a.yaml:14: record measure a/zwei: cost: Value error, unknown unit 'Äpfel'" in out
    assert "b.yaml:6: record document: issued" in out
