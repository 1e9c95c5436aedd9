"""The home page and a programme's timeline on the corpus build, over a real server."""

from __future__ import annotations

import re


def _section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def test_home_page_leads_with_programmes_that_have_measures(site):
    html = site.get("/", params={"lang": "de"}).text
    counts = [
        int(n) for n in re.findall(r'<td class="num">(\d+)</td><td class="num">\d+</td></tr>', _section(html, "h-prog"))
    ]
    assert counts[:2] == sorted(counts, reverse=True)[:2] and counts[0] > 0 and counts[-1] == 0
    assert counts == sorted(counts, reverse=True)
    statuses = _section(html, "h-status")
    dates = re.findall(r"<td>(\d{4}-\d{2}-\d{2})</td>", statuses)
    assert dates and dates == sorted(dates, reverse=True)
    deadlines = _section(html, "h-due")
    assert "<td>Jahr</td>" in deadlines or "<td>Monat</td>" in deadlines  # the precision is shown
    assert 'id="h-cls"' not in html  # no list of schema classes


def test_a_programmes_timeline_shows_each_dates_precision(site):
    html = site.get("/doc/programme/zov", params={"lang": "de"}).text
    svg = html.split('<svg class="timeline"', 1)[1].split("</svg>", 1)[0]
    # "bis Ende 2017" (year) is a bar over the year; a decision day is a point
    assert re.search(r'<rect class="span milestone"[^>]*/><title>[^<]*Ende 2017', svg)
    assert '<path class="milestone"' in svg and '<circle class="status"' in svg
    assert svg.count('<a href="/doc/measure/zov-2017/') > 40
    assert "Einführung eines Online-Terminmanagement-Systems" in html.split('id="h-timeline"', 1)[1]
    assert '<svg class="timeline"' not in site.get("/doc/measure/zov-2017/3-2").text  # programmes only


def test_the_precomputed_overview_and_live_queries_show_the_same(site, corpus_build):
    """The home page reads the build's overview.json; without one (a build from before) it queries the
    store, and both show the same programmes, statuses and deadlines."""
    from modgraph.search import index_path
    from modgraph.web import home

    _, build, _ = corpus_build
    overview = index_path(build) / "overview.json"
    assert overview.is_file()
    with_overview = site.get("/", params={"lang": "de"}).text
    moved = overview.with_suffix(".moved")
    overview.rename(moved)
    home._overviews.clear()
    try:
        queried = site.get("/", params={"lang": "de"}).text
    finally:
        moved.rename(overview)
        home._overviews.clear()
    for section in ("h-prog", "h-status", "h-due"):
        assert _section(with_overview, section) == _section(queried, section), section


def test_the_timeline_speaks_the_pages_language_and_links_the_passages(site):
    de = site.get("/doc/programme/zov", params={"lang": "de"}).text
    en = site.get("/doc/programme/zov", params={"lang": "en"}).text
    assert re.search(r'<title id="tl-title">[^<]*: 43 Maßnahmen mit Terminen</title>\s*<desc id="tl-desc">Raute', de)
    assert re.search(r'<title id="tl-title">[^<]*: 43 measures with dates</title>', en)
    table = de.split('id="h-timeline"', 1)[1].split("</details>", 1)[0]
    # zov-2017, line 340: the online appointment system "bis Mai 2018"
    assert re.search(r'<a href="/doc/passage/zov-2017/[\d-]+">Textstelle, Zeile \d+</a>', table)
