"""Links from modgraph's entities to Wikidata, read from ``graph/wikidata.yaml``.

Only identifiers somebody verified are listed there, each with where it was verified; the build
turns them into ``owl:sameAs`` (the same real-world thing) or ``skos:exactMatch`` (the same concept,
used where Wikidata's item is broader or differently scoped), with the verification as provenance.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from modgraph.iris import MG, WD, data_iri
from modgraph.pipeline.records import RecordError, load_yaml

LINKS_FILE = Path(__file__).with_name("wikidata.yaml")
_PROPERTIES = {"sameAs": OWL.sameAs, "exactMatch": SKOS.exactMatch}


def map_links(base_iri: str, declared: set[str], path: Path = LINKS_FILE) -> Graph:
    """The links graph of the entries in ``path`` for the entities the project declares (empty if none).

    The file is a gazetteer shipped with the program: a project publishes the links of the things its own
    records declare and no others (a new city's project declares none of Bremen's, and builds).

    :raises RecordError: an entry has a malformed Q-id, an unknown relation or no ``verified``.
    """
    g = Graph()
    if not path.is_file():
        return g
    raw = load_yaml(path) or {}
    for entry in raw.get("links") or []:
        line = entry.get("__line__")
        key, qid = entry.get("entity", ""), str(entry.get("wikidata", ""))
        relation, verified = entry.get("relation", "sameAs"), entry.get("verified")
        if not re.fullmatch(r"Q[1-9][0-9]*", qid):
            raise RecordError(path, line, key, f"wikidata: {qid!r} is not a Q-identifier")
        if relation not in _PROPERTIES:
            raise RecordError(path, line, key, f"relation must be one of {', '.join(_PROPERTIES)}")
        if not verified:
            raise RecordError(path, line, key, "verified: say where the identifier was verified")
        if key not in declared:
            continue  # a thing this project does not mention
        kind, _, ident = key.partition(":")
        subject = URIRef(data_iri(base_iri, kind, ident))
        target = WD[qid]
        g.add((subject, _PROPERTIES[relation], target))
        g.add((target, RDFS.label, Literal(entry.get("label", qid))))
        g.add((target, MG.verifiedAt, Literal(str(verified))))
    return g
