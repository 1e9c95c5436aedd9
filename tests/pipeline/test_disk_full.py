"""A build that fails on the disk (full, read-only …) ends in one sentence and exit code 1, not a
traceback, and the published graph stays as it was."""

from __future__ import annotations

import errno
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modgraph.cli.main import app
from modgraph.store.builds import StoreLocation
from tests.store.processes import assert_served_build_complete, partials
from tests.store.tiny_project import write_tiny_project

runner = CliRunner()


def _build(project: Path, store: Path):
    return runner.invoke(app, ["--project", str(project), "build", "--store", str(store)])


def test_no_space_at_the_store_step_is_one_sentence_and_exit_1(tmp_path, monkeypatch):
    project = write_tiny_project(tmp_path / "project")
    store = project / "data"
    assert _build(project, store).exit_code == 0
    published = StoreLocation(store).require_current().id

    def full(draft, store, info):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(draft.build.store_path / "000012.sst"))

    monkeypatch.setattr("modgraph.pipeline.build.finish_store", full)
    monkeypatch.setattr(
        "modgraph.pipeline.build._finish_copy", lambda draft, store, info, kept: full(draft, store, info)
    )
    result = _build(project, store)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    message = " ".join(result.output.split())  # the console may wrap the line
    assert "the build failed: no space left on device while writing " in message
    assert "000012.sst; the published graph is unchanged" in message
    location = StoreLocation(store)
    assert location.require_current().id == published and partials(location) == []


@pytest.fixture
def small_filesystem(tmp_path):
    """A 24 MB tmpfs mounted for the test (skipped where mounting is not allowed); always unmounted."""
    mount = tmp_path / f"tmpfs-{uuid.uuid4().hex[:8]}"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def _fill(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` until only about ``leave`` bytes are free."""
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    with open(folder / "filler", "wb") as f:
        f.write(b"\0" * max(0, free - leave))


def test_a_really_full_filesystem_is_reported_and_the_graph_unchanged(tmp_path, small_filesystem):
    project = write_tiny_project(tmp_path / "project")
    store = small_filesystem / "store"
    assert _build(project, store).exit_code == 0
    location = StoreLocation(store)
    published = location.require_current().id
    _fill(small_filesystem, leave=512 * 1024)  # a build needs about 6 MB
    result = _build(project, store)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    message = " ".join(result.output.split()).lower()
    assert "the build failed:" in message and "no space left on device" in message
    assert "the published graph is unchanged" in message
    assert location.require_current().id == published
    assert partials(location) == []
    (small_filesystem / "filler").unlink()
    assert_served_build_complete(location)
