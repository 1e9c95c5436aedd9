"""``modgraph ingest`` on real files of each format (made with reportlab, python-docx, or written out:
see make_fixtures.py): the original kept byte for byte, both checksums, the normalised text, the page
and heading map, the proposed metadata; and the clear errors for what cannot be ingested."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from modgraph.ingest import IngestError, ingest_file
from modgraph.ingest.normalise import line_place

FIXTURES = Path(__file__).with_name("fixtures")
NAME = "musterstadt-digitalstrategie"


def _ingest(tmp_path: Path, suffix: str, doc_id: str = "muster"):
    return ingest_file(FIXTURES / f"{NAME}.{suffix}", tmp_path / "corpus", tmp_path / "records", doc_id)


def _line_of(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.split("\n"), start=1) if needle in ln)


@pytest.mark.parametrize("suffix", ["pdf", "html", "md", "docx", "txt"])
def test_original_kept_byte_for_byte_with_checksums(tmp_path, suffix):
    done = _ingest(tmp_path, suffix)
    original = (FIXTURES / f"{NAME}.{suffix}").read_bytes()
    assert done.original.read_bytes() == original
    info = json.loads(done.info.read_text(encoding="utf-8"))
    assert info["original_sha256"] == hashlib.sha256(original).hexdigest()
    assert info["text_sha256"] == hashlib.sha256(done.text.read_bytes()).hexdigest()
    text = done.text.read_text(encoding="utf-8")
    assert "Online-Terminvergabe im Bürgeramt" in text
    assert "Handlungsfeld 1: Digitale Bürgerdienste" in text
    proposed = info["proposed"]
    assert proposed["title"]["value"] == "Digitalstrategie der Stadt Musterstadt 2025"
    assert proposed["date"]["value"] == "2025-03-12"
    assert proposed["issuer"]["value"] == "Stadt Musterstadt"
    assert info["format"] == {"md": "markdown", "txt": "text"}.get(suffix, suffix)


def test_pdf_lines_map_to_their_pages(tmp_path):
    done = _ingest(tmp_path, "pdf")
    text = done.text.read_text(encoding="utf-8")
    segments = done.data["lines"]
    assert done.data["pages"] == 2
    assert line_place(segments, _line_of(text, "1.2 Elektronische Akte"))["page"] == 1
    assert line_place(segments, _line_of(text, "2.1 Einführung der elektronischen Rechnung"))["page"] == 2
    assert line_place(segments, _line_of(text, "Referat Haushalt"))["page"] == 2


@pytest.mark.parametrize("suffix", ["html", "md", "docx"])
def test_headings_and_tables(tmp_path, suffix):
    done = _ingest(tmp_path, suffix)
    text = done.text.read_text(encoding="utf-8")
    row = _line_of(text, "Online-Terminvergabe")
    assert text.split("\n")[row - 1].startswith("1.1 | Online-Terminvergabe im Bürgeramt | ")
    assert line_place(done.data["lines"], row)["heading"] == "Handlungsfeld 1: Digitale Bürgerdienste"
    assert "**" not in text  # Markdown emphasis is markup, not text


def test_html_navigation_and_boilerplate_dropped(tmp_path):
    text = _ingest(tmp_path, "html").text.read_text(encoding="utf-8")
    for boilerplate in ("Startseite", "Kultur und Freizeit", "Cookies", "Impressum", "Zählpixel", "Musterstadt.de"):
        assert boilerplate not in text
    assert "Die Kosten betragen insgesamt 270.000 Euro." in text


def test_a_scanned_pdf_gets_a_clear_message(tmp_path):
    with pytest.raises(IngestError, match="text layer.*OCR") as info:
        ingest_file(FIXTURES / "scan-ohne-text.pdf", tmp_path / "corpus", tmp_path / "records")
    assert "ocrmypdf" in str(info.value)
    assert not (tmp_path / "corpus").exists()  # nothing written


def test_unknown_format_and_bad_id_are_refused(tmp_path):
    odd = tmp_path / "tabelle.xlsx"
    odd.write_bytes(b"\x00\x01not a document")
    with pytest.raises(IngestError, match="unknown format"):
        ingest_file(odd, tmp_path / "corpus", tmp_path / "records")
    with pytest.raises(IngestError, match="not a document id"):
        _ingest(tmp_path, "md", "Große Strategie")


def test_another_file_of_the_same_name_is_never_overwritten(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / f"{NAME}.md").write_text("a different document\n", encoding="utf-8")
    with pytest.raises(IngestError, match="exists with other content"):
        _ingest(tmp_path, "md")
    assert (corpus / f"{NAME}.md").read_text(encoding="utf-8") == "a different document\n"
