"""pyoxigraph's SPARQL syntax errors as one sentence with line, column, the offending line and a hint.

pyoxigraph reports a syntax error as ``error at LINE:COLUMN: expected one of …``, where the expected
items are its grammar's tokens, keyword sets picked by its PEG parser, and character classes written
out as Unicode ranges. :func:`explain` turns that into what a person can act on: "Syntax error at
line 3, column 14: …", the line with a caret under the column, and a hint when one can be given —
an undeclared prefix (with its IRI when it is one of ``modgraph.iris.PREFIXES``), a brace that is
never closed or closed once too often, an unterminated string or IRI, a misspelt keyword. Those
hints come from reading the text (``modgraph.web.sparql_text``), since the parser's own position
is the farthest point it reached, not always where the mistake is: an undeclared prefix is reported
where it is used. Unicode ranges never reach the user; they are described ("a name", "a digit").

Used by the query endpoint's 400 answer (``modgraph.web.sparql``), ``modgraph query`` and the editor page
(``static/sparql_errors.js`` shows the endpoint's answer). It explains updates as well; the update
endpoint (``modgraph.web.update``) does not use it yet.

>>> e = explain("error at 1:30: expected one of Prefix not found, ['%']", "SELECT * WHERE { ?s foaf:name ?o }")
>>> e.sentence
'Syntax error at line 1, column 21: prefix `foaf:` is not declared.'
>>> e.hint
'add PREFIX foaf: <http://xmlns.com/foaf/0.1/>'
>>> print(e.excerpt)
SELECT * WHERE { ?s foaf:name ?o }
                    ^
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from modgraph.iris import PREFIXES
from modgraph.web.errors import WebError
from modgraph.web.sparql_text import Token, tokens

_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)

#: the keywords of SPARQL 1.1 query and update, for "did you mean …"
KEYWORDS = (
    "BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK FROM NAMED WHERE ORDER BY ASC DESC LIMIT OFFSET DISTINCT "
    "REDUCED GROUP HAVING OPTIONAL UNION MINUS GRAPH SERVICE SILENT BIND VALUES FILTER EXISTS NOT AS UNDEF "
    "INSERT DELETE DATA WITH USING DEFAULT ALL LOAD CLEAR DROP CREATE ADD MOVE COPY INTO TO IN "
    "COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE "
    "RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS "
    "STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 "
    "SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR "
    "REPLACE A TRUE FALSE"
).split()

#: one item of the expected list: a quoted token, a character class such as ['0' ..= '9'] (perhaps cut off), a word
_ITEM = re.compile(r"\"(?:[^\"\\]|\\.)*\"|\[[^\]]*(?:\]|$)|[^,\s][^,]*")


@dataclass(frozen=True)
class SyntaxProblem:
    """A SPARQL syntax error explained: ``sentence`` is the whole message for people."""

    line: int | None
    column: int | None
    problem: str  # what is wrong, without the position
    hint: str | None
    excerpt: str | None  # the offending line and a caret under the column

    @property
    def sentence(self) -> str:
        where = f" at line {self.line}, column {self.column}" if self.line else ""
        return f"Syntax error{where}: {self.problem}."

    def one_line(self) -> str:
        """The sentence and the hint on one line (the CLI's message)."""
        return f"{self.sentence} Hint: {self.hint}." if self.hint else self.sentence


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    start = sum(len(x) + 1 for x in lines[: line - 1])
    return min(start + column - 1, len(text))


def _excerpt(text: str, line: int, column: int) -> str | None:
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    shown = lines[line - 1].rstrip("\r").expandtabs(1)
    return f"{shown}\n{' ' * max(0, column - 1)}^"


def _describe_item(item: str) -> str:
    if item.startswith("[") and "A' ..= 'Z'" in item:
        return "a name"
    if item.startswith("[") and "0" in item:
        return "a digit"
    if item == "[_]":
        return "more text"
    if re.fullmatch(r"\['.'\]", item):
        return f"`{item[2]}`"
    if item.startswith("["):
        return "a character"
    return f"`{item.strip(chr(34))}`" if item.startswith('"') else f"`{item}`"


def describe_expected(raw: str) -> str:
    r"""The parser's expected items in short words, never as Unicode ranges.

    >>> describe_expected(r'''one of ",", ".", "}", ['0' ..= '9' | '\u{00B7}'], [_]''')
    '`,`, `.`, `}`, a digit or more text'
    >>> describe_expected(r'''one of ['_'], "<", ['A' ..= 'Z' | 'a' ..= 'z' | '\u{00C0}'..''')  # cut off
    '`<`, `_` or …'
    """
    raw = raw.strip().removeprefix("expected ").removeprefix("one of ")
    found = [m.group().strip() for m in _ITEM.finditer(raw)]
    # a character class cut off by a shortened message becomes "…"; classes are named after the tokens
    plain = [_describe_item(x) for x in found if not x.startswith("[")]
    classes = [_describe_item(x) if x.endswith("]") else "…" for x in found if x.startswith("[")]
    items = sorted(dict.fromkeys(plain + classes), key=lambda x: x == "…")
    if len(items) > 6:  # the PEG parser's keyword sets are long and arbitrary: name a few
        items = [*items[:5], "…"]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _undeclared_prefix(toks: list[Token]) -> Token | None:
    declared = {toks[i + 1].text.rstrip(":") for i, t in enumerate(toks[:-1]) if t.text.upper() == "PREFIX"}
    for i, tok in enumerate(toks):
        after_prefix = i > 0 and toks[i - 1].text.upper() == "PREFIX"
        if tok.kind == "word" and ":" in tok.text and not after_prefix and tok.text.split(":")[0] not in declared:
            return tok
    return None


def _prefix_hint(tok: Token) -> tuple[str, str]:
    name = tok.text.split(":")[0]
    known = PREFIXES.get(name)
    iri = known or "…"
    problem = f"prefix `{name}:` is not declared"
    return problem, f"add PREFIX {name}: <{iri}>" + ("" if known else " with the namespace IRI it stands for")


def _unclosed(text: str, toks: list[Token]) -> tuple[Token, str, str] | None:
    """The first string or IRI that is never closed (the tokenizer leaves its opening mark alone)."""
    for tok in toks:
        if tok.kind == "punct" and tok.text in "\"'":
            return (
                tok,
                "the string is not closed",
                f"end it with {tok.text} on the same line (or use {tok.text * 3} for text over lines)",
            )
        if tok.kind == "punct" and tok.text == "<" and re.match(r"<[A-Za-z][\w+.-]*:", text[tok.start :]):
            if ">" not in text[tok.start :].split("\n")[0]:
                return tok, "the IRI is not closed", "end it with `>`"
            return tok, "the IRI is not valid", "an IRI cannot contain spaces, quotes or braces"
    return None


def _braces(toks: list[Token]) -> tuple[int | None, str, str] | None:
    depth = 0
    for tok in toks:
        if tok.text == "{":
            depth += 1
        elif tok.text == "}":
            depth -= 1
            if depth < 0:
                return tok.start, "there is one `}` too many", "remove it or open its group with `{`"
    if depth > 0:
        opened = "a `{` is" if depth == 1 else f"{depth} `{{` are"
        return None, f"{opened} not closed", f"add {'}' * depth} where the group ends"
    return None


def _word_hint(text: str, offset: int) -> tuple[int | None, str, str] | None:
    """A misspelt keyword at (or just before) the error position."""
    words = [t for t in tokens(text) if t.kind == "word" and ":" not in t.text and t.start <= offset]
    for tok in reversed(words):
        if tok.text.upper() in KEYWORDS:
            continue
        near = difflib.get_close_matches(tok.text.upper(), KEYWORDS, n=1, cutoff=0.75)
        if near:
            return tok.start, f"`{tok.text}` is not a SPARQL keyword", f"did you mean {near[0]}"
    return None


def _trusted_expectation(expected: str, before: list[Token]) -> str | None:
    """The expected items in words, unless they are only keywords the parser picked at random.

    pyoxigraph's PEG parser names an arbitrary keyword set when it fails inside a group (``expected
    OPTIONAL`` for a triple pattern without its object); a lone keyword is kept only after a keyword
    (``GROUP`` → ``BY``, ``INSERT`` → ``DATA``).
    """
    items = [
        m.group().strip() for m in _ITEM.finditer(expected.strip().removeprefix("expected ").removeprefix("one of "))
    ]
    only_keywords = items and all(re.fullmatch(r"[A-Za-z_]+", x) for x in items)
    after_keyword = bool(before) and before[-1].text.upper() in KEYWORDS
    if only_keywords and not (len(items) == 1 and after_keyword):
        return None
    return describe_expected(expected)


def explain(message: str, text: str) -> SyntaxProblem:
    """pyoxigraph's syntax error message for ``text`` (a query or an update), explained.

    The position is the parser's, except for an undeclared prefix, an unclosed string or IRI and
    a brace too many, which are reported where they are in the text.
    """
    match = _POSITION.search(message)
    line, column, expected = (int(match[1]), int(match[2]), match[3]) if match else (None, None, message)
    offset = _offset(text, line, column) if line and column else len(text)
    toks = tokens(text)
    undeclared = _undeclared_prefix(toks)
    unclosed = _unclosed(text, toks)
    hint: str | None
    if unclosed is not None:
        tok, problem, hint = unclosed
        at = tok.start
    elif undeclared is not None:
        (problem, hint), at = _prefix_hint(undeclared), undeclared.start
    elif "IRI parsing failed" in expected:
        problem, hint, at = "the IRI is not valid", "an IRI cannot contain spaces, quotes or braces", None
    else:
        found = _braces(toks) or _word_hint(text, offset)
        at = found[0] if found else None
        if found:
            problem, hint = found[1], found[2]
        else:
            ends = "the text ends too early" if not text[offset:].strip() else "the parser cannot go on here"
            wanted = _trusted_expectation(expected, [t for t in toks if t.start < offset])
            problem = f"{ends}; expected {wanted}" if wanted else ends
            hint = None if wanted else "check the term or keyword just before this point"
    if at is not None:
        line, column = _line_col(text, at)
    excerpt = _excerpt(text, line, column) if line and column else None
    return SyntaxProblem(line, column, problem, hint, excerpt)


def syntax_error(message: str, text: str) -> WebError:
    """The endpoint's 400 ``syntax-error``: ``message`` is the sentence; ``line``, ``column``, ``hint``, ``excerpt``."""
    problem = explain(message, text)
    return WebError(
        400,
        "syntax-error",
        problem.sentence,
        line=problem.line,
        column=problem.column,
        hint=problem.hint,
        excerpt=problem.excerpt,
    )
