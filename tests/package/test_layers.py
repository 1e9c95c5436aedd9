"""The one-way flow of the package: a lower layer never imports a higher one.

    core (settings, iris, relations, media, project)
      → data (ontology, shapes, queries: package data and their generators)
      → store → publish, deps → pipeline → web → cli

Every import is read from the parsed modules (``ast``), function-level imports included, so an
import hidden inside a function to dodge a cycle counts as well.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "modgraph"

#: rank of each top-level part of the package; a module may import parts of equal or lower rank only
RANKS = {
    "settings": 0,
    "iris": 0,
    "relations": 0,
    "media": 0,
    "project": 0,
    "errors": 0,
    "ontology": 1,
    "shapes": 1,
    "queries": 1,
    "store": 2,
    "publish": 3,
    "search": 3,  # the search index is written with the publication files and read by web and cli
    "deps": 3,
    "pipeline": 4,
    "ingest": 4,  # ingest, draft, review: read the records and sources the pipeline reads (never imported by it)
    "web": 5,
    "cli": 6,
    "__main__": 6,  # python -m modgraph: runs the CLI
}


def _part(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else ""


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        if "vendor" in rel.parts:
            continue
        found.append((name, path))
    return found


def _imports(name: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.add(target)
            if node.module is None or target == "modgraph":  # from modgraph import x
                out.update(f"{target}.{a.name}" for a in node.names)
    return {m for m in out if m == "modgraph" or m.startswith("modgraph.")}


def test_every_part_of_the_package_has_a_rank():
    parts = {_part(name) for name, _ in _modules()} - {""}
    assert parts <= set(RANKS), f"give these parts a rank in RANKS: {sorted(parts - set(RANKS))}"


@pytest.mark.parametrize("name,path", _modules(), ids=[n for n, _ in _modules()])
def test_no_module_imports_a_higher_layer(name, path):
    own = _part(name)
    if not own:
        return  # modgraph/__init__.py
    upward = sorted(m for m in _imports(name, path) if _part(m) and RANKS[_part(m)] > RANKS[own])
    assert not upward, f"{name} (layer {own}) imports higher layers: {upward}"


def test_the_checker_sees_an_upward_import(tmp_path):
    """The rule can fail: an import of the web app from the store layer is caught, also inside a function."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from modgraph.web.app import create_app\n    return create_app\n", encoding="utf-8")
    imported = _imports("modgraph.store.bad", bad)
    assert "modgraph.web.app" in imported
    assert RANKS[_part("modgraph.web.app")] > RANKS[_part("modgraph.store.bad")]


MAX_LINES = 400


@pytest.mark.parametrize("name,path", _modules(), ids=[n for n, _ in _modules()])
def test_long_modules_say_why(name, path):
    """No module over about 400 lines without a reason written at its top ("Why this module is long: …")."""
    text = path.read_text(encoding="utf-8")
    if text.count("\n") <= MAX_LINES:
        return
    head = ast.get_docstring(ast.parse(text)) or ""
    assert "Why this module is long:" in head, f"{name} has {text.count(chr(10))} lines and no reason at its top"
