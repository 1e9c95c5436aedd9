"""The media types modgraph serves, and the one content negotiation over them (RFC 9110 §12.5.1).

Every format has one entry in ``FORMATS``: its short name (what ``?format=`` takes), its media type,
the other media types that name it, the name of its pyoxigraph ``RdfFormat`` or
``QueryResultsFormat`` member, its kind, its file extension and a human name.

A route offers a tuple of formats, most preferred first; :func:`negotiate` picks the one the client
prefers. The rules:

* ``?format=`` (a short name, an extra name or a media type) wins over the Accept header;
* the q of a format is the q of the *most specific* Accept range that matches one of its media
  types (``text/turtle;q=0`` excludes Turtle even when ``*/*`` is accepted);
* ties in q go to the range the client listed first, then to the route's order;
* no Accept header, an empty one or ``*/*`` gives the route's first format;
* ``None`` means nothing offered is acceptable: the caller answers 406 and lists
  :func:`media_types` of what it offers.

What ``application/json`` means depends on the route: **SPARQL results JSON** where SELECT and ASK
results are offered, **JSON-LD** where an RDF graph is offered, and plain JSON for the error
envelope. Since no route offers two of these at once, the alias is never ambiguous.

>>> negotiate("text/turtle;q=0.2, application/n-triples", GRAPH_FORMATS).name
'nt'
>>> negotiate("application/json", RESULT_FORMATS).name, negotiate("application/json", GRAPH_FORMATS).name
('json', 'jsonld')
>>> negotiate("*/*", GRAPH_FORMATS).name, negotiate(None, RESULT_FORMATS).name
('ttl', 'json')
>>> negotiate("*/*;q=0.1, text/turtle;q=0", GRAPH_FORMATS).name
'nt'
>>> negotiate("text/*;q=0.5, application/sparql-results+xml;q=0.4", RESULT_FORMATS).name
'csv'
>>> negotiate("application/xml", GRAPH_FORMATS).name, negotiate("image/png", RESULT_FORMATS)
('rdf', None)
>>> negotiate("text/html,application/xhtml+xml,*/*;q=0.8", PAGE_FORMATS).name
'html'
>>> negotiate("text/html", GRAPH_FORMATS) is None
True
>>> negotiate("text/html", PAGE_FORMATS, format_param="nt").media_type
'application/n-triples'
>>> negotiate(None, PAGE_FORMATS, format_param="text/turtle").name
'ttl'
>>> negotiate(None, PAGE_FORMATS, format_param="csv") is None
True
>>> media_types(RESULT_FORMATS)
['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values']
>>> by_name("turtle").content_type
'text/turtle; charset=utf-8'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class Kind(StrEnum):
    """What a format can carry."""

    SOLUTIONS = "sparql-results"  # SELECT and ASK results
    GRAPH = "rdf-graph"  # CONSTRUCT, DESCRIBE and graph documents
    DATASET = "rdf-dataset"  # several named graphs (dumps and exports)
    HTML = "html"
    OTHER = "other"  # JSON documents (errors, lists), XML files, archives …


@dataclass(frozen=True)
class Format:
    name: str  # the short name ``?format=`` takes
    media_type: str  # what a response in this format says it is
    kind: Kind
    extension: str
    label: str  # the human name
    oxigraph: str = ""  # member of pyoxigraph.RdfFormat / QueryResultsFormat ("" if none)
    aliases: tuple[str, ...] = ()  # other media types that ask for this format
    names: tuple[str, ...] = ()  # other short names ``?format=`` takes

    @property
    def accepted_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    @property
    def content_type(self) -> str:
        """The Content-Type header: textual types say they are UTF-8."""
        textual = self.media_type.startswith("text/") or self.media_type.endswith(("json", "+xml", "/n-triples"))
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type

    def answers(self, requested: str) -> bool:
        """True when ``?format=requested`` names this format."""
        requested = requested.strip().lower()
        return requested in (self.name, *self.names, *self.accepted_types)


JSON_RESULTS = Format(
    "json",
    "application/sparql-results+json",
    Kind.SOLUTIONS,
    "srj",
    "SPARQL results JSON",
    "JSON",
    ("application/json",),
    ("srj",),
)
XML_RESULTS = Format(
    "xml",
    "application/sparql-results+xml",
    Kind.SOLUTIONS,
    "srx",
    "SPARQL results XML",
    "XML",
    ("application/xml", "text/xml"),
    ("srx",),
)
CSV = Format("csv", "text/csv", Kind.SOLUTIONS, "csv", "CSV", "CSV")
TSV = Format("tsv", "text/tab-separated-values", Kind.SOLUTIONS, "tsv", "TSV", "TSV")

TURTLE = Format("ttl", "text/turtle", Kind.GRAPH, "ttl", "Turtle", "TURTLE", ("application/x-turtle",), ("turtle",))
N_TRIPLES = Format(
    "nt", "application/n-triples", Kind.GRAPH, "nt", "N-Triples", "N_TRIPLES", ("text/plain",), ("ntriples",)
)
JSON_LD = Format(
    "jsonld", "application/ld+json", Kind.GRAPH, "jsonld", "JSON-LD", "JSON_LD", ("application/json",), ("json-ld",)
)
RDF_XML = Format(
    "rdf",
    "application/rdf+xml",
    Kind.GRAPH,
    "rdf",
    "RDF/XML",
    "RDF_XML",
    ("application/xml", "text/xml"),
    ("rdfxml", "xml"),
)
N_QUADS = Format("nq", "application/n-quads", Kind.DATASET, "nq", "N-Quads", "N_QUADS", names=("nquads",))
TRIG = Format("trig", "application/trig", Kind.DATASET, "trig", "TriG", "TRIG")

HTML = Format("html", "text/html", Kind.HTML, "html", "HTML", aliases=("application/xhtml+xml",))
JSON = Format("json", "application/json", Kind.OTHER, "json", "JSON")
XML = Format("xml-document", "application/xml", Kind.OTHER, "xml", "XML")
GZIP = Format("gzip", "application/gzip", Kind.OTHER, "gz", "gzip")
JAVASCRIPT = Format("js", "text/javascript", Kind.OTHER, "js", "JavaScript")
BINARY = Format("binary", "application/octet-stream", Kind.OTHER, "", "file")
#: the difference of two releases (https://afs.github.io/rdf-patch/#media-type)
RDF_PATCH = Format("rdfp", "application/rdf-patch", Kind.OTHER, "rdfp", "RDF Patch")

#: every format modgraph serves
FORMATS: tuple[Format, ...] = (
    JSON_RESULTS,
    XML_RESULTS,
    CSV,
    TSV,
    TURTLE,
    N_TRIPLES,
    JSON_LD,
    RDF_XML,
    N_QUADS,
    TRIG,
    HTML,
    JSON,
    XML,
    GZIP,
    JAVASCRIPT,
    BINARY,
    RDF_PATCH,
)

RESULT_FORMATS: tuple[Format, ...] = (JSON_RESULTS, XML_RESULTS, CSV, TSV)  # SELECT and ASK; JSON first
GRAPH_FORMATS: tuple[Format, ...] = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML)  # RDF graphs; Turtle first
EXPORT_FORMATS: tuple[Format, ...] = (N_QUADS, TRIG, TURTLE, N_TRIPLES, JSON_LD, RDF_XML)  # `modgraph export`
PAGE_FORMATS: tuple[Format, ...] = (HTML, TURTLE, JSON_LD, N_TRIPLES, RDF_XML)  # linked-data pages
FORMATS_BY_KIND: dict[Kind, tuple[Format, ...]] = {Kind.SOLUTIONS: RESULT_FORMATS, Kind.GRAPH: GRAPH_FORMATS}


def by_name(name: str, offered: Sequence[Format] = FORMATS) -> Format | None:
    """The offered format ``?format=name`` asks for (first match), or None."""
    return next((f for f in offered if f.answers(name)), None)


def by_extension(filename: str) -> Format:
    """The format of a file by its last extension (``BINARY`` for unknown ones).

    >>> by_extension("modgraph.nq.gz").media_type, by_extension("void.ttl").name, by_extension("x.bin").name
    ('application/gzip', 'ttl', 'binary')
    """
    extension = filename.rpartition(".")[2].lower() if "." in filename else ""
    return next((f for f in FORMATS if f.extension and f.extension == extension), BINARY)


def media_types(offered: Sequence[Format]) -> list[str]:
    """The media types of the offered formats, for 406 answers and OpenAPI."""
    return list(dict.fromkeys(f.media_type for f in offered))


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    order: int  # position in the Accept header

    def matches(self, media_type: str) -> bool:
        main, _, sub = media_type.partition("/")
        return self.type in ("*", main) and self.subtype in ("*", sub)

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; an absent or empty header accepts anything.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/*;q=0.5, application/ld+json")]
    [('text', '*', 0.5), ('application', 'ld+json', 1.0)]
    >>> parse_accept("")[0].q, parse_accept("text/csv;q=nonsense")[0].q
    (1.0, 0.0)
    """
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


def _quality(fmt: Format, ranges: list[MediaRange]) -> tuple[float, int]:
    """q of a format and the position of the range that decides it (q 0 if no range matches).

    The most specific range matching any of the format's media types decides; among equally specific
    ones the highest q (an alias such as ``application/json`` may name a format more precisely than
    ``*/*``, and ``text/turtle;q=0`` excludes Turtle whatever its aliases match).
    """
    matching = [(r.specificity, r.q, -r.order) for t in fmt.accepted_types for r in ranges if r.matches(t)]
    if not matching:
        return 0.0, 0
    _, q, order = max(matching)
    return q, -order


def negotiate(accept: str | None, offered: Sequence[Format], format_param: str | None = None) -> Format | None:
    """The offered format the client prefers most, or None when it accepts none of them (answer 406).

    ``format_param`` (the value of ``?format=``) decides alone when given. The choice for an Accept header and a
    tuple of offered formats is kept (``_negotiated``): clients send the same few headers again and again, and
    parsing and matching one cost a cheap query several microseconds per negotiation.
    """
    if format_param:
        return by_name(format_param, offered)
    if isinstance(offered, tuple) and (accept is None or len(accept) <= NEGOTIATION_CACHE_ACCEPT):
        chosen = _negotiated(accept, offered)
        return None if chosen is None else offered[chosen]  # the caller's own object (formats compare by value)
    position = _negotiate(accept, offered)
    return None if position is None else offered[position]


#: the negotiations kept (by Accept header and offered formats, least recently used out), and the longest Accept
#: header kept: the header is the client's, so both bound what a stream of new headers can make this process hold
NEGOTIATION_CACHE_SIZE, NEGOTIATION_CACHE_ACCEPT = 512, 1024


@lru_cache(maxsize=NEGOTIATION_CACHE_SIZE)
def _negotiated(accept: str | None, offered: tuple[Format, ...]) -> int | None:
    """``_negotiate``, kept: its result depends on nothing but its arguments (formats are frozen)."""
    return _negotiate(accept, offered)


def _negotiate(accept: str | None, offered: Sequence[Format]) -> int | None:
    """The position in ``offered`` of the format the client prefers most (see ``negotiate``), None for none."""
    ranges = parse_accept(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for rank, fmt in enumerate(offered):
        q, order = _quality(fmt, ranges)
        key = (q, -order, -rank)
        if q > 0 and (best is None or key > best):
            best, chosen = key, rank
    return chosen
