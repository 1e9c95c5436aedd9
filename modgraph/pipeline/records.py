"""Curated records: reading them from YAML, checking their form, their references and their quotes.

One YAML file per source document (``records/<document>.yaml``) holds the facts that document states,
each with a verbatim evidence quote; ``records/entities.yaml`` gives the preferred names of things that
more than one document mentions. The format is described in ``records/README.md``; the models in
``modgraph.pipeline.record_format`` are its exact schema. Every error names the file, the record and the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from modgraph.pipeline.record_format import KINDS, TYPED_REFS, UNTYPED_REFS, Document, Entity
from modgraph.pipeline.sources import SourceText, Span

REGISTRY_FILE = "entities.yaml"


class RecordError(Exception):
    """A problem in a record file, located by file, line and record."""

    def __init__(self, file: Path | str, line: int | None, record: str | None, message: str):
        self.file, self.line, self.record, self.message = str(file), line, record, message
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: {'record ' + record + ': ' if record else ''}{message}")


# --------------------------------------------------------------------------- YAML with line numbers


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that keeps each mapping's line as ``__line__`` (and each key's line in ``__keylines__``)
    and leaves dates as strings."""

    def construct_mapping(self, node, deep=False):  # noqa: D401 - yaml API
        seen: set = set()
        for k, _ in node.value:
            if hasattr(k, "value") and k.value in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {k.value!r}", k.start_mark)
            seen.add(getattr(k, "value", None))
        mapping = super().construct_mapping(node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__keylines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}
        return mapping


_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise RecordError(path, mark.line + 1 if mark else None, None, f"malformed YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise RecordError(path, None, None, f"malformed YAML: {exc}") from None


# --------------------------------------------------------------------------- loaded records


@dataclass
class Record:
    kind: str
    data: Entity
    file: Path
    document: str | None  # None for the registry

    @property
    def id(self) -> str:
        return self.data.id

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.data.id}"


@dataclass
class RecordFile:
    path: Path
    document: Document | None
    records: list[Record]
    source: SourceText | None = None
    spans: dict[tuple[int, str], Span] = field(default_factory=dict)  # (line, quote) -> where it stands


@dataclass
class RecordSet:
    files: list[RecordFile]
    warnings: list[str] = field(default_factory=list)

    @property
    def documents(self) -> list[RecordFile]:
        return [f for f in self.files if f.document is not None]

    @property
    def registry(self) -> RecordFile | None:
        return next((f for f in self.files if f.document is None), None)

    def all_records(self) -> list[Record]:
        return [r for f in self.files for r in f.records]


def _error_line(raw: Any, loc: tuple) -> int | None:
    """The line of the value an error's location points at (or of the nearest enclosing mapping)."""
    line, node = None, raw
    for part in loc:
        if isinstance(node, dict):
            line = node.get("__keylines__", {}).get(part) or node.get("__line__", line)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            break
    return line


def _parse_record(path: Path, raw: Any, document: str | None) -> Record:
    if not isinstance(raw, dict):
        raise RecordError(path, None, None, f"a record must be a mapping, got {type(raw).__name__}")
    line = raw.get("__line__")
    kind = next(iter(raw))
    if kind not in KINDS:
        raise RecordError(path, line, None, f"a record starts with its kind ({', '.join(KINDS)}); found {kind!r}")
    body = {k: v for k, v in raw.items() if k != kind}
    body["id"] = raw[kind]
    body["__keylines__"] = {**raw.get("__keylines__", {}), "id": line}
    try:
        data = KINDS[kind].model_validate(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        where = ".".join(str(p) for p in loc) or kind
        raise RecordError(
            path, _error_line(body, loc) or line, f"{kind} {raw[kind]}", f"{where}: {first['msg']}"
        ) from None
    return Record(kind, data, path, document)


def load_file(path: Path) -> RecordFile:
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        raise RecordError(path, None, None, "a record file is a mapping with 'document' and 'records' (or 'entities')")
    extra = {k for k in raw if not k.startswith("__")} - {"document", "records", "entities"}
    if extra:
        raise RecordError(path, raw.get("__line__"), None, f"unknown top-level keys: {', '.join(sorted(extra))}")
    if "entities" in raw:
        records = [_parse_record(path, r, None) for r in raw.get("entities") or []]
        return RecordFile(path, None, records)
    if "document" not in raw:
        raise RecordError(path, None, None, "missing 'document' header")
    try:
        document = Document.model_validate(raw["document"])
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        raise RecordError(
            path, _error_line(raw["document"], loc), "document", f"{'.'.join(map(str, loc))}: {first['msg']}"
        ) from None
    records = [_parse_record(path, r, document.id) for r in raw.get("records") or []]
    return RecordFile(path, document, records)


# --------------------------------------------------------------------------- checks across records


def _quotes_of(model: BaseModel):
    """(line, quote) for every quote in a record, nested ones included."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name == "quote":
            for q in value:
                yield model.line, q
        elif isinstance(value, BaseModel):
            yield from _quotes_of(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    yield from _quotes_of(item)


def verify_quotes(rf: RecordFile, corpus_dir: Path) -> None:
    """Find every quote of the file in its source text; an absent one is an error naming the record."""
    if rf.document is None:
        return
    source_path = corpus_dir / rf.document.file
    if not source_path.is_file():
        raise RecordError(rf.path, rf.document.line, "document", f"source file not found: {source_path}")
    rf.source = SourceText(source_path)
    items: list[tuple[str, BaseModel]] = [("document", rf.document)] + [(r.key, r.data) for r in rf.records]
    for name, model in items:
        if not model.quote:
            raise RecordError(rf.path, model.line, name, "quote: every record needs at least one evidence quote")
        for line, quote in _quotes_of(model):
            span = rf.source.locate(quote)
            if span is None:
                shown = quote if len(quote) < 90 else quote[:87] + "..."
                raise RecordError(rf.path, line, name, f"quote not found in {rf.document.file}: {shown!r}")
            rf.spans[(line, quote)] = span


def _refs_of(record: Record, data: BaseModel | None = None):
    """(field, referenced key) for every reference a record makes, nested items included."""
    data = record.data if data is None else data
    for name in type(data).model_fields:
        value = getattr(data, name)
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, BaseModel):
                yield from _refs_of(record, item)
        values = [v for v in values if isinstance(v, str)]
        if not values:
            continue
        if name in UNTYPED_REFS:
            for v in values:
                yield name, v
        elif name in TYPED_REFS:
            kind = TYPED_REFS[name] or record.kind
            for v in values:
                yield name, f"{kind}:{v}"


def check_references(rs: RecordSet) -> list[str]:
    """Raise on a dangling reference; return warnings (registry entries no document declares)."""
    warnings: list[str] = []
    declared: dict[str, list[Record]] = {}
    for r in rs.all_records():
        declared.setdefault(r.key, []).append(r)
    for rf in rs.files:
        seen: set[str] = set()
        for r in rf.records:
            if r.key in seen:
                raise RecordError(rf.path, r.data.line, r.key, "declared twice in this file")
            seen.add(r.key)
            for name, key in _refs_of(r):
                kind, _, ident = key.partition(":")
                if kind not in KINDS or not ident:
                    raise RecordError(
                        rf.path, r.data.line, r.key, f"{name}: {key!r} is not a reference of the form kind:id"
                    )
                if key not in declared:
                    raise RecordError(rf.path, r.data.line, r.key, f"{name}: {key} is not declared in any record file")
        if rf.document is not None:
            for pub in rf.document.publisher:
                if f"organisation:{pub}" not in declared:
                    raise RecordError(
                        rf.path, rf.document.line, "document", f"publisher: organisation:{pub} is not declared"
                    )
    registry = rs.registry
    in_registry = {r.key for r in registry.records} if registry else set()
    for key, recs in declared.items():
        docs = {r.document for r in recs if r.document}
        if registry and key in in_registry and not docs:
            r = next(r for r in recs if r.document is None)
            warnings.append(
                str(RecordError(r.file, r.data.line, key, "is in the registry but no document declares it (left out)"))
            )
        if len(docs) > 1 and key not in in_registry:
            r = recs[0]
            raise RecordError(
                r.file,
                r.data.line,
                key,
                f"is declared by documents {', '.join(sorted(docs))}: give it a preferred name in records/{REGISTRY_FILE}",
            )
    return warnings


def load_records(records_dir: Path, corpus_dir: Path) -> RecordSet:
    """Load, check and locate every record. Raises RecordError on the first problem."""
    paths = sorted(records_dir.glob("*.yaml"))
    if not paths:
        raise RecordError(records_dir, None, None, "no record files (*.yaml)")
    files = [load_file(p) for p in paths]
    doc_ids: dict[str, Path] = {}
    for rf in files:
        if rf.document is not None:
            if rf.document.id in doc_ids:
                raise RecordError(
                    rf.path,
                    rf.document.line,
                    "document",
                    f"document id {rf.document.id!r} also used by {doc_ids[rf.document.id]}",
                )
            doc_ids[rf.document.id] = rf.path
    rs = RecordSet(files)
    for rf in files:
        verify_quotes(rf, corpus_dir)
    rs.warnings = check_references(rs)
    return rs
