from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from modgraph.pipeline.sources import SourceText, _normalise, normalise
from tests.pipeline.previous.normalise import _normalise as previous_normalise


def _source(tmp_path: Path, text: str) -> SourceText:
    p = tmp_path / "doc.txt"
    p.write_text(text, encoding="utf-8")
    return SourceText(p)


def test_quote_matches_across_white_space_and_line_breaks(tmp_path):
    src = _source(tmp_path, "Der Senat hat\n\n  die Ressorts   gebeten.")
    span = src.locate("Der Senat hat die Ressorts gebeten.")
    assert span is not None
    assert (span.start, span.line) == (0, 1)
    assert span.exact == "Der Senat hat\n\n  die Ressorts   gebeten."


def test_quote_matches_across_hyphenation_at_a_line_break(tmp_path):
    src = _source(tmp_path, "durch Veränderungs-\n\nmanagement begleitet")
    assert src.locate("Veränderungsmanagement begleitet") is not None
    assert src.locate("Veränderungs- management begleitet") is not None  # copied with the break


def test_compound_hyphen_is_kept_apart_from_the_next_word(tmp_path):
    src = _source(tmp_path, "den Haushalts- und Finanzausschuss")
    assert src.locate("Haushalts- und Finanzausschuss") is not None
    assert src.locate("Haushalts und Finanzausschuss") is None


def test_letters_and_quotation_marks_must_be_exact(tmp_path):
    src = _source(tmp_path, "Programm „Zukunftsorientierte Verwaltung“ (ZOV)")
    assert src.locate("Programm „Zukunftsorientierte Verwaltung“") is not None
    assert src.locate('Programm "Zukunftsorientierte Verwaltung"') is None
    assert src.locate("programm „Zukunftsorientierte Verwaltung“") is None


def test_span_reports_line_and_offsets_of_the_raw_text(tmp_path):
    src = _source(tmp_path, "erste Zeile\nzweite Zeile mit Zitat\n")
    span = src.locate("mit Zitat")
    assert span.line == 2
    assert src.text[span.start : span.end] == "mit Zitat"


def test_normalise_is_idempotent():
    text = "a  b\n\nc-\n d"
    assert normalise(normalise(text)) == normalise(text)


# the rewrite of the normalisation with a regular expression (issue 15) against the previous character loop
_TRICKY = st.text(alphabet="aBz9-ä \t\n\u00a0\u2003.„“", max_size=60)


@settings(max_examples=3000, derandomize=True, deadline=None)
@given(_TRICKY)
def test_normalisation_with_offsets_is_the_previous_loops(text):
    assert _normalise(text) == previous_normalise(text)


def test_normalisation_of_every_corpus_source_is_the_previous_loops():
    sources = sorted((Path(__file__).resolve().parents[2] / "corpus").glob("*.txt"))
    assert len(sources) >= 5
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert _normalise(text) == previous_normalise(text), path.name


@settings(max_examples=3000, derandomize=True, deadline=None)
@given(_TRICKY)
def test_normalised_text_is_the_previous_loops(text):
    assert normalise(text) == previous_normalise(text)[0]
