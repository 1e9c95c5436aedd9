"""The modgraph command on a real build: query formats, exports that parse back, stats, validate."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from modgraph.cli.main import EXPORT_NAMES, app
from modgraph.media import EXPORT_FORMATS, by_name

runner = CliRunner()
MEASURES = "SELECT ?m WHERE { ?m a <https://w3id.org/modgraph/def#Measure> } ORDER BY ?m"


@pytest.fixture
def env(corpus_build, monkeypatch):
    settings, build, compiled = corpus_build
    monkeypatch.setenv("MODGRAPH_STORE", str(settings.store))
    return settings, build, compiled


def _measure_count(compiled) -> int:
    from rdflib import RDF, URIRef

    return len(set(compiled.union().subjects(RDF.type, URIRef("https://w3id.org/modgraph/def#Measure"))))


def test_query_csv_and_json_agree(env):
    _, _, compiled = env
    expected = _measure_count(compiled)
    as_csv = runner.invoke(app, ["query", MEASURES, "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    as_json = runner.invoke(app, ["query", MEASURES, "--format", "json"])
    bindings = json.loads(as_json.stdout)["results"]["bindings"]
    assert len(rows) == len(bindings) == expected > 0
    assert [r["m"] for r in rows] == [b["m"]["value"] for b in bindings]


def test_query_syntax_error_is_reported_not_raised(env):
    result = runner.invoke(app, ["query", "SELECT ?x WHERE { ?x"])
    assert result.exit_code == 2
    assert "syntax error" in result.output


@pytest.mark.parametrize("fmt", EXPORT_NAMES)
def test_every_export_format_parses_back(env, fmt, tmp_path):
    settings, build, compiled = env
    out = tmp_path / f"export.{fmt}"
    result = runner.invoke(app, ["export", "--format", fmt, "--output", str(out)])
    assert result.exit_code == 0, result.output
    rdflib_format = {
        "turtle": "turtle",
        "ntriples": "nt",
        "nquads": "nquads",
        "trig": "trig",
        "jsonld": "json-ld",
        "rdfxml": "xml",
    }[fmt]
    chosen = by_name(fmt, EXPORT_FORMATS)
    assert chosen is not None
    if getattr(ox.RdfFormat, chosen.oxigraph).supports_datasets:  # N-Quads, TriG, JSON-LD: the named graphs
        ds = Dataset()
        ds.parse(out, format=rdflib_format)
        assert len(list(ds.quads((None, None, None, None)))) == sum(build.info.graphs.values())
    else:
        g = Graph()
        g.parse(out, format=rdflib_format)
        assert len(g) == len(compiled.union())


def test_export_of_one_named_graph(env, tmp_path):
    _, build, compiled = env
    out = tmp_path / "doc.nt"
    result = runner.invoke(app, ["export", "--format", "ntriples", "--graph", "invest-2026", "--output", str(out)])
    assert result.exit_code == 0, result.output
    g = Graph().parse(out, format="nt")
    assert len(g) == len(compiled.graphs["invest-2026"])


def test_stats_counts_classes_per_document(env):
    _, build, compiled = env
    result = runner.invoke(app, ["stats", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = {r["class"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    docs = list(build.info.documents)
    for doc in docs:
        g = compiled.graphs[doc]
        expected = len(
            {s for s, _, o in g.triples((None, None, None)) if str(o) == "https://w3id.org/modgraph/def#Measure"}
        )
        assert int(rows["mg:Measure"].get(doc, 0)) == expected


def test_validate_report_formats(env):
    _, _, compiled = env
    turtle = runner.invoke(app, ["validate", "--format", "turtle"])
    assert turtle.exit_code == 0, turtle.output
    g = Graph().parse(data=turtle.stdout, format="turtle")
    assert len(g) > 0
    report = compiled.report  # the same report object the text and json formats render
    assert report.to_text().startswith("SHACL report: conforms")
    as_json = json.loads(report.to_json())
    assert as_json["conforms"] is True
    assert len(as_json["results"]) == len(report.results)
