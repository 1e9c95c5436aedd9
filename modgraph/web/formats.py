"""The media types the endpoint serves, and HTTP content negotiation over them (RFC 9110 §12.5.1)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ResultKind(str, Enum):
    SOLUTIONS = "solutions"  # SELECT and ASK: SPARQL query results formats
    GRAPH = "graph"          # CONSTRUCT, DESCRIBE and graph documents: RDF syntaxes


@dataclass(frozen=True)
class Format:
    name: str                 # attribute of pyoxigraph.QueryResultsFormat or pyoxigraph.RdfFormat
    media_type: str           # what the response says it is
    kind: ResultKind
    extension: str
    aliases: tuple[str, ...] = ()

    @property
    def accepted_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(("+json", "+xml", "/n-triples"))
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


RESULT_FORMATS: tuple[Format, ...] = (  # the first one is the default
    Format("JSON", "application/sparql-results+json", ResultKind.SOLUTIONS, "srj", ("application/json",)),
    Format("XML", "application/sparql-results+xml", ResultKind.SOLUTIONS, "srx", ("application/xml", "text/xml")),
    Format("CSV", "text/csv", ResultKind.SOLUTIONS, "csv"),
    Format("TSV", "text/tab-separated-values", ResultKind.SOLUTIONS, "tsv"),
)

GRAPH_FORMATS: tuple[Format, ...] = (
    Format("TURTLE", "text/turtle", ResultKind.GRAPH, "ttl", ("application/x-turtle",)),
    Format("N_TRIPLES", "application/n-triples", ResultKind.GRAPH, "nt", ("text/plain",)),
    Format("JSON_LD", "application/ld+json", ResultKind.GRAPH, "jsonld", ("application/json",)),
    Format("RDF_XML", "application/rdf+xml", ResultKind.GRAPH, "rdf", ("application/xml", "text/xml")),
)

FORMATS_BY_KIND = {ResultKind.SOLUTIONS: RESULT_FORMATS, ResultKind.GRAPH: GRAPH_FORMATS}


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    order: int

    def matches(self, media_type: str) -> bool:
        main, _, sub = media_type.partition("/")
        return self.type in ("*", main) and self.subtype in ("*", sub)

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; an absent or empty header accepts anything."""
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0, 0)]
    ranges = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        main, _, sub = fields[0].lower().partition("/")
        if not main:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(main, sub or "*", q, order))
    return ranges


def _quality(media_type: str, ranges: list[MediaRange]) -> tuple[float, int]:
    """q of the most specific range matching ``media_type`` (and that range's position)."""
    matching = [r for r in ranges if r.matches(media_type)]
    if not matching:
        return 0.0, 0
    best = max(matching, key=lambda r: (r.specificity, -r.order))
    return best.q, best.order


def negotiate(accept: str | None, offered: tuple[Format, ...]) -> Format | None:
    """The offered format the client prefers most, or None when it accepts none of them (406).

    Ties in q go to the range the client listed first, then to the server's order.
    """
    ranges = parse_accept(accept)
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for rank, fmt in enumerate(offered):
        for alias_rank, media_type in enumerate(fmt.accepted_types):
            q, order = _quality(media_type, ranges)
            if q <= 0:
                continue
            key = (q, -order, -alias_rank, -rank)
            if best is None or key > best:
                best, chosen = key, fmt
    return chosen


def prefers_html(accept: str | None) -> bool:
    """True when a browser-like client ranks text/html above every RDF syntax."""
    if not accept:
        return False
    ranges = parse_accept(accept)
    html_q, _ = _quality("text/html", ranges)
    explicit = [r for r in ranges if r.type == "text" and r.subtype == "html"]
    return bool(explicit) and html_q > max(_quality(f.media_type, ranges)[0] for f in GRAPH_FORMATS)


def offered_types(kind: ResultKind) -> list[str]:
    return [f.media_type for f in FORMATS_BY_KIND[kind]]
