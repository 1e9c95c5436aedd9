"""The README's configuration table, the settings table and the Settings object agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from modgraph.settings import BY_NAME, SETTINGS, Settings, SettingsError, settings_fields

README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_variables() -> set[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `MODGRAPH_"):
            names.update(re.findall(r"`(MODGRAPH_[A-Z_]+)`", line.split("|")[1]))
    return names


def test_readme_lists_every_setting_and_no_other():
    documented = _readme_variables()
    expected = {s.env for s in SETTINGS} | {"MODGRAPH_PROJECT"}
    assert documented == expected, f"missing: {sorted(expected - documented)}; unknown: {sorted(documented - expected)}"


def test_every_setting_is_a_field_of_the_settings_object():
    assert set(BY_NAME) <= set(settings_fields())


def test_precedence_default_file_environment_override(tmp_path):
    (tmp_path / "modgraph.toml").write_text(
        'max_rows = 11\nquery_timeout = 2.5\nstore = "builds-here"\n', encoding="utf-8"
    )
    s = Settings.load(tmp_path, environ={"MODGRAPH_QUERY_TIMEOUT": "3"})
    assert (s.max_rows, s.query_timeout, s.store) == (11, 3.0, tmp_path / "builds-here")
    assert Settings.load(tmp_path, environ={}, max_rows=12).max_rows == 12
    assert Settings.load(tmp_path, environ={}).records_dir == tmp_path / "records"


def test_a_bad_settings_file_is_a_clear_error(tmp_path):
    (tmp_path / "modgraph.toml").write_text("max_rows = \n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML"):
        Settings.load(tmp_path, environ={})
    (tmp_path / "modgraph.toml").write_text("max_rowz = 3\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="unknown setting"):
        Settings.load(tmp_path, environ={})
    with pytest.raises(SettingsError, match="MODGRAPH_MAX_ROWS"):
        Settings.load(tmp_path.parent, environ={"MODGRAPH_MAX_ROWS": "many"})
