"""The chart pages, each HTML (the SVG, a legend and a table of the same values) or JSON (``?format=json``
or ``Accept: application/json``: the values of ``charts.data``):

    /charts/                                      the charts and what they show
    /charts/status?on=2017-08-16&programme=IRI    statuses over time and the latest known on a date
    /charts/budgets?measure=IRI                   budget lines: planned, actual, deviation
    /charts/key-figures?of=IRI                    key figures: baseline, plan, actual, target, forecast
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from modgraph.media import HTML, JSON
from modgraph.web import page_queries as pq
from modgraph.web.charts import data, svg
from modgraph.web.charts import queries as cq
from modgraph.web.charts.amounts import number
from modgraph.web.errors import WebError
from modgraph.web.page_context import Ctx, alternates, context
from modgraph.web.responses import format_query, responses
from modgraph.web.ui import UI

router = APIRouter(prefix="/charts", tags=["Charts"])
CHART_FORMATS = (HTML, JSON)
ANSWERS = responses(CHART_FORMATS, 400, 406, 503)


def chart_route(path: str, summary: str):
    """The route decorator of a chart page (HTML or JSON)."""
    return router.get(path, response_class=Response, summary=summary, responses=ANSWERS)


def iri_query(description: str):
    """An optional IRI parameter of a chart page (checked by :func:`checked`)."""
    return Query(None, max_length=2000, description=description)


def checked(name: str, iri: str | None) -> str | None:
    """The IRI given as parameter ``name``, if it is one (None when not given or empty: a form's "all" choice).

    :raises WebError: 400 ``bad-parameter`` naming the parameter.
    """
    if not iri:
        return None
    try:
        pq.term(iri)
    except ValueError:
        raise WebError(400, "bad-parameter", f"{name} must be an absolute IRI", parameter=name) from None
    return iri


def answer(ctx: Ctx, name: str, values: dict) -> Response:
    """The chart page ``/charts/{name}`` in the negotiated format: JSON of ``values["data"]``, or the HTML page
    (``templates/charts/{name}.html``, titled and described by the strings ``chart_{name}``, ``…_desc``).

    :raises WebError: 406 for a format not offered.
    """
    fmt = ctx.page_format(CHART_FORMATS)
    if fmt.name == JSON.name:
        return JSONResponse(values["data"], headers={"Vary": "Accept"})
    query = str(ctx.request.url.query)
    kept = "&".join(p for p in query.split("&") if p and not p.startswith("format="))
    path = "/charts/" + name.replace("_", "-")
    alts = [dict(a, href=a["href"] + ("&" + kept if kept else "")) for a in alternates(path, CHART_FORMATS)]
    t = UI[ctx.lang]
    return ctx.render(
        f"charts/{name}.html",
        headers={"Vary": "Accept"},
        title=t[f"chart_{name}"],
        description=t[f"chart_{name}_desc"],
        alternates=alts,
        **helpers(),
        **values,
    )


def helpers() -> dict:
    """What the chart templates use to write amounts and observations."""
    return {"amount_text": svg.amount_text, "observation_text": svg.observation_text, "number": number}


def status_statements(history: dict) -> list[dict]:
    """Every placed status assertion with its thing, for the table beside the chart."""
    return [
        dict(a, thing_label=th["label"], thing_href=th["href"]) for th in history["things"] for a in th["assertions"]
    ]


def legend(history: dict) -> list[dict]:
    """The statuses a chart shows, with their colours."""
    seen: dict[str, dict] = {}
    for a in status_statements(history) + history["unplaced"]:
        seen.setdefault(a["status_key"], {"label": a["status"]["label"], "colour": svg.status_colour(a["status_key"])})
    return sorted(seen.values(), key=lambda s: s["label"].lower())


def programmes(ctx: Ctx, history: dict | None = None) -> list[dict]:
    """The programmes that have measures with status assertions (the choices of the status page's form);
    ``history``: the status history of everything, if already read."""
    history = history or data.status_history(ctx)
    found = {th["programme"]["iri"]: th["programme"] for th in history["things"] if th["programme"]}
    return sorted(found.values(), key=lambda p: p["label"].lower())


@router.get(
    "/",
    response_class=Response,
    summary="The charts: status over time, budget lines, key figures",
    responses=responses((HTML,), 400, 406, 503),
)
def charts_index(ctx: Ctx = Depends(context)):
    ctx.page_format((HTML,))
    counts = {
        "status": len(data.status_history(ctx)["things"]),
        "budgets": len(data.budget_lines(ctx)),
        "key_figures": len(data.key_figures(ctx)),
    }
    return ctx.render("charts/index.html", title=UI[ctx.lang]["charts"], counts=counts)


@chart_route("/status", "Statuses over time and the latest status known on a date")
def status_page(
    ctx: Ctx = Depends(context),
    on: date | None = Query(None, description="The date (YYYY-MM-DD) of the latest known statuses (default: today)"),
    programme: str | None = iri_query("Only the measures of this programme (IRI)"),
    format: str | None = format_query(CHART_FORMATS),
):
    day = on or date.today()
    node = checked("programme", programme)
    history = data.status_history(ctx, cq.PROGRAMME_THINGS, node) if node else data.status_history(ctx)
    latest = data.statuses_on(history, day)
    t = UI[ctx.lang]
    values = {
        "data": {"on": day.isoformat(), "programme": node, "statuses_on": latest, **history},
        "chart": svg.status_chart(history, day, t),
        "on": day.isoformat(),
        "programme": node,
        "programmes": programmes(ctx, None if node else history),
        "legend": legend(history),
        "statements": status_statements(history),
        "latest": latest,
        "unplaced": history["unplaced"],
    }
    return answer(ctx, "status", values)


@chart_route("/budgets", "Budget lines: planned, actual and deviation")
def budgets_page(
    ctx: Ctx = Depends(context),
    measure: str | None = iri_query("Only the budget lines of this measure (IRI)"),
    format: str | None = format_query(CHART_FORMATS),
):
    node = checked("measure", measure)
    lines = data.budget_lines(ctx, cq.LINES_OF_MEASURE, node) if node else data.budget_lines(ctx)
    t = UI[ctx.lang]
    values = {"data": {"measure": node, "lines": lines}, "chart": svg.budget_chart(lines, ctx.lang, t), "lines": lines}
    return answer(ctx, "budgets", values)


@chart_route("/key-figures", "Key figures: baseline, plan, actual, target, forecast")
def key_figures_page(
    ctx: Ctx = Depends(context),
    of: str | None = iri_query("Only the key figures of this resource (IRI)"),
    format: str | None = format_query(CHART_FORMATS),
):
    node = checked("of", of)
    figures = data.key_figures(ctx, cq.FIGURES_OF, node) if node else data.key_figures(ctx)
    t = UI[ctx.lang]
    values = {
        "data": {"of": node, "key_figures": figures},
        "chart": svg.key_figure_chart(figures, ctx.lang, t),
        "figures": figures,
    }
    return answer(ctx, "key_figures", values)
