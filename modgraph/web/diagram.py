"""The ontology diagram: classes on a circle, arrows for the properties between them, as SVG (no JavaScript).

>>> svg = diagram_svg(["https://w3id.org/modgraph/def#A", "https://w3id.org/modgraph/def#B"],
...                   [("https://w3id.org/modgraph/def#A", "https://w3id.org/modgraph/def#p", "https://w3id.org/modgraph/def#B", 3)],
...                   lambda iri: iri.rsplit("#", 1)[1], "Diagram")
>>> svg.count("<rect"), ">p</text>" in svg, svg.startswith("<svg")
(2, True, True)
>>> diagram_svg([], [], str, "empty")
''
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable

from modgraph.iris import MG as MG_NAMESPACE
from modgraph.iris import curie

MG = str(MG_NAMESPACE)


def diagram_svg(
    nodes: list[str], links: list[tuple[str, str, str, int]], label: Callable[[str], str], title: str
) -> str:
    """A circular layout of the classes with arrows for the properties between them (no JavaScript)."""
    if not nodes:
        return ""
    w, h = 1100, 860
    cx, cy, r = w / 2, h / 2, min(w, h) / 2 - 110
    pos = {}
    for i, n in enumerate(nodes):
        angle = 2 * math.pi * i / len(nodes) - math.pi / 2
        pos[n] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="group" aria-labelledby="diagram-title diagram-desc" class="diagram">',
        f'<title id="diagram-title">{html.escape(title)}</title>',
        f'<desc id="diagram-desc">{len(nodes)} classes and {len(links)} properties between them; the table below lists all relations, including the provenance links to source documents and passages that the drawing leaves out.</desc>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M 0 0 L 10 5 L 0 10 z" fill="#444"/></marker></defs>',
    ]
    merged: dict[tuple[str, str], list[str]] = {}
    for a, p, b, _ in links:
        if b in (MG + "SourceDocument", MG + "Passage"):
            continue  # provenance links (mentionedIn, accordingTo …) go to every class: table only
        merged.setdefault((a, b), []).append(curie(p).split(":", 1)[-1])
    for (a, b), names in merged.items():
        caption = ", ".join(names[:2]) + (" …" if len(names) > 2 else "")
        if a not in pos or b not in pos:
            continue
        (x1, y1), (x2, y2) = pos[a], pos[b]
        if a == b:
            parts.append(
                f'<path d="M {x1 - 10:.0f} {y1 - 14:.0f} c -40 -60 60 -60 20 0" fill="none" stroke="#888" marker-end="url(#arrow)"/>'
            )
            continue
        dx, dy = x2 - x1, y2 - y1
        d = math.hypot(dx, dy) or 1
        sx, sy, ex, ey = x1 + dx / d * 40, y1 + dy / d * 18, x2 - dx / d * 48, y2 - dy / d * 20
        parts.append(
            f'<line x1="{sx:.0f}" y1="{sy:.0f}" x2="{ex:.0f}" y2="{ey:.0f}" stroke="#888" marker-end="url(#arrow)"/>'
        )
        mx, my = (sx + ex) / 2, (sy + ey) / 2
        parts.append(f'<text x="{mx:.0f}" y="{my:.0f}" class="edge">{html.escape(caption)}</text>')
    for n, (x, y) in pos.items():
        text = label(n)
        width = max(70, 7.2 * len(text) + 16)
        parts.append(
            f'<a href="#{html.escape(n.split("#", 1)[-1])}"><rect x="{x - width / 2:.0f}" y="{y - 15:.0f}" width="{width:.0f}" height="30" rx="6" class="node"/>'
            f'<text x="{x:.0f}" y="{y + 5:.0f}" text-anchor="middle" class="node-label">{html.escape(text)}</text></a>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
