"""One settings object for the whole project, read from environment variables.

CLI options override single fields (see ``graph.cli``); nothing else reads the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def _env_list(name: str) -> tuple[str, ...]:
    raw = os.environ.get(name, "")
    return tuple(item.strip() for item in raw.split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    """Every tunable of modgraph. Environment variable names are given per field."""

    #: MODGRAPH_STORE: directory holding the built stores (``current`` points at the live one)
    store: Path = field(default_factory=lambda: Path(_env("MODGRAPH_STORE", str(PROJECT_ROOT / "data"))))
    #: MODGRAPH_BASE_IRI: base of every data IRI (must end with "/")
    base_iri: str = field(default_factory=lambda: _env("MODGRAPH_BASE_IRI", "https://w3id.org/modgraph/"))
    #: MODGRAPH_EXTERNAL: the W3C / DCAT-AP test suites and shapes (read by tests only)
    external: Path = field(
        default_factory=lambda: Path(_env("MODGRAPH_EXTERNAL", str(PROJECT_ROOT.parent / "shared" / "external")))
    )
    #: MODGRAPH_QUERY_TIMEOUT: seconds a SPARQL query may run before it is stopped
    query_timeout: float = field(default_factory=lambda: float(_env("MODGRAPH_QUERY_TIMEOUT", "5")))
    #: MODGRAPH_MAX_ROWS: result rows returned at most (the truncation is stated)
    max_rows: int = field(default_factory=lambda: int(_env("MODGRAPH_MAX_ROWS", "10000")))
    #: MODGRAPH_MAX_QUERY_LENGTH: longest accepted query text in characters
    max_query_length: int = field(default_factory=lambda: int(_env("MODGRAPH_MAX_QUERY_LENGTH", "20000")))
    #: MODGRAPH_QUERY_WORKERS: worker processes that run queries
    query_workers: int = field(default_factory=lambda: int(_env("MODGRAPH_QUERY_WORKERS", "2")))
    #: MODGRAPH_SERVICE_ALLOWLIST: comma-separated endpoints SERVICE may call (default: none)
    service_allowlist: tuple[str, ...] = field(default_factory=lambda: _env_list("MODGRAPH_SERVICE_ALLOWLIST"))
    #: MODGRAPH_WRITE_TOKEN: enables the update endpoint, which then requires this bearer token
    write_token: str | None = field(default_factory=lambda: os.environ.get("MODGRAPH_WRITE_TOKEN") or None)
    #: MODGRAPH_HOST / MODGRAPH_PORT: where ``modgraph serve`` listens
    host: str = field(default_factory=lambda: _env("MODGRAPH_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("MODGRAPH_PORT", "8000")))

    # Project inputs: fixed relative to the checkout.
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    records_dir: Path = PROJECT_ROOT / "records"
    ontology_dir: Path = PROJECT_ROOT / "ontology"
    shapes_dir: Path = PROJECT_ROOT / "shapes"
    queries_dir: Path = PROJECT_ROOT / "queries"

    # Publication (DCAT-AP.de catalogue, resource pages).
    #: MODGRAPH_PUBLISHER_NAME: dct:publisher (foaf:name) of the catalogue and datasets
    publisher_name: str = field(default_factory=lambda: _env("MODGRAPH_PUBLISHER_NAME", "modgraph – Offene Daten zur Verwaltungsmodernisierung"))
    #: MODGRAPH_PUBLISHER_URL: the publisher's home page (default: the base IRI)
    publisher_url: str | None = field(default_factory=lambda: os.environ.get("MODGRAPH_PUBLISHER_URL") or None)
    #: MODGRAPH_CONTACT_EMAIL: contact point e-mail (vcard:hasEmail); none by default
    contact_email: str | None = field(default_factory=lambda: os.environ.get("MODGRAPH_CONTACT_EMAIL") or None)
    #: MODGRAPH_CONTACT_URL: contact point URL (vcard:hasURL; default: the base IRI)
    contact_url: str | None = field(default_factory=lambda: os.environ.get("MODGRAPH_CONTACT_URL") or None)
    #: MODGRAPH_CONTRIBUTOR_ID: dcatde:contributorID for GovData (ask info@govdata.de for your own)
    contributor_id: str = field(default_factory=lambda: _env("MODGRAPH_CONTRIBUTOR_ID", "http://dcat-ap.de/def/contributors/transparenzportalBremen"))
    #: MODGRAPH_ATTRIBUTION: dcatde:licenseAttributionByText required by dl-by-de/2.0
    attribution: str = field(default_factory=lambda: _env("MODGRAPH_ATTRIBUTION", "modgraph (Wissensgraph), auf Grundlage von Veröffentlichungen der Freien Hansestadt Bremen und der Stadt Leipzig"))

    def __post_init__(self) -> None:
        if not self.base_iri.endswith("/"):
            raise ValueError(f"MODGRAPH_BASE_IRI must end with '/': {self.base_iri!r}")

    def with_overrides(self, **changes: object) -> "Settings":
        """A copy with the given fields replaced (``None`` values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def get_settings() -> Settings:
    return Settings()
