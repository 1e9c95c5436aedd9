"""Curated records: reading them from YAML, checking their form, their references and their quotes.

One YAML file per source document (``records/<document>.yaml``) holds the facts that document states,
each with a verbatim evidence quote; ``records/entities.yaml`` gives the preferred names of things that
more than one document mentions. The format is described in ``records/README.md``; the models in
``modgraph.pipeline.record_format`` are its exact schema. Every error names the file, the record and the line.

Record files are input from people and from other tools, so they are read with limits: a file over
``MAX_FILE_BYTES``, invalid UTF-8, YAML anchors and aliases (``&a`` / ``*a``: record files need none, and
nested aliases expand exponentially — the "billion laughs") and nesting deeper than ``MAX_DEPTH`` are
refused with a ``RecordError`` before anything large is built.

Drafts (records with a ``draft:`` block, written by ``modgraph draft``) are left out of the loaded set
until review accepts them: ``RecordFile.drafts`` holds the ones left out and ``RecordSet.drafts_left_out``
counts them, so a build can say how many it did not include. Their form is checked like any record's.

``load_records`` reports every problem of one run together (a ``RecordErrors``): each file is read
on its own, each record is checked on its own, each quote is looked up on its own. References between
records are checked only when every file and record could be read — a reference to a record that
failed to load would otherwise be reported as dangling too.

Why this module is long: reading, the input limits and the three kinds of checks (form, references, quotes)
share the error collection and the line lookup of one file; the schema itself is in ``record_format``.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import typing
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml.composer
import yaml.constructor
import yaml.cyaml
import yaml.resolver
from pydantic import BaseModel, ValidationError

from modgraph.pipeline import sources
from modgraph.pipeline.record_format import KINDS, TYPED_REFS, UNTYPED_REFS, Document, Entity
from modgraph.pipeline.sources import SourceText, Span

REGISTRY_FILE = "entities.yaml"
#: the largest record file read: the biggest real one is under 200 kB; a limit keeps a wrong file
#: (a dump, a log) from being read into memory whole
MAX_FILE_BYTES = 20 * 1024 * 1024
#: the deepest nesting of mappings and lists accepted: real records nest about 6 levels; the limit
#: stops deep nesting long before Python's recursion limit
MAX_DEPTH = 50


class RecordError(Exception):
    """A problem in a record file, located by file, line and record."""

    def __init__(self, file: Path | str, line: int | None, record: str | None, message: str):
        self.file, self.line, self.record, self.message = str(file), line, record, message
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: {'record ' + record + ': ' if record else ''}{message}")


class RecordErrors(RecordError):
    """Several independent problems, found in one run; ``errors`` lists each one (a ``RecordError``).

    Its ``file``, ``line``, ``record`` and ``message`` are those of the first problem, so code that
    handles one ``RecordError`` handles this too; ``str()`` lists every problem, one a line.
    """

    def __init__(self, errors: list[RecordError]):
        first = errors[0]
        super().__init__(first.file, first.line, first.record, first.message)
        self.errors = list(errors)

    def __str__(self) -> str:
        return f"{len(self.errors)} problems in the records:\n" + "\n".join(str(e) for e in self.errors)


def raise_if_any(errors: list[RecordError]) -> None:
    """Raise the problems found, if any: the one ``RecordError``, or a ``RecordErrors`` of several.

    :raises RecordError: ``errors`` is not empty
    """
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise RecordErrors(errors)


# --------------------------------------------------------------------------- YAML with line numbers


class _Checks(yaml.composer.Composer, yaml.constructor.SafeConstructor):
    """What the record loaders add to YAML: each mapping's line as ``__line__`` (and each key's line in
    ``__keylines__``), and the refusal of what record files never need: anchors and aliases, nesting
    deeper than ``MAX_DEPTH``, keys that are not plain values, duplicate keys."""

    _depth = 0

    def compose_node(self, parent, index):  # noqa: D401 - yaml API
        """Compose one node, refusing anchors, aliases and too deep nesting before they are expanded.

        :raises yaml.composer.ComposerError: an anchor or alias, or nesting deeper than ``MAX_DEPTH``
        """
        event = self.peek_event()  # type: ignore[attr-defined]  # the parser of the loader class
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None,
                None,
                "anchors and aliases (&name, *name) are not allowed in record files: write the value out",
                event.start_mark,
            )
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):  # noqa: D401 - yaml API
        seen: set = set()
        for k, _ in node.value:
            if not isinstance(k, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain value, not a list or mapping", k.start_mark
                )
            if k.value in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {k.value!r}", k.start_mark)
            seen.add(getattr(k, "value", None))
        mapping = super().construct_mapping(node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__keylines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}
        return mapping


class _LineLoader(_Checks, yaml.SafeLoader):
    """SafeLoader with ``_Checks``, leaving dates as strings (the pure-Python scanner and parser)."""


_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

if getattr(yaml, "__with_libyaml__", False):

    class _CLineLoader(_Checks, yaml.cyaml.CParser, yaml.resolver.Resolver):  # type: ignore[name-defined]
        """The same loader with libyaml's scanner and parser (the Python composer, so that ``_Checks`` sees every
        event): 5-10× faster on record files, the same documents and the same errors' lines."""

        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)  # type: ignore[attr-defined]
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _CLineLoader.yaml_implicit_resolvers = _LineLoader.yaml_implicit_resolvers
    LOADER: type = _CLineLoader
else:  # pragma: no cover - PyYAML without libyaml
    LOADER = _LineLoader


def read_text_limited(path: Path) -> str:
    """The text of a record file: at most ``MAX_FILE_BYTES``, valid UTF-8.

    :raises RecordError: the file cannot be read, is too large or is not UTF-8 (naming the line)
    """
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise RecordError(path, None, None, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise RecordError(
            path, None, None, f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: not a record file"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RecordError(path, line, None, f"not valid UTF-8 (byte {exc.start}): save the file as UTF-8") from None


class ParseCache:
    """Parsed record files and found quotes kept between builds (``marshal`` files in ``directory``).

    - ``*.marshal``: a record file's YAML document, keyed by the checksum of the file's text and of this
      module's code: an unchanged file is not parsed again. The records are still checked (models,
      references) in every build. A document that ``marshal`` cannot hold (a YAML tag such as
      ``!!timestamp``) is simply not cached.
    - ``*.spans``: where each quote of a source document's records stands in it (or that it is absent), keyed
      by the record file's name, the checksum of the source text and of this module's and ``sources.py``'s code: a quote already looked
      up in an unchanged source is not looked up again (``verify_quotes``).

    An unreadable entry is made again; ``prune`` removes the entries the last load did not use.
    """

    _code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    _spans_code = hashlib.sha256(Path(__file__).read_bytes() + Path(sources.__file__).read_bytes()).hexdigest()

    def __init__(self, directory: Path):
        self.directory = directory
        self.used: set[str] = set()

    def _key(self, text: str) -> str:
        return hashlib.sha256((self._code + "\0" + text).encode("utf-8")).hexdigest()

    def _read(self, path: Path) -> Any:
        """The entry's value, or None when there is none or it cannot be read."""
        self.used.add(path.name)
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return None

    def _write(self, path: Path, data: bytes) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
            partial.write_bytes(data)
            os.replace(partial, path)
        except OSError:
            pass  # a cache that cannot be written is no cache: the build goes on

    def load(self, text: str, parse) -> Any:
        path = self.directory / f"{self._key(text)}.marshal"
        value = self._read(path)
        if value is not None:
            return value
        value = parse(text)
        try:
            data = marshal.dumps(value)
        except ValueError:
            return value
        self._write(path, data)
        return value

    def _spans_path(self, records: Path, source: SourceText) -> Path:
        key = hashlib.sha256("\0".join((self._spans_code, records.name, source.sha256)).encode("utf-8"))
        return self.directory / f"{key.hexdigest()}.spans"

    def spans(self, records: Path, source: SourceText) -> dict[str, tuple | None]:
        """The quotes of the record file ``records`` looked up in ``source`` before: quote -> the fields of its
        ``Span``, or None (not found)."""
        value = self._read(self._spans_path(records, source))
        return value if isinstance(value, dict) else {}

    def keep_spans(self, records: Path, source: SourceText, spans: dict[str, tuple | None]) -> None:
        self._write(self._spans_path(records, source), marshal.dumps(spans))

    def prune(self) -> None:
        """Remove the entries the loads since this cache was made did not use."""
        try:
            found = [*self.directory.glob("*.marshal"), *self.directory.glob("*.spans")]
        except OSError:
            return
        for path in found:
            if path.name not in self.used:
                path.unlink(missing_ok=True)


def _parse(text: str) -> Any:
    """The document, parsed by libyaml; a file it refuses is parsed again by the pure-Python loader, so that
    the error (its message and line) is the reference loader's own whichever parser found it first.

    :raises yaml.YAMLError: malformed YAML, or what ``_Checks`` refuses
    """
    try:
        return yaml.load(text, Loader=LOADER)
    except yaml.YAMLError:
        if LOADER is _LineLoader:
            raise
        return yaml.load(text, Loader=_LineLoader)


def load_yaml(path: Path, cache: ParseCache | None = None) -> Any:
    """The YAML document of a record file (see ``_Checks`` for what is refused); with ``cache``, an unchanged
    file's document is read from there.

    :raises RecordError: the file is unreadable, too large, not UTF-8 or malformed YAML
    """
    text = read_text_limited(path)
    try:
        return cache.load(text, _parse) if cache is not None else _parse(text)
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
    drafts: list[Record] = field(default_factory=list)  # drafts review has not accepted: left out


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

    @property
    def drafts_left_out(self) -> int:
        """How many drafts review has not accepted (not in ``records``, not built)."""
        return sum(len(f.drafts) for f in self.files)


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
    """Read and check one record file.

    :raises RecordError: the file or one of its records is wrong (a ``RecordErrors`` if several are)
    """
    problems: list[RecordError] = []
    rf = _load_file(path, problems)
    raise_if_any(problems)
    return rf


def _load_file(path: Path, problems: list[RecordError], cache: ParseCache | None = None) -> RecordFile:
    """Read one record file; a wrong record is appended to ``problems`` and left out.

    :raises RecordError: the file as a whole cannot be used (malformed YAML, no or a wrong header)
    """
    raw = load_yaml(path, cache)
    if not isinstance(raw, dict):
        raise RecordError(path, None, None, "a record file is a mapping with 'document' and 'records' (or 'entities')")
    extra = {k for k in raw if not str(k).startswith("__")} - {"document", "records", "entities"}
    if extra:
        raise RecordError(
            path, raw.get("__line__"), None, f"unknown top-level keys: {', '.join(sorted(map(str, extra)))}"
        )
    if "entities" in raw:
        return _without_drafts(RecordFile(path, None, _parse_records(path, raw["entities"], None, problems)))
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
    return _without_drafts(RecordFile(path, document, _parse_records(path, raw.get("records"), document.id, problems)))


def _without_drafts(rf: RecordFile) -> RecordFile:
    """The file with its unaccepted drafts moved from ``records`` to ``drafts``."""
    rf.drafts = [r for r in rf.records if r.data.unreviewed]
    rf.records = [r for r in rf.records if not r.data.unreviewed]
    return rf


def _parse_records(path: Path, raw: Any, document: str | None, problems: list[RecordError]) -> list[Record]:
    """The records of a list that parse; each one that does not is appended to ``problems``."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(RecordError(path, None, None, f"the records are a list, got {type(raw).__name__}"))
        return []
    records = []
    for item in raw:
        try:
            records.append(_parse_record(path, item, document))
        except RecordError as exc:
            problems.append(exc)
    return records


# --------------------------------------------------------------------------- checks across records


def _holds_models(annotation: Any) -> bool:
    """Whether a field of this annotation can hold a record model (a nested item): a model class in it, or Any."""
    if annotation is Any or (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return True
    return any(_holds_models(a) for a in typing.get_args(annotation))


@functools.cache
def _walk_plan(model: type[BaseModel]) -> tuple[tuple[str, bool, str | None], ...]:
    """The fields of a record model that the checks across records read, in declaration order: (name, whether it
    can hold nested models, its reference kind — ``TYPED_REFS``' kind, "*" for ``UNTYPED_REFS``, "quote" for the
    quotes, None for none). Computed once per class, so that the walks below look at no other field (they read
    every field of 28,745 records at ×40 the corpus otherwise)."""
    plan = []
    for name, info in model.model_fields.items():
        kind = (
            "quote"
            if name == "quote"
            else "*"
            if name in UNTYPED_REFS
            else TYPED_REFS[name]
            if name in TYPED_REFS
            else None
        )
        nested = _holds_models(info.annotation)
        if nested or kind is not None:
            plan.append((name, nested, kind))
    return tuple(plan)


def _quotes_of(model: BaseModel):
    """(line, quote) for every quote in a record, nested ones included."""
    for name, nested, kind in _walk_plan(type(model)):
        value = getattr(model, name)
        if kind == "quote":
            for q in value:
                yield getattr(model, "line", None), q
        elif nested and isinstance(value, BaseModel):
            yield from _quotes_of(value)
        elif nested and isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    yield from _quotes_of(item)


def verify_quotes(
    rf: RecordFile, corpus_dir: Path, problems: list[RecordError], cache: ParseCache | None = None
) -> None:
    """Find every quote of the file in its source text; each absent one is appended to ``problems``.

    ``cache``: the quotes looked up in the same source text before are taken from it (``ParseCache.spans``).
    """
    if rf.document is None:
        return
    source_path = corpus_dir / rf.document.file
    if not source_path.is_file():
        problems.append(RecordError(rf.path, rf.document.line, "document", f"source file not found: {source_path}"))
        return
    rf.source = source = SourceText(source_path)
    known = cache.spans(rf.path, source) if cache is not None else {}
    looked_up: dict[str, tuple | None] = {}

    def locate(quote: str) -> Span | None:
        if quote not in looked_up:
            looked_up[quote] = known[quote] if quote in known else _span_fields(source.locate(quote))
        fields = looked_up[quote]
        return None if fields is None else Span(*fields)

    # drafts are checked too: review shows their passage, and a wrong quote is better found before accepting
    items: list[tuple[str, Any]] = [("document", rf.document)] + [(r.key, r.data) for r in rf.records + rf.drafts]
    for name, model in items:
        if not model.quote:
            problems.append(
                RecordError(rf.path, model.line, name, "quote: every record needs at least one evidence quote")
            )
        for line, quote in _quotes_of(model):
            span = locate(quote)
            if span is None:
                shown = quote if len(quote) < 90 else quote[:87] + "..."
                problems.append(RecordError(rf.path, line, name, f"quote not found in {rf.document.file}: {shown!r}"))
            else:
                rf.spans[(line, quote)] = span
    if cache is not None and looked_up.keys() != known.keys():
        cache.keep_spans(rf.path, source, looked_up)


def _span_fields(span: Span | None) -> tuple | None:
    return None if span is None else astuple(span)


def _refs_of(record: Record, data: BaseModel | None = None):
    """(field, referenced key) for every reference a record makes, nested items included."""
    data = record.data if data is None else data
    for name, nested, kind in _walk_plan(type(data)):
        value = getattr(data, name)
        values = value if isinstance(value, list) else [value]
        if nested:
            for item in values:
                if isinstance(item, BaseModel):
                    yield from _refs_of(record, item)
        if kind is None or kind == "quote":
            continue
        for v in values:
            if isinstance(v, str):
                yield name, v if kind == "*" else f"{kind or record.kind}:{v}"


def check_references(rs: RecordSet, problems: list[RecordError]) -> list[str]:
    """Append each dangling reference (and each record declared twice) to ``problems``; return warnings
    (registry entries no document declares)."""
    warnings: list[str] = []
    declared: dict[str, list[Record]] = {}
    drafted = {d.key for f in rs.files for d in f.drafts}
    for r in rs.all_records():
        declared.setdefault(r.key, []).append(r)
    for rf in rs.files:
        seen: set[str] = set()
        for r in rf.records:
            if r.key in seen:
                problems.append(RecordError(rf.path, r.data.line, r.key, "declared twice in this file"))
            seen.add(r.key)
            for name, key in _refs_of(r):
                kind, _, ident = key.partition(":")
                if kind not in KINDS or not ident:
                    problems.append(
                        RecordError(
                            rf.path, r.data.line, r.key, f"{name}: {key!r} is not a reference of the form kind:id"
                        )
                    )
                elif key not in declared:
                    why = (
                        "is a draft that review has not accepted (modgraph review)"
                        if key in drafted
                        else "is not declared in any record file"
                    )
                    problems.append(RecordError(rf.path, r.data.line, r.key, f"{name}: {key} {why}"))
        if rf.document is not None:
            for pub in rf.document.publisher:
                if f"organisation:{pub}" not in declared:
                    why = (
                        "is a draft that review has not accepted"
                        if f"organisation:{pub}" in drafted
                        else "is not declared"
                    )
                    problems.append(
                        RecordError(rf.path, rf.document.line, "document", f"publisher: organisation:{pub} {why}")
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
            problems.append(
                RecordError(
                    r.file,
                    r.data.line,
                    key,
                    f"is declared by documents {', '.join(sorted(docs))}: "
                    f"give it a preferred name in records/{REGISTRY_FILE}",
                )
            )
    return warnings


def load_records(records_dir: Path, corpus_dir: Path, cache: ParseCache | None = None) -> RecordSet:
    """Load, check and locate every record (``cache``: parsed files kept between builds, see ``ParseCache``).

    :raises RecordError: there are problems; several are raised together as a ``RecordErrors``
        (see the module docstring for which problems are found in one run)
    """
    paths = sorted(records_dir.glob("*.yaml"))
    if not paths:
        raise RecordError(records_dir, None, None, "no record files (*.yaml)")
    problems: list[RecordError] = []
    files = []
    for path in paths:
        try:
            files.append(_load_file(path, problems, cache))
        except RecordError as exc:
            problems.append(exc)
    doc_ids: dict[str, Path] = {}
    for rf in files:
        if rf.document is not None:
            if rf.document.id in doc_ids:
                problems.append(
                    RecordError(
                        rf.path,
                        rf.document.line,
                        "document",
                        f"document id {rf.document.id!r} also used by {doc_ids[rf.document.id]}",
                    )
                )
            doc_ids[rf.document.id] = rf.path
    rs = RecordSet(files)
    for rf in files:
        verify_quotes(rf, corpus_dir, problems, cache)
    if cache is not None:
        cache.prune()
    if not problems:  # references to a record that did not load would all look dangling
        rs.warnings = check_references(rs, problems)
    raise_if_any(problems)
    return rs
