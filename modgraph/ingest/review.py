"""Review of drafted records: accept, edit, reject — in a record file, keeping everything else.

A draft's ``draft.review`` goes from ``proposed`` to ``accepted`` or ``rejected``; the loader
(``modgraph.pipeline.records``) builds only accepted ones. Nothing is deleted: a rejected draft stays
in the file, marked, so that a second look loses nothing. Accepting a record also accepts the drafts
it refers to (its field, its new bodies), because an accepted record that referred to an unaccepted
one could not be built; rejecting a draft that an accepted record refers to is refused. Accepting a
body proposed as the document's publisher adds it to the header's ``publisher``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from modgraph.ingest.formats import IngestError

HEADER = "# Drafted by `modgraph draft`"


class ReviewError(IngestError):
    """A review step that cannot be done (the message says why)."""


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings (as the record loader does)."""


_PlainLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def key_of(record: dict) -> str:
    kind = next(iter(record))
    return f"{kind}:{record[kind]}"


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k != "draft":
                yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


@dataclass
class Draft:
    """One drafted record of the file (``record`` is its mapping, changed in place)."""

    key: str
    record: dict

    @property
    def kind(self) -> str:
        return self.key.partition(":")[0]

    @property
    def state(self) -> str:
        return self.record["draft"].get("review", "proposed")


class ReviewFile:
    """A record file opened for review."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.text = path.read_text(encoding="utf-8")
            self.data = yaml.load(self.text, Loader=_PlainLoader)
        except FileNotFoundError:
            raise ReviewError(f"{path}: no such record file; draft it first (`modgraph draft ID`)") from None
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ReviewError(f"{path}: not a readable record file ({exc}); `modgraph check` says where") from None
        if not isinstance(self.data, dict) or not isinstance(self.data.get("records"), list):
            raise ReviewError(f"{path}: not a document's record file (no records list)")
        self.drafts = [
            Draft(key_of(r), r)
            for r in self.data["records"]
            if isinstance(r, dict) and isinstance(r.get("draft"), dict)
        ]
        self.by_key = {d.key: d for d in self.drafts}

    def pending(self, kind: str | None = None) -> list[Draft]:
        return [d for d in self.drafts if d.state == "proposed" and (kind is None or d.kind == kind)]

    def get(self, key: str) -> Draft:
        """:raises ReviewError: no draft of that key in the file"""
        try:
            return self.by_key[key]
        except KeyError:
            raise ReviewError(f"{self.path.name}: no draft {key}") from None

    def referred(self, draft: Draft) -> list[Draft]:
        """The other drafts of the file that a draft refers to (by ``kind:id`` or a bare id)."""
        out = []
        values = set(_strings({k: v for k, v in draft.record.items() if k != next(iter(draft.record))}))
        for other in self.drafts:
            if other is draft:
                continue
            ident = other.key.partition(":")[2]
            if other.key in values or ident in values:
                out.append(other)
        return out

    def accept(self, key: str) -> list[str]:
        """Accept a draft and the drafts it refers to; the keys accepted.

        :raises ReviewError: no such draft, or it refers to a rejected one
        """
        closure: list[Draft] = []
        todo = [self.get(key)]
        while todo:  # first the whole set, so that a refusal changes nothing
            draft = todo.pop()
            if draft.state == "accepted" or draft in closure:
                continue
            if draft.state == "rejected" and draft.key != key:
                raise ReviewError(f"{key} refers to {draft.key}, which was rejected: edit or reject {key} instead")
            closure.append(draft)
            todo += self.referred(draft)
        for draft in closure:
            draft.record["draft"]["review"] = "accepted"
            if draft.record["draft"].get("publisher"):
                publisher = self.data["document"].setdefault("publisher", [])
                if draft.record[draft.kind] not in publisher:
                    publisher.append(draft.record[draft.kind])
        return [d.key for d in closure]

    def reject(self, key: str) -> None:
        """:raises ReviewError: no such draft, or an accepted record refers to it"""
        draft = self.get(key)
        users = [d.key for d in self.drafts if d.state == "accepted" and draft in self.referred(d)]
        if users:
            raise ReviewError(f"{key} cannot be rejected: the accepted {', '.join(users)} refer(s) to it")
        draft.record["draft"]["review"] = "rejected"

    def edit(self, key: str, label: str) -> None:
        """A new label (the quote stays: it is the evidence). :raises ReviewError: no such draft, empty label"""
        if not label.strip():
            raise ReviewError("a label cannot be empty")
        self.get(key).record["label"] = label.strip()

    def accept_all(self, kind: str | None = None) -> tuple[list[str], list[str]]:
        """Accept every proposed draft (of one kind): the keys accepted, and why each one that refers to a
        rejected draft was left proposed."""
        done: list[str] = []
        skipped: list[str] = []
        for draft in self.pending(kind):
            if draft.state == "proposed":
                try:
                    done += self.accept(draft.key)
                except ReviewError as exc:
                    skipped.append(str(exc))
        return done, skipped

    def save(self) -> None:
        head = (
            HEADER + " from the ingested text; reviewed with `modgraph review`.\n"
            if self.text.startswith(HEADER)
            else ""
        )
        body = yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False, width=100000)
        tmp = self.path.with_suffix(".yaml.tmp")
        tmp.write_text(head + body, encoding="utf-8")
        tmp.replace(self.path)  # a crash while writing leaves the old file whole
