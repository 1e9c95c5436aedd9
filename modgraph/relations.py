"""The one table of typed relations between things: what records may state, what shapes allow, what the
dependency projection reads.

Each row names a relation by its key (``depends-on``), its property IRI, an English label, and:

* ``stated`` — a record of kind ``relation`` may state it (``type: depends-on``). These are the record
  format's relation types (in the order ``records/README.md`` lists them, which is also the order of the
  shapes' ``sh:in`` list for ``rdf:predicate``). Relations with ``stated=False`` come from other record
  fields (a measure's ``responsible``, a fund's ``provider`` …) or from provenance (``mg:mentionedIn``);
  the dependency projection reads them too.
* ``groups`` — the dependency presets the relation belongs to (see ``PRESETS``).
* ``symmetric`` — it holds both ways; closures traverse it in both directions.
* ``reverse`` — the projected edge runs object → subject ("A reusedBy B" becomes B → A), so that every edge
  reads "source needs / belongs to / serves target".
* ``precedence`` — the target precedes the source (critical path, slip impact).

Users: ``pipeline.records`` (``RECORD_TYPES``), ``pipeline.mapping`` (``property_of``), ``shapes.make_shapes``
(``RECORD_TYPES``' properties), ``deps.projection`` and ``deps.analysis`` (``RELATIONS``, ``PRESETS``).

>>> RELATIONS["reused-by"].reverse, RELATIONS["reused-by"].precedence
(True, True)
>>> RECORD_TYPES[:3]
('depends-on', 'contributes-to', 'part-of')
>>> property_of("part-of")
rdflib.term.URIRef('http://purl.org/dc/terms/isPartOf')
>>> resolve_relations("funding,located-at")
('funded-by', 'located-at', 'provider', 'recipient')
>>> resolve_relations("nonsense")
Traceback (most recent call last):
  ...
modgraph.relations.UnknownRelation: unknown relation or preset 'nonsense': ...
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG

from modgraph.iris import ELI, MG, SCHEMA, curie


@dataclass(frozen=True)
class Relation:
    """One typed relation (see the module docstring for the meaning of the flags)."""

    key: str
    iri: str
    label: str
    groups: tuple[str, ...]
    stated: bool = False
    symmetric: bool = False
    reverse: bool = False
    precedence: bool = False

    @property
    def term(self) -> URIRef:
        """The property as an rdflib term."""
        return URIRef(self.iri)

    @property
    def curie(self) -> str:
        """The property as ``prefix:local`` (``mg:dependsOn``)."""
        return curie(self.iri)


def _r(key: str, prop: URIRef, label: str, groups: str, **flags: bool) -> Relation:
    return Relation(key, str(prop), label, tuple(groups.split()), **flags)


#: Every relation, by key: first the record format's relation types (``stated``), then the ones the
#: dependency projection reads from other statements.
RELATIONS: dict[str, Relation] = {
    r.key: r
    for r in [
        _r("depends-on", MG.dependsOn, "depends on", "dependency", stated=True, precedence=True),
        _r("contributes-to", MG.contributesTo, "contributes to", "structure", stated=True),
        _r("part-of", DCTERMS.isPartOf, "part of", "structure", stated=True),
        _r("merged-into", MG.mergedInto, "merged into", "lineage", stated=True),
        _r("supersedes", MG.supersedes, "supersedes", "lineage", stated=True, precedence=True),
        _r("successor-of", MG.successorOf, "successor of", "dependency lineage", stated=True, precedence=True),
        _r("coordinated-with", MG.coordinatedWith, "coordinated with", "cooperation", stated=True, symmetric=True),
        _r("funded-by", MG.fundedBy, "funded by", "funding", stated=True),
        _r(
            "implements-decision",
            MG.implementsDecision,
            "implements decision",
            "dependency decisions",
            stated=True,
            precedence=True,
        ),
        _r("same-topic-as", MG.sameTopicAs, "same topic as", "lineage cooperation", stated=True, symmetric=True),
        _r(
            "interdependent-with",
            MG.interdependentWith,
            "interdependent with",
            "dependency cooperation",
            stated=True,
            symmetric=True,
        ),
        _r("reused-by", MG.reusedBy, "reuses (reused by)", "dependency", stated=True, reverse=True, precedence=True),
        _r("based-on", MG.basedOn, "based on", "dependency lineage", stated=True, precedence=True),
        _r("reports-to", MG.reportsTo, "reports to", "responsibility", stated=True),
        _r("located-at", SCHEMA.location, "located at", "place", stated=True),
        _r("cooperates-with", MG.cooperatesWith, "cooperates with", "cooperation", stated=True, symmetric=True),
        # read by the projection only: stated by other record fields, or provenance
        _r("in-programme", MG.programme, "in programme", "structure"),
        _r("goal-of", MG.goalOf, "goal of", "structure"),
        _r("responsible-body", MG.responsibleBody, "responsible body", "responsibility"),
        _r("participant", MG.participant, "participant", "responsibility"),
        _r("sub-organisation-of", ORG.subOrganizationOf, "sub-organisation of", "responsibility"),
        _r("unit-of", ORG.unitOf, "unit of", "responsibility"),
        _r("passed-by", ELI.passed_by, "passed by", "responsibility decisions"),
        _r("addressee", MG.addressee, "addressed to", "responsibility decisions"),
        _r("service-provider", SCHEMA.provider, "service provided by", "responsibility"),
        _r("is-about", ELI.is_about, "subject of decision (decision is about)", "decisions", reverse=True),
        _r("adopted-by", MG.adoptedBy, "adopted by", "decisions"),
        _r("provider", MG.provider, "provided by", "funding"),
        _r("recipient", MG.recipient, "received by", "funding"),
        _r("mentioned-in", MG.mentionedIn, "mentioned in", "documents"),
    ]
}

#: ``relation.type`` values of the record format, in its documented order
RECORD_TYPES: tuple[str, ...] = tuple(k for k, r in RELATIONS.items() if r.stated)
#: relations whose target precedes their source
PRECEDENCE: frozenset[str] = frozenset(k for k, r in RELATIONS.items() if r.precedence)
BY_IRI: dict[str, Relation] = {r.iri: r for r in RELATIONS.values()}

GROUPS = (
    "dependency",
    "lineage",
    "cooperation",
    "structure",
    "responsibility",
    "decisions",
    "funding",
    "place",
    "documents",
)
#: Named presets: relation keys per question. "all" is every relation except mentioned-in (provenance
#: links every node to its document and would connect everything through the documents).
PRESETS: dict[str, tuple[str, ...]] = {
    **{group: tuple(k for k, r in RELATIONS.items() if group in r.groups) for group in GROUPS},
    "precedence": tuple(k for k in RELATIONS if k in PRECEDENCE),
    "all": tuple(k for k in RELATIONS if k != "mentioned-in"),
    "everything": tuple(RELATIONS),
}
PRESET_DESCRIPTIONS = {
    "dependency": "what a node needs: depends-on, successor-of, based-on, implements-decision, reuse, interdependence",
    "lineage": "succession between programmes and measures: successor-of, based-on, supersedes, merged-into, same-topic-as",
    "cooperation": "symmetric links: interdependent-with, coordinated-with, cooperates-with, same-topic-as",
    "structure": "programme > field > measure, goals: part-of, in-programme, goal-of, contributes-to",
    "responsibility": "bodies: responsible-body, participant, sub-organisation-of, unit-of, reports-to, passed-by, addressee, service-provider",
    "decisions": "implements-decision, is-about, passed-by, adopted-by, addressee",
    "funding": "funded-by, provider, recipient",
    "place": "located-at",
    "documents": "mentioned-in (every node to the documents that mention it)",
    "precedence": "the relations used for the critical path and slip impact (target precedes source)",
    "all": "every relation except mentioned-in",
    "everything": "every relation including mentioned-in",
}


class UnknownRelation(ValueError):
    """A name that is neither a relation key nor a preset."""


def property_of(record_type: str) -> URIRef:
    """The property a relation record of this ``type`` states.

    :raises KeyError: the type is not one of ``RECORD_TYPES``.
    """
    relation = RELATIONS[record_type]
    if not relation.stated:
        raise KeyError(record_type)
    return relation.term


def resolve_relations(spec: str | Iterable[str] | None) -> tuple[str, ...]:
    """Preset names and relation keys (comma-separated or a list) → relation keys in table order. None → "all".

    :raises UnknownRelation: a name is neither a preset nor a relation key.
    """
    if spec is None:
        return PRESETS["all"]
    items = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s and s.strip()]
    if not items:
        return PRESETS["all"]
    keys: set[str] = set()
    for item in items:
        if item in PRESETS:
            keys.update(PRESETS[item])
        elif item in RELATIONS:
            keys.add(item)
        else:
            raise UnknownRelation(
                f"unknown relation or preset {item!r}: presets {', '.join(PRESETS)}; relations {', '.join(RELATIONS)}"
            )
    return tuple(k for k in RELATIONS if k in keys)
