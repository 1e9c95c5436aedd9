"""The sitemap of a build (``downloads/sitemap.xml``): the site's main pages and every resource page."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pyoxigraph as ox

from modgraph.iris import catalog_iri, page_url, site_url
from modgraph.publish.graph_facts import subjects_in
from modgraph.store.builds import Build, BuildInfo
from modgraph.store.reading import select

#: the sitemap protocol's limit of URLs per file
MAX_URLS = 50000


def page_resources(store: ox.Store, info: BuildInfo, facts: dict[str, dict] | None = None) -> list[str]:
    """Every IRI under ``{base}id/`` (without fragment) that is a subject in a data graph, sorted; from the
    graphs' ``facts`` (``graph_facts``) when given, else by a query on the store."""
    prefix = site_url(info.base_iri, "id/")
    if facts is not None:
        found = subjects_in(facts, info.data_graphs)
        return sorted(s for s in found if s.startswith(prefix) and "#" not in s)
    q = f"""SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{prefix}") && !CONTAINS(STR(?s), "#")) }}"""
    # the materialised default graph is the union of the data graphs (older builds: name them)
    union = {} if info.union_in_default_graph else {"default_graph": [ox.NamedNode(g) for g in info.data_graphs]}
    rows = select(store, q, **union)
    return sorted(row["s"].value for row in rows)


def sitemap_xml(store: ox.Store, info: BuildInfo, facts: dict[str, dict] | None = None) -> str:
    base = info.base_iri
    lastmod = info.created[:10]
    urls = [base, catalog_iri(base), site_url(base, "def"), site_url(base, "downloads/"), site_url(base, "class/")]
    urls += [page_url(iri, base) for iri in page_resources(store, info, facts)]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in urls[:MAX_URLS]:
        lines.append(f"  <url><loc>{escape(url)}</loc><lastmod>{lastmod}</lastmod></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(build: Build, store: ox.Store, info: BuildInfo, facts: dict[str, dict] | None = None) -> None:
    (build.downloads / "sitemap.xml").write_text(sitemap_xml(store, info, facts), encoding="utf-8")
