"""PDF: the text layer of each page (pypdfium2), split into lines; each block keeps its page number.

A page without text is a scanned page. If no page has text the file is refused with a message that
says so (OCR is not part of modgraph: run ``ocrmypdf`` or tesseract first to add a text layer).
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium

from modgraph.ingest.formats import Block, Extracted, IngestError

_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")


def _date(raw: str | None) -> str | None:
    m = _PDF_DATE.match(raw or "")
    if not m:
        return None
    return "-".join(p for p in m.groups() if p)


def extract(path: Path, data: bytes) -> Extracted:
    """Blocks of every page's text layer, one per line, with the page number.

    :raises IngestError: the file is not a readable PDF, or none of its pages has a text layer
    """
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise IngestError(f"{path.name}: not a readable PDF ({exc})") from None
    try:
        meta = pdf.get_metadata_dict(skip_empty=True)
        blocks: list[Block] = []
        empty: list[int] = []
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            textpage = page.get_textpage()
            text = textpage.get_text_bounded()
            textpage.close()
            page.close()
            lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
            if not any(ln.strip() for ln in lines):
                empty.append(number)
                continue
            blocks += [Block(ln, "para", number) for ln in lines]
        pages = len(pdf)
    finally:
        pdf.close()
    if not blocks:
        raise IngestError(
            f"{path.name}: none of its {pages} page(s) has a text layer (a scanned PDF?). modgraph does not "
            "do OCR: add a text layer first (e.g. `ocrmypdf in.pdf out.pdf`, which uses tesseract), then ingest that"
        )
    notes = [f"pages without a text layer (scanned?): {', '.join(map(str, empty))}"] if empty else []
    return Extracted(
        "pdf", blocks, meta.get("Title"), meta.get("Author"), _date(meta.get("CreationDate")), pages, notes
    )
