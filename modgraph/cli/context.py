"""What every ``modgraph`` command shares: the project folder chosen on the command line, the
settings loaded from it, and the two consoles (messages on stderr, results on stdout)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from modgraph.settings import Settings, SettingsError
from modgraph.store.builds import Build, StoreError, StoreLocation

console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)


class _Chosen:
    project: Path | None = None


chosen = _Chosen()


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one error line and end the command with ``code`` (1: failed, 2: wrong usage)."""
    console.print(f"[red]error[/red] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


def load_settings(**overrides: Any) -> Settings:
    """The settings of the chosen project folder (``--project``, else found from the working directory)."""
    try:
        return Settings.load(chosen.project, **overrides)
    except SettingsError as exc:
        fail(str(exc), 2)


StoreOption = typer.Option(None, "--store", help="store directory [env MODGRAPH_STORE]")


def open_current(s: Settings) -> tuple[Build, Any]:
    """The published build of the settings' store and a read-only store on it (ends the command if none)."""
    try:
        build = StoreLocation(s.store).require_current()
    except StoreError as exc:
        fail(str(exc))
    return build, build.open_read_only()
