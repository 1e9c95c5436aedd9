"""One settings object for the whole program: defaults, the project's settings file, the environment.

Why this module is long: it holds the one table of every setting (with its parser and its sentence for the
README), and the remote store and releases brought a dozen settings of their own.

A **project folder** holds what a user owns: ``records/``, ``corpus/``, the store directory and the
settings file ``modgraph.toml`` (``modgraph init DIR`` creates one). Each setting is read, the later
winning, from

1. its default (the ``SETTINGS`` table below),
2. the project's ``modgraph.toml`` (a top-level key of the same name as the field),
3. the environment (``MODGRAPH_<FIELD>``),
4. explicit overrides (CLI options, tests).

Nothing else in modgraph reads the environment or the settings file: every part gets a ``Settings``.

>>> s = Settings.load(Path("/tmp/no-such-project"), environ={"MODGRAPH_MAX_ROWS": "7"})
>>> s.max_rows, s.store
(7, PosixPath('/tmp/no-such-project/data'))
>>> Settings.load(Path("/tmp/p"), environ={"MODGRAPH_BASE_IRI": "https://example.org/x"})
Traceback (most recent call last):
  ...
modgraph.settings.SettingsError: base_iri must end with '/': 'https://example.org/x'
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

#: the program's own run-time data (ontology, shapes, query catalogue, templates …) ships inside the package
PACKAGE_DIR = Path(__file__).resolve().parent
#: name of the settings file in a project folder
SETTINGS_FILE = "modgraph.toml"


class SettingsError(ValueError):
    """A setting has a value that cannot be used (the message names it)."""


@dataclass(frozen=True)
class Setting:
    """One row of the settings table: field name, type, default and what it means."""

    name: str
    parse: Callable[[str], Any]
    default: Any
    doc: str
    path: bool = False  # a path: relative values in the settings file are relative to the project folder

    @property
    def env(self) -> str:
        return "MODGRAPH_" + self.name.upper()


def _optional(raw: str) -> str | None:
    return raw or None


#: the political geocoding IRIs of DCAT-AP.de; a KEY of ``geocoding`` may be given without it
GEOCODING_BASE = "http://dcat-ap.de/def/politicalGeocoding/"


def geocoding_iri(key: str) -> str:
    """A political geocoding IRI from its tail (``stateKey/04``) or the whole IRI."""
    return key if "://" in key else GEOCODING_BASE + key.lstrip("/")


def _geocoding(raw: str) -> tuple[tuple[str, str], ...]:
    """``place/bremen=regionalKey/040110000000, document/d6-2018=stateKey/04`` → pairs (IRIs expanded).

    >>> _geocoding("place/leipzig = regionalKey/147130000000")
    (('place/leipzig', 'http://dcat-ap.de/def/politicalGeocoding/regionalKey/147130000000'),)
    """
    pairs = []
    for item in raw.split(","):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(item)
        pairs.append((key.strip(), geocoding_iri(value.strip())))
    return tuple(pairs)


#: the SHACL validators of a build (``modgraph.pipeline.validation``)
VALIDATORS = ("compiled", "pyshacl")


def _validator(raw: str) -> str:
    if raw not in VALIDATORS:
        raise ValueError(f"unknown validator {raw!r}: use one of {', '.join(VALIDATORS)}")
    return raw


def _keep(raw: str) -> int:
    """At least one release (the current one) is kept.

    >>> _keep("0")
    Traceback (most recent call last):
      ...
    ValueError: keep_releases must be at least 1 (the current release), not 0
    """
    value = int(raw)
    if value < 1:
        raise ValueError(f"keep_releases must be at least 1 (the current release), not {value}")
    return value


#: how ``modgraph.store.remote`` authenticates at the SPARQL server
STORE_AUTH_KINDS = ("basic", "digest")


def _store_auth(raw: str) -> str:
    if raw not in STORE_AUTH_KINDS:
        raise ValueError(f"unknown authentication {raw!r}: use one of {', '.join(STORE_AUTH_KINDS)}")
    return raw


def _timeout_parameter(raw: str) -> tuple[str, str] | None:
    """``timeout:ms`` → ("timeout", "ms"): the query parameter that carries a server-side timeout, and its unit.

    >>> _timeout_parameter("timeout:ms"), _timeout_parameter("timeout"), _timeout_parameter("")
    (('timeout', 'ms'), ('timeout', 's'), None)
    """
    if not raw:
        return None
    name, _, unit = raw.partition(":")
    if not name or unit not in ("", "s", "ms"):
        raise ValueError(raw)
    return name, unit or "s"


#: The one table of settings. The README's configuration table is checked against it by a test.
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store",
        Path,
        None,
        "directory of the builds; `current` points at the published one (default: `data/` in the project)",
        path=True,
    ),
    Setting("base_iri", str, "https://w3id.org/modgraph/", "base of every data IRI (ends with `/`)"),
    Setting(
        "external",
        Path,
        None,
        "the W3C and DCAT-AP test suites and shapes, read by tests only (default: `../shared/external` beside the project)",
        path=True,
    ),
    Setting("query_timeout", float, 5.0, "seconds a SPARQL query may run"),
    Setting("max_rows", int, 10000, "result rows returned at most (truncation is stated)"),
    Setting("max_query_length", int, 20000, "longest accepted query, characters"),
    Setting("query_workers", int, 6, "worker processes running queries and dependency analyses"),
    Setting(
        "build_workers",
        int,
        2,
        "worker processes of a large build: mapping its documents, making its search index and dependency projection (1: all in the build's own process)",
    ),
    Setting("worker_memory", int, 2048, "address space a worker may use, MB (0: no limit); a job beyond it gets 507"),
    Setting("client_queries", int, 3, "queries one client address may run at once (0: no limit); more wait"),
    Setting("answer_cache", int, 64, "MB of the current build's query answers kept by query text (0: none are kept)"),
    Setting("write_token", _optional, None, "enables the update endpoint, which then requires this bearer token"),
    Setting("host", str, "127.0.0.1", "where `modgraph serve` listens"),
    Setting("port", int, 8000, "the port `modgraph serve` listens on"),
    Setting(
        "publisher_name",
        str,
        "modgraph – Offene Daten zur Verwaltungsmodernisierung",
        "publisher of the DCAT catalogue (`foaf:name`)",
    ),
    Setting("publisher_url", _optional, None, "the publisher's home page (default: the base IRI)"),
    Setting("contact_email", _optional, None, "contact point e-mail of the catalogue (default: none)"),
    Setting("contact_url", _optional, None, "contact point URL (default: the base IRI)"),
    Setting(
        "contributor_id",
        _optional,
        None,
        "`dcatde:contributorID` for GovData (ask GovData for your own; default: none, and the build warns)",
    ),
    Setting(
        "attribution",
        _optional,
        None,
        "`dcatde:licenseAttributionByText` required by dl-by-de/2.0 (default: the publisher's name, and the build warns)",
    ),
    Setting(
        "licence",
        str,
        "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
        "`dct:license` of the data (an IRI of the DCAT-AP.de licence list)",
    ),
    Setting(
        "geocoding",
        _geocoding,
        (),
        "`dct:spatial` of the datasets: `ID=KEY` pairs, comma-separated; ID a registry thing (`place/leipzig`) that a "
        "document names, or `document/ID`; KEY a political geocoding IRI or its tail (`regionalKey/147130000000`) "
        "(default: none, and the build warns)",
    ),
    Setting("spatial", _optional, None, "geocoding KEY of every dataset that `geocoding` gives none (default: none)"),
    Setting(
        "keep_releases",
        _keep,
        3,
        "releases (published builds) kept on disk and queryable by name at `/releases/{id}/sparql`; older ones are "
        "removed when a build is published (the current one never)",
    ),
    Setting(
        "store_url",
        _optional,
        None,
        "a SPARQL 1.1 server as the store (`modgraph.store.remote`): its base URL, for the Oxigraph server e.g. "
        "`http://127.0.0.1:7878`, from which `/query`, `/update` and `/store` follow (default: none, the embedded store)",
    ),
    Setting("store_query_url", _optional, None, "the server's SPARQL query URL (default: `store_url` + `/query`)"),
    Setting("store_update_url", _optional, None, "the server's SPARQL update URL (default: `store_url` + `/update`)"),
    Setting(
        "store_gsp_url",
        _optional,
        None,
        "the server's Graph Store HTTP Protocol URL (default: `store_url` + `/store`)",
    ),
    Setting("store_user", _optional, None, "user name at the SPARQL server (default: none, no authentication)"),
    Setting("store_password", _optional, None, "password of `store_user`"),
    Setting("store_auth", _store_auth, "basic", "how `store_user` authenticates: `basic` or `digest`"),
    Setting(
        "store_request_timeout",
        float,
        120.0,
        "seconds one request to the SPARQL server may take when building (uploads, counts, the switch)",
    ),
    Setting("store_retries", int, 3, "retries of a failed request to the SPARQL server (5xx, connection errors)"),
    Setting("store_chunk_bytes", int, 8 * 2**20, "bytes of N-Triples per upload request to the SPARQL server"),
    Setting(
        "store_timeout_parameter",
        _timeout_parameter,
        None,
        "query parameter passing `query_timeout` to the server, `NAME` (seconds) or `NAME:ms`, e.g. `timeout:ms` "
        "for Virtuoso, `timeout` for Fuseki (default: none; the Oxigraph server has only its `--timeout-s`)",
    ),
    Setting(
        "validator",
        _validator,
        "compiled",
        "SHACL validator of a build: `compiled` (shapes compiled to queries on the store) or `pyshacl` (the reference)",
    ),
)
BY_NAME = {s.name: s for s in SETTINGS}

#: settings that no longer exist, and why: a value for one is an error, never silently ignored
REMOVED: dict[str, str] = {
    "service_allowlist": (
        "federation is switched off: the query workers have no network at all (SERVICE and LOAD cannot reach "
        "any endpoint), because an allow-list read from the query text was bypassed by pyoxigraph's own parser; "
        "remove the setting"
    ),
}


@dataclass(frozen=True)
class Settings:
    """Every tunable of modgraph; build one with :meth:`Settings.load` (or directly, in tests).

    The project folder's ``records/`` and ``corpus/`` are the user's material; ``ontology``,
    ``shapes`` and ``queries`` are the program's and ship inside the package.
    """

    project: Path = Path(".")
    # ``None`` in the four path fields below means "derived from the project folder" (see __post_init__)
    store: Path = None  # type: ignore[assignment]
    base_iri: str = BY_NAME["base_iri"].default
    external: Path = None  # type: ignore[assignment]
    query_timeout: float = BY_NAME["query_timeout"].default
    max_rows: int = BY_NAME["max_rows"].default
    max_query_length: int = BY_NAME["max_query_length"].default
    query_workers: int = BY_NAME["query_workers"].default
    build_workers: int = BY_NAME["build_workers"].default
    worker_memory: int = BY_NAME["worker_memory"].default
    client_queries: int = BY_NAME["client_queries"].default
    answer_cache: int = BY_NAME["answer_cache"].default
    write_token: str | None = None
    host: str = BY_NAME["host"].default
    port: int = BY_NAME["port"].default
    publisher_name: str = BY_NAME["publisher_name"].default
    publisher_url: str | None = None
    contact_email: str | None = None
    contact_url: str | None = None
    contributor_id: str | None = None
    attribution: str | None = None
    licence: str = BY_NAME["licence"].default
    geocoding: tuple[tuple[str, str], ...] = ()
    spatial: str | None = None
    keep_releases: int = BY_NAME["keep_releases"].default
    validator: str = BY_NAME["validator"].default
    store_url: str | None = None
    store_query_url: str | None = None
    store_update_url: str | None = None
    store_gsp_url: str | None = None
    store_user: str | None = None
    store_password: str | None = None
    store_auth: str = BY_NAME["store_auth"].default
    store_request_timeout: float = BY_NAME["store_request_timeout"].default
    store_retries: int = BY_NAME["store_retries"].default
    store_chunk_bytes: int = BY_NAME["store_chunk_bytes"].default
    store_timeout_parameter: tuple[str, str] | None = None
    #: the user's material (defaults: ``records/`` and ``corpus/`` in the project folder)
    records_dir: Path = None  # type: ignore[assignment]
    corpus_dir: Path = None  # type: ignore[assignment]
    #: the program's material (package data)
    ontology_dir: Path = PACKAGE_DIR / "ontology"
    shapes_dir: Path = PACKAGE_DIR / "shapes"
    queries_dir: Path = PACKAGE_DIR / "queries"

    def __post_init__(self) -> None:
        project = Path(self.project).resolve()
        object.__setattr__(self, "project", project)
        derived = {
            "store": project / "data",
            "external": project.parent / "shared" / "external",
            "records_dir": project / "records",
            "corpus_dir": project / "corpus",
        }
        for name, default in derived.items():
            if getattr(self, name) is None:
                object.__setattr__(self, name, default)
        if not self.base_iri.endswith("/"):
            raise SettingsError(f"base_iri must end with '/': {self.base_iri!r}")

    @classmethod
    def load(cls, project: Path | None = None, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings of a project folder: defaults < ``modgraph.toml`` < environment < ``overrides``.

        ``project`` defaults to ``MODGRAPH_PROJECT``, else the nearest folder upwards from the working
        directory that has a ``modgraph.toml``, else the working directory.

        :raises SettingsError: a value that does not parse, an unknown key in the settings file.
        """
        env = os.environ if environ is None else environ
        folder = Path(project) if project is not None else find_project(Path.cwd(), env)
        values: dict[str, Any] = {}
        in_file = read_settings_file(folder)
        _refuse_removed(in_file, env, folder)
        for key, raw in in_file.items():
            setting = BY_NAME[key]
            value = _parse(setting, raw, f"{folder / SETTINGS_FILE}: {key}")
            values[key] = (folder / value) if setting.path and not Path(value).is_absolute() else value
        for setting in SETTINGS:
            raw = env.get(setting.env)
            if raw is not None and raw != "":
                values[setting.name] = _parse(setting, raw, setting.env)
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls(project=folder, **values)
        except TypeError as exc:
            raise SettingsError(str(exc)) from None

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the given fields replaced (``None`` values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _refuse_removed(in_file: Mapping[str, Any], environ: Mapping[str, str], folder: Path) -> None:
    """:raises SettingsError: a removed setting is given a non-empty value in the settings file or the environment."""
    for name, why in REMOVED.items():
        env = "MODGRAPH_" + name.upper()
        if in_file.get(name):
            raise SettingsError(f"{folder / SETTINGS_FILE}: {name}: {why}")
        if environ.get(env):
            raise SettingsError(f"{env}: {why}")


def _parse(setting: Setting, raw: Any, where: str) -> Any:
    try:
        return setting.parse(raw if isinstance(raw, str) else str(raw))
    except (TypeError, ValueError):
        raise SettingsError(f"{where}: not a valid value for {setting.name}: {raw!r}") from None


def find_project(start: Path, environ: Mapping[str, str]) -> Path:
    """``MODGRAPH_PROJECT``, else the nearest folder from ``start`` upwards with a settings file, else ``start``."""
    if environ.get("MODGRAPH_PROJECT"):
        return Path(environ["MODGRAPH_PROJECT"])
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    return start


def read_settings_file(project: Path) -> dict[str, Any]:
    """The settings in ``project/modgraph.toml`` (empty if there is none).

    :raises SettingsError: the file is not TOML, or names a setting that does not exist.
    """
    path = project / SETTINGS_FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - set(BY_NAME) - set(REMOVED))
    if unknown:
        raise SettingsError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    return data


def settings_fields() -> list[str]:
    """Names of the dataclass fields (for tests that compare the table with the object)."""
    return [f.name for f in fields(Settings)]
