"""The ``validator`` setting and the ``--validator`` option: known values only, a clear error otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from modgraph.cli.main import app
from modgraph.settings import Settings, SettingsError


def test_the_default_is_the_compiled_validator(tmp_path: Path):
    assert Settings.load(tmp_path, environ={}).validator == "compiled"
    assert Settings.load(tmp_path, environ={"MODGRAPH_VALIDATOR": "pyshacl"}).validator == "pyshacl"


def test_an_unknown_validator_in_the_environment_is_refused(tmp_path: Path):
    with pytest.raises(SettingsError, match="validator"):
        Settings.load(tmp_path, environ={"MODGRAPH_VALIDATOR": "jena"})


@pytest.mark.parametrize("command", ["build", "validate"])
def test_an_unknown_validator_option_is_refused(command, tmp_path: Path):
    result = CliRunner().invoke(
        app, [command, "--validator", "jena"] + (["--store", str(tmp_path)] if command == "build" else [])
    )
    assert result.exit_code == 2
    assert "unknown validator 'jena'" in result.output
    assert not any(tmp_path.iterdir())  # nothing was built
