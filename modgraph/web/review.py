"""The review page: drafted records with their highlighted passage, to accept or reject in the browser.

``GET /review`` lists the record files that have drafts; ``GET /review/{document}`` shows each
proposed draft (kind, id, label, why it was proposed, confidence) with its quote marked in the
source text; ``POST /review/{document}/accept`` and ``…/reject`` (form fields ``key`` and ``csrf``)
change the record file through ``modgraph.ingest.review`` and return to the page (303). The next
build includes what was accepted.

Writes are authorised like this: the page answers only clients on the same machine (loopback
addresses; 403 ``local-only`` otherwise), every POST must carry the form token of this process (so
that another web site open in the same browser cannot post), and when a write token is configured
(``write_token``, as for SPARQL Update) a POST must also give it (form field ``token``, or
``Authorization: Bearer``; 401 / 403 otherwise).
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from pathlib import Path

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from modgraph.ingest import IngestError
from modgraph.ingest.review import Draft, ReviewFile
from modgraph.pipeline.record_format import ID_PATTERN
from modgraph.pipeline.sources import SourceText
from modgraph.settings import Settings
from modgraph.web.errors import WebError
from modgraph.web.resources import get_settings, get_templates

#: characters of source text shown on each side of a marked passage
CONTEXT = 160
#: the form token of this process (a POST without it is refused)
CSRF = secrets.token_urlsafe(24)


def local_only(request: Request) -> None:
    """Router dependency: the client is on this machine.

    :raises WebError: 403 ``local-only`` for any other client
    """
    host = request.client.host if request.client else ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise WebError(403, "local-only", "the review page answers only on the machine that holds the records")


router = APIRouter(tags=["Review"], dependencies=[Depends(local_only)], include_in_schema=False)


def _file(settings: Settings, document: str) -> ReviewFile:
    """:raises WebError: 404 for a document id that is not one, or has no record file"""
    if "/" in document or not ID_PATTERN.match(document):
        raise WebError(404, "not-found", f"no document {document!r}")
    path = settings.records_dir / f"{document}.yaml"
    if not path.is_file():
        raise WebError(404, "not-found", f"no record file for {document}")
    try:
        return ReviewFile(path)
    except IngestError as exc:
        raise WebError(409, "record-file", str(exc)) from None


def _passage(source: SourceText | None, draft: Draft) -> dict:
    quote = draft.record.get("quote")
    quote = quote[0] if isinstance(quote, list) else quote
    span = source.locate(quote) if source and isinstance(quote, str) else None
    if source is None or span is None:
        return {"before": "", "exact": quote or "", "after": "", "line": None}
    text = source.text
    return {
        "before": text[max(0, span.start - CONTEXT) : span.start],
        "exact": span.exact,
        "after": text[span.end : span.end + CONTEXT],
        "line": span.line,
    }


@router.get("/review", response_class=HTMLResponse)
def review_index(
    request: Request, settings: Settings = Depends(get_settings), templates: Jinja2Templates = Depends(get_templates)
):
    """The record files with drafts, and how many are still proposed."""
    files = []
    for path in sorted(settings.records_dir.glob("*.yaml")):
        try:
            rf = ReviewFile(path)
        except IngestError:
            continue
        if rf.drafts:
            files.append({"id": path.stem, "drafts": len(rf.drafts), "proposed": len(rf.pending())})
    return templates.TemplateResponse(request, "review.html", {"files": files, "document": None})


@router.get("/review/{document}", response_class=HTMLResponse)
def review_document(
    document: str,
    request: Request,
    settings: Settings = Depends(get_settings),
    templates: Jinja2Templates = Depends(get_templates),
):
    """The proposed drafts of one document with their passages, each with accept and reject."""
    rf = _file(settings, document)
    name = (rf.data.get("document") or {}).get("file")
    source = None
    if isinstance(name, str) and Path(name).name == name and (settings.corpus_dir / name).is_file():
        source = SourceText(settings.corpus_dir / name)
    drafts = [
        {
            "key": d.key,
            "kind": d.kind,
            "label": d.record.get("label", ""),
            "reason": d.record["draft"].get("reason", ""),
            "confidence": d.record["draft"].get("confidence"),
            "candidate": bool(d.record["draft"].get("candidate")),
            "passage": _passage(source, d),
        }
        for d in rf.pending()
    ]
    states = [d.state for d in rf.drafts]
    return templates.TemplateResponse(
        request,
        "review.html",
        {
            "document": document,
            "drafts": drafts,
            "accepted": states.count("accepted"),
            "rejected": states.count("rejected"),
            "csrf": CSRF,
            "needs_token": bool(settings.write_token),
        },
    )


def _authorised(request: Request, settings: Settings, csrf: str, token: str | None) -> None:
    """:raises WebError: 403 without this process's form token; 401 / 403 without the right write token"""
    if not hmac.compare_digest(csrf.encode(), CSRF.encode()):
        raise WebError(403, "forbidden", "the form is stale or from another site: reload the review page")
    if not settings.write_token:
        return
    given = token or ""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        given = header[7:].strip()
    if not given:
        raise WebError(401, "unauthorized", "this project requires its write token to accept or reject drafts")
    if not hmac.compare_digest(given.encode(), settings.write_token.encode()):
        raise WebError(403, "forbidden", "wrong token")


#: what a POST may do with a draft
ACTIONS = ("accept", "reject")


@router.post("/review/{document}/{action}")
def decide(
    document: str,
    action: str,
    request: Request,
    key: str = Form(...),
    csrf: str = Form(...),
    token: str | None = Form(None),
    settings: Settings = Depends(get_settings),
):
    """Accept one draft (and the drafts it refers to), or reject it (it stays in the file, marked, and is
    never built); back to the page (303).

    :raises WebError: 404 unknown action or document, 401 / 403 not authorised, 409 the review refuses
    """
    if action not in ACTIONS:
        raise WebError(404, "not-found", f"no action {action!r}: {' or '.join(ACTIONS)}")
    _authorised(request, settings, csrf, token)
    rf = _file(settings, document)
    try:
        rf.accept(key) if action == "accept" else rf.reject(key)
        rf.save()
    except IngestError as exc:
        raise WebError(409, "review-conflict", str(exc)) from None
    return RedirectResponse(f"{request.scope.get('root_path', '')}/review/{document}", status_code=303)
