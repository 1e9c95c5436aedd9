"""How good are the drafts? ``modgraph draft`` on the five corpus documents, against their curated records.

For each document a temporary project is laid out with the curated records of the *other* documents
(so bodies they declare are "known", as they would be for a new document of the same project), the
corpus file is ingested with the document's id and drafted, and the drafts are compared with the
curated records of that document, kind by kind:

- measures: a draft matches a curated measure with the same notation, or (no notation on either side)
  a label whose rapidfuzz ``token_sort_ratio`` is at least 85; one-to-one, greedy;
- amounts: (value in the base unit, unit) of every amount in a record (cost, volume, budget lines,
  observations) — a multiset;
- dates: the ISO value of every deadline and decision date;
- decisions: same number, else same date;
- bodies: organisations — a known id equal to one the curated file declares or refers to, or a new
  body whose label matches a curated label or alternative label (ratio >= 85).

Precision = matched drafts / drafts, recall = matched curated / curated. It also checks that every
draft quote is found by ``check``'s matcher.

Two documents of another administration (the Stadt Ulm, ``tests/ingest/external/ulm/``, CC BY-SA 4.0) are
drafted in an empty project and compared with my own annotation of them (``benchmarks/drafts_external.yaml``):
measures and bodies by label similarity, amounts and dates as above, decisions by count (none annotated). Run (results into benchmarks/DRAFTS.md by hand):

    nice .venv/bin/python benchmarks/drafts_bench.py [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from modgraph.ingest import ingest_file  # noqa: E402
from modgraph.ingest.draft import draft_document  # noqa: E402
from modgraph.pipeline.records import RecordError, RecordFile, load_file, verify_quotes  # noqa: E402
from modgraph.pipeline.sources import normalise  # noqa: E402

KINDS = ("measures", "amounts", "dates", "decisions", "bodies")
LABEL_CUTOFF = 85


def _label(text: str) -> str:
    return normalise(text).lower().strip(' .:;„“"')


def _similar(a: str, b: str) -> bool:
    return fuzz.token_sort_ratio(_label(a), _label(b)) >= LABEL_CUTOFF


def _greedy(drafts: list, curated: list, same) -> int:
    """How many drafts match a curated item one-to-one (first match wins)."""
    left = list(curated)
    matched = 0
    for d in drafts:
        hit = next((c for c in left if same(d, c)), None)
        if hit is not None:
            left.remove(hit)
            matched += 1
    return matched


def _amounts(rf_records) -> Counter:
    out: Counter = Counter()
    for r in rf_records:
        d = r.data
        values = [getattr(d, n, None) for n in ("cost", "volume", "planned", "actual", "deviation")]
        for obs in getattr(d, "observations", []) or []:
            if obs.value:
                try:
                    from modgraph.pipeline.amounts import parse_amount

                    values.append(parse_amount(obs.value, getattr(d, "unit", "") or ""))
                except ValueError:
                    pass
        for a in values:
            if a is not None and a.base_value is not None:
                out[(a.base_value.normalize(), a.currency or a.unit)] += 1
    return out


def _dates(rf_records) -> Counter:
    out: Counter = Counter()
    for r in rf_records:
        for dl in getattr(r.data, "deadlines", []) or []:
            out[dl.due.iso] += 1
        if r.kind == "decision" and r.data.date is not None:
            out[r.data.date.iso] += 1
    return out


def _bodies_curated(rf: RecordFile) -> tuple[set[str], list[list[str]]]:
    ids: set[str] = set()
    labels = []
    for r in rf.records:
        if r.kind == "organisation":
            ids.add(r.data.id)
            labels.append([r.data.label, *r.data.alt_labels, *r.data.also_written])
        for name in ("responsible", "participants", "organisers", "provider", "body", "addressees", "organisation"):
            value = getattr(r.data, name, None)
            ids.update([value] if isinstance(value, str) else value or [])
    return ids, labels


def _score(matched: int, drafted: int, curated: int) -> dict:
    return {
        "drafted": drafted,
        "curated": curated,
        "matched": matched,
        "precision": round(matched / drafted, 3) if drafted else None,
        "recall": round(matched / curated, 3) if curated else None,
    }


def compare(curated: RecordFile, drafted: RecordFile) -> dict:
    cur = curated.records
    dra = drafted.drafts
    res = {}
    cm = [r.data for r in cur if r.kind == "measure"]
    dm = [r.data for r in dra if r.kind == "measure"]

    def same_measure(d, c) -> bool:
        if d.notation and c.notation:
            return d.notation.replace(" ", "") == c.notation.replace(" ", "")
        return _similar(d.label, c.label)

    res["measures"] = _score(_greedy(dm, cm, same_measure), len(dm), len(cm))
    ca, da = _amounts(cur), _amounts(dra)
    res["amounts"] = _score(sum((ca & da).values()), sum(da.values()), sum(ca.values()))
    cd, dd = _dates(cur), _dates(dra)
    res["dates"] = _score(sum((cd & dd).values()), sum(dd.values()), sum(cd.values()))
    cdec = [r.data for r in cur if r.kind == "decision"]
    ddec = [r.data for r in dra if r.kind == "decision"]

    def same_decision(d, c) -> bool:
        if d.number and c.number:
            return d.number.replace(" ", "") == c.number.replace(" ", "")
        return d.date is not None and c.date is not None and d.date.iso == c.date.iso

    res["decisions"] = _score(_greedy(ddec, cdec, same_decision), len(ddec), len(cdec))
    ids, labels = _bodies_curated(curated)
    new = [r.data for r in dra if r.kind == "organisation"]
    known: set[str] = set()
    for r in dra:
        for name in ("responsible", "participants", "body"):
            value = getattr(r.data, name, None)
            known.update(v for v in ([value] if isinstance(value, str) else value or []) if "/" not in v)
    if drafted.document is not None:
        known.update(p for p in drafted.document.publisher if "/" not in p)
    matched_known = len(known & ids)
    left = list(labels)
    matched_new = 0
    for d in new:
        hit = next((names for names in left if any(_similar(d.label, n) for n in names)), None)
        if hit is not None:
            left.remove(hit)
            matched_new += 1
    curated_bodies = len(ids)
    res["bodies"] = _score(matched_known + matched_new, len(known) + len(new), curated_bodies)
    return res


def run_document(curated_path: Path, work: Path) -> dict:
    curated = load_file(curated_path)
    assert curated.document is not None
    doc_id = curated.document.id
    project = work / doc_id
    (project / "records").mkdir(parents=True)
    for other in (ROOT / "records").glob("*.yaml"):
        if other != curated_path:
            shutil.copy(other, project / "records" / other.name)
    started = time.perf_counter()
    ingest_file(ROOT / "corpus" / curated.document.file, project / "corpus", project / "records", doc_id)
    done = draft_document(doc_id, project / "corpus", project / "records")
    seconds = time.perf_counter() - started
    drafted = load_file(done.path)
    problems: list[RecordError] = []
    verify_quotes(drafted, project / "corpus", problems)
    quotes = sum(len(d.data.quote) for d in drafted.drafts)
    return {
        "document": doc_id,
        "drafts": len(drafted.drafts),
        "quotes": quotes,
        "quotes_not_found": len(problems),
        "seconds": round(seconds, 2),
        "kinds": compare(curated, drafted),
    }


def run_external(entry: dict, work: Path) -> dict:
    """Ingest and draft one annotated document of another administration (an empty project: nothing known)."""
    from modgraph.pipeline.amounts import parse_amount

    project = work / entry["id"]
    started = time.perf_counter()
    ingest_file(ROOT / entry["file"], project / "corpus", project / "records", entry["id"])
    done = draft_document(entry["id"], project / "corpus", project / "records", issued=str(entry["issued"]))
    seconds = time.perf_counter() - started
    drafted = load_file(done.path)
    problems: list[RecordError] = []
    verify_quotes(drafted, project / "corpus", problems)
    dra = drafted.drafts
    res = {}
    dm = [r.data.label for r in dra if r.kind == "measure"]
    res["measures"] = _score(_greedy(dm, entry["measures"], _similar), len(dm), len(entry["measures"]))
    ca: Counter = Counter()
    for written in entry["amounts"]:
        a = parse_amount(written)
        ca[(a.base_value.normalize() if a.base_value is not None else None, a.currency or a.unit)] += 1
    da = _amounts(dra)
    res["amounts"] = _score(sum((ca & da).values()), sum(da.values()), sum(ca.values()))
    cd, dd = Counter(str(d) for d in entry["dates"]), _dates(dra)
    res["dates"] = _score(sum((cd & dd).values()), sum(dd.values()), sum(cd.values()))
    ddec = [r for r in dra if r.kind == "decision"]
    res["decisions"] = _score(0, len(ddec), len(entry["decisions"]))
    new = [r.data.label for r in dra if r.kind == "organisation"]
    res["bodies"] = _score(
        _greedy(new, entry["bodies"], lambda d, names: any(_similar(d, n) for n in names)),
        len(new),
        len(entry["bodies"]),
    )
    quotes = sum(len(d.data.quote) for d in dra)
    return {
        "document": entry["id"],
        "drafts": len(dra),
        "quotes": quotes,
        "quotes_not_found": len(problems),
        "seconds": round(seconds, 2),
        "kinds": res,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="write the results as JSON too")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted((ROOT / "records").glob("*.yaml")):
            if path.name == "entities.yaml":
                continue
            results.append(run_document(path, Path(tmp)))
        external = yaml.safe_load((ROOT / "benchmarks" / "drafts_external.yaml").read_text(encoding="utf-8"))
        for entry in external["documents"]:
            results.append(run_external(entry, Path(tmp)))
    header = "| document | kind | drafted | curated | matched | precision | recall |"
    print(header)
    print("|" + "---|" * 7)
    totals = {k: [0, 0, 0] for k in KINDS}
    corpus_ids = {r["document"] for r in results if not r["document"].startswith("ulm-")}
    for r in results:
        for kind in KINDS:
            s = r["kinds"][kind]
            if r["document"] in corpus_ids:
                row = (s["drafted"], s["curated"], s["matched"])
                totals[kind] = [a + b for a, b in zip(totals[kind], row, strict=True)]
            print(
                f"| {r['document']} | {kind} | {s['drafted']} | {s['curated']} | {s['matched']} | "
                f"{s['precision'] if s['precision'] is not None else '–'} | {s['recall'] if s['recall'] is not None else '–'} |"
            )
    for kind, (d, c, m) in totals.items():
        print(
            f"| **corpus, all 5** | {kind} | {d} | {c} | {m} | {round(m / d, 3) if d else '–'} | {round(m / c, 3) if c else '–'} |"
        )
    print()
    for r in results:
        print(
            f"{r['document']}: {r['drafts']} drafts, {r['quotes']} quotes, {r['quotes_not_found']} not found, "
            f"ingest + draft {r['seconds']} s"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
