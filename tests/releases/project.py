"""The tiny records project (``tests/store/tiny_project.py``) with one status of its measure that a test changes
between two builds: the smallest real change a curator makes (a status moves on)."""

from __future__ import annotations

from pathlib import Path

from tests.store.tiny_project import MEASURE, write_tiny_project

#: the status record of the measure: the quote is in the source text ("… ist die erste Maßnahme des Programms.")
STATUS = """    status:
      - value: {value}
        as_of: {as_of}
        quote: "ist die erste Maßnahme des Programms"
"""


#: what a project publishing to GovData gives (``modgraph.toml``): the catalogue then conforms to both profiles
PUBLICATION = """contributor_id = "http://dcat-ap.de/def/contributors/transparenzportalBremen"
attribution = "Freie Hansestadt Bremen, Kleines Programm"
spatial = "stateKey/04"
"""


def set_status(folder: Path, value: str, as_of: str = "2024-01-15") -> None:
    """Write the project into ``folder`` (again), its measure with the one status ``value`` as of ``as_of``."""
    write_tiny_project(folder)
    with (folder / "modgraph.toml").open("a", encoding="utf-8") as toml:
        toml.write(PUBLICATION)
    path = folder / "records" / "tiny.yaml"
    text = path.read_text(encoding="utf-8")
    quote = f'    quote: "{MEASURE}"\n'
    assert text.count(quote) == 1
    path.write_text(text.replace(quote, STATUS.format(value=value, as_of=as_of) + quote), encoding="utf-8")
