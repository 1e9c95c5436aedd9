"""What the home page shows: the programmes with their numbers of measures (those with measures first, the
first ``HOME_PROGRAMMES``), the source documents, the latest status assertions and the next deadlines (or
the most recent ones when none lies ahead) with the date as the source words it and its precision."""

from __future__ import annotations

from datetime import date
from string import Template

import pyoxigraph as ox

from modgraph.iris import document_iri
from modgraph.search import overview_of
from modgraph.web import page_queries as q
from modgraph.web.labels import Labels
from modgraph.web.page_context import Ctx, class_slug, dump_href
from modgraph.web.timeline import PROGRAMME

HOME_ROWS, HOME_PROGRAMMES = 8, 20  # rows of the latest statuses and deadlines, of the programmes


def dated_rows(ctx: Ctx, rows: list, labels: Labels, subject: str) -> list[dict]:
    """Rows with a dated thing: the thing, and the date as the source words it (its precision kept)."""
    labels.fetch({r[subject].value for r in rows} | {r["precision"].value for r in rows if r["precision"] is not None})
    return [
        {
            "v": ctx.value_view(r[subject], labels),
            "when": r["wording"].value if r["wording"] else r["start"].value,
            "precision": labels.get(r["precision"].value) if r["precision"] else "",
            "end": r["end"].value,
        }
        for r in rows
    ]


_overviews: dict[str, dict | None] = {}


def _overview(ctx: Ctx) -> dict | None:
    """The build's precomputed overview (read once per build; the last two kept)."""
    key = str(ctx.build.path)
    if key not in _overviews:
        while len(_overviews) >= 2:
            _overviews.pop(next(iter(_overviews)))
        _overviews[key] = overview_of(ctx.build)
    return _overviews[key]


class _Row(dict):
    """A row of the overview read like a query solution (``row["x"].value``)."""

    def __getitem__(self, key):
        value = self.get(key)
        if value is None:
            return None
        return ox.NamedNode(value) if key in ("x", "p", "m", "status", "precision") else ox.Literal(str(value))


def home_values(ctx: Ctx) -> dict:
    """The values of ``home.html``: from the build's overview (the same cost at any size), else by querying."""
    found = _overview(ctx)
    if found is None:
        return _queried(ctx)
    labels = ctx.labels()
    for iri, by_lang in found["labels"].items():
        labels.cache[iri] = (
            by_lang.get(ctx.lang) or by_lang.get("de") or by_lang.get("en") or next(iter(by_lang.values()))
        )
    today = date.today().isoformat()
    deadlines = found["deadlines"]
    upcoming = [d for d in deadlines if d["end"] >= today][:HOME_ROWS]
    latest_first = sorted(sorted(deadlines, key=lambda d: d["x"]), key=lambda d: d["end"], reverse=True)
    past = [] if upcoming else latest_first[:HOME_ROWS]
    return _values(
        ctx,
        labels,
        [_Row(p) for p in found["programmes"][:HOME_PROGRAMMES]],
        len(found["programmes"]),
        [_Row(s) for s in found["statuses"][:HOME_ROWS]],
        [_Row(d) for d in upcoming or past],
        bool(upcoming),
        today,
    )


def _queried(ctx: Ctx) -> dict:
    labels = ctx.labels()
    rows = ctx.select(q.PROGRAMMES, ctx.data_graphs, limit=HOME_PROGRAMMES)
    all_programmes = int(ctx.select(q.INSTANCE_COUNT, ctx.data_graphs, node=PROGRAMME)[0]["n"].value)
    statuses = ctx.select(q.LATEST_STATUSES, ctx.data_graphs, limit=HOME_ROWS)
    today = date.today().isoformat()
    upcoming = ctx.select(Template(q.NEXT_DEADLINES.safe_substitute(today=today)), ctx.data_graphs, limit=HOME_ROWS)
    past = [] if upcoming else ctx.select(q.LAST_DEADLINES, ctx.data_graphs, limit=HOME_ROWS)
    labels.fetch(
        {r["p"].value for r in rows} | {r["m"].value for r in statuses} | {r["status"].value for r in statuses}
    )
    # programmes with measures first (most first), then by name
    rows.sort(key=lambda r: (-int(r["measures"].value), labels.get(r["p"].value).lower()))
    return _values(ctx, labels, rows, all_programmes, statuses, upcoming or past, bool(upcoming), today)


def _values(
    ctx: Ctx, labels: Labels, rows: list, all_programmes: int, statuses: list, due: list, ahead: bool, today: str
) -> dict:
    programmes = [
        {"v": ctx.value_view(r["p"], labels), "measures": int(r["measures"].value), "fields": int(r["fields"].value)}
        for r in rows
    ]
    documents = [
        {
            "id": doc_id,
            "href": ctx.href(document_iri(ctx.base, doc_id)),
            "label": doc["label"],
            "issued": doc.get("issued", ""),
            "records": doc.get("records", ""),
            "triples": ctx.info.graphs.get(doc["graph"], 0),
            "dump": dump_href(ctx, doc_id),
        }
        for doc_id, doc in sorted(ctx.info.documents.items(), key=lambda kv: kv[1].get("issued", ""))
    ]
    latest = [
        {
            "measure": ctx.value_view(r["m"], labels),
            "status": ctx.value_view(r["status"], labels),
            "date": r["date"].value,
        }
        for r in statuses
    ]
    return dict(
        programmes=programmes,
        documents=documents,
        statuses=latest,
        deadlines=dated_rows(ctx, due, labels, "x"),
        deadlines_past=not ahead,
        all_programmes=all_programmes,
        programmes_href=ctx.root + "/class/" + class_slug(PROGRAMME) + "?sort=label",
        today=today,
    )
