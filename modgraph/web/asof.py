"""The resource pages' "as of a day" section: what the sources said on a day about one resource.

A measure or action field shows its status on that day (the catalogue query ``status-on-date``), a measure or
decision its deadlines as stated by then (``deadlines-on-date``), a person or body its memberships
(``memberships-on-date``). The day comes from a plain GET form (``?on=YYYY-MM-DD``), so the section works
without JavaScript; the answers are those of the catalogue queries themselves, bound to the resource, so the
page and ``/queries/{name}`` never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox

from modgraph.iris import PREFIXES
from modgraph.web.catalogue import CatalogueQuery
from modgraph.web.errors import WebError
from modgraph.web.page_context import Ctx


@dataclass(frozen=True)
class AsOfQuery:
    """One catalogue query of the section: which parameter names the resource, the heading, the columns shown
    (variable → key of the UI strings)."""

    name: str
    parameter: str
    heading: str
    columns: tuple[tuple[str, str], ...]


STATUS = AsOfQuery(
    "status-on-date", "thing", "as_of_status", (("status", "as_of_status"), ("asOf", "as_of"), ("document", "document"))
)
DEADLINES = AsOfQuery(
    "deadlines-on-date",
    "of",
    "as_of_deadlines",
    (("label", "col_label"), ("kind", "type"), ("due", "col_due"), ("state", "as_of_state"), ("document", "document")),
)
MEMBERSHIPS = AsOfQuery(
    "memberships-on-date",
    "person",
    "as_of_memberships",
    (("role", "as_of_role"), ("organisationLabel", "as_of_body"), ("attested", "as_of"), ("document", "document")),
)
BODY_MEMBERSHIPS = AsOfQuery(
    "memberships-on-date",
    "organisation",
    "as_of_memberships",
    (("name", "as_of_person"), ("role", "as_of_role"), ("attested", "as_of"), ("document", "document")),
)
#: the sections of each class (a resource gets those of all its classes)
BY_CLASS = {
    PREFIXES["mg"] + "Measure": (STATUS, DEADLINES),
    PREFIXES["mg"] + "ActionField": (STATUS,),
    PREFIXES["mg"] + "Decision": (DEADLINES,),
    PREFIXES["foaf"] + "Person": (MEMBERSHIPS,),
    PREFIXES["org"] + "Organization": (BODY_MEMBERSHIPS,),
}


def parse_day(raw: str | None) -> date | None:
    """The day of ``?on=`` (None when not given).

    :raises WebError: 400 ``bad-parameter`` for anything but a date YYYY-MM-DD
    """
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or len(raw) != len("YYYY-MM-DD"):  # fromisoformat also reads 20240115 and week dates
        raise WebError(400, "bad-parameter", f"'on' must be a day YYYY-MM-DD, not {raw!r}", parameter="on")
    return day


def _cell(term) -> str:
    if term is None:
        return ""
    value = term.value
    return value.rsplit("/", 1)[-1] if isinstance(term, ox.NamedNode) else value


def as_of(ctx: Ctx, catalogue: list[CatalogueQuery], iri: str, types: list[dict], raw_on: str | None) -> dict | None:
    """The section's values: the day, and per applicable query its heading, columns and rows (None: the resource
    has no dated statements of these kinds to ask about).

    :raises WebError: 400 for an ``on`` that is not a day
    """
    day = parse_day(raw_on)
    by_name = {q.name: q for q in catalogue}
    chosen = [s for t in types for s in BY_CLASS.get(t.get("iri", ""), ()) if s.name in by_name]
    if not chosen:
        return None
    if day is None:  # the form only
        return {"on": "", "sections": []}
    sections = []
    for spec in dict.fromkeys(chosen):
        query = by_name[spec.name]
        values = {p.name: p.default for p in query.params} | {"on": day.isoformat(), spec.parameter: iri}
        rows = ctx.store.query(query.bound(values), default_graph=ctx.data_graphs)
        assert isinstance(rows, ox.QuerySolutions)
        sections.append(
            {
                "heading": spec.heading,
                "query": spec.name,
                "columns": [key for _, key in spec.columns],
                "rows": [[_cell(row[var]) for var, _ in spec.columns] for row in rows],
            }
        )
    return {"on": day.isoformat(), "sections": sections}
