"""The drawing of the written audit (scripts/audit_sample.py, records/AUDIT.md) on the real corpus build: the same
seed draws the same statements, the frame leaves out the passage descriptions and the bookkeeping it names, the
draw is stratified by document, every drawn statement comes with passages found in its source, and the audit file
gives every statement one verdict and sums them correctly."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter

from modgraph.settings import PACKAGE_DIR

ROOT = PACKAGE_DIR.parent
SPEC = importlib.util.spec_from_file_location("audit_sample", ROOT / "scripts" / "audit_sample.py")
assert SPEC and SPEC.loader
audit_sample = importlib.util.module_from_spec(SPEC)
sys.modules["audit_sample"] = audit_sample  # its dataclasses look their module up
SPEC.loader.exec_module(audit_sample)

VERDICTS = ("exact", "paraphrase ok", "interpretive reading", "wrong", "unsupported", "unsupported → fixed")


def draw(corpus_build, capsys, seed: int) -> dict:
    _, build, _ = corpus_build
    assert audit_sample.main(["--seed", str(seed), "--build", str(build.path), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_same_seed_draws_the_same_statements(corpus_build, capsys):
    first, again, other = draw(corpus_build, capsys, 13), draw(corpus_build, capsys, 13), draw(corpus_build, capsys, 14)
    assert first == again
    assert [s["subject"] + s["property"] + s["value"] for s in first["statements"]] != [
        s["subject"] + s["property"] + s["value"] for s in other["statements"]
    ]


def test_frame_and_stratification(corpus_build, capsys):
    result = draw(corpus_build, capsys, 13)
    frame, drawn = result["frame"], result["drawn"]
    assert sum(drawn.values()) == len(result["statements"]) == 100
    total = sum(frame.values())
    for document, size in frame.items():
        # proportional with largest remainders: each share is its quota rounded down or up
        assert int(100 * size / total) <= drawn[document] <= int(100 * size / total) + 1
        assert Counter(s["document"] for s in result["statements"])[document] == drawn[document]
    # every triple of the document graphs is either in the frame or removed for one of the named reasons
    assert sum(frame.values()) + sum(result["excluded"].values()) == sum(result["triples"].values())
    # every document has passages (each with 7 triples or more) and derivation links, all left out
    assert result["excluded"]["passage"] >= 7 * 800 and result["excluded"]["evidence-link"] >= 800
    left_out = {"prov:wasDerivedFrom", "mg:mentionedIn", "skos:editorialNote", "mg:statusAssertion", "mg:milestone"}
    for s in result["statements"]:
        assert not s["subject"].startswith("id:passage/")
        assert s["property"] not in left_out
        assert not s["property"].startswith("oa:")


def test_the_supplementary_draw_leaves_out_names_types_and_descriptions(corpus_build, capsys):
    _, build, _ = corpus_build
    argv = ["--seed", "13", "--size", "30", "--values-only", "--build", str(build.path), "--format", "json"]
    assert audit_sample.main(argv) == 0
    result = json.loads(capsys.readouterr().out)
    assert len(result["statements"]) == 30
    naming = {audit_sample.curie(p) for p in audit_sample.NAMING}
    assert "rdfs:label" in naming and "rdf:type" in naming
    assert not [s for s in result["statements"] if s["property"] in naming]
    # its frame is the plain draw's without the naming statements: smaller in every document
    plain = draw(corpus_build, capsys, 13)
    assert all(result["frame"][d] < plain["frame"][d] for d in plain["frame"])


def test_every_drawn_statement_has_passages_found_in_its_source(corpus_build, capsys):
    texts = audit_sample.source_texts(ROOT)
    for s in draw(corpus_build, capsys, 13)["statements"]:
        assert s["passages"], s
        for p in s["passages"]:
            lines = texts[p["document"]].split("\n")
            # the quote (the passage's exact text) starts on the line the passage names
            at = "\n".join(lines[p["line"] - 1 :]).find(p["quote"])
            assert 0 <= at <= len(lines[p["line"] - 1]), (s["subject"], p)


def section_verdicts(text: str, prefix: str, count: int) -> Counter:
    """The verdict of each numbered entry of one section (``### 12.`` or ``### V12.``), checked one per entry."""
    entries = re.split(rf"\n### {prefix}(\d+)\. ", text)[1:]
    assert [int(n) for n in entries[0::2]] == list(range(1, count + 1))
    verdicts: Counter = Counter()
    for body in entries[1::2]:
        found = re.findall(r"^- \*\*verdict: ([^*]+)\*\*", body, re.M)
        assert len(found) == 1 and found[0] in VERDICTS, body[:200]
        verdicts[found[0]] += 1
        # every non-exact verdict says what was done or why the reading stands
        if found[0] != "exact":
            assert re.search(r"^- \*\*verdict: [^*]+\*\* — \S", body, re.M), body[:200]
    return verdicts


def summed(text: str) -> dict[str, int]:
    """The totals column of the first verdict table in the text."""
    rows = re.findall(r"^\| ([a-z →]+) \|(?: [^|]+ \|){5} (\d+) \|$", text, re.M)
    return {v: int(n) for v, n in rows[: len(VERDICTS)]}


def test_the_audit_file_gives_each_statement_one_verdict_and_sums_them():
    text = (ROOT / "records" / "AUDIT.md").read_text(encoding="utf-8")
    main, supplementary = text.split("\n## Supplementary draw")
    # the 100 statements: each with one verdict, summed in the summary table
    verdicts = section_verdicts(main.split("\n## The 100 statements\n")[1], "", 100)
    assert summed(main) == {v: verdicts[v] for v in VERDICTS}
    # the supplementary draw of 30 values and links, in the same way
    verdicts = section_verdicts(supplementary, "V", 30)
    assert summed(supplementary) == {v: verdicts[v] for v in VERDICTS}
