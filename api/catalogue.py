"""The query catalogue (queries/*.rq) as REST endpoints."""

from __future__ import annotations

from fastapi import APIRouter

from graph.settings import Settings


def router_for(settings: Settings) -> APIRouter:
    return APIRouter(tags=["Query catalogue"])
