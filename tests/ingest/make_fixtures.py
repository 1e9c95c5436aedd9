"""Writes the small test documents of ``tests/ingest/fixtures/`` (run once; the files are committed).

    python -m tests.ingest.make_fixtures

The PDFs are made with reportlab (a text layer, two pages; and one page with a drawing only, as a
scanned page has no text), the DOCX with python-docx; HTML, Markdown and text are written out. All
are one fictional programme of a fictional city, "Musterstadt", with the things the drafter should
find: fields, numbered measures, a table, amounts, dates of several precisions, a decision with its
number, bodies, and a compound broken at its hyphen at a line end ("EU-" / "Richtlinie").
"""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).with_name("fixtures")

TITLE = "Digitalstrategie der Stadt Musterstadt 2025"
PAGE_1 = [
    TITLE,
    "Stadt Musterstadt, Amt für Digitalisierung und Organisation",
    "Musterstadt, 12.03.2025",
    "",
    "Handlungsfeld 1: Digitale Bürgerdienste",
    "1.1 Online-Terminvergabe im Bürgeramt",
    "Die Einführung ist bis Ende September 2025 vorgesehen.",
    "Die Kosten betragen insgesamt 270.000 Euro.",
    "Verantwortlich ist das Amt für Digitalisierung und Organisation.",
    "1.2 Elektronische Akte in der Ausländerbehörde",
    "Start im 2. Quartal 2025 auf Grundlage der Vorlage VII-DS-01234.",
]
PAGE_2 = [
    "Handlungsfeld 2: Verwaltungsinterne Digitalisierung",
    "2.1 Einführung der elektronischen Rechnung",
    "Umsetzung der EU-",
    "Richtlinie 2014/55/EU bis Ende 2026.",
    "Beteiligt ist das Referat Haushalt und Finanzen.",
]


def make_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    c.setTitle(TITLE)
    c.setAuthor("Stadt Musterstadt")
    for page in (PAGE_1, PAGE_2):
        y = 780
        for line in page:
            c.setFont("Helvetica-Bold" if line.startswith(("Handlungsfeld", "Digitalstrategie")) else "Helvetica", 11)
            c.drawString(72, y, line)
            y -= 18
        c.showPage()
    c.save()


def make_scanned_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    c.rect(72, 600, 400, 150, fill=1)  # what a scan is to a text extractor: no text at all
    c.showPage()
    c.save()


def make_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.core_properties.title = TITLE
    d.core_properties.author = "Stadt Musterstadt"
    d.add_heading(TITLE, level=1)
    d.add_paragraph(PAGE_1[1])
    d.add_paragraph(PAGE_1[2])
    d.add_heading("Handlungsfeld 1: Digitale Bürgerdienste", level=2)
    table = d.add_table(rows=3, cols=3)
    for row, cells in zip(
        table.rows,
        [
            ("Nr", "Titel", "Beschreibung"),
            ("1.1", "Online-Terminvergabe im Bürgeramt", "bis Ende September 2025, Kosten insgesamt 270.000 Euro"),
            ("1.2", "Elektronische Akte in der Ausländerbehörde", "Start im 2. Quartal 2025"),
        ],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    d.add_paragraph("Verantwortlich ist das Amt für Digitalisierung und Organisation.")
    d.core_properties.created = __import__("datetime").datetime(2025, 3, 12)
    d.save(str(path))


HTML = f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>{TITLE} | Musterstadt.de</title>
<meta name="dcterms.date" content="2025-03-12"></head>
<body>
<header><a href="/">Startseite</a> <a href="/rathaus">Rathaus und Politik</a></header>
<nav class="main-menu"><ul><li>Bürgerservice</li><li>Kultur und Freizeit</li></ul></nav>
<div class="cookie-banner">Diese Seite verwendet Cookies.</div>
<main>
<h1>{TITLE}</h1>
<p>{PAGE_1[1]}</p>
<p>{PAGE_1[2]}</p>
<h2>Handlungsfeld 1: Digitale Bürgerdienste</h2>
<table><tr><th>Nr</th><th>Titel</th><th>Beschreibung</th></tr>
<tr><td>1.1</td><td>Online-Terminvergabe im Bürgeramt</td><td>bis Ende September 2025</td></tr>
<tr><td>1.2</td><td>Elektronische Akte in der Ausländerbehörde</td><td>Start im 2. Quartal 2025</td></tr></table>
<ul><li>Die Kosten betragen insgesamt 270.000 Euro.</li></ul>
</main>
<footer>Impressum · Datenschutz · Barrierefreiheit</footer>
<script>var tracking = "Zählpixel";</script>
</body></html>
"""

MARKDOWN = f"""# {TITLE}

{PAGE_1[1]}

{PAGE_1[2]}

## Handlungsfeld 1: Digitale Bürgerdienste

| Nr | Titel | Beschreibung |
|---|---|---|
| 1.1 | Online-Terminvergabe im Bürgeramt | bis Ende September 2025 |
| 1.2 | Elektronische Akte in der **Ausländerbehörde** | Start im 2. Quartal 2025 |

- Die Kosten betragen insgesamt 270.000 Euro.
"""


def main() -> None:
    FIXTURES.mkdir(exist_ok=True)
    make_pdf(FIXTURES / "musterstadt-digitalstrategie.pdf")
    make_scanned_pdf(FIXTURES / "scan-ohne-text.pdf")
    make_docx(FIXTURES / "musterstadt-digitalstrategie.docx")
    (FIXTURES / "musterstadt-digitalstrategie.html").write_text(HTML, encoding="utf-8")
    (FIXTURES / "musterstadt-digitalstrategie.md").write_text(MARKDOWN, encoding="utf-8")
    (FIXTURES / "musterstadt-digitalstrategie.txt").write_text(
        "\n".join(PAGE_1 + [""] + PAGE_2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
