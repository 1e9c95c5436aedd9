"""The charts drawn as SVG markup from the values of ``charts.data`` (no JavaScript, no CSS file: colours are
presentation attributes, so a chart looks the same wherever it is embedded).

Every chart is an ``<svg role="group">`` labelled by its ``<title>`` and ``<desc>`` (a group, not an image:
its marks are links to the resources, which an ``img`` role would hide from assistive technology); each mark
is a link with a tooltip (``<title>``) giving the source's words. The pages put a table with the same values
beside each chart.

Honesty rules: a date known to the day is a point, one known to the month or year a bar over the whole span
it leaves open; a blank or unknown value is written as such and has no bar or mark; an approximate value
("ca.") is drawn hollow, a lower bound ("über") with an arrow to the right; an observation in another unit
than its key figure's main one gets a scale of its own.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from html import escape

from modgraph.web.charts.amounts import euro, number

WIDTH, LABEL_WIDTH, TOP = 980, 300, 30
PLOT_RIGHT = WIDTH - 20
FONT = 'font-family="system-ui, sans-serif" font-size="12"'
INK, MUTED, GRID = "#1b1b1b", "#4a4a4a", "#d0d4d9"
MAX_ROWS = 120

#: a colour per status (``def/status/…``), distinguishable with the common colour-vision deficiencies
STATUS_COLOURS = {
    "not-started": "#767676",
    "planned": "#56b4e9",
    "in-preparation": "#e69f00",
    "decided": "#cc79a7",
    "in-progress": "#0072b2",
    "completed": "#009e73",
    "reported": "#f0e442",
    "line-task": "#8c564b",
    "continued-outside": "#6a3d9a",
    "suspended": "#d55e00",
    "merged": "#444444",
    "dissolved": "#000000",
}
OTHER_STATUS = "#bbbbbb"
BAR = {"planned": "#0072b2", "actual": "#009e73", "deviation": "#e69f00"}
#: a key figure's value types: the shape of the mark and its colour
MARKS = {
    "baseline": ("square", "#767676"),
    "plan": ("diamond", "#0072b2"),
    "actual": ("circle", "#009e73"),
    "target": ("triangle", "#d55e00"),
    "forecast": ("circle", "#6a3d9a"),
}


def status_colour(key: str) -> str:
    return STATUS_COLOURS.get(key, OTHER_STATUS)


def short(text: str, size: int = 44) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _open(kind: str, ident: str, height: float, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="chart {kind}" viewBox="0 0 {WIDTH} {height:.0f}" width="100%" role="group" '
        f'aria-labelledby="{ident}-title {ident}-desc" {FONT}>',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]


def _link(href: str, inner: str, tip: str) -> str:
    return f'<a href="{escape(href)}">{inner}<title>{escape(tip)}</title></a>'


def _label(x: float, y: float, text: str, href: str | None = None, full: str | None = None, bold: bool = False) -> str:
    weight = ' font-weight="600"' if bold else ""
    inner = f'<text x="{x:.1f}" y="{y:.1f}" fill="{"#0b4f8a" if href else INK}"{weight}>{escape(text)}</text>'
    return _link(href, inner, full or text) if href else inner


# ---------------------------------------------------------------------------------------------- time axis


class TimeAxis:
    """Whole years from ``first`` to ``last`` mapped onto the plot area."""

    def __init__(self, first: date, last: date):
        self.first, self.last = date(first.year, 1, 1), date(last.year + 1, 1, 1)

    def x(self, day: date) -> float:
        span = max((self.last - self.first).days, 1)
        return LABEL_WIDTH + (PLOT_RIGHT - LABEL_WIDTH) * (day - self.first).days / span

    def draw(self, top: float, bottom: float) -> list[str]:
        out = []
        years = range(self.first.year, self.last.year + 1)
        step = max(1, len(years) // 12)
        for year in years:
            x = self.x(date(year, 1, 1))
            out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}"/>')
            if year < self.last.year and (year - self.first.year) % step == 0:
                out.append(f'<text x="{x + 3:.1f}" y="{top - 10}" fill="{MUTED}">{year}</text>')
        return out


# ---------------------------------------------------------------------------------------------- statuses


def status_chart(history: dict, on: date | None, t: dict[str, str], ident: str = "status") -> str | None:
    """Each thing's statuses over time: a mark per status assertion at its as-of date (a point for a day, a bar
    for a month or year), then a dashed line in the same colour up to the next assertion, meaning "the latest
    status known"; a vertical line at ``on``. None when no assertion can be placed in time."""
    things = history["things"][:MAX_ROWS]
    if not things:
        return None
    days = [date.fromisoformat(a[k]) for th in things for a in th["assertions"] for k in ("earliest", "latest")]
    axis = TimeAxis(min(days + ([on] if on else [])), max(days + ([on] if on else [])))
    row = 22
    rows: list[tuple[str, dict | None]] = []
    group = object()
    for th in things:
        heading = th["programme"] or th["assertions"][0]["document"]
        if heading != group:
            rows.append(("heading", heading))
            group = heading
        rows.append(("thing", th))
    height = TOP + row * len(rows) + 12
    count = sum(len(th["assertions"]) for th in things)
    out = _open(
        "status-chart",
        ident,
        height,
        f"{t['chart_status']}: {len(things)} {t['chart_things']}, {count} {t['chart_assertions']}"
        + (f" ({t['more']}: {len(history['things']) - len(things)})" if len(history["things"]) > len(things) else ""),
        t["chart_status_desc"],
    )
    out += axis.draw(TOP, height - 6)
    for n, (kind, value) in enumerate(rows):
        y = TOP + n * row
        if kind == "heading":
            text = value["label"] if value else t["chart_no_programme"]
            text = (
                text if value is None or value["iri"].find("/programme/") > 0 else f"{t['chart_no_programme']}: {text}"
            )
            out.append(_label(4, y + 15, short(text, 60), value["href"] if value else None, text, bold=True))
            continue
        th = value or {}
        out.append(_label(14, y + 15, short(th["label"]), th["href"], th["label"]))
        marks = th["assertions"]
        for i, a in enumerate(marks):
            colour = status_colour(a["status_key"])
            start, end = date.fromisoformat(a["earliest"]), date.fromisoformat(a["latest"])
            x0, x1 = axis.x(start), axis.x(end + timedelta(days=1))
            following = [m for m in marks[i + 1 :] if m["earliest"] > a["latest"]]
            until = axis.x(date.fromisoformat(following[0]["earliest"])) if following else PLOT_RIGHT
            if until > x1 + 1:
                out.append(
                    f'<line x1="{x1:.1f}" y1="{y + 11}" x2="{until:.1f}" y2="{y + 11}" stroke="{colour}" '
                    f'stroke-width="2" stroke-dasharray="4 3" stroke-opacity=".6"/>'
                )
            if a["day"]:
                shape = (
                    f'<circle cx="{x0:.1f}" cy="{y + 11}" r="5.5" fill="{colour}" stroke="{INK}" stroke-width=".6"/>'
                )
            else:
                shape = (
                    f'<rect x="{x0:.1f}" y="{y + 5}" width="{max(x1 - x0, 3):.1f}" height="12" rx="3" '
                    f'fill="{colour}" fill-opacity=".55" stroke="{colour}"/>'
                )
            doc = a["document"]["label"] if a["document"] else ""
            tip = f"{th['label']}: {a['status']['label']} – {t['as_of']} {a['as_of']} ({a['precision']}) – {short(doc, 80)}"
            out.append(_link(a["href"], shape, tip))
    if on:
        x = axis.x(on)
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - 6}" stroke="#7a1f1f" stroke-width="2"/>'
        )
        out.append(f'<text x="{x + 4:.1f}" y="{height - 10}" fill="#7a1f1f">{on.isoformat()}</text>')
    out.append("</svg>")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------- budgets


def amount_text(amount: dict | None, lang: str, t: dict[str, str]) -> str:
    """An amount as the source writes it, with its value in euro where the unit is a multiple of the euro
    ("1.233,5 T€ = 1.233.500 €"), or what the source leaves open ("not stated: blank cell")."""
    if amount is None:
        return t["chart_not_stated"]
    if amount["value"] is None:
        return f"{t['chart_not_stated']} ({amount['status_label']}: {amount['written']!s})"
    shown = amount["written"]
    if amount["money"] and amount["base"] is not None and amount["unit"] not in ("€", "Euro", "EUR"):
        shown += f" = {euro(amount['base'], lang)}"
    return shown


def budget_chart(lines: list[dict], lang: str, t: dict[str, str], ident: str = "budget") -> str | None:
    """Planned, actual and stated deviation of each budget line as bars from one zero line per unit (euro
    amounts share one scale, other units such as full-time equivalents have their own); a blank or unknown cell
    has no bar and says so; a stated deviation that is not planned − actual is marked with the computed one."""
    if not lines:
        return None
    panels: dict[str, list[dict]] = {}
    for line in lines:
        panels.setdefault("€" if line["money"] else line["unit"], []).append(line)
    bar, gap = 16, 12
    height = TOP + sum(28 + len(group) * (3 * bar + 18 + gap) for group in panels.values()) + 10
    out = _open(
        "budget-chart", ident, height, f"{t['chart_budgets']}: {len(lines)} {t['chart_lines']}", t["chart_budgets_desc"]
    )
    y = TOP - 10
    for unit, group in panels.items():
        values = [line[k]["base"] for line in group for k in BAR if line.get(k) and line[k]["base"] is not None]
        values += [line["computed_deviation"] for line in group if line["computed_deviation"] is not None]
        low, high = min([0.0, *values]), max([0.0, *values])
        span = (high - low) or 1.0
        plot_right = PLOT_RIGHT - 260

        def x(v: float, low=low, span=span, plot_right=plot_right) -> float:
            return LABEL_WIDTH + (plot_right - LABEL_WIDTH) * (v - low) / span

        heading = t["chart_in_euro"] if unit == "€" else f"{t['chart_unit']}: {unit}"
        out.append(f'<text x="4" y="{y + 14}" fill="{INK}" font-weight="600">{escape(heading)}</text>')
        y += 28
        for line in group:
            out.append(_label(4, y + 12, short(line["label"], 40), line["href"], f"{line['label']} ({line['year']})"))
            out.append(f'<text x="4" y="{y + 28}" fill="{MUTED}">{escape(short(line["measure"]["label"], 40))}</text>')
            zero = x(0)
            out.append(f'<line x1="{zero:.1f}" y1="{y - 2}" x2="{zero:.1f}" y2="{y + 3 * bar + 4}" stroke="{MUTED}"/>')
            for n, role in enumerate(BAR):
                amount = line.get(role)
                top = y + n * bar
                text = f"{t['chart_' + role]}: {amount_text(amount, lang, t)}"
                if amount and amount["base"] is not None:
                    a, b = sorted((zero, x(amount["base"])))
                    shape = f'<rect x="{a:.1f}" y="{top + 2}" width="{max(b - a, 1.5):.1f}" height="{bar - 4}" fill="{BAR[role]}"/>'
                    end = b
                else:
                    shape = (
                        f'<rect x="{zero + 2:.1f}" y="{top + 2}" width="40" height="{bar - 4}" fill="none" '
                        f'stroke="{MUTED}" stroke-dasharray="3 2"/>'
                    )
                    end = zero + 42
                out.append(_link(line["href"], shape, text))
                out.append(f'<text x="{end + 6:.1f}" y="{top + bar - 4}" fill="{INK}">{escape(short(text, 60))}</text>')
            if line["consistent"] is False:
                c = line["computed_deviation"]
                a, b = sorted((zero, x(c)))
                top = y + 2 * bar
                out.append(
                    f'<rect x="{a:.1f}" y="{top + 1}" width="{max(b - a, 1.5):.1f}" height="{bar - 2}" fill="none" '
                    f'stroke="#7a1f1f" stroke-width="1.5" stroke-dasharray="4 2"/>'
                )
                shown = number(line["computed_in_unit"], lang) + " " + line["unit"]
                said = f"{t['chart_computed']}: {shown} ≠ {t['chart_stated']} {line['deviation']['written']}"
                out.append(f'<text x="{LABEL_WIDTH:.1f}" y="{y + 3 * bar + 12}" fill="#7a1f1f">{escape(said)}</text>')
            y += 3 * bar + 18 + gap
    out.append("</svg>")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------- key figures


def _mark(shape: str, cx: float, cy: float, colour: str, hollow: bool) -> str:
    fill = "#ffffff" if hollow else colour
    common = f'fill="{fill}" stroke="{colour}" stroke-width="2"'
    if shape == "square":
        return f'<rect x="{cx - 5:.1f}" y="{cy - 5:.1f}" width="10" height="10" {common}/>'
    if shape == "diamond":
        return f'<path d="M{cx:.1f} {cy - 7:.1f} l7 7 l-7 7 l-7 -7 z" {common}/>'
    if shape == "triangle":
        return f'<path d="M{cx:.1f} {cy - 7:.1f} l7 12 l-14 0 z" {common}/>'
    dash = ' stroke-dasharray="3 2"' if colour == MARKS["forecast"][1] else ""
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="6" {common}{dash}/>'


def observation_text(o: dict, lang: str, t: dict[str, str]) -> str:
    """An observation as the source gives it: value type, period, the value as written (or what is left open)."""
    period = f" {o['period']}" if o["period"] else ""
    if o["value"] is None:
        written = f" ({o['written']})" if o["written"] else ""
        return f"{o['type_label']}{period}: {t['chart_not_stated']}{written} – {o['status_label']}"
    relative = f"; {t['chart_change_' + o['change']]}" if o.get("change") in ("increase", "decrease") else ""
    shown = f"{number(o['value'], lang)} {o['unit']}; {o['status_label']}{relative}"
    return f"{o['type_label']}{period}: {o['written']} ({shown})"


def scale_end(largest: float, unit: str) -> float:
    """A round end of a scale from 0 a little beyond ``largest`` (100 for percentages up to 100).

    >>> scale_end(4, "Anzahl"), scale_end(90, "Anzahl"), scale_end(700000, "Anzahl"), scale_end(99.9, "%")
    (5.0, 100.0, 800000.0, 100.0)
    """
    if unit == "%" and 0 < largest <= 100:
        return 100.0
    if largest <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(largest * 1.05))
    return float(next(step * power for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if step * power >= largest * 1.05))


def key_figure_chart(figures: list[dict], lang: str, t: dict[str, str], ident: str = "kf") -> str | None:
    """One number line per key figure (and one more per other unit) from 0 to its largest value: a mark per
    observation with a number (shape and colour by value type), the observations without a number listed
    beside it as "not stated"."""
    if not figures:
        return None
    lines: list[tuple[dict, list[dict], bool]] = []
    for f in figures:
        lines.append((f, [o for o in f["observations"] if not o["own_scale"]], False))
        others: dict[str, list[dict]] = {}
        for o in f["observations"]:
            if o["own_scale"]:
                others.setdefault(o.get("change") or o["unit"], []).append(o)
        lines += [(f, group, True) for group in others.values()]
    row = 64
    height = TOP + row * len(lines) + 6
    out = _open(
        "key-figure-chart", ident, height, f"{t['chart_key_figures']}: {len(figures)}", t["chart_key_figures_desc"]
    )
    plot_right = PLOT_RIGHT - 210
    for n, (f, observations, own) in enumerate(lines):
        y = TOP + n * row
        change = observations[0].get("change") if own else None
        if own:
            what = t[f"chart_change_{change}"] if change in ("increase", "decrease") else t["chart_own_scale"]
            unit = escape(observations[0]["unit"])
            out.append(f'<text x="14" y="{y + 26}" fill="{MUTED}">{escape(what)}: {unit}</text>')
        else:
            out.append(_label(4, y + 14, short(f["label"], 44), f["href"], f["label"]))
            out.append(f'<text x="4" y="{y + 30}" fill="{MUTED}">{escape(short(f["of"]["label"], 44))}</text>')
        numbers = [o["value"] for o in observations if o["value"] is not None]
        high = scale_end(max(numbers + [0.0]), observations[0]["unit"])

        def x(v: float, high=high, plot_right=plot_right) -> float:
            return LABEL_WIDTH + (plot_right - LABEL_WIDTH) * v / high

        axis_y = y + 30
        out.append(f'<line x1="{LABEL_WIDTH}" y1="{axis_y}" x2="{plot_right}" y2="{axis_y}" stroke="{MUTED}"/>')
        out.append(f'<text x="{LABEL_WIDTH}" y="{axis_y + 16}" fill="{MUTED}" text-anchor="middle">0</text>')
        out.append(
            f'<text x="{plot_right}" y="{axis_y + 16}" fill="{MUTED}" text-anchor="end">{escape(number(high, lang))} {escape(observations[0]["unit"])}</text>'
        )
        open_ones = []
        placed = 0
        for o in observations:
            if o["value"] is None:
                open_ones.append(o)
                continue
            shape, colour = MARKS.get(o["type"], ("circle", MUTED))
            cx = x(o["value"])
            mark = _mark(shape, cx, axis_y, colour, o["status"] == "approximate")
            if change:  # a change against the current level: a bar from 0, never a level
                bar = (
                    f'<path d="M{LABEL_WIDTH} {axis_y} H{cx - 7:.1f}" fill="none" stroke="{colour}" stroke-width="4"/>'
                )
                mark = bar + mark
            if o["status"] == "lower-bound":
                mark += f'<path d="M{cx + 8:.1f} {axis_y:.1f} h14 m-5 -4 l5 4 l-5 4" fill="none" stroke="{colour}" stroke-width="2"/>'
            out.append(_link(o["href"], mark, observation_text(o, lang, t)))
            label_y = axis_y - 12 - (placed % 2) * 12
            prefix = "≈ " if o["status"] == "approximate" else ("≥ " if o["status"] == "lower-bound" else "")
            prefix = {"increase": "+", "decrease": "−"}.get(change or "", "") + prefix
            out.append(
                f'<text x="{cx:.1f}" y="{label_y}" fill="{INK}" text-anchor="middle">{escape(prefix + number(o["value"], lang))} '
                f"({escape(o['type_label'])})</text>"
            )
            placed += 1
        for k, o in enumerate(open_ones):
            text = f"{o['type_label']}{' ' + o['period'] if o['period'] else ''}: {t['chart_not_stated']}"
            out.append(
                _link(
                    o["href"],
                    f'<text x="{plot_right + 12}" y="{y + 14 + 14 * k}" fill="{MUTED}">{escape(short(text, 30))}</text>',
                    observation_text(o, lang, t),
                )
            )
    out.append("</svg>")
    return "\n".join(out)
