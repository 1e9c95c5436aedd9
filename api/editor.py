"""The SPARQL editor page (YASGUI, served from api/static/vendor, never from a CDN)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["Editor"])
