"""Quotes are located at their first occurrence in the source. A quote that stands more than once may therefore point
at a different passage than the one meant (the audit, records/AUDIT.md, found three decisions of the ZOV table traced
to a neighbouring row). Every quote that stands more than once in its source is listed here with why its first
occurrence is the right one; a new one fails until it is made unique or listed."""

from __future__ import annotations

import yaml

from modgraph.pipeline.sources import SourceText, normalise
from modgraph.settings import PACKAGE_DIR

RECORDS = PACKAGE_DIR.parent / "records"

#: (document, record, quote) → why the first of its occurrences (lines) is the one meant
REPEATED = {
    # a person's name and function: any occurrence attests it (ll. 20, 30)
    ("abt4-news", "person:martin-hagen", "Staatsrat Dr. Martin Hagen"): [20, 30],
    # the key figure stands in the Planwert table (l. 18) and again in the IST table (l. 21); the record says so
    (
        "d6-2018",
        "key-figure:d6-2018/kennzahl-eskalationen",
        "Reduzierung von Eskalationen gegenüber Dataport (Ziel: 2 pro Jahr; jetzt: ca. 10)",
    ): [18, 21],
    ("d6-2018", "key-figure:d6-2018/kennzahl-eskalationen", "Ziel: 2 pro Jahr"): [18, 21],
    ("d6-2018", "key-figure:d6-2018/kennzahl-eskalationen", "jetzt: ca. 10"): [18, 21],
    # the city's name, first on the title page
    ("leipzig-2018", "organisation:stadt-leipzig", "Stadt Leipzig"): [
        5,
        11,
        36,
        48,
        48,
        50,
        50,
        68,
        101,
        157,
        271,
        291,
        405,
    ],
    # the annex heading, repeated as page-break debris (l. 411)
    (
        "leipzig-2018",
        "programme:leipzig-2018/move",
        "Maßnahmen des Projekts Moderne Verwaltung in den 10 Handlungsfeldern",
    ): [376, 411],
    # the strategic goal, stated in 1.1 (l. 46) and quoted again in 2 (l. 113)
    ("leipzig-2018", "goal:leipzig-2018/strategisches-ziel", None): [46, 113],
    # HF 1's own section heading (l. 177) and the annex (l. 378)
    ("leipzig-2018", "field:leipzig-2018/hf-1", "HF 1 Werte und demokratische Prozesse"): [177, 378],
    # the end of 861/19's title (l. 643) comes first; 1040/19 and 1355/19 repeat the words later (ll. 646, 656)
    ("zov-2017", "decision:zov-2017/senatsvorlage-861-19", "des Stadtamtes“"): [643, 646, 656],
}


def quotes(node):
    if isinstance(node, dict):
        q = node.get("quote")
        yield from [q] if isinstance(q, str) else q or []
        for key, value in node.items():
            if key != "quote":
                yield from quotes(value)
    elif isinstance(node, list):
        for value in node:
            yield from quotes(value)


def repeated_quotes():
    found = {}
    for path in sorted(RECORDS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "document" not in data:
            continue
        source = SourceText(RECORDS.parent / "corpus" / data["document"]["file"])
        haystack, offsets = source._normalised
        for record in data["records"]:
            kind, ident = next(iter(record.items()))
            for quote in quotes(record):
                needle, lines, at = normalise(quote), [], 0
                while (at := haystack.find(needle, at)) >= 0:
                    lines.append(source.text.count("\n", 0, offsets[at]) + 1)
                    at += 1
                if len(lines) > 1:
                    found[(data["document"]["id"], f"{kind}:{ident}", quote)] = lines
    return found


def test_every_quote_standing_twice_is_meant_at_its_first_place():
    found = repeated_quotes()
    # the strategic goal's quote is long; it is matched by record, not by its text
    goal = [k for k in found if k[1] == "goal:leipzig-2018/strategisches-ziel"]
    assert len(goal) == 1
    found[(*goal[0][:2], None)] = found.pop(goal[0])
    assert found == REPEATED
