"""SPARQL syntax errors as one sentence with line, column and hint: the explanation of pyoxigraph's real
messages, the endpoint's 400 answer over a real server, ``modgraph query``'s stderr line and the editor."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from typer.testing import CliRunner

from modgraph.cli.main import app as cli
from modgraph.web.app import create_app
from modgraph.web.sparql_errors import describe_expected, explain
from tests.browser import browser, screenshot, serving  # noqa: F401

STORE = ox.Store()  # the parser only: nothing is evaluated


def _parser_message(text: str, update: bool = False) -> str:
    with pytest.raises(SyntaxError) as caught:
        (STORE.update if update else STORE.query)(text)
    return str(caught.value)


# text, is it an update, expected line, column, a part of the sentence, a part of the hint (None: no hint)
CASES = [
    (
        "SELECT * WHERE {\n  ?s foaf:name ?o }",
        False,
        2,
        6,
        "prefix `foaf:` is not declared",
        "<http://xmlns.com/foaf/0.1/>",
    ),
    ("PREFIX a: <http://a/>\nSELECT * {\n ?s a:b mg:x }", False, 3, 9, "`mg:`", "<https://w3id.org/modgraph/def#>"),
    ("SELECT * WHERE {\n  ?s ex:p ?o }", False, 2, 6, "prefix `ex:` is not declared", "PREFIX ex: <…>"),
    ("SELECT * WHERE { ?s ?p ?o", False, 1, 26, "a `{` is not closed", "add }"),
    ("SELECT * { ?s ?p ?o } }", False, 1, 23, "one `}` too many", "remove it"),
    ("SELECT * WHERE {\n ?s ?p ?o\n  FILTER(?o = 'abc) }", False, 3, 15, "the string is not closed", "end it with '"),
    ("ASK { ?s <http://example.org/x ?o }", False, 1, 10, "the IRI is not closed", "`>`"),
    ("ASK { ?s <http://example.org/x y> ?o }", False, 1, 10, "the IRI is not valid", "spaces"),
    ("SELECT * WHERE { ?s ?p ?o } LIMT 5", False, 1, 29, "`LIMT` is not a SPARQL keyword", "LIMIT"),
    ("SELECT * WHERE { ?s ?p ?o . FILTR(?o) }", False, 1, 29, "`FILTR`", "FILTER"),
    ("SELECT * WHERE {\n  ?s ?p \n}", False, 3, 2, "the text ends too early", "just before this point"),
    ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY", False, 1, 38, "the text ends too early", None),
    ("INSERT DATA { <http://a/s> <http://a/p> }", True, 1, 41, "expected", None),
    ("INSRT DATA { <http://a/s> <http://a/p> <http://a/o> }", True, 1, 1, "`INSRT`", "INSERT"),
    ("INSERT DATA {\n  ex:a ex:b ex:c }", True, 2, 3, "prefix `ex:`", "PREFIX ex:"),
]


@pytest.mark.parametrize("text,update,line,column,problem,hint", CASES, ids=[c[0][:32] for c in CASES])
def test_a_broken_query_is_one_sentence_with_position_and_hint(text, update, line, column, problem, hint):
    said = explain(_parser_message(text, update), text)
    assert (said.line, said.column) == (line, column), said
    assert said.sentence.startswith(f"Syntax error at line {line}, column {column}: ") and problem in said.sentence
    assert hint is None and said.hint is None or hint in (said.hint or ""), said.hint
    assert "\\u{" not in said.one_line() and "..=" not in said.one_line()  # never a dump of Unicode ranges
    assert "OPTIONAL" not in said.one_line()  # nor the keyword set the parser picked at random
    shown, caret = (said.excerpt or "").split("\n")
    assert shown == text.split("\n")[line - 1] and caret == " " * (column - 1) + "^"


def test_unicode_ranges_are_described_not_dumped():
    raw = _parser_message("PREFIX foaf <http://xmlns.com/foaf/0.1/> SELECT * {}").split(": ", 1)[1]
    assert "\\u{" in raw  # what pyoxigraph says
    described = describe_expected(raw)
    assert described == "`.`, `:`, a digit, a name or `_`", described


# ---- the endpoint, over a real server ------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(corpus_build):
    settings, _, _ = corpus_build
    with serving(create_app(settings)) as live:
        yield live


def test_the_endpoint_answers_400_with_sentence_line_column_and_hint(server):
    query = "SELECT * WHERE {\n  ?s skos:prefLabel ?o }"
    r = httpx.get(server.url + "/sparql", params={"query": query}, timeout=30)
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body == {
        "error": "syntax-error",
        "message": "Syntax error at line 2, column 6: prefix `skos:` is not declared.",
        "line": 2,
        "column": 6,
        "hint": "add PREFIX skos: <http://www.w3.org/2004/02/skos/core#>",
        "excerpt": "  ?s skos:prefLabel ?o }\n     ^",
    }


# ---- the command line ------------------------------------------------------------------------------------


def test_modgraph_query_prints_the_sentence_on_one_stderr_line(corpus_build, monkeypatch):
    settings, _, _ = corpus_build
    monkeypatch.setenv("MODGRAPH_STORE", str(settings.store))
    result = CliRunner().invoke(cli, ["query", "SELECT ?x WHERE { ?x dct:title ?t }"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "error query syntax error at line 1, column 22: prefix `dct:` is not declared. "
        "Hint: add PREFIX dct: <http://purl.org/dc/terms/>."
    ]


# ---- the editor, in headless chromium ------------------------------------------------------------------


@pytest.mark.browser
def test_the_editor_shows_the_sentence_and_the_hint(browser, server):  # noqa: F811
    browser.get(server.url + "/editor")
    wait = WebDriverWait(browser, 20)
    wait.until(lambda d: d.execute_script("return typeof Yasgui !== 'undefined' && !!yasgui.getTab()"))
    browser.execute_script(
        "yasgui.getTab().setQuery('SELECT * WHERE { ?s ?p ?o . FILTR(?o) }'); yasgui.getTab().query()"
    )
    box = browser.find_element(By.ID, "syntax-error")
    wait.until(lambda d: box.is_displayed())
    assert box.find_element(By.CSS_SELECTOR, ".sentence").text == (
        "Syntax error at line 1, column 29: `FILTR` is not a SPARQL keyword."
    )
    assert box.find_element(By.CSS_SELECTOR, ".hint").text == "Hint: did you mean FILTER"
    assert "\\u{" not in box.text
    screenshot(browser, "editor-syntax-error")
    browser.execute_script("yasgui.getTab().setQuery('ASK { }'); yasgui.getTab().query()")
    wait.until(lambda d: not box.is_displayed())  # a query that parses clears the box
