"""Releases on the web: the list, what changed from one release to the next, the patch, and queries on a release.

    /releases                       the kept releases, newest first (HTML; JSON with Accept: application/json
                                    or ?format=json: id, version, previous, created, triples, sources, links)
    /releases/{ref}/changes         what changed from the release's predecessor (or ?from=REF) to it, grouped
                                    by kind of resource, each linked (HTML, JSON)
    /releases/{ref}/patch           the same difference as RDF Patch (application/rdf-patch)
    /releases/{ref}/sparql          the SPARQL 1.1 protocol (GET and POST queries) on that release

``{ref}`` names a kept release as ``modgraph.store.releases.find_release`` reads it: its id, its version number,
``current``, ``previous``, or a day (``2026-12-01``: the release that was current then) — so "what did the graph
say on day D" is one request, ``/releases/D/sparql?query=…``. Releases beyond the newest ``keep_releases`` are
removed from disk and answer 404. The patch of two releases is computed on the first request and kept in memory
(the last few pairs): releases never change once published.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from modgraph.iris import release_iri
from modgraph.media import HTML, JSON, RDF_PATCH
from modgraph.store.builds import StoreError
from modgraph.store.changes import ResourceChange, by_kind, model_changes, resource_changes
from modgraph.store.patch import Patch, write_patch
from modgraph.store.releases import Release, find_release, predecessor, release_patch, releases
from modgraph.web.errors import WebError
from modgraph.web.labels import Labels
from modgraph.web.page_context import Ctx, context
from modgraph.web.resources import Published, Resources, resources
from modgraph.web.responses import QUERY_FORMATS, QUERY_STATUSES, format_query, responses
from modgraph.web.sparql import _from_params, _url_params, answer_query, parse_post
from modgraph.web.ui import UI

router = APIRouter(tags=["Releases"])

RELEASE_FORMATS = (HTML, JSON)
#: values shown per changed property on the changes page (the patch has all)
MAX_VALUES = 5
#: patches kept in memory, by (old id, new id)
CACHED_PATCHES = 4
_patches: dict[tuple[str, str], Patch] = {}

REF_DOC = "A release: its id, its version number, current, previous, or a day YYYY-MM-DD (the release current then)"
FROM_DOC = "Compare with this release instead of the predecessor (same forms as the release)"


def release(res: Resources, ref: str) -> Release:
    """The kept release ``ref`` names.

    :raises WebError: 404 ``no-release`` (the message lists the kept releases)
    """
    try:
        return find_release(res.location, ref)
    except StoreError as exc:
        raise WebError(404, "no-release", str(exc), release=ref) from None


def _older(res: Resources, new: Release, ref: str | None) -> Release:
    """The release to compare ``new`` with: ``ref``, else its predecessor.

    :raises WebError: 404 when there is none (the first release, or a predecessor no longer kept)
    """
    if ref is not None:
        return release(res, ref)
    try:
        return predecessor(res.location, new)
    except StoreError as exc:
        raise WebError(404, "no-predecessor", str(exc), release=new.id) from None


def patch_of(old: Release, new: Release) -> Patch:
    """The patch from ``old`` to ``new``, computed once per pair (kept for the last ``CACHED_PATCHES`` pairs)."""
    key = (old.id, new.id)
    if key not in _patches:
        while len(_patches) >= CACHED_PATCHES:
            _patches.pop(next(iter(_patches)))
        _patches[key] = release_patch(old, new)
    return _patches[key]


def links(root: str, r: Release) -> dict:
    base = f"{root}/releases/{r.id}"
    return {"changes": base + "/changes", "patch": base + "/patch", "sparql": base + "/sparql"}


def release_json(root: str, r: Release) -> dict:
    """One release in ``/releases`` JSON: id, version, previous, created, triples, sources, iri, links."""
    return {**r.as_json(), "iri": release_iri(r.info.base_iri, r.id), **links(root, r)}


def _page(path: str, summary: str):
    """The route decorator of a page offered as HTML and JSON."""
    return router.get(
        path, response_class=Response, summary=summary, responses=responses(RELEASE_FORMATS, 400, 404, 406, 503)
    )


@_page("/releases", "The kept releases, newest first (HTML, JSON: id, version, previous, created)")
def list_releases(
    ctx: Ctx = Depends(context), res: Resources = Depends(resources), format: str | None = format_query(RELEASE_FORMATS)
):
    fmt = ctx.page_format(RELEASE_FORMATS)
    kept = list(reversed(releases(res.location)))
    if fmt is JSON:
        return JSONResponse([release_json(ctx.root, r) for r in kept])
    return ctx.render(
        "releases.html",
        title=UI[ctx.lang]["releases"],
        releases=[{**release_json(ctx.root, r), "previous_kept": r.previous_kept} for r in kept],
        current=ctx.info.id,
        keep=res.settings.keep_releases,
    )


def _change_view(ctx: Ctx, change: ResourceChange, labels: Labels) -> dict:
    return {
        "iri": change.iri,
        "href": ctx.href(change.iri) if change.change != "removed" else None,
        "label": labels.get(change.iri),
        "change": change.change,
        "properties": [
            {
                "iri": p.property,
                "label": labels.get(p.property),
                "removed": [str(v) for v in p.removed[:MAX_VALUES]],
                "added": [str(v) for v in p.added[:MAX_VALUES]],
                "more": max(len(p.removed), len(p.added)) > MAX_VALUES,
            }
            for p in change.properties
        ],
    }


def _graph_labels(ctx: Ctx, r: Release) -> Labels:
    """Labels read from release ``r`` (its data and its ontology)."""
    store = r.build.open_read_only()
    info = r.info
    graphs: list = [ox.DefaultGraph()] if info.union_in_default_graph else [ox.NamedNode(g) for g in info.data_graphs]
    graphs += [ox.NamedNode(g) for g in info.graphs if g.endswith("/ontology")]
    return Labels(store, graphs, ctx.lang)


@_page(
    "/releases/{ref}/changes",
    "What changed from the release's predecessor (or ?from=) to it, by kind of resource (HTML, JSON)",
)
def changes(
    ref: str,
    ctx: Ctx = Depends(context),
    res: Resources = Depends(resources),
    from_: str | None = Query(None, alias="from", max_length=40, description=FROM_DOC),
    format: str | None = format_query(RELEASE_FORMATS),
):
    fmt = ctx.page_format(RELEASE_FORMATS)
    new = release(res, ref)
    old = _older(res, new, from_)
    patch = patch_of(old, new)
    model = {g for r in (old, new) for g in r.info.graphs if g not in r.info.data_graphs}
    found = resource_changes(patch, old.build.open_read_only(), new.build.open_read_only(), model)
    new_labels, old_labels = _graph_labels(ctx, new), _graph_labels(ctx, old)
    new_labels.fetch({c.iri for c in found if c.change != "removed"} | {c.kind for c in found})
    old_labels.fetch({c.iri for c in found if c.change == "removed"})
    groups = []
    for group in by_kind(found):
        views = {
            side: [_change_view(ctx, c, old_labels if side == "removed" else new_labels) for c in getattr(group, side)]
            for side in ("added", "removed", "changed")
        }
        groups.append({"kind": group.kind, "label": new_labels.get(group.kind) if group.kind else "", **views})
    models = {g: {"deleted": d, "added": a} for g, (d, a) in model_changes(patch, model).items()}
    body: dict[str, Any] = {
        "release": release_json(ctx.root, new),
        "from": release_json(ctx.root, old),
        "deleted": len(patch.deleted),
        "added": len(patch.added),
        "kinds": groups,
        "model_graphs": models,
    }
    if fmt is JSON:
        return JSONResponse(body)
    return ctx.render(
        "changes.html",
        title=f"{UI[ctx.lang]['changes']} {old.version} → {new.version}",
        old_release=body["from"],
        **{k: v for k, v in body.items() if k != "from"},
    )


@router.get(
    "/releases/{ref}/patch",
    response_class=Response,
    summary="The RDF Patch from the release's predecessor (or ?from=) to it",
    responses=responses((RDF_PATCH,), 400, 404, 503, ok_description="The RDF Patch"),
)
def patch(
    ref: str,
    res: Resources = Depends(resources),
    from_: str | None = Query(None, alias="from", max_length=40, description=FROM_DOC),
):
    new = release(res, ref)
    old = _older(res, new, from_)
    text = write_patch(patch_of(old, new))
    name = f"{old.id}-{new.id}.rdfp"
    return Response(
        text,
        media_type=f"{RDF_PATCH.media_type}; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{name}"', "ETag": f'"{old.id}-{new.id}"'},
    )


def _published(res: Resources, ref: str) -> Published:
    r = release(res, ref)
    return Published(r.build, r.info)


@router.get(
    "/releases/{ref}/sparql",
    response_class=Response,
    summary="SPARQL query by GET on a kept release",
    responses=responses(QUERY_FORMATS, 403, 404, 413, *QUERY_STATUSES),
)
async def release_sparql_get(
    ref: str,
    request: Request,
    res: Resources = Depends(resources),
    query: str | None = Query(None, description="The SPARQL query"),
    default_graph_uri: list[str] = Query(
        [], alias="default-graph-uri", description="Graphs merged into the default graph"
    ),
    named_graph_uri: list[str] = Query([], alias="named-graph-uri", description="Graphs available to GRAPH"),
) -> Response:
    req = _from_params(_url_params(request))
    if req.update is not None or req.query is None:
        raise WebError(400, "bad-request", f"give a query: /releases/{ref}/sparql?query=… (a release is read-only)")
    return await answer_query(request, res, req.query, req.dataset, cacheable=True, published=_published(res, ref))


@router.post(
    "/releases/{ref}/sparql",
    response_class=Response,
    summary="SPARQL query by POST on a kept release (form-encoded or application/sparql-query)",
    responses=responses(QUERY_FORMATS, 403, 404, 413, 415, *QUERY_STATUSES[1:]),
)
async def release_sparql_post(ref: str, request: Request, res: Resources = Depends(resources)) -> Response:
    req = await parse_post(request, res.settings.max_query_length)
    if req.update is not None or req.query is None:
        raise WebError(400, "bad-request", "POST a 'query' (a release is read-only: no updates)")
    return await answer_query(request, res, req.query, req.dataset, cacheable=False, published=_published(res, ref))
