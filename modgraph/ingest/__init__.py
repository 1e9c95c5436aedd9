"""From a document to draft records: ``modgraph ingest``, ``modgraph draft``, ``modgraph review``.

- ``formats/`` extracts the text of a PDF, HTML, Markdown, DOCX or plain-text file (one module each);
- ``normalise`` turns it into the normalised UTF-8 text that quotes are checked against, with a map
  from its lines to pages and headings;
- ``metadata`` proposes the document's title, issuer, date and type;
- ``ingest`` (``ingest_file``) keeps the original byte for byte in ``corpus/`` beside
  the text and the map (``<id>.ingest.json``: both SHA-256 sums, the proposals);
- ``draft`` proposes records (programme, fields, goals, measures, amounts, dates, decisions, bodies)
  in the record format, each with a verbatim quote and a ``draft:`` block;
- ``review`` accepts, edits or rejects drafts; only accepted ones are built.

Everything is rule-based and offline: no model, nothing fetched.
"""

from modgraph.ingest.formats import IngestError
from modgraph.ingest.ingest import Ingested, ingest_file, read_ingest_info

__all__ = ["IngestError", "Ingested", "ingest_file", "read_ingest_info"]
