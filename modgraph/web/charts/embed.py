"""The charts of a resource page: a programme shows the statuses of its measures over time, their budget lines
and key figures (its own and its measures'); a budget line and a key figure show themselves; any other
resource shows its own statuses, budget lines and key figures, where it has some. Each with a link to the
chart's own page (``/charts/…``) narrowed to the resource."""

from __future__ import annotations

from urllib.parse import urlencode

from modgraph.iris import PREFIXES
from modgraph.web.charts import data, svg
from modgraph.web.charts import queries as cq
from modgraph.web.charts.routes import helpers, legend, status_statements
from modgraph.web.page_context import Ctx
from modgraph.web.ui import UI

MG = PREFIXES["mg"]
#: per kind of resource: the scopes of the status, budget and key-figure charts (None: no such chart)
SCOPES = {
    MG + "Programme": (cq.PROGRAMME_THINGS, cq.LINES_OF_PROGRAMME, cq.FIGURES_OF_PROGRAMME_OR_ITS_MEASURES),
    MG + "BudgetLine": (None, cq.ONE_LINE, None),
    MG + "KeyFigure": (None, None, cq.ONE_FIGURE),
}
OTHERS = (cq.ONE_THING, cq.LINES_OF_MEASURE, cq.FIGURES_OF)
#: the parameter of each chart page that narrows it to a resource, for the kinds it applies to
NARROW = {"status": "programme", "budgets": "measure", "key_figures": "of"}


def _page(ctx: Ctx, name: str, iri: str, narrowable: bool) -> str:
    params = {NARROW[name]: iri} if narrowable else {}
    if ctx.lang != "de":
        params["lang"] = ctx.lang
    return f"{ctx.root}/charts/{name.replace('_', '-')}" + ("?" + urlencode(params) if params else "")


def charts_for(ctx: Ctx, iri: str, types: list[dict]) -> dict:
    """The charts of the resource's page: ``{"status": …, "budgets": …, "key_figures": …}``, each None or
    ``{"svg", "data", "href"}`` (``href``: the chart's own page)."""
    kinds = {t.get("iri") for t in types}
    status, budgets, figures = next((SCOPES[k] for k in SCOPES if k in kinds), OTHERS)
    t = UI[ctx.lang]
    out: dict = {"status": None, "budgets": None, "key_figures": None, **helpers()}
    if status is not None:
        history = data.status_history(ctx, status, iri)
        chart = svg.status_chart(history, None, t, ident="rs")
        if chart:
            statements = status_statements(history)
            programme = status == cq.PROGRAMME_THINGS
            out["status"] = {
                "svg": chart,
                "statements": statements,
                "legend": legend(history),
                "many": programme,
                "href": _page(ctx, "status", iri, programme),
            }
    for name, scope, read, draw, key, narrowed in (
        ("budgets", budgets, data.budget_lines, svg.budget_chart, "lines", cq.LINES_OF_MEASURE),
        ("key_figures", figures, data.key_figures, svg.key_figure_chart, "figures", cq.FIGURES_OF),
    ):
        found = read(ctx, scope, iri) if scope is not None else []
        if found:
            out[name] = {
                "svg": draw(found, ctx.lang, t, ident="r" + name[0]),
                key: found,
                "href": _page(ctx, name, iri, scope == narrowed),
            }
    return out
