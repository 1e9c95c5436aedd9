"""A programme's timeline as server-rendered SVG (a Gantt-like chart, no JavaScript): one row per
measure, its milestones and deadlines (``mg:milestoneOf`` … ``mg:dueDate``) and its statuses
(``mg:asOf``), each drawn with the precision the source gives.

A date known to the day is a point (a diamond for a milestone, a dot for a status). A date known only
to the month, season or year — "Ende 2017", "bis 2022" — is a bar over the whole span it leaves open
(``mg:earliest`` … ``mg:latest``), never a day: the source does not say which day. Every mark links to
its resource and has a tooltip with the source's words and the precision; a table beside the chart
lists the same items for screen readers and copying, with the passages they were read from. A date the
source gives without a year cannot be placed on the axis: it is listed under the chart, not left out.
"""

from __future__ import annotations

from datetime import date
from html import escape

from modgraph.iris import PREFIXES
from modgraph.web import page_queries as q
from modgraph.web.page_context import Ctx
from modgraph.web.ui import UI

PROGRAMME = PREFIXES["mg"] + "Programme"
DAY = PREFIXES["mg"].rstrip("#") + "/precision/day"
WIDTH, LABEL_WIDTH, ROW, TOP = 980, 320, 24, 28
MAX_ROWS = 80


def _x(day: date, first: date, last: date) -> float:
    span = max((last - first).days, 1)
    return LABEL_WIDTH + (WIDTH - LABEL_WIDTH - 10) * (day - first).days / span


def timeline(ctx: Ctx, iri: str, types: list[dict]) -> dict | None:
    """The timeline of a programme (None for other resources or a programme without dated items):
    ``{"svg": markup, "items": [...]}``."""
    if not any(t.get("iri") == PROGRAMME for t in types):
        return None
    rows = ctx.select(q.TIMELINE, ctx.data_graphs, node=iri)
    if not rows:
        return None
    labels = ctx.labels()
    labels.fetch(
        {r["m"].value for r in rows}
        | {r["item"].value for r in rows}
        | {r["precision"].value for r in rows if r["precision"]}
    )
    passages = _passages(ctx, {r["item"].value for r in rows})
    measures: dict[str, list[dict]] = {}
    unplaced = []
    for r in rows:
        if r["start"] is None or r["end"] is None:  # a date without a year: no place on the axis
            unplaced.append(
                {
                    "measure": labels.get(r["m"].value),
                    "measure_href": ctx.href(r["m"].value),
                    "iri": r["item"].value,
                    "href": ctx.href(r["item"].value),
                    "label": labels.get(r["item"].value),
                    "wording": r["wording"].value if r["wording"] else "",
                    "precision": labels.get(r["precision"].value) if r["precision"] else "",
                    "passages": passages.get(r["item"].value, []),
                }
            )
            continue
        measures.setdefault(r["m"].value, []).append(
            {
                "iri": r["item"].value,
                "href": ctx.href(r["item"].value),
                "label": labels.get(r["item"].value),
                "kind": r["kind"].value,
                "start": date.fromisoformat(r["start"].value),
                "end": date.fromisoformat(r["end"].value),
                "day": r["precision"] is not None and r["precision"].value == DAY,
                "precision": labels.get(r["precision"].value) if r["precision"] else "",
                "wording": r["wording"].value if r["wording"] else r["start"].value,
                "passages": passages.get(r["item"].value, []),
            }
        )
    if not measures:
        return {"svg": "", "items": [], "rows": 0, "more": False, "unplaced": unplaced}
    t = UI[ctx.lang]
    chosen = sorted(measures.items(), key=lambda kv: (min(i["start"] for i in kv[1]), labels.get(kv[0])))[:MAX_ROWS]
    first = date(min(i["start"] for _, items in chosen for i in items).year, 1, 1)
    last = date(max(i["end"] for _, items in chosen for i in items).year + 1, 1, 1)
    height = TOP + ROW * len(chosen) + 10
    out = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {height}" role="group" aria-labelledby="tl-title tl-desc">',
        f'<title id="tl-title">{escape(ctx.labels().get(iri))}: {len(chosen)} {escape(t["chart_timeline_title"])}</title>',
        f'<desc id="tl-desc">{escape(t["timeline_legend"])}</desc>',
    ]
    for year in range(first.year, last.year + 1):
        x = _x(date(year, 1, 1), first, last)
        out.append(f'<line class="grid" x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{height - 6}"/>')
        if year < last.year:
            out.append(f'<text class="year" x="{x + 3:.1f}" y="{TOP - 12}">{year}</text>')
    table = []
    for n, (measure, items) in enumerate(chosen):
        y = TOP + n * ROW
        name = labels.get(measure)
        short = name if len(name) <= 48 else name[:46] + "…"
        out.append(
            f'<a href="{escape(ctx.href(measure))}"><text class="measure" x="4" y="{y + 16}">{escape(short)}'
            f"<title>{escape(name)}</title></text></a>"
        )
        for i in items:
            x0, x1 = _x(i["start"], first, last), _x(i["end"], first, last) + 1
            tip = escape(f"{i['label']} – {i['wording']} ({i['precision'] or '?'})")
            if i["day"]:
                cx, cy = x0, y + 11
                shape = (
                    f'<circle class="status" cx="{cx:.1f}" cy="{cy}" r="5"/>'
                    if i["kind"] == "status"
                    else f'<path class="milestone" d="M{cx:.1f} {cy - 7} l7 7 l-7 7 l-7 -7 z"/>'
                )
            else:
                shape = f'<rect class="span {i["kind"]}" x="{x0:.1f}" y="{y + 5}" width="{max(x1 - x0, 3):.1f}" height="12" rx="3"/>'
            out.append(f'<a href="{escape(i["href"])}">{shape}<title>{tip}</title></a>')
            table.append({"measure": name, "measure_href": ctx.href(measure), **i})
    out.append("</svg>")
    return {
        "svg": "\n".join(out),
        "items": table,
        "rows": len(chosen),
        "more": len(measures) > len(chosen),
        "unplaced": unplaced,
    }


def _passages(ctx: Ctx, items: set[str]) -> dict[str, list[dict]]:
    """The passages each item was read from (links with their line numbers), in line order."""
    found: dict[str, list[dict]] = {}
    for r in ctx.select(q.PASSAGES_OF, ctx.data_graphs, values=sorted(items)) if items else []:
        line = r["line"].value if r["line"] is not None else ""
        found.setdefault(r["x"].value, []).append({"href": ctx.href(r["passage"].value), "line": line})
    for links in found.values():
        links.sort(key=lambda p: (len(p["line"]), p["line"], p["href"]))
    return found
