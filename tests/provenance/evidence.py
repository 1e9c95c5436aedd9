"""Reading a built store for the statement-level provenance test: every statement of every document graph,
the passage that supports it by the rule of ``modgraph/ontology/README.md``, and whether its text holds the value.

The rule, re-implemented here from the graph alone (the test compares it with the catalogue query
``statement-evidence.rq``): a statement ⟨s p o⟩ is supported by the passages of the statement nodes that name it
(``mg:SourcedStatement`` or a relation record's ``rdf:Statement``), else by the only passage of its subject in that
graph. The value is supported when its text, its number or one of its labels occurs in the passage's quote or in
the sentence of the source around it (``modgraph.pipeline.support``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml

from modgraph.iris import MG, PREFIXES, curie, graph_iri
from modgraph.pipeline.support import date_forms, number_forms, sentence, supports

RDF = PREFIXES["rdf"]
PROV = PREFIXES["prov"]
OA = PREFIXES["oa"]
SKOS = PREFIXES["skos"]
XSD = PREFIXES["xsd"]
TIME = PREFIXES["time"]
FORM_PREDICATES = {
    PREFIXES["rdfs"] + "label",
    SKOS + "altLabel",
    SKOS + "prefLabel",
    SKOS + "notation",
    str(MG.variantLabel),
    str(MG.wording),
    str(MG.writtenValue),
    PREFIXES["foaf"] + "name",
    PREFIXES["dct"] + "alternative",
    PREFIXES["dct"] + "title",
    PREFIXES["eli"] + "id_local",
}
NUMERIC = {XSD + t for t in ("decimal", "integer", "double", "float", "int")}
DATES = {XSD + t for t in ("date", "gYear", "gYearMonth")}
EXCEPTIONS = Path(__file__).with_name("exceptions.yaml")


@dataclass
class Statement:
    s: ox.NamedNode | ox.BlankNode
    p: ox.NamedNode
    o: ox.Term
    passages: list[str] = field(default_factory=list)
    group: str = ""  # the exception group, "" for a statement checked against its passage
    supported: bool = False


def _text(term: ox.Term) -> str:
    return term.value if isinstance(term, (ox.Literal, ox.NamedNode)) else str(term)


def kind_of(iri: str, base: str) -> str:
    """The kind segment of a data IRI (``{base}id/{kind}/…``), "" for other IRIs."""
    prefix = base + "id/"
    return iri[len(prefix) :].split("/", 1)[0] if iri.startswith(prefix) else ""


def load_groups() -> list[dict]:
    return yaml.safe_load(EXCEPTIONS.read_text(encoding="utf-8"))["groups"]


def _expand(name: str) -> str:
    prefix, _, local = name.partition(":")
    return PREFIXES[prefix] + local


def classify(
    st: Statement, base: str, groups: list[dict], types: dict[str, set[str]], evidence: dict, document_dates: set
) -> str:
    """The first exception group the statement falls into, "" for none (a statement checked and supported)."""
    s, p, o = _text(st.s), st.p.value, st.o
    for g in groups:
        match = g["match"]
        if g.get("unsupported") and (st.supported or not st.passages):
            continue
        if "predicates" in match and p not in {_expand(x) for x in match["predicates"]}:
            continue
        if "subject_kinds" in match and kind_of(s, base) not in match["subject_kinds"]:
            continue
        if "subject_types" in match and not types.get(s, set()) & {_expand(x) for x in match["subject_types"]}:
            continue
        if "language" in match and not (isinstance(o, ox.Literal) and o.language == match["language"]):
            continue
        if match.get("object") == "iri" and not isinstance(o, ox.NamedNode):
            continue
        if match.get("object") == "literal" and not isinstance(o, ox.Literal):
            continue
        if "object_has_passage" in match and bool(evidence.get(_text(o))) != match["object_has_passage"]:
            continue
        if "object_kinds" in match and kind_of(_text(o), base) not in match["object_kinds"]:
            continue
        if kind_of(_text(o), base) in match.get("object_kind_not", ()):
            continue
        if match.get("object_is_document_date") and _text(o) not in document_dates:
            continue
        return g["name"]
    return ""


def document_statements(store: ox.Store, base: str, document: str, corpus: Path) -> tuple[list[Statement], dict]:
    """Every statement of one document graph (the passage descriptions left out), with its passages and whether
    one of them holds the value."""
    g = ox.NamedNode(graph_iri(base, document))
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, g)]
    types: dict[str, set[str]] = defaultdict(set)
    evidence: dict[str, list[str]] = defaultdict(list)
    parts: dict[str, dict[str, ox.Term]] = defaultdict(dict)
    forms: dict[str, list[str]] = defaultdict(list)
    selectors: set[str] = set()
    offsets: dict[str, dict[str, int]] = defaultdict(dict)
    exact: dict[str, str] = {}
    source_file = ""
    issued: set[str] = set()
    for t in triples:
        s, p, o = _text(t.subject), t.predicate.value, t.object
        if p == RDF + "type":
            types[s].add(o.value)
        elif p == PROV + "wasDerivedFrom":
            evidence[s].append(o.value)
        elif p in (RDF + "subject", RDF + "predicate", RDF + "object"):
            parts[s][p] = o
        elif p == OA + "hasSelector":
            selectors.add(o.value)
        elif p in (OA + "start", OA + "end"):
            offsets[s][p] = int(o.value)
        elif p == OA + "exact":
            exact[s] = o.value
        elif p == str(MG.fileName):
            source_file = o.value
        elif p == str(MG.issuedOn):
            issued.add(o.value)
        if p in FORM_PREDICATES and isinstance(o, ox.Literal):
            forms[s].append(o.value)
            if p == SKOS + "notation" and TIME + "Instant" in types.get(s, ()):
                forms[s] += date_forms(o.value)
    for t in triples:  # instants typed after their notation was read
        if t.predicate.value == SKOS + "notation" and TIME + "Instant" in types.get(_text(t.subject), ()):
            forms[_text(t.subject)] += date_forms(t.object.value)
    for t in triples:  # a period is written as its dates, an amount also as its number
        if t.predicate.value in (TIME + "hasBeginning", TIME + "hasEnd"):
            forms[_text(t.subject)] += forms.get(t.object.value, [])
        elif t.predicate.value == PREFIXES["schema"] + "value":
            forms[_text(t.subject)] += number_forms(t.object.value)
    concepts = _concept_forms(store, base)
    text = (corpus / source_file).read_text(encoding="utf-8")
    passage_text = {}
    for sel, off in offsets.items():  # the position selector {passage}#position
        start, end = off[OA + "start"], off[OA + "end"]
        passage = sel.partition("#")[0]
        passage_text[passage] = exact.get(passage + "#quote", "") + "\n" + sentence(text, start, end)
    passages = {s for s, ts in types.items() if str(MG.Passage) in ts}
    stated: dict[tuple, list[str]] = defaultdict(list)
    for node, spo in parts.items():
        if len(spo) == 3:
            key = (_text(spo[RDF + "subject"]), spo[RDF + "predicate"].value, spo[RDF + "object"])
            stated[key] += evidence.get(node, [])
    out = []
    for t in triples:
        s = _text(t.subject)
        if s in passages or s in selectors:
            continue
        st = Statement(t.subject, t.predicate, t.object)
        if t.predicate.value != PROV + "wasDerivedFrom":
            key = (s, t.predicate.value, t.object)
            if key in stated:
                st.passages = stated[key]
            elif len(evidence.get(s, [])) == 1:
                st.passages = list(evidence[s])
        o = t.object
        if isinstance(o, ox.Literal):
            value_forms = [o.value]
            dt = o.datatype.value if o.datatype else ""
            if dt in NUMERIC:
                value_forms += number_forms(o.value)
            elif dt in DATES:
                value_forms += date_forms(o.value)
        else:
            value_forms = forms.get(_text(o), []) + concepts.get(_text(o), [])
        st.supported = any(supports(passage_text[p], value_forms) for p in st.passages if p in passage_text) or bool(
            set(st.passages) & set(evidence.get(_text(o), ()))  # the passage of the nested thing it links to
        )
        out.append(st)
    return out, {"types": types, "evidence": evidence, "passage_text": passage_text, "document_dates": issued}


def _concept_forms(store: ox.Store, base: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    g = ox.NamedNode(graph_iri(base, "ontology"))
    for p in ("prefLabel", "altLabel", "notation"):
        for q in store.quads_for_pattern(None, ox.NamedNode(SKOS + p), None, g):
            out[_text(q.subject)].append(q.object.value)
    return out


def short(term: ox.Term) -> str:
    return curie(term.value) if isinstance(term, ox.NamedNode) else _text(term)


UNSUPPORTED = Path(__file__).with_name("unsupported.tsv")
HEADER = "group\tdocument\tsubject\tproperty\tvalue\tpassage"


def unsupported_rows(rows: list[tuple[str, Statement, str]], groups: list[dict]) -> list[str]:
    """One line per statement of an ``unsupported`` group (document, statement, group in ``rows``), sorted: the
    list ``unsupported.tsv`` holds, so that every such statement is named, not only counted."""
    names = {g["name"] for g in groups if g.get("unsupported")}
    clean = str.maketrans({"\t": " ", "\n": " "})
    return sorted(
        "\t".join(
            (
                group,
                doc,
                data_path(short(st.s)),
                short(st.p),
                data_path(short(st.o)).translate(clean)[:100],
                data_path(st.passages[0]),
            )
        )
        for doc, st, group in rows
        if group in names
    )


def data_path(text: str) -> str:
    """A data IRI without its base and ``id/`` (``passage/zov-2017/1234-1290``); other text as it is."""
    return text.split("/modgraph/id/", 1)[-1] if text.startswith("http") else text


def recount(store_dir: Path, corpus: Path, base: str = "https://w3id.org/modgraph/") -> dict[str, int]:
    """The counts of ``exceptions.yaml`` and the list ``unsupported.tsv`` for the build published in ``store_dir``,
    written into the files (after a change of the records: ``python -m tests.provenance.evidence data`` from the
    project folder)."""
    import re

    from modgraph.store.builds import StoreLocation

    build = StoreLocation(store_dir).require_current()
    store = build.open_read_only()
    groups, counted, total, rows = load_groups(), Counter(), 0, []
    for doc in build.info.documents:
        sts, info = document_statements(store, base, doc, corpus)
        for st in sts:
            group = classify(st, base, groups, info["types"], info["evidence"], info["document_dates"])
            counted[group] += 1
            total += 1
            rows.append((doc, st, group))
    UNSUPPORTED.write_text("\n".join([HEADER, *unsupported_rows(rows, groups)]) + "\n", encoding="utf-8")
    lines, name = [], None
    for line in EXCEPTIONS.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"  - name: (.*)$", line):
            name = m.group(1)
        elif line.startswith("    count:"):
            line = f"    count: {counted[name]}"
        elif line.startswith("supported:"):
            line = re.sub(r"^supported: \d+", f"supported: {counted['']}", line)
        elif line.startswith("statements:"):
            line = re.sub(r"^statements: \d+", f"statements: {total}", line)
        lines.append(line)
    EXCEPTIONS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dict(counted)


if __name__ == "__main__":
    import sys

    print(recount(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path("corpus")))
