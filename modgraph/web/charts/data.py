"""What each chart shows, read from the published store: plain values (lists and dicts), which are also the
JSON of the chart pages. The values are what the sources state: a cell left blank or unknown (``*?*``) has no
number (``value`` None), never 0; a date the source gives without a year cannot be placed on a time axis and
is listed under ``unplaced``; nothing is computed but what is said so (``computed_deviation``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pyoxigraph as ox

from modgraph.iris import PREFIXES
from modgraph.web.charts import queries as cq
from modgraph.web.labels import Labels
from modgraph.web.page_context import Ctx

MG = PREFIXES["mg"]
DAY = MG.rstrip("#") + "/precision/day"
ROLES = {MG + "plannedAmount": "planned", MG + "actualAmount": "actual", MG + "deviationAmount": "deviation"}
#: the order of the value types of a key figure (the graph's concepts ``def/value-type/…``)
VALUE_TYPES = ("baseline", "plan", "actual", "target", "forecast")
#: how a unit of measure (QUDT) of an observation in another unit than its key figure's is written
UNITS = {"PERCENT": "%", "NUM": "#"}


def local(iri: str) -> str:
    """The last path segment of a concept's IRI (``…/value-status/blank`` → ``blank``)."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _v(row: ox.QuerySolution, name: str) -> str | None:
    term = row[name]
    return None if term is None else term.value


def _rows(ctx: Ctx, query: str, scope: str, node: str | None) -> list[ox.QuerySolution]:
    inputs: dict[str, str | int] = {"node": node} if node is not None else {}
    return ctx.select(cq.scoped(query, scope), ctx.data_graphs, None, **inputs)


def _link(ctx: Ctx, labels: Labels, iri: str | None) -> dict | None:
    return None if iri is None else {"iri": iri, "href": ctx.href(iri), "label": labels.get(iri)}


def _passages(ctx: Ctx, found: dict[str, str | None]) -> list[dict]:
    """The passages a thing was read from, in line order: their pages and line numbers."""
    ordered = sorted(found.items(), key=lambda kv: (int(kv[1]) if kv[1] and kv[1].isdigit() else 0, kv[0]))
    return [{"iri": iri, "href": ctx.href(iri), "line": line} for iri, line in ordered]


def _when(row: ox.QuerySolution) -> str:
    """A date as the source words it, else its record form (``skos:notation``: 2017-09, --11-20), else its label."""
    return _v(row, "said") or _v(row, "notation") or _v(row, "wording") or ""


def _fetch(labels: Labels, rows: list[ox.QuerySolution], names: Iterable[str]) -> None:
    labels.fetch({row[n].value for row in rows for n in names if isinstance(row[n], ox.NamedNode)})


# ---------------------------------------------------------------------------------------------- statuses


def status_history(ctx: Ctx, scope: str = cq.EVERYTHING, node: str | None = None) -> dict:
    """The status assertions of the things in ``scope``, per thing in time order: ``{"things": [{"iri",
    "label", "href", "programme", "assertions": [...]}], "unplaced": [...]}``; an assertion has its status,
    the as-of date as written with its earliest and latest day and precision, the document and passages."""
    rows = _rows(ctx, cq.STATUS_HISTORY, scope, node)
    labels = ctx.labels()
    _fetch(labels, rows, ("thing", "status", "precision", "doc", "programme"))
    assertions: dict[str, dict] = {}
    passages: dict[str, dict[str, str | None]] = {}
    for r in rows:
        iri = r["assertion"].value
        if r["passage"] is not None:
            passages.setdefault(iri, {})[r["passage"].value] = _v(r, "pline")
        if iri in assertions:
            continue
        assertions[iri] = {
            "iri": iri,
            "href": ctx.href(iri),
            "thing": r["thing"].value,
            "programme": _v(r, "programme"),
            "status": _link(ctx, labels, r["status"].value),
            "status_key": local(r["status"].value),
            "as_of": _when(r),
            "earliest": _v(r, "start"),
            "latest": _v(r, "end"),
            "day": _v(r, "precision") == DAY,
            "precision": labels.get(r["precision"].value) if r["precision"] is not None else "",
            "document": _link(ctx, labels, _v(r, "doc")),
        }
    things: dict[str, dict] = {}
    unplaced: list[dict] = []
    for iri, a in assertions.items():
        a["passages"] = _passages(ctx, passages.get(iri, {}))
        thing = things.setdefault(
            a["thing"],
            {**_link(ctx, labels, a["thing"]), "programme": _link(ctx, labels, a["programme"]), "assertions": []},  # type: ignore[dict-item]
        )
        (thing["assertions"] if a["earliest"] else unplaced).append(a)
    for thing in things.values():
        thing["assertions"].sort(key=lambda a: (a["earliest"], a["latest"], a["iri"]))
    ordered = sorted(
        (t for t in things.values() if t["assertions"]),
        key=lambda t: (
            t["programme"] is None,
            (t["programme"] or t["assertions"][0]["document"] or {}).get("label", ""),
            t["assertions"][0]["earliest"],
            t["label"].lower(),
        ),
    )
    unplaced.sort(key=lambda a: (labels.get(a["thing"]).lower(), a["iri"]))
    for a in unplaced:
        a["thing_label"], a["thing_href"] = labels.get(a["thing"]), ctx.href(a["thing"])
    return {"things": ordered, "unplaced": unplaced}


def statuses_on(history: dict, day: date) -> list[dict]:
    """The latest status known on ``day`` of each thing, as ``modgraph/queries/status-on-date.rq`` defines it:
    the assertions whose latest possible as-of day is on or before ``day`` and after which no such assertion
    of the thing lies (two assertions as of the same latest day: both). Things with none are left out."""
    out = []
    for thing in history["things"]:
        known = [a for a in thing["assertions"] if a["latest"] and date.fromisoformat(a["latest"]) <= day]
        if not known:
            continue
        last = max(a["latest"] for a in known)
        out.append(
            {
                "thing": {k: thing[k] for k in ("iri", "href", "label")},
                "programme": thing["programme"],
                "assertions": [a for a in known if a["latest"] == last],
            }
        )
    return out


# ---------------------------------------------------------------------------------------------- budgets


def budget_lines(ctx: Ctx, scope: str = cq.EVERYTHING, node: str | None = None) -> list[dict]:
    """The budget lines in ``scope``: per line its item, measure, fiscal year and the ``planned``, ``actual``
    and ``deviation`` amounts (each as written, its value status, its number in the written unit ``value``
    and in the base unit ``base``: euro for money), the deviation computed as planned − actual where both
    are stated (in the base unit, and in the written unit ``computed_in_unit``), and whether the stated
    deviation equals it (None when one of them is missing)."""
    rows = _rows(ctx, cq.BUDGET_LINES, scope, node)
    labels = ctx.labels()
    _fetch(labels, rows, ("measure", "valueStatus", "year", "doc"))
    lines: dict[str, dict] = {}
    passages: dict[str, dict[str, str | None]] = {}
    for r in rows:
        iri = r["line"].value
        line = lines.setdefault(
            iri,
            {
                "iri": iri,
                "href": ctx.href(iri),
                "label": r["item"].value,
                "measure": _link(ctx, labels, r["measure"].value),
                "year": labels.get(r["year"].value) if r["year"] is not None else "",
                "document": _link(ctx, labels, _v(r, "doc")),
            },
        )
        if r["passage"] is not None:
            passages.setdefault(iri, {})[r["passage"].value] = _v(r, "pline")
        base = _v(r, "base")
        line[ROLES[r["role"].value]] = {
            "written": r["written"].value,
            "status": local(r["valueStatus"].value),
            "status_label": labels.get(r["valueStatus"].value),
            "unit": _v(r, "unit") or "",
            "money": _v(r, "currency") == "EUR",
            "value": float(r["value"].value) if r["value"] is not None else None,
            "base": float(base) if base is not None else None,
        }
    for iri, line in lines.items():
        line["passages"] = _passages(ctx, passages.get(iri, {}))
        planned, actual, deviation = (line.get(k, {}).get("base") for k in ("planned", "actual", "deviation"))
        computed = None if planned is None or actual is None else round(planned - actual, 6)
        line["computed_deviation"] = computed
        p, a = line.get("planned", {}), line.get("actual", {})
        same_unit = computed is not None and p.get("unit") == a.get("unit") and None not in (p["value"], a["value"])
        line["computed_in_unit"] = round(p["value"] - a["value"], 6) if same_unit else None
        line["consistent"] = None if computed is None or deviation is None else abs(computed - deviation) < 1e-6
        line["money"] = any(line.get(k, {}).get("money") for k in ROLES.values())
        line["unit"] = next((line[k]["unit"] for k in ROLES.values() if k in line and line[k]["unit"]), "")
    return sorted(lines.values(), key=lambda x: (x["measure"]["label"].lower(), not x["money"], x["label"].lower()))


# ---------------------------------------------------------------------------------------------- key figures


def key_figures(ctx: Ctx, scope: str = cq.EVERYTHING, node: str | None = None) -> list[dict]:
    """The key figures in ``scope``, each with its observations (value type, value as written, its number
    where the source gives one, value status, unit, reference period as written with earliest and latest
    day, passages), ordered baseline, plan, actual, target, forecast. An observation in another unit than the
    key figure's main one (a target in % of an absolute figure, say), and a relative value (``change``:
    ``increase`` or ``decrease`` by the value, against the current level; ``mg:change``) have ``own_scale``:
    they are drawn on a scale of their own, never as a level on the absolute one."""
    rows = _rows(ctx, cq.KEY_FIGURES, scope, node)
    labels = ctx.labels()
    _fetch(labels, rows, ("kf", "of", "valueType", "valueStatus", "obsUnit", "doc"))
    figures: dict[str, dict] = {}
    observations: dict[str, dict] = {}
    passages: dict[str, dict[str, str | None]] = {}
    for r in rows:
        kf, obs = r["kf"].value, r["obs"].value
        figures.setdefault(
            kf,
            {
                **_link(ctx, labels, kf),  # type: ignore[dict-item]
                "of": _link(ctx, labels, r["of"].value),
                "unit": _v(r, "unit") or "",
                "document": _link(ctx, labels, _v(r, "doc")),
                "observations": [],
            },
        )
        if r["passage"] is not None:
            passages.setdefault(obs, {})[r["passage"].value] = _v(r, "pline")
        if obs in observations:
            continue
        observations[obs] = o = {
            "iri": obs,
            "href": ctx.href(obs),
            "key_figure": kf,
            "type": local(r["valueType"].value),
            "type_label": labels.get(r["valueType"].value),
            "status": local(r["valueStatus"].value),
            "status_label": labels.get(r["valueStatus"].value),
            "written": _v(r, "written") or "",
            "value": float(r["value"].value) if r["value"] is not None else None,
            "unit_iri": _v(r, "obsUnit"),
            "period": _when(r),
            "change": local(r["change"].value) if r["change"] is not None else None,
            "earliest": _v(r, "start"),
            "latest": _v(r, "end"),
        }
        figures[kf]["observations"].append(o)
    for obs, o in observations.items():
        o["passages"] = _passages(ctx, passages.get(obs, {}))
    for figure in figures.values():
        units = [o["unit_iri"] for o in figure["observations"]]
        main = max(units, key=lambda u: (units.count(u), -units.index(u)))
        for o in figure["observations"]:
            o["own_scale"] = o["unit_iri"] != main or o["change"] is not None
            o["unit"] = (
                UNITS.get(local(o["unit_iri"] or ""), local(o["unit_iri"] or ""))
                if o["unit_iri"] != main
                else figure["unit"]
            )
        figure["observations"].sort(
            key=lambda o: (
                VALUE_TYPES.index(o["type"]) if o["type"] in VALUE_TYPES else len(VALUE_TYPES),
                o["earliest"] or "9999",
                o["iri"],
            )
        )
    return sorted(figures.values(), key=lambda f: (f["of"]["label"].lower(), f["label"].lower()))
