"""axe-core (vendored by scripts/build-assets.sh) in headless chromium over every page type of the
corpus build: no serious or critical WCAG 2 A/AA finding on any of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from modgraph.web.app import create_app
from tests.browser import browser, serving  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # about 25 s: axe over 20 pages

AXE = Path(__file__).parents[2] / "modgraph" / "web" / "static" / "vendor" / "axe" / "axe.min.js"
PAGES = [
    "/",
    "/?lang=en",
    "/search?q=Digitalisierung",
    "/search?q=Digitalisierung&kind=https%3A%2F%2Fw3id.org%2Fmodgraph%2Fdef%23Measure",
    "/doc/measure/zov-2017/3-2",
    "/doc/programme/zov",  # with its timeline
    "/doc/organisation/dataport",
    "/class/",
    "/class/mg:Measure?sort=status",
    "/class/mg:Decision?sort=date&desc=1",
    "/graph/zov-2017",
    "/def",
    "/catalog",
    "/downloads/",
    "/doc/measure/no-such-thing",  # the error page
    "/charts/",
    "/charts/status?on=2024-01-01",
    "/charts/budgets?lang=en",
    "/charts/key-figures",
    "/doc/measure/d6-2018/d6",  # a resource page with a status, a budget and a key-figure chart
]
RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
   .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                          nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
   .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
"""


def test_no_serious_or_critical_findings(browser, corpus_build):  # noqa: F811
    assert AXE.is_file(), f"{AXE} is missing: run scripts/build-assets.sh"
    source = AXE.read_text(encoding="utf-8")
    settings, _, _ = corpus_build
    found = {}
    with serving(create_app(settings)) as live:
        browser.set_script_timeout(60)
        for path in PAGES:
            browser.get(live.url + path)
            browser.execute_script(source)
            violations = browser.execute_async_script(RUN)
            bad = [v for v in violations if v["impact"] in ("serious", "critical")]
            if bad:
                found[path] = bad
    assert not found, found
