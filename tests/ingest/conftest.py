"""A second city's project, from its PDF: ingested and drafted once per session (no build: the tests
that build do so themselves, once each)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modgraph.ingest import ingest_file
from modgraph.ingest.draft import draft_document

FIXTURES = Path(__file__).with_name("fixtures")
DOC = "musterstadt-2025"
#: the second city's own catalogue settings (a fictional city: its contributor id and regional key)
SETTINGS = """base_iri = "https://data.musterstadt.example/"
publisher_name = "Stadt Musterstadt"
contact_email = "open-data@musterstadt.example"
contributor_id = "http://dcat-ap.de/def/contributors/stadtMusterstadt"
attribution = "Stadt Musterstadt, Digitalstrategie 2025"
geocoding = "document/musterstadt-2025=regionalKey/099990000000"
"""


@pytest.fixture(scope="session")
def drafted_project(tmp_path_factory) -> Path:
    """A project folder with the ingested PDF and its draft record file (nothing reviewed yet)."""
    project = tmp_path_factory.mktemp("musterstadt")
    (project / "modgraph.toml").write_text(SETTINGS, encoding="utf-8")
    ingest_file(FIXTURES / "musterstadt-digitalstrategie.pdf", project / "corpus", project / "records", DOC)
    draft_document(DOC, project / "corpus", project / "records")
    return project


@pytest.fixture
def project(drafted_project, tmp_path) -> Path:
    """A copy of the drafted project that a test may review and build."""
    copy = tmp_path / "project"
    shutil.copytree(drafted_project, copy)
    return copy
