"""Where built graphs live: an on-disk Oxigraph store per build, switched atomically.

Layout under ``Settings.store``::

    builds/<build-id>/store/            the Oxigraph (RocksDB) store of that build
    builds/<build-id>/build.json        what the build holds: graphs, triple counts, time, source checksums,
                                        its release number (``version``) and predecessor (``previous``),
                                        and per document graph the checksums of its inputs (``inputs``), by
                                        which the next build knows which graphs it can copy unchanged
    builds/<build-id>/downloads/        dumps, catalogue, VoID, sitemap (written by ``modgraph.publish``)
    builds/<build-id>/validation.json   the build's SHACL report (written by ``modgraph.publish``)
    builds/<build-id>.partial/          a build being written; ``.writing.lock`` in it is held (``flock``)
                                        by its writer for as long as it writes
    current -> builds/<build-id>        the published build (a symlink, replaced atomically)
    .publish.lock                       held (``flock``) while ``current`` is switched

The modules:

``builds``         what a build is (``Build``, ``BuildInfo``) and where builds live (``StoreLocation``)
``drafts``         writing: a new build (empty, or a copy of the current one), updates, publishing
``lock``           the publication lock and the writing locks of partial builds
``default_graph``  the materialised union default graph, and dumps that leave it out
``reading``        queries on a build, and the in-process handle on the published one
``protocol``       ``GraphStore``: the calls readers make on a store (query, dump, named graphs, len), which the
                   embedded store and the remote one both answer
``remote``         a SPARQL 1.1 server as the store (``MODGRAPH_STORE_URL``): the build made here as below, then
                   published there atomically (``remote/README.md``)
``releases``       every published build is a release (number, predecessor, time, sources' checksums); the kept
                   ones, found by id, number, ``current``/``previous`` or day
``patch``          the difference of two releases as RDF Patch (blank nodes canonically labelled), and applying it
``changes``        what a patch means resource by resource (added, removed, changed; grouped by kind)

Builds kept: the newest ``keep_releases`` (setting, default 3) complete builds stay on disk after a build is
published (``StoreLocation.prune``; the current one is never removed). They are the releases one can query and
compare by name (``/releases/{ref}/sparql``, ``modgraph diff``).

A build is written to ``builds/<id>.partial`` and only renamed and published once it is complete,
so a failing or interrupted build never touches what ``current`` serves. Readers open the store
read-only (``pyoxigraph.Store.read_only``): many processes may read it while a new build is written.

What a writer can rely on (tested by ``tests/store/test_race.py``, with writers killed at random):

- ``current`` always points at a complete build: ``build.json``, ``store/``, ``downloads/`` and
  ``validation.json`` all exist, and the counts in ``build.json`` are those of the store.
- A **build from the records** (``start_build``) is published unconditionally: it replaces whatever
  is current, including every update published before it — the records are the source of truth,
  and an update that should last must go into the records.
- An **update** (``start_copy``) is published only if the build it copied is still current
  (compare-and-swap under the publication lock); otherwise it raises ``PublishConflict`` and nothing
  is published. So an update that returned (was *acknowledged*) is in every later build until a build
  from the records is published after it; an update never replaces a newer build.
- A writer that dies (even by ``kill -9``) publishes nothing unless it had already switched
  ``current``; its ``.partial`` directory is removed by the next build or publish, which see that
  no live process holds its writing lock. Partial builds of live writers are never touched.
"""
