"""``modgraph ingest``, ``modgraph draft``, ``modgraph review``: from a document to reviewed records."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from modgraph.cli.context import console, fail, load_settings, out
from modgraph.ingest import IngestError, ingest_file
from modgraph.ingest.draft import draft_document
from modgraph.ingest.review import Draft, ReviewFile
from modgraph.pipeline.sources import SourceText


def ingest(
    file: Path = typer.Argument(..., help="a PDF, HTML, Markdown, DOCX or plain-text file"),
    doc_id: str | None = typer.Option(None, "--id", help="the document id (default: from the file name)"),
) -> None:
    """Copy a document into corpus/ byte for byte and write its normalised text, line map and checksums."""
    s = load_settings()
    try:
        done = ingest_file(file, s.corpus_dir, s.records_dir, doc_id)
    except (IngestError, OSError) as exc:
        fail(str(exc))
    info = done.data
    console.print(
        f"[green]ingested[/green] {done.id} ({info['format']}"
        + (f", {info['pages']} pages" if info.get("pages") else "")
        + f"): original {done.original} (sha256 {info['original_sha256'][:12]}…), text {done.text} "
        f"({done.text.read_text(encoding='utf-8').count(chr(10))} lines, sha256 {info['text_sha256'][:12]}…)"
    )
    for name, proposal in info["proposed"].items():
        where = f" (line {proposal['line']})" if proposal.get("line") else ""
        console.print(f"  proposed {name}: {proposal['value']}{where}")
    for note in info["notes"]:
        console.print(f"[yellow]note[/yellow] {note}")
    console.print(f"next: modgraph draft {done.id}")


def draft(
    doc_id: str = typer.Argument(..., help="the id of an ingested document"),
    issued: str | None = typer.Option(None, "--issued", help="the document's date, if the text has none"),
    overwrite: bool = typer.Option(False, "--overwrite", help="replace an existing records/ID.yaml"),
) -> None:
    """Propose records for an ingested document: records/ID.yaml, every record a draft to review."""
    s = load_settings()
    try:
        done = draft_document(doc_id, s.corpus_dir, s.records_dir, issued, overwrite)
    except (IngestError, OSError) as exc:
        fail(str(exc))
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(done.counts.items()))
    console.print(f"[green]drafted[/green] {len(done.records)} records ({counts}) → {done.path}")
    if done.dropped:
        console.print(f"  {done.dropped} proposals left out: their quote was not found in the text")
    console.print(f"next: modgraph review {doc_id}  (or --accept-all), then modgraph build")


def _show(d: Draft, source: SourceText | None, n: int, total: int) -> None:
    rec = d.record
    quote = rec["quote"][0] if isinstance(rec["quote"], list) else rec["quote"]
    out.print(f"\n[bold]{n}/{total} {d.key}[/bold]  {rec.get('label', '')}", highlight=False)
    out.print(f"  why: {rec['draft'].get('reason')}  confidence {rec['draft'].get('confidence')}", highlight=False)
    span = source.locate(quote) if source else None
    if source is not None and span is not None:
        before = " ".join(source.text[max(0, span.start - 60) : span.start].split())
        after = " ".join(source.text[span.end : span.end + 60].split())
        shown = f"  …{escape(before)} [reverse]{escape(' '.join(span.exact.split()))}[/reverse] {escape(after)}…"
        out.print(shown, highlight=False)
    else:
        out.print(f"  quote: {quote}", highlight=False)


def review(
    doc_id: str = typer.Argument(..., help="the document whose drafts to review"),
    accept_all: bool = typer.Option(False, "--accept-all", help="accept every proposed draft (for scripts)"),
    kind: str | None = typer.Option(None, "--kind", help="only drafts of this kind (measure, organisation …)"),
) -> None:
    """Accept, edit or reject the drafts of records/ID.yaml; only accepted ones are built."""
    s = load_settings()
    path = s.records_dir / f"{doc_id}.yaml"
    try:
        rf = ReviewFile(path)
        if accept_all:
            done, skipped = rf.accept_all(kind)
            rf.save()
            for why in skipped:
                console.print(f"[yellow]left proposed[/yellow] {why}")
            console.print(f"[green]accepted[/green] {len(done)} drafts; {len(rf.pending())} still proposed")
            return
        file = rf.data.get("document", {}).get("file")
        source = SourceText(s.corpus_dir / file) if file and (s.corpus_dir / file).is_file() else None
        pending = rf.pending(kind)
        console.print(
            f"{len(pending)} drafts to review. a accept, e edit the label, r reject, s skip, "
            "k accept all of this kind, q save and quit"
        )
        for n, d in enumerate(pending, start=1):
            if d.state != "proposed":
                continue  # accepted with another record it refers to
            _show(d, source, n, len(pending))
            answer = typer.prompt("  [a/e/r/s/k/q]", default="s").strip().lower()[:1]
            if answer == "q":
                break
            if answer == "a":
                console.print(f"  accepted {', '.join(rf.accept(d.key))}")
            elif answer == "e":
                rf.edit(d.key, typer.prompt("  label", default=d.record.get("label", "")))
                console.print(f"  accepted {', '.join(rf.accept(d.key))}")
            elif answer == "r":
                rf.reject(d.key)
                console.print(f"  rejected {d.key}")
            elif answer == "k":
                accepted, skipped = rf.accept_all(d.kind)
                console.print(f"  accepted {len(accepted)} drafts of kind {d.kind}; {len(skipped)} left proposed")
        rf.save()
    except (IngestError, OSError) as exc:
        fail(str(exc))
    states = [d.state for d in rf.drafts]
    console.print(
        f"saved {path}: {states.count('accepted')} accepted, {states.count('rejected')} rejected, "
        f"{states.count('proposed')} proposed"
    )


def register(app: typer.Typer) -> None:
    """Add the three commands to the ``modgraph`` command."""
    app.command()(ingest)
    app.command()(draft)
    app.command()(review)
