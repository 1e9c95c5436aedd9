"""Light lexical analysis of SPARQL text: enough to route a request, never to evaluate it.

pyoxigraph parses and evaluates every query; this module only answers questions the server must
settle *before* a query reaches a worker: which query form it is (for content negotiation),
whether it is an update (refused on the query endpoint), whether it names its own dataset
(FROM / FROM NAMED), how deeply its brackets nest (a resource limit: pyoxigraph's recursive parser
overflows its stack on a few thousand levels), and where a catalogue query's parameters can be
bound. Strings, IRIs and comments are skipped as whole tokens, so a keyword inside a literal or an
IRI is never mistaken for one.

No security decision is made here: what a query may reach is settled by the workers having no
network at all (``modgraph.web.sandbox``), not by reading the text with a second parser.

>>> shape = analyse('PREFIX e: <http://e.example/> SELECT * FROM <g> { ?s ?p "SERVICE <x:y>" . SERVICE e:sparql { } }')
>>> shape.form.value, shape.has_dataset_clause, shape.prefixes, shape.depth
('SELECT', True, {'e': 'http://e.example/'}, 2)
>>> analyse("# a comment saying SELECT\\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").form.returns_graph
True
>>> [analyse(t).form.value for t in ("INSERT DATA { }", "CLEAR ALL", "ASK { }", "what?")]
['UPDATE', 'UPDATE', 'ASK', 'UNKNOWN']
>>> query = "SELECT * WHERE { ?s ?p ?o }"
>>> query[where_group_start(query):]
' ?s ?p ?o }'
>>> [t.kind for t in tokens('?s <http://x/> "a # b" . # gone')]
['var', 'iri', 'string', 'punct']
>>> [t.text for t in tokens(r"e:a\\#b { e:c\\'d")]  # escapes in a prefixed name (PN_LOCAL_ESC) are part of it
['e:a\\\\#b', '{', "e:c\\\\'d"]
>>> nesting_depth("SELECT * { { ?s ?p ( 1 [ ] ) } } # {{{"), nesting_depth('ASK { FILTER("((((") }')
(4, 2)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$]\w+)
  | (?P<word>[^\W\d][\w.\-]*(?::(?:[\w.\-:%]|\\[_~.\-!$&'()*+,;=/?\#@%])*)?|:(?:[\w.\-:%]|\\[_~.\-!$&'()*+,;=/?\#@%])*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class Token(NamedTuple):  # a tuple: made for every token of every request, at a fraction of a dataclass's cost
    kind: str  # iri, string, var, word, punct
    text: str
    start: int


def tokens(text: str) -> list[Token]:
    """The significant tokens of SPARQL text (whitespace and comments dropped)."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind in ("ws", "comment"):
            continue
        out.append(Token(kind, m.group(), m.start()))
    return out


class QueryForm(StrEnum):
    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"
    UPDATE = "UPDATE"
    UNKNOWN = "UNKNOWN"

    @property
    def returns_graph(self) -> bool:
        return self in (QueryForm.CONSTRUCT, QueryForm.DESCRIBE)


_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@dataclass(frozen=True)
class QueryShape:
    """What the server needs to know about a request's SPARQL text before running it."""

    form: QueryForm
    has_dataset_clause: bool  # FROM or FROM NAMED
    prefixes: dict[str, str]
    depth: int = 0  # how deeply the brackets nest (``nesting_depth``), from the same tokens


def _skip_prologue(toks: list[Token], prefixes: dict[str, str]) -> int:
    i = 0
    while i < len(toks):
        word = toks[i].text.upper()
        if word == "BASE" and i + 1 < len(toks):
            i += 2
        elif word == "PREFIX" and i + 2 < len(toks):
            prefixes[toks[i + 1].text.rstrip(":")] = toks[i + 2].text[1:-1]
            i += 3
        else:
            return i
    return i


def _form(word: str) -> QueryForm:
    upper = word.upper()
    if upper in QueryForm.__members__ and upper not in ("UPDATE", "UNKNOWN"):
        return QueryForm(upper)
    if upper in _UPDATE_WORDS:
        return QueryForm.UPDATE
    return QueryForm.UNKNOWN


def analyse(text: str) -> QueryShape:
    toks = tokens(text)
    prefixes: dict[str, str] = {}
    start = _skip_prologue(toks, prefixes)
    form = _form(toks[start].text) if start < len(toks) and toks[start].kind == "word" else QueryForm.UNKNOWN
    has_from = any(t.kind == "word" and t.text.upper() == "FROM" for t in toks)
    return QueryShape(form, has_from, prefixes, _depth(toks))


_OPENING, _CLOSING = "{([", "})]"


def nesting_depth(text: str) -> int:
    """How deeply the brackets ``{ ( [`` nest, outside strings, IRIs and comments."""
    return _depth(tokens(text))


def _depth(toks: list[Token]) -> int:
    depth = deepest = 0
    for tok in toks:
        if tok.kind != "punct":
            continue
        if tok.text in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif tok.text in _CLOSING:
            depth = max(0, depth - 1)
    return deepest


def where_group_start(text: str) -> int | None:
    """Offset just after the ``{`` that opens the query's WHERE group (None if there is none).

    That is the first ``{`` after the WHERE keyword, or the first ``{`` of a query written
    without the keyword (``SELECT * { … }``). CONSTRUCT's template brace is never chosen.
    """
    toks = tokens(text)
    seen_where = False
    first_brace = None
    for tok in toks:
        if tok.kind == "word" and tok.text.upper() == "WHERE":
            seen_where = True
        elif tok.text == "{":
            if seen_where:
                return tok.start + 1
            if first_brace is None:
                first_brace = tok.start + 1
    form = analyse(text).form
    return None if form is QueryForm.CONSTRUCT else first_brace
