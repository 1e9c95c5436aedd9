"""Documents mapped in worker processes: a full build of many documents maps them on every core.

Mapping is Python (rdflib terms, one graph per document) and each document's graph depends on its record file
and source alone (``mapping.document_mapper``), so documents are mapped side by side in ``spawn``-ed worker
processes while the build's own process loads the N-Triples they send back into the draft store. At most
``2 × workers`` documents are mapped ahead of the loading, so memory stays bounded by a few documents.

Fewer documents than ``modgraph.publish.PROCESSES_FROM`` (a one-record build maps one) are mapped in the build's
own process (``modgraph.pipeline.build``): a worker's start (its imports) costs about a second.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Generator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from modgraph.pipeline.mapping import document_mapper
from modgraph.pipeline.records import RecordFile


def ntriples_in_workers(files: Sequence[RecordFile], base_iri: str, workers: int) -> Generator[bytes, None, None]:
    """The N-Triples of each file's document graph, in the order of ``files``, mapped by ``workers`` processes.

    Closing the iterator early (the build failed) cancels what was not started and waits for the rest.

    :raises RecordError: a record could not be mapped (as the mapping in this process raises it)
    """
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        pending: deque[Future] = deque()
        ahead = iter(files)
        for rf in ahead:
            pending.append(pool.submit(_ntriples, rf, base_iri))
            if len(pending) >= 2 * workers:
                break
        while pending:
            data = pending.popleft().result()
            following = next(ahead, None)
            if following is not None:
                pending.append(pool.submit(_ntriples, following, base_iri))
            yield data
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _ntriples(rf: RecordFile, base_iri: str) -> bytes:
    return document_mapper(rf, base_iri).ntriples()
