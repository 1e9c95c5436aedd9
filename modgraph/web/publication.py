"""Publication routes: the DCAT-AP.de catalogue, the dumps, VoID, robots.txt and the sitemap.

    /catalog              the catalogue (HTML, Turtle, RDF/XML, JSON-LD by Accept or ?format=;
                          ?profile=dcat-ap-de-2.0 or Accept-Profile for the 2.0 form)
    /catalog.{ext}        the catalogue in one format (ttl, rdf, jsonld)
    /downloads/           the dumps of the current build, with sizes and checksums; /downloads/{file}
    /void, /.well-known/void   the VoID description (an RDF syntax by Accept; */* gives Turtle)
    /robots.txt, /sitemap.xml

The files are those ``modgraph build`` wrote into the build's ``downloads/`` folder.
"""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, Response

from modgraph.iris import catalog_iri, site_url
from modgraph.media import FORMATS, GRAPH_FORMATS, HTML, JSON_LD, RDF_XML, TURTLE, XML, by_extension
from modgraph.publish import catalog as pub
from modgraph.web.description import void_response
from modgraph.web.errors import WebError
from modgraph.web.page_context import Ctx, context, link_header
from modgraph.web.resources import Resources, resources
from modgraph.web.responses import format_query, responses
from modgraph.web.ui import UI

router = APIRouter(tags=["Publication"])

CATALOG_FORMATS = (HTML, TURTLE, RDF_XML, JSON_LD)  # the files: pub.CATALOG_FORMATS, by short name


def _manifest(ctx: Ctx) -> dict:
    path = ctx.build.downloads / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _file(ctx: Ctx, name: str) -> Path:
    """A file of the build's downloads.

    :raises WebError: 404 for names outside the folder and files the build does not have.
    """
    path = ctx.build.downloads / name
    if "/" in name or name.startswith(".") or not path.is_file():
        raise WebError(404, "not-found", f"this build has no file {name}", iri=site_url(ctx.base, f"downloads/{name}"))
    return path


@router.get(
    "/downloads/",
    response_class=HTMLResponse,
    summary="The dumps of the current build, with checksums",
    responses=responses(None, 400, 503),
)
def downloads(ctx: Ctx = Depends(context)):
    manifest = _manifest(ctx)
    files = [{"name": n, **m, "href": f"{ctx.root}/downloads/{n}"} for n, m in manifest.items()]
    extra = sorted(p.name for p in ctx.build.downloads.glob("*") if p.name not in manifest)
    return ctx.render("downloads.html", title=UI[ctx.lang]["downloads"], files=files, extra=extra)


@router.get(
    "/downloads/{name}",
    summary="One file of the current build's downloads",
    response_class=Response,
    responses=responses([f for f in FORMATS if f.extension], 400, 404, 503, ok_description="The file"),
)
def download(name: str, ctx: Ctx = Depends(context)):
    path = _file(ctx, name)
    fmt = by_extension(name)
    headers = {"Cache-Control": "no-cache", "ETag": f'"{ctx.info.id}-{name}"'}
    if fmt.extension == "gz":
        headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return FileResponse(path, media_type=fmt.media_type, headers=headers)


def _profile(request: Request) -> str:
    wanted = request.query_params.get("profile", "")
    if not wanted:
        accept_profile = request.headers.get("accept-profile", "")
        wanted = next((p for p, iri in pub.PROFILES.items() if iri in accept_profile), "")
    return wanted if wanted in pub.PROFILES else pub.PROFILE_DE3


def _catalog(ctx: Ctx, profile: str, extension: str | None = None) -> Response:
    """The catalogue in the negotiated format (or the one of ``/catalog.{extension}``)."""
    fmt = (
        ctx.page_format(CATALOG_FORMATS)
        if extension is None
        else next(f for f in CATALOG_FORMATS if f.name == extension)
    )
    alts = [
        {"href": f"/catalog.{f.name}", "media": f.media_type, "name": f.label} for f in CATALOG_FORMATS if f is not HTML
    ]
    headers = {
        "Vary": "Accept, Accept-Profile",
        "Link": link_header(alts, ctx.root) + f', <{pub.PROFILES[profile]}>; rel="profile"',
        "Content-Profile": f"<{pub.PROFILES[profile]}>",
    }
    if fmt is HTML:
        return ctx.render(
            "catalog.html",
            headers=headers,
            title=UI[ctx.lang]["catalog"],
            manifest=_manifest(ctx),
            profiles=pub.PROFILES,
            profile=profile,
            documents=ctx.info.documents,
            alternates=alts,
            catalog_iri=catalog_iri(ctx.base),
        )
    path = _file(ctx, pub.catalog_file(profile, fmt.name))
    return FileResponse(path, media_type=fmt.content_type, headers=headers)


@router.get(
    "/catalog",
    summary="The DCAT-AP.de catalogue (conneg; ?profile=dcat-ap-de-2.0 for the 2.0 form)",
    response_class=Response,
    responses=responses(CATALOG_FORMATS, 400, 404, 406, 503),
)
def catalog(request: Request, ctx: Ctx = Depends(context), format: str | None = format_query(CATALOG_FORMATS)):
    return _catalog(ctx, _profile(request))


@router.get(
    "/catalog.{ext}",
    summary="The DCAT-AP.de catalogue in one format (ttl, rdf, jsonld)",
    response_class=Response,
    responses=responses([f for f in CATALOG_FORMATS if f is not HTML], 400, 404, 503),
)
def catalog_ext(ext: str, request: Request, ctx: Ctx = Depends(context)):
    if ext not in pub.CATALOG_FORMATS:
        raise WebError(
            404,
            "not-found",
            f"the catalogue is served as {', '.join(pub.CATALOG_FORMATS)}, not {ext}",
            iri=site_url(ctx.base, f"catalog.{ext}"),
        )
    return _catalog(ctx, _profile(request), ext)


VOID_RESPONSES = responses(GRAPH_FORMATS, 304, 400, 406, 503)


@router.get(
    "/void",
    summary="VoID description: named graphs with triple counts, dumps, endpoint",
    response_class=Response,
    responses=VOID_RESPONSES,
)
@router.get(
    "/.well-known/void",
    summary="VoID description of the dataset (graphs and triple counts)",
    response_class=Response,
    responses=VOID_RESPONSES,
)
async def void(
    request: Request, res: Resources = Depends(resources), format: str | None = format_query(GRAPH_FORMATS)
) -> Response:
    return await void_response(request, res)


@router.get("/robots.txt", response_class=PlainTextResponse, summary="robots.txt", responses=responses(None, 400, 503))
def robots(ctx: Ctx = Depends(context)):
    return PlainTextResponse(
        f"User-agent: *\nDisallow: /sparql\nAllow: /\nSitemap: {site_url(ctx.base, 'sitemap.xml')}\n"
    )


@router.get(
    "/sitemap.xml",
    summary="Sitemap of the resource pages",
    response_class=Response,
    responses=responses([XML], 400, 404, 503),
)
def sitemap(ctx: Ctx = Depends(context)):
    return FileResponse(_file(ctx, "sitemap.xml"), media_type=by_extension("sitemap.xml").media_type)
