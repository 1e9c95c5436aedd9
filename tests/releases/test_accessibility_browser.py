"""axe-core in headless chromium over the release pages and a resource page's as-of section (three releases of
the tiny project): no serious or critical WCAG 2 A/AA finding, in German and English."""

from __future__ import annotations

import pytest

from modgraph.web.app import create_app
from tests.browser import browser, serving  # noqa: F401
from tests.web.test_accessibility_browser import AXE, RUN

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = [
    "/releases",
    "/releases?lang=en",
    "/releases/2/changes",
    "/releases/2/changes?lang=en",
    "/releases/3/changes",  # no changes
    "/doc/measure/tiny/e-akte?on=2024-02-01",
    "/doc/measure/tiny/e-akte?on=2024-01-01&lang=en",  # before the status: nothing said yet
]


def test_release_pages_have_no_serious_or_critical_findings(browser, released):  # noqa: F811
    source = AXE.read_text(encoding="utf-8")
    found = {}
    with serving(create_app(released.settings)) as live:
        browser.set_script_timeout(60)
        for path in PAGES:
            browser.get(live.url + path)
            assert "modgraph" in browser.title, path
            browser.execute_script(source)
            bad = [v for v in browser.execute_async_script(RUN) if v["impact"] in ("serious", "critical")]
            if bad:
                found[path] = bad
    assert not found, found
