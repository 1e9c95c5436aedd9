"""Two real documents of another administration (Stadt Ulm, CC BY-SA 4.0, see external/ulm/SOURCE.md):
a 37-page slide PDF and a Markdown chapter, ingested and drafted in an empty project."""

from __future__ import annotations

from pathlib import Path

from modgraph.ingest import ingest_file
from modgraph.ingest.draft import draft_document
from modgraph.ingest.normalise import line_place
from modgraph.pipeline.records import load_records

ULM = Path(__file__).with_name("external") / "ulm"


def test_the_slides_keep_their_pages(tmp_path):
    done = ingest_file(ULM / "ulm4clevercity-ueberblick.pdf", tmp_path / "corpus", tmp_path / "records", "ulm-2020")
    assert done.data["pages"] == 37
    assert done.original.read_bytes() == (ULM / "ulm4clevercity-ueberblick.pdf").read_bytes()
    lines = done.text.read_text(encoding="utf-8").split("\n")
    funding = next(i for i, ln in enumerate(lines, start=1) if ln.startswith("Fördervolumen: 8 Mio €"))
    assert line_place(done.data["lines"], funding)["page"] == 3
    last = next(i for i, ln in enumerate(lines, start=1) if "Räumliche Verortung in den Quartieren" in ln)
    assert line_place(done.data["lines"], last)["page"] == 37
    assert done.data["proposed"]["title"]["value"] == "Ulm4CleverCity – Smart City"  # not "PowerPoint-Präsentation"


def test_the_projects_of_a_markdown_chapter_are_drafted_and_their_quotes_found(tmp_path):
    ingest_file(ULM / "smart-city-strategie-mobilitaet.md", tmp_path / "corpus", tmp_path / "records", "ulm-mobil")
    draft_document("ulm-mobil", tmp_path / "corpus", tmp_path / "records", issued="2021")
    (rf,) = load_records(tmp_path / "records", tmp_path / "corpus").documents  # every draft quote found
    measures = [d.data.label for d in rf.drafts if d.kind == "measure"]
    assert measures == [
        "SWU 2Go: Car Sharing",
        "Parkraummanagement",
        "Dateninventar",
        "Mobilitätsstationen",
        "Intelligente Verkehrssysteme zur besseren Verkehrssteuerung, Verkehrsreduktion",
    ]
