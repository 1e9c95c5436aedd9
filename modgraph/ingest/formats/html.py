"""HTML (BeautifulSoup with lxml): the main text — navigation, header, footer, scripts, forms and
cookie banners dropped — as headings, paragraphs, list items and table rows. Nothing is fetched."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from modgraph.ingest.formats import Block, Extracted, decode_text

#: elements that are never main text
DROPPED = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "iframe", "svg")
#: class or id words of boilerplate containers (menus, breadcrumbs, cookie notes, share buttons)
BOILERPLATE = re.compile(r"\b(nav|menu|breadcrumb|cookie|banner|footer|header|sidebar|share|skip|social)\w*", re.I)
BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "pre", "blockquote", "dt", "dd", "figcaption"}


def _main(soup: BeautifulSoup) -> Tag:
    for name in DROPPED:
        for el in soup.find_all(name):
            el.decompose()
    for el in soup.find_all(True):
        if el.decomposed or el.name in ("html", "body", "main", "article"):
            continue
        words = " ".join([*(el.get("class") or []), _attr(el, "id"), _attr(el, "role")])
        if BOILERPLATE.search(words):
            el.decompose()
    return soup.find("main") or soup.find("article") or soup.body or soup


def _attr(el: Tag, name: str) -> str:
    """An attribute's value as one string (bs4 gives multi-valued ones as lists)."""
    value = el.get(name)
    return " ".join(value) if isinstance(value, list) else (value or "")


def _text(el: Tag) -> str:
    return re.sub(r"\s+", " ", el.get_text(" ")).strip()


def extract(path: Path, data: bytes) -> Extracted:
    """Blocks of the page's main text in document order.

    :raises IngestError: the bytes are not text
    """
    soup = BeautifulSoup(decode_text(path, data), "lxml")
    title_el = soup.find("title")
    title = _text(title_el) if title_el else None
    meta = {
        (_attr(m, "name") or _attr(m, "property")).lower(): _attr(m, "content")
        for m in soup.find_all("meta")
        if _attr(m, "content")
    }
    blocks: list[Block] = []
    for el in _main(soup).find_all(BLOCKS):
        if el.find_parent(BLOCKS) is not None and el.name != "tr":
            continue  # its text is part of the enclosing block
        if el.name == "tr":
            cells = [_text(c) for c in el.find_all(["th", "td"])]
            blocks.append(Block(" | ".join(cells), "row"))
        elif el.name[0] == "h" and el.name[1:].isdigit():
            blocks.append(Block(_text(el), "heading", None, int(el.name[1])))
        else:
            blocks.append(Block(_text(el), "item" if el.name == "li" else "para"))
    h1 = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    date = meta.get("dcterms.date") or meta.get("date") or meta.get("article:published_time")
    return Extracted("html", [b for b in blocks if b.text], h1 or title, meta.get("author") or None, date or None)
