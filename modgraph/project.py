"""Project folders: what ``modgraph init DIR`` lays out for a user's own programme documents.

    DIR/modgraph.toml    the settings (publisher, contact, base IRI …; every key documented in it)
    DIR/records/         one YAML file of curated records per source document (+ entities.yaml)
    DIR/corpus/          the source documents, byte for byte
    DIR/data/            the builds (made by ``modgraph build``; not to be edited)

>>> import tempfile
>>> folder = init_project(Path(tempfile.mkdtemp()) / "bremen", {"base_iri": "https://data.example.org/"})
>>> sorted(p.name for p in folder.iterdir())
['.gitignore', 'corpus', 'modgraph.toml', 'records']
>>> from modgraph.settings import Settings
>>> Settings.load(folder, environ={}).base_iri
'https://data.example.org/'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from modgraph.settings import SETTINGS, SETTINGS_FILE, SettingsError

#: settings that only make sense in the environment of one machine, left out of a new settings file
MACHINE_ONLY = {"external", "write_token", "host", "port"}


class ProjectError(SettingsError):
    """The folder cannot be made a project (it already is one, or a value is wrong)."""


def _toml_value(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def settings_file_text(values: dict[str, Any]) -> str:
    """A commented ``modgraph.toml``: the given values set, every other setting shown with its default."""
    lines = ["# modgraph project settings. Environment variables MODGRAPH_<NAME> override these values.", ""]
    for setting in SETTINGS:
        if setting.name in MACHINE_ONLY and setting.name not in values:
            continue
        lines.append(f"# {setting.doc}")
        if setting.name in values:
            lines.append(f"{setting.name} = {_toml_value(values[setting.name])}")
        elif setting.default is None or setting.default == ():
            lines.append(f"# {setting.name} =")
        else:
            lines.append(f"# {setting.name} = {_toml_value(setting.default)}")
        lines.append("")
    return "\n".join(lines)


def init_project(folder: Path, values: dict[str, Any] | None = None) -> Path:
    """Create a project folder (or make an existing empty one a project).

    :raises ProjectError: the folder already has a settings file, or a key is not a setting.
    """
    values = {k: v for k, v in (values or {}).items() if v is not None}
    unknown = set(values) - {s.name for s in SETTINGS}
    if unknown:
        raise ProjectError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    folder = Path(folder)
    if (folder / SETTINGS_FILE).exists():
        raise ProjectError(f"{folder} is a project already (it has {SETTINGS_FILE})")
    for sub in ("records", "corpus"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / SETTINGS_FILE).write_text(settings_file_text(values), encoding="utf-8")
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("/data/\n", encoding="utf-8")
    return folder
