"""Developer habits in the test run: ruff (lint and format) and mypy on the package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint():
    done = _run("ruff", "check", "modgraph", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout[-5000:]


def test_ruff_format():
    done = _run("ruff", "format", "--check", "modgraph", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout[-5000:]


def test_mypy():
    done = _run("mypy")
    assert done.returncode == 0, done.stdout[-5000:]
