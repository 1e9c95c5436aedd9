"""Bad record files are refused with a RecordError naming file and line — never a traceback, never
gigabytes of memory — and one run reports every independent problem."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modgraph.cli.main import app
from modgraph.pipeline import records
from modgraph.pipeline.records import RecordError, RecordErrors, load_records, load_yaml

REPO = Path(__file__).resolve().parents[2]

#: a few hundred bytes that expand to 10^9 "lol"s if aliases are followed
ALIAS_BOMB = textwrap.dedent("""\
    document:
      id: bomb
    records:
      - a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
      - b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
      - c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
      - d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
      - e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
      - f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
      - g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
      - h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
      - i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    """)


def _refused(path: Path) -> RecordError:
    with pytest.raises(RecordError) as info:
        load_yaml(path)
    assert str(path) in str(info.value)
    return info.value


def test_an_alias_bomb_is_refused_quickly_and_in_little_memory(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(ALIAS_BOMB, encoding="utf-8")
    # in a child limited to 1 GB of address space: a loader that expanded the aliases would die there
    script = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from pathlib import Path
        from modgraph.pipeline.records import RecordError, load_records
        try:
            load_records(Path({str(tmp_path)!r}), Path({str(tmp_path)!r}))
        except RecordError as exc:
            print(exc)
            sys.exit(3)
        sys.exit(0)
        """)
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    assert f"{bomb}:4: malformed YAML: anchors and aliases" in done.stdout


def test_deep_nesting_is_refused_with_its_line(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("document:\n  id: deep\nrecords:\n  - x: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    error = _refused(deep)
    assert f"nested deeper than {records.MAX_DEPTH} levels" in error.message and error.line == 4


def test_the_nesting_limit_lets_real_depth_through(tmp_path):
    ok = tmp_path / "ok.yaml"
    ok.write_text("x: " + "[" * (records.MAX_DEPTH - 1) + "]" * (records.MAX_DEPTH - 1) + "\n", encoding="utf-8")
    assert "x" in load_yaml(ok)


def test_invalid_utf8_is_refused_with_its_line(tmp_path):
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes('document:\n  id: x\n  label: "Gr\u00fc\u00dfe"\n'.encode("latin-1"))
    error = _refused(latin1)
    assert "not valid UTF-8" in error.message and error.line == 3


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(records, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.yaml"
    big.write_text("# padding\n" * 101, encoding="utf-8")  # 1010 bytes of valid YAML
    assert "larger than" in _refused(big).message
    big.write_text("# padding\n" * 100, encoding="utf-8")  # exactly at the limit: read
    assert load_yaml(big) is None


@pytest.mark.parametrize(
    "text, expected, line",
    [
        ("{[a, b]: 1}\n", "a key must be a plain value", 1),
        ("x: 1\n---\ny: 2\n", "found another document", 2),
        ('x: "tab\x07"\n', "special characters are not allowed", None),
    ],
)
def test_other_malformed_yaml_is_a_record_error(tmp_path, text, expected, line):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    error = _refused(path)
    assert expected in str(error)
    if line is not None:
        assert error.line == line


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder with a writable copy of the real records and corpus."""
    shutil.copytree(REPO / "records", tmp_path / "records")
    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    return tmp_path


def test_every_independent_problem_is_reported_in_one_run(project):
    invest, zov = project / "records" / "invest-2026.yaml", project / "records" / "zov-2017.yaml"
    _replace(invest, 'cost: "insgesamt 270.000 Euro"', 'cost: "zweihundertsiebzig Äpfel"')  # schema
    _replace(
        invest,
        '    quote: "Die Einführung des VOIS-Baukastensystems für das Terminmanagement"',
        '    quote: "Die Einführung des NICHT-VORHANDENEN Systems"',
    )  # quote
    (project / "records" / "broken.yaml").write_text("document: [unclosed\n", encoding="utf-8")  # YAML
    zov_lines = zov.read_bytes().split(b"\n")
    zov_lines[9] = zov_lines[9] + b" \xff"  # encoding
    zov.write_bytes(b"\n".join(zov_lines))
    with pytest.raises(RecordErrors) as info:
        load_records(project / "records", project / "corpus")
    found = {(Path(e.file).name, e.record, e.line) for e in info.value.errors}
    assert {(name, record) for name, record, _ in found} == {
        ("broken.yaml", None),
        ("zov-2017.yaml", None),
        ("invest-2026.yaml", "measure invest-2026/vois-terminmanagement"),
        ("invest-2026.yaml", "service:invest-2026/vois-baukastensystem"),
    }
    assert all(line for _, _, line in found)
    assert ("zov-2017.yaml", None, 10) in found

    result = CliRunner().invoke(app, ["--project", str(project), "check"])
    assert result.exit_code == 1
    assert "4 problems in the records" in result.output
    for error in info.value.errors:
        assert f"{Path(error.file).name}:{error.line}" in result.output


def test_dangling_references_are_all_reported_together(project):
    invest = project / "records" / "invest-2026.yaml"
    _replace(invest, "funded_by: [invest-2026/performa-nord-digitalisierung]", "funded_by: [invest-2026/kein-fonds]")
    _replace(invest, "decisions: [invest-2026/senatsbeschluss-2026-02-17]", "decisions: [invest-2026/kein-beschluss]")
    with pytest.raises(RecordErrors) as info:
        load_records(project / "records", project / "corpus")
    messages = [e.message for e in info.value.errors]
    assert any("fund:invest-2026/kein-fonds is not declared" in m for m in messages)
    assert any("decision:invest-2026/kein-beschluss is not declared" in m for m in messages)
