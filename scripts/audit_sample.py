"""Draw the statements of the written audit (records/AUDIT.md, issue 13) from a built graph.

    .venv/bin/modgraph build && .venv/bin/python scripts/audit_sample.py --seed 13 --size 100

reads the build's N-Quads dump (``data/current/downloads/modgraph.nq.gz`` unless ``--build DIR``), keeps the
asserted triples of the five document graphs (``graph/<document id>``), removes the passage descriptions and the
bookkeeping listed in ``EXCLUDED`` (each with its reason), and draws ``--size`` statements at random with
``--seed``, stratified by document (each document's share of the frame, largest remainders). The frame is
sorted before drawing, so the same build and seed give the same draw. Every drawn statement is printed with
its subject's label, the property, the value, the passages it was read from (quote, document and line) and the
source line(s) those passages stand on (Markdown; ``--format json`` for a machine-readable list).

Value nodes (dates ``time:Instant``/``ProperInterval``/``DateTimeDescription``, amounts ``schema:MonetaryAmount``
/``QuantitativeValue``) are not drawn on their own: they are shown as the value of the statement that points at
them (a date with its English label and precision, an amount as written and as parsed), so that a wrong
precision or a misparsed amount shows in the statement that carries it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ("abt4-news", "d6-2018", "invest-2026", "leipzig-2018", "zov-2017")
GRAPH = "https://w3id.org/modgraph/graph/"
ID = "https://w3id.org/modgraph/id/"

PREFIXES = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/ns/oa#": "oa:",
    "http://www.w3.org/ns/org#": "org:",
    "http://www.w3.org/2006/time#": "time:",
    "http://www.w3.org/2002/07/owl#": "owl:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    "http://purl.org/dc/terms/": "dct:",
    "http://purl.org/linked-data/cube#": "qb:",
    "http://purl.org/linked-data/sdmx/2009/attribute#": "sdmx-attribute:",
    "http://purl.org/linked-data/sdmx/2009/measure#": "sdmx-measure:",
    "http://purl.org/linked-data/sdmx/2009/dimension#": "sdmx-dimension:",
    "http://data.europa.eu/eli/ontology#": "eli:",
    "http://data.europa.eu/m8g/": "cv:",
    "http://purl.org/vocab/cpsv#": "cpsv:",
    "http://schema.org/": "schema:",
    "http://xmlns.com/foaf/0.1/": "foaf:",
    "http://qudt.org/vocab/unit/": "unit:",
    "https://w3id.org/modgraph/def#": "mg:",
    "https://w3id.org/modgraph/def/": "mgv:",
    ID: "id:",
}

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
OA_EXACT = "http://www.w3.org/ns/oa#exact"
OA_START = "http://www.w3.org/ns/oa#start"
OA_END = "http://www.w3.org/ns/oa#end"
OA_SELECTOR = "http://www.w3.org/ns/oa#hasSelector"
MG = "https://w3id.org/modgraph/def#"
#: characters of source text shown on either side of a passage
CONTEXT = 120
#: passages listed per statement (those sharing most words with the value first)
SHOWN = 3

#: subjects of these classes are passage descriptions: the evidence itself, not statements about the world
PASSAGE_CLASSES = {
    MG + "Passage",
    "http://www.w3.org/ns/oa#TextQuoteSelector",
    "http://www.w3.org/ns/oa#TextPositionSelector",
}
#: value nodes: shown as the value of the statement pointing at them, never drawn on their own
VALUE_CLASSES = {
    "http://www.w3.org/2006/time#Instant",
    "http://www.w3.org/2006/time#ProperInterval",
    "http://www.w3.org/2006/time#DateTimeDescription",
    "http://schema.org/MonetaryAmount",
    "http://schema.org/QuantitativeValue",
}

#: (what, reason) of every exclusion from the frame, in the order they are applied
EXCLUDED: dict[str, str] = {
    "passage": "passage descriptions (mg:Passage, oa:TextQuoteSelector, oa:TextPositionSelector): the evidence "
    "itself; `modgraph check` already finds every quote in its source",
    "reification": "the rdf:Statement nodes of typed relations (rdf:subject/predicate/object, type, label, note): "
    "each restates a direct triple that is in the frame, and its passage is shown with that triple",
    "value-node": "the internals of date and amount nodes (earliest/latest, precision, labels, parsed value): "
    "shown with the statement that points at them",
    "dataset": "qb:DataSet nodes and qb:dataSet/qb:structure links, rdf:type qb:Observation: data-cube plumbing",
    "evidence-link": "prov:wasDerivedFrom: the link from a resource to its passages (what the audit checks against)",
    "mentioned-in": "mg:mentionedIn: which document graph names the resource (given by the graph itself)",
    "editorial-note": "skos:editorialNote: the curators' notes, not claims of the source",
    "former-id": "owl:sameAs to former IRIs: the IRI history of a model change",
    "inverse": "mg:statusAssertion, mg:milestone, org:holds: the mechanical inverses of mg:statusOf, "
    "mg:milestoneOf, org:heldBy (both directions are always written; the nested item is drawn once)",
    "file-metadata": "mg:sha256, mg:characters, mg:fileName, dct:identifier of the source documents: "
    "properties of the file, not of its text",
}
PREDICATE_EXCLUSIONS = {
    DERIVED_FROM: "evidence-link",
    MG + "mentionedIn": "mentioned-in",
    "http://www.w3.org/2004/02/skos/core#editorialNote": "editorial-note",
    "http://www.w3.org/2002/07/owl#sameAs": "former-id",
    "http://purl.org/linked-data/cube#dataSet": "dataset",
    "http://purl.org/linked-data/cube#structure": "dataset",
    MG + "statusAssertion": "inverse",
    MG + "milestone": "inverse",
    "http://www.w3.org/ns/org#holds": "inverse",
    MG + "sha256": "file-metadata",
    MG + "characters": "file-metadata",
    MG + "fileName": "file-metadata",
    "http://purl.org/dc/terms/identifier": "file-metadata",
}


@dataclass
class Passage:
    document: str
    line: int
    quote: str
    source_lines: list[str] = field(default_factory=list)
    #: the resource whose passage this is, when the statement's subject has none of its own
    via: str = ""


@dataclass
class Drawn:
    number: int
    document: str
    subject: str
    subject_label: str
    property: str
    value: str
    passages: list[Passage]
    #: how many passages the statement has (only the first SHOWN are listed)
    passage_count: int


def curie(iri: str) -> str:
    for namespace, prefix in sorted(PREFIXES.items(), key=lambda kv: -len(kv[0])):
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return f"<{iri}>"


class Graph:
    """The triples of the five document graphs, indexed by subject."""

    def __init__(self, dump: Path) -> None:
        self.triples: dict[str, set[tuple[str, str, object]]] = defaultdict(set)
        self.by_subject: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
        with gzip.open(dump) as stream:
            for quad in parse(stream, format=RdfFormat.N_QUADS):
                graph = quad.graph_name.value if isinstance(quad.graph_name, NamedNode) else ""
                document = graph.removeprefix(GRAPH)
                if document not in DOCUMENTS:
                    continue
                s, p, o = str(quad.subject.value), quad.predicate.value, quad.object
                key = (s, p, o)
                if key in self.triples[document]:
                    continue
                self.triples[document].add(key)
                if o not in self.by_subject[s][p]:
                    self.by_subject[s][p].append(o)

    def types(self, s: str) -> set[str]:
        return {o.value for o in self.by_subject[s].get(RDF_TYPE, []) if isinstance(o, NamedNode)}

    def label(self, s: str) -> str:
        labels = self.by_subject[s].get(RDFS_LABEL, [])
        for lang in ("de", "en", None):
            for o in labels:
                if isinstance(o, Literal) and (o.language == lang or lang is None):
                    return o.value
        return curie(s)

    def reason(self, s: str, p: str, o: object) -> str | None:
        """Why the triple is left out of the frame, or None if it is a statement to audit."""
        kinds = self.types(s)
        if kinds & PASSAGE_CLASSES:
            return "passage"
        if "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement" in kinds:
            return "reification"
        if kinds & VALUE_CLASSES:
            return "value-node"
        if "http://purl.org/linked-data/cube#DataSet" in kinds:
            return "dataset"
        if p == RDF_TYPE and isinstance(o, NamedNode) and o.value == "http://purl.org/linked-data/cube#Observation":
            return "dataset"
        return PREDICATE_EXCLUSIONS.get(p)

    def value(self, o: object) -> str:
        """A triple's object as a reader checks it: a literal as written, a resource by its label."""
        if isinstance(o, Literal):
            lang = f"@{o.language}" if o.language else ""
            datatype = "" if o.language or o.datatype.value.endswith("#string") else f" ({curie(o.datatype.value)})"
            return f"“{o.value}”{lang}{datatype}"
        iri = str(o.value)  # type: ignore[attr-defined]
        kinds = self.types(iri)
        node = self.by_subject.get(iri, {})
        if kinds & VALUE_CLASSES:
            parts = []
            for p in (MG + "writtenValue", RDFS_LABEL, "http://www.w3.org/2004/02/skos/core#altLabel", MG + "wording"):
                parts += [f"“{v.value}”" + (f"@{v.language}" if v.language else "") for v in node.get(p, [])]
            for p in (
                MG + "precision",
                MG + "bound",
                "http://schema.org/value",
                MG + "scaleFactor",
                MG + "valueInBaseUnit",
                "http://schema.org/currency",
                MG + "change",
            ):
                parts += [
                    f"{curie(p)} {curie(v.value) if isinstance(v, NamedNode) else v.value}" for v in node.get(p, [])
                ]
            for p in ("http://www.w3.org/2006/time#hasBeginning", "http://www.w3.org/2006/time#hasEnd"):
                parts += [f"{curie(p)} {self.value(v)}" for v in node.get(p, [])]
            return f"{curie(iri)} [{'; '.join(parts)}]"
        if RDFS_LABEL in node:
            return f"{self.label(iri)} ({curie(iri)})"
        return curie(iri)

    def passages(self, s: str, p: str, o: object, texts: dict[str, str]) -> list[Passage]:
        """The passages of the statement: those of its rdf:Statement node(s) if it is a typed relation, else
        those of its subject."""
        nodes = [
            st
            for st, props in self.by_subject.items()
            if props.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject") == [NamedNode(s)]
            and props.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate") == [NamedNode(p)]
            and props.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#object") == [o]
        ]
        found = []
        for node in nodes or [s]:
            for passage in self.by_subject[node].get(DERIVED_FROM, []):
                found.append(self.passage(str(passage.value), texts))  # type: ignore[attr-defined]
        if not found:
            # a node without passages of its own (a role, a post): the passages of the resources pointing at it
            for other, props in self.by_subject.items():
                if any(NamedNode(s) in values for values in props.values()) and DERIVED_FROM in props:
                    for passage in props[DERIVED_FROM]:
                        hit = self.passage(str(passage.value), texts)  # type: ignore[attr-defined]
                        hit.via = curie(other)
                        found.append(hit)
        return sorted(found, key=lambda x: (x.document, x.line))

    def words(self, o: object) -> set[str]:
        """The words a passage should contain to support the value: the literal's or the resource's label's."""
        text = o.value if isinstance(o, Literal) else self.label(str(o.value))  # type: ignore[attr-defined]
        return {w.lower() for w in re.findall(r"\w{4,}|\d+", text)}

    def passage(self, iri: str, texts: dict[str, str]) -> Passage:
        document = iri.removeprefix(ID + "passage/").split("/")[0]
        selectors = [str(v.value) for v in self.by_subject[iri].get(OA_SELECTOR, [])]  # type: ignore[attr-defined]
        quote, start, end = "", 0, 0
        for sel in selectors:
            props = self.by_subject[sel]
            if OA_EXACT in props:
                quote = props[OA_EXACT][0].value  # type: ignore[attr-defined]
            if OA_START in props:
                start, end = int(props[OA_START][0].value), int(props[OA_END][0].value)  # type: ignore[attr-defined]
        text = texts[document]
        first = text.count("\n", 0, start) + 1
        last = text.count("\n", 0, max(start, end - 1)) + 1
        # the passage in its source: from CONTEXT characters before to CONTEXT after, within its lines
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end) % (len(text) + 1)
        lo, hi = max(line_start, start - CONTEXT), min(line_end, end + CONTEXT)
        shown = ("…" if lo > line_start else "") + text[lo:hi] + ("…" if hi < line_end else "")
        lines = f"{first}" if first == last else f"{first}-{last}"
        return Passage(document, first, quote, [f"{lines}: {' '.join(shown.split())}"])


def source_texts(root: Path) -> dict[str, str]:
    """Each document's source text, found through its record file's header (``file:``)."""
    texts = {}
    for document in DOCUMENTS:
        header = (root / "records" / f"{document}.yaml").read_text(encoding="utf-8")
        name = next(line.split(":", 1)[1].strip() for line in header.splitlines() if line.strip().startswith("file:"))
        texts[document] = (root / "corpus" / name.strip("\"'")).read_text(encoding="utf-8")
    return texts


def frame(graph: Graph) -> tuple[dict[str, list[tuple[str, str, object]]], Counter[str]]:
    """The statements to draw from, per document (sorted), and how many triples each exclusion removed."""
    kept: dict[str, list[tuple[str, str, object]]] = {}
    removed: Counter[str] = Counter()
    for document in DOCUMENTS:
        rows = []
        for s, p, o in graph.triples[document]:
            why = graph.reason(s, p, o)
            if why:
                removed[why] += 1
            else:
                rows.append((s, p, o))
        kept[document] = sorted(rows, key=lambda t: (t[0], t[1], str(t[2])))
    return kept, removed


def allocate(sizes: dict[str, int], total: int) -> dict[str, int]:
    """Proportional allocation with largest remainders.

    >>> allocate({"a": 50, "b": 30, "c": 20}, 10)
    {'a': 5, 'b': 3, 'c': 2}
    >>> allocate({"a": 1, "b": 1, "c": 1}, 2)
    {'a': 1, 'b': 1, 'c': 0}
    """
    whole = sum(sizes.values())
    quotas = {k: total * v / whole for k, v in sizes.items()}
    shares = {k: int(q) for k, q in quotas.items()}
    for k in sorted(quotas, key=lambda k: (-(quotas[k] - shares[k]), k))[: total - sum(shares.values())]:
        shares[k] += 1
    return shares


#: names, types and descriptions: left out of the supplementary draw of values and links (``--values-only``)
NAMING = {
    RDF_TYPE,
    RDFS_LABEL,
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#notation",
    MG + "variantLabel",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
    "http://purl.org/dc/terms/alternative",
    "http://purl.org/dc/terms/description",
    "http://data.europa.eu/eli/ontology#id_local",
    MG + "programme",
}


def draw(
    graph: Graph, texts: dict[str, str], seed: int, size: int, values_only: bool = False
) -> tuple[list[Drawn], dict]:
    kept, removed = frame(graph)
    if values_only:
        # the supplementary draw: only the statements that carry a value or a link (dates, amounts, statuses,
        # kinds, bodies, relations), not the names, types and descriptions that dominate a plain draw
        kept = {d: [t for t in rows if t[1] not in NAMING] for d, rows in kept.items()}
    shares = allocate({d: len(rows) for d, rows in kept.items()}, size)
    rng = random.Random(seed)
    drawn: list[Drawn] = []
    for document in DOCUMENTS:
        for s, p, o in rng.sample(kept[document], shares[document]):
            passages = graph.passages(s, p, o, texts)
            # the passages whose quote or line shares most words with the value first; at most SHOWN of them
            wanted = graph.words(o)
            passages.sort(
                key=lambda x: -len(wanted & {w.lower() for w in re.findall(r"\w{4,}|\d+", x.source_lines[0])})
            )
            drawn.append(
                Drawn(
                    len(drawn) + 1,
                    document,
                    curie(s),
                    graph.label(s),
                    curie(p),
                    graph.value(o),
                    passages[:SHOWN],
                    len(passages),
                )
            )
    summary = {
        "frame": {d: len(rows) for d, rows in kept.items()},
        "drawn": shares,
        "excluded": {k: removed[k] for k in EXCLUDED},
        "triples": {d: len(graph.triples[d]) for d in DOCUMENTS},
    }
    return drawn, summary


def markdown(drawn: list[Drawn], summary: dict, seed: int) -> str:
    out = [f"seed {seed}, {len(drawn)} statements, stratified by document", ""]
    out.append("| document | triples | frame | drawn |")
    out.append("|---|---|---|---|")
    for d in DOCUMENTS:
        out.append(f"| {d} | {summary['triples'][d]} | {summary['frame'][d]} | {summary['drawn'][d]} |")
    out += ["", "excluded triples:", ""]
    out += [f"- {k} ({summary['excluded'][k]}): {EXCLUDED[k]}" for k in EXCLUDED]
    for item in drawn:
        out += ["", f"### {item.number}. {item.document} · {item.subject_label}", ""]
        out.append(f"- statement: {item.subject_label} (`{item.subject}`) — `{item.property}` — {item.value}")
        if not item.passages:
            out.append("- passages: none")
        for passage in item.passages:
            via = f" (passage of `{passage.via}`)" if passage.via else ""
            out.append(f"- passage{via}: {passage.document}, line {passage.line}: “{' '.join(passage.quote.split())}”")
            out += [f"  - source {line}" for line in passage.source_lines]
        if item.passage_count > len(item.passages):
            out.append(f"- (+{item.passage_count - len(item.passages)} further passages of the subject)")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--build", type=Path, default=ROOT / "data" / "current", help="a build directory")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (records/ and corpus/)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument(
        "--values-only", action="store_true", help="draw only values and links (no names, types, descriptions)"
    )
    args = parser.parse_args(argv)
    graph = Graph(args.build / "downloads" / "modgraph.nq.gz")
    drawn, summary = draw(graph, source_texts(args.root), args.seed, args.size, args.values_only)
    if args.format == "json":
        json.dump(
            {"seed": args.seed, **summary, "statements": [asdict(d) for d in drawn]},
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        sys.stdout.write("\n")
    else:
        sys.stdout.write(markdown(drawn, summary, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
