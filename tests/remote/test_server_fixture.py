"""The server fixture itself: started on a free loopback port, answers the three protocols, stopped by PID."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.servers.oxigraph_server import OxigraphServer


def test_oxigraph_server_starts_answers_and_stops(tmp_path: Path) -> None:
    server = OxigraphServer(tmp_path)
    with server.running():
        assert server.proc is not None
        pid = server.proc.pid
        update = httpx.post(server.update_url, data={"update": "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 } }"})
        assert update.status_code == 204
        dump = httpx.get(server.gsp_url, params={"graph": "urn:g"}, headers={"Accept": "application/n-triples"})
        assert dump.text.strip() == '<urn:a> <urn:b> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'
        assert server.environment()["MODGRAPH_STORE_URL"] == f"http://127.0.0.1:{server.port}"
    assert server.proc is None
    assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
