"""``modgraph draft`` on the second city's PDF: what it proposes, in the record format, each with a
quote ``check`` finds; and the loader leaves every unreviewed draft out."""

from __future__ import annotations

import pytest

from modgraph.ingest import IngestError
from modgraph.ingest.draft import draft_document
from modgraph.pipeline.records import load_records

from .conftest import DOC


def _records(project):
    return load_records(project / "records", project / "corpus")


def test_every_draft_is_proposed_left_out_and_its_quotes_are_found(drafted_project):
    rs = _records(drafted_project)  # raises if a draft's form or quote were wrong
    (rf,) = rs.documents
    assert rf.records == [] and rs.drafts_left_out == len(rf.drafts) == 10
    quotes = {q for _, q in rf.spans}
    for d in rf.drafts:
        assert d.data.draft is not None and d.data.draft.review == "proposed"
        assert set(d.data.quote) <= quotes
    assert rf.document is not None and rf.document.original == "musterstadt-digitalstrategie.pdf"


def test_what_the_rules_find(drafted_project):
    (rf,) = _records(drafted_project).documents
    drafts = {d.key: d.data for d in rf.drafts}
    m11 = drafts[f"measure:{DOC}/1-1"]
    assert (m11.notation, m11.label, m11.field) == ("1.1", "Online-Terminvergabe im Bürgeramt", f"{DOC}/feld-1")
    assert m11.cost is not None and m11.cost.base_value == 270000 and m11.cost.currency == "EUR"
    (deadline,) = m11.deadlines
    assert (deadline.due.iso, deadline.due.bound) == ("2025-09", "end")
    assert m11.responsible == [f"{DOC}/amt-fuer-digitalisierung-und-organisation"]
    m12 = drafts[f"measure:{DOC}/1-2"]
    assert m12.deadlines[0].due.text == "2. Quartal 2025" and m12.deadlines[0].due.iso == "2025-06"
    decision = drafts[f"decision:{DOC}/beschluss-vii-ds-01234"]
    assert decision.number == "VII-DS-01234" and m12.decisions == [decision.id]
    m21 = drafts[f"measure:{DOC}/2-1"]
    assert m21.field == f"{DOC}/feld-2" and m21.deadlines[0].due.iso == "2026"
    assert m21.draft is not None and "page 2" in m21.draft.reason
    assert drafts[f"organisation:{DOC}/stadt-musterstadt"].draft.publisher  # type: ignore[union-attr]


def test_known_bodies_keep_their_ids_and_similar_measures_become_candidates(project):
    """With the records of another document in the project, its body and its measure are recognised."""
    (project / "records" / "nachbar.yaml").write_text(
        """document:
  id: nachbar
  file: nachbar.txt
  label: Nachbarstadt
  type: concept
  issued: 2024
  quote: Nachbarstadt
records:
  - organisation: referat-haushalt
    label: Referat Haushalt und Finanzen
    quote: Nachbarstadt
  - measure: nachbar/e-rechnung
    label: Einführung der elektronischen Rechnung (e-Rechnung)
    quote: Nachbarstadt
""",
        encoding="utf-8",
    )
    (project / "corpus" / "nachbar.txt").write_text("Nachbarstadt\n", encoding="utf-8")
    draft_document(DOC, project / "corpus", project / "records", overwrite=True)
    rs = _records(project)
    rf = next(f for f in rs.documents if f.document and f.document.id == DOC)
    drafts = {d.key: d.data for d in rf.drafts}
    assert drafts[f"measure:{DOC}/2-1"].participants == ["referat-haushalt"]  # the existing id
    assert f"organisation:{DOC}/referat-haushalt-und-finanzen" not in drafts  # not declared again
    (candidate,) = [d for k, d in drafts.items() if k.startswith("relation:")]
    assert (candidate.subject, candidate.type, candidate.object) == (
        f"measure:{DOC}/2-1",
        "same-topic-as",
        "measure:nachbar/e-rechnung",
    )
    assert candidate.draft is not None and candidate.draft.candidate and candidate.draft.similarity >= 86


def test_drafting_again_never_replaces_a_record_file_unasked(drafted_project):
    before = (drafted_project / "records" / f"{DOC}.yaml").read_bytes()
    with pytest.raises(IngestError, match="exists"):
        draft_document(DOC, drafted_project / "corpus", drafted_project / "records")
    assert (drafted_project / "records" / f"{DOC}.yaml").read_bytes() == before
