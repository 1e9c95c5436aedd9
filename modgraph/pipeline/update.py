"""A SPARQL Update, applied the way a build is published: to a copy, with every publication file.

The published store is never changed in place (query workers hold it open read-only)::

    copy the current build      (modgraph.store.drafts.start_copy: RocksDB checkpoint + build.json)
    carry over validation.json  (an update is not validated again: the pages keep the build's warnings)
    apply the update            (keeping the materialised union default graph right; graphs recounted)
    publication files           (modgraph.publish.write_downloads: dumps, catalogue, VoID, sitemap)
    publish                     (under the store's lock, only if the copied build is still current)

Runs in a worker process of the web server (``modgraph.web.update``), so its arguments are plain
picklable values.
"""

from __future__ import annotations

import shutil

from modgraph.publish import write_downloads
from modgraph.settings import Settings
from modgraph.store.builds import BuildInfo, StoreLocation
from modgraph.store.drafts import apply_update, start_copy


def update_graph(settings: Settings, text: str, base: str | None = None) -> BuildInfo:
    """Apply ``text`` to a copy of the current build and publish it; returns the new build's info.

    :param base: the build id the update is meant for (None: whatever build is current now)
    :raises SyntaxError: the update does not parse (nothing is published)
    :raises PublishConflict: ``base`` is not the current build, or another build was published while
        the update was applied (nothing is published; the newer build stays)
    :raises StoreError: nothing has been published yet
    """
    with start_copy(StoreLocation(settings.store), expected=base) as draft:
        assert draft.base is not None  # a copy always has its base
        if draft.base.validation_path.is_file():
            shutil.copyfile(draft.base.validation_path, draft.build.validation_path)
        apply_update(draft, text)
        write_downloads(draft.build, settings, report_json=None)
        return draft.publish(keep=settings.keep_releases).info
