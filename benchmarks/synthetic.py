"""A synthetic project: the repository's corpus N times, each copy a set of separate documents.

    python benchmarks/synthetic.py --scale N --out DIR

``DIR`` becomes a complete project folder (``modgraph.toml``, ``records/``, ``corpus/``) that
``modgraph --project DIR build`` builds with the real pipeline: copy 1 is the corpus itself; copy k
(k ≥ 2) has each of the five documents again under the id ``<id>-x<k>``, with its own record file and
its own source file (the same text, so every quote still verifies). Inside a copy every id that
belongs to one document is renamed (``zov-2017/…`` → ``zov-2017-x2/…``, and the few document-local ids
without the document prefix get the suffix ``-x2``), references included; the registry's entities
(``records/entities.yaml``) stay shared by every copy, as the bodies of one city are shared by its
documents. ×1 is the corpus (24,819 triples), ×10 about 210 k, ×40 about 830 k, ×400 about 8.3 M.

Ids are renamed as tokens outside quoted strings (labels and quotes are never touched).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from modgraph.pipeline.record_format import KINDS  # noqa: E402
from modgraph.pipeline.records import REGISTRY_FILE, load_yaml  # noqa: E402

#: an id or reference token (as record ids are written), or a double-quoted string (kept as it is)
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|(?<![\w/.:-])[a-z0-9][a-z0-9/._-]*(?![\w/.-])')


def _documents(records: Path) -> dict[Path, tuple[str, str]]:
    """Record file -> (document id, source file name), for every document of the source project."""
    found = {}
    for path in sorted(records.glob("*.yaml")):
        if path.name == REGISTRY_FILE:
            continue
        head = load_yaml(path)["document"]
        found[path] = (head["id"], head["file"])
    return found


def _local_ids(records: Path, documents: dict[Path, tuple[str, str]]) -> set[str]:
    """Ids declared by a document that are neither in the registry nor prefixed by the document's id."""
    shared = set()
    registry = load_yaml(records / REGISTRY_FILE) or {}
    for entry in registry.get("entities") or []:
        shared.update(str(entry[k]) for k in entry if k in KINDS)
    local = set()
    for path, (doc_id, _) in documents.items():
        for record in load_yaml(path).get("records") or []:
            for kind in KINDS:
                if kind in record:
                    ident = str(record[kind])
                    if ident not in shared and not ident.startswith(doc_id + "/"):
                        local.add(ident)
    return local


def rename(text: str, doc_ids: set[str], local: set[str], suffix: str) -> str:
    """The records text of one copy: document ids and document-local ids get ``suffix``."""

    def one(match: re.Match) -> str:
        token = match.group(0)
        if token.startswith('"'):
            return token
        kind, colon, ident = token.rpartition(":")
        prefix = kind + colon
        if ident in local:
            return prefix + ident + suffix
        head, slash, rest = ident.partition("/")
        if head in doc_ids:
            return prefix + head + suffix + slash + rest
        return token

    return _TOKEN.sub(one, text)


def _renamed_file(name: str, suffix: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return f"{stem}{suffix}{dot}{ext}" if dot else name + suffix


def make_project(scale: int, out: Path, source: Path = ROOT) -> Path:
    """Write the project of ``scale`` copies of ``source``'s documents to ``out`` (made; must not exist).

    :raises FileExistsError: ``out`` exists
    :raises ValueError: ``scale`` < 1
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=False)
    records, corpus = source / "records", source / "corpus"
    (out / "records").mkdir()
    (out / "corpus").mkdir()
    shutil.copy(source / "modgraph.toml", out / "modgraph.toml")
    shutil.copy(records / REGISTRY_FILE, out / "records" / REGISTRY_FILE)
    for extra in corpus.glob("*.md"):  # the corpus's licence and provenance notes
        shutil.copy(extra, out / "corpus" / extra.name)
    (out / ".gitignore").write_text("/data/\n", encoding="utf-8")
    documents = _documents(records)
    doc_ids = {doc_id for doc_id, _ in documents.values()}
    local = _local_ids(records, documents)
    for k in range(1, scale + 1):
        suffix = "" if k == 1 else f"-x{k}"
        for path, (_, file) in documents.items():
            text = path.read_text(encoding="utf-8")
            if suffix:
                text = rename(text, doc_ids, local, suffix)
                text = text.replace(f"file: {file}", f"file: {_renamed_file(file, suffix)}", 1)
            (out / "records" / _renamed_file(path.name, suffix)).write_text(text, encoding="utf-8")
            shutil.copy(corpus / file, out / "corpus" / _renamed_file(file, suffix))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, required=True, help="copies of the corpus's documents (1 = the corpus)")
    ap.add_argument("--out", type=Path, required=True, help="the project folder to make (must not exist)")
    args = ap.parse_args(argv)
    folder = make_project(args.scale, args.out)
    print(f"{folder}: {args.scale} × 5 documents; build it with: modgraph --project {folder} build")


if __name__ == "__main__":
    main()
