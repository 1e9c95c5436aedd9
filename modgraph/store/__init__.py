"""Where built graphs live: an on-disk Oxigraph store per build, switched atomically.

Layout under ``Settings.store``::

    builds/<build-id>/store/            the Oxigraph (RocksDB) store of that build
    builds/<build-id>/build.json        what the build holds: graphs, triple counts, time, source checksums
    builds/<build-id>/downloads/        dumps, catalogue, VoID, sitemap (written by ``modgraph.publish``)
    builds/<build-id>/validation.json   the build's SHACL report (written by ``modgraph.publish``)
    current -> builds/<build-id>        the published build (a symlink, replaced atomically)
    .publish.lock                       held (``flock``) while ``current`` is switched

The modules:

``builds``         what a build is (``Build``, ``BuildInfo``) and where builds live (``StoreLocation``)
``drafts``         writing: a new build (empty, or a copy of the current one), updates, publishing
``lock``           the one publication lock
``default_graph``  the materialised union default graph, and dumps that leave it out
``reading``        queries on a build, and the in-process handle on the published one

A build is written to ``builds/<id>.partial`` and only renamed and published once it is complete,
so a failing or interrupted build never touches what ``current`` serves. Readers open the store
read-only (``pyoxigraph.Store.read_only``): many processes may read it while a new build is written.
"""
