"""Old home of the publication files; split into ``dumps``, ``catalog``, ``void`` and ``sitemap``.

Kept only so that code not yet updated keeps importing (re-export until the merge): import from
``modgraph.publish`` (``write_downloads``) and its modules instead.
"""

from __future__ import annotations

# re-export until the merge
from modgraph.iris import catalog_iri  # noqa: F401
from modgraph.publish import write_downloads, write_validation  # noqa: F401
from modgraph.publish.catalog import (  # noqa: F401
    CATALOG_FORMATS, LICENCE, LICENCE_PAGE, PROFILE_DE2, PROFILE_DE3, PROFILES, catalog_file, catalogue_graph,
    codelists_graph, dataset_iri,
)
from modgraph.publish.dumps import DOCUMENT_DUMP, DUMPS  # noqa: F401
from modgraph.publish.sitemap import page_resources, sitemap_xml  # noqa: F401
from modgraph.publish.void import void_graph  # noqa: F401
