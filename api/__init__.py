"""The modgraph HTTP service (FastAPI)."""
