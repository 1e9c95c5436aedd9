"""A tiny records project (one short document) for tests that need many real builds: one build takes
about a second instead of the real corpus's twenty.

It declares the places and bodies that the package's Wikidata links (``modgraph/pipeline/wikidata.yaml``)
name — a build refuses links to undeclared entities — and one programme with one measure.
"""

from __future__ import annotations

from pathlib import Path

#: (kind, id, type, label): each label is written in the source text and quoted by its record
ENTITIES = [
    ("organisation", "fhb", "state", "Freie Hansestadt Bremen"),
    ("organisation", "stadt-leipzig", "municipality", "Stadt Leipzig"),
    ("place", "land-bremen", "state", "Land Bremen"),
    ("place", "bremen", "city", "Stadtgemeinde Bremen"),
    ("place", "leipzig", "city", "Leipzig"),
    ("place", "hamburg", "state", "Hamburg"),
    ("place", "niedersachsen", "state", "Niedersachsen"),
    ("place", "land-brandenburg", "state", "Brandenburg"),
    ("place", "land-hessen", "state", "Hessen"),
    ("place", "land-mecklenburg-vorpommern", "state", "Mecklenburg-Vorpommern"),
    ("place", "land-nordrhein-westfalen", "state", "Nordrhein-Westfalen"),
    ("place", "land-rheinland-pfalz", "state", "Rheinland-Pfalz"),
    ("place", "land-saarland", "state", "Saarland"),
    ("place", "land-sachsen-anhalt", "state", "Sachsen-Anhalt"),
    ("place", "land-schleswig-holstein", "state", "Schleswig-Holstein"),
    ("place", "land-thueringen", "state", "Thüringen"),
    ("place", "land-bayern", "state", "Bayern"),
]
TITLE = "Kleines Programm zur Verwaltungsmodernisierung"
MEASURE = "Die Einführung der elektronischen Akte"


def _source_text() -> str:
    lines = [TITLE, "", f"{MEASURE} ist die erste Maßnahme des Programms.", ""]
    lines += [f"Beteiligt ist {label}." for _, _, _, label in ENTITIES]
    return "\n".join(lines) + "\n"


def _records() -> str:
    lines = [
        "document:",
        "  id: tiny",
        "  file: tiny.txt",
        f'  label: "{TITLE}"',
        "  type: concept",
        "  issued: 2024-01-15",
        "  publisher: [fhb]",
        f'  quote: "{TITLE}"',
        "",
        "records:",
        "  - programme: tiny/programm",
        f'    label: "{TITLE}"',
        "    type: programme",
        f'    quote: "{TITLE}"',
        "  - measure: tiny/e-akte",
        f'    label: "{MEASURE}"',
        "    programme: tiny/programm",
        f'    quote: "{MEASURE}"',
    ]
    for kind, ident, kind_type, label in ENTITIES:
        lines += [
            f"  - {kind}: {ident}",
            f'    label: "{label}"',
            f"    type: {kind_type}",
            f'    quote: "Beteiligt ist {label}."',
        ]
    return "\n".join(lines) + "\n"


def write_tiny_project(folder: Path) -> Path:
    """Write the project (``records/tiny.yaml``, ``corpus/tiny.txt``, ``modgraph.toml``) into ``folder``."""
    (folder / "records").mkdir(parents=True, exist_ok=True)
    (folder / "corpus").mkdir(exist_ok=True)
    (folder / "corpus" / "tiny.txt").write_text(_source_text(), encoding="utf-8")
    (folder / "records" / "tiny.yaml").write_text(_records(), encoding="utf-8")
    (folder / "modgraph.toml").write_text('base_iri = "https://w3id.org/modgraph/"\n', encoding="utf-8")
    return folder
