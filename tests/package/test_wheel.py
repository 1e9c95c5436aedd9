"""The wheel path a user takes: build the wheel, install it into a new virtual environment outside the
checkout, ``modgraph init`` a project there, copy this repository's records and corpus into it, build,
serve, and the endpoint answers.

The new environment borrows the third-party dependencies from the test environment (a path entry,
so the run needs no network), but ``modgraph`` itself comes only from the wheel: the test checks that
the imported package lives in the new environment and that no ``graph`` or ``api`` package is installed.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.browser import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    (found,) = out.glob("modgraph-*.whl")
    return found


def test_the_wheel_holds_the_package_and_its_run_time_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    tops = {n.split("/")[0] for n in names if not n.startswith("modgraph-")}
    assert tops == {"modgraph"}, f"top-level entries besides modgraph: {tops}"
    for needed in (
        "modgraph/ontology/modgraph.ttl",
        "modgraph/shapes/modgraph-shapes.ttl",
        "modgraph/queries/same-topic-measures.rq",
        "modgraph/pipeline/wikidata.yaml",
        "modgraph/publish/codelists/spdx.ttl",
        "modgraph/web/templates/resource.html",
        "modgraph/web/static/style.css",
        "modgraph/web/static/vendor/yasgui/yasgui.min.js",
        "modgraph/web/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "modgraph/web/static/vendor/redoc/redoc.standalone.js",
    ):
        assert needed in names, f"{needed} is not in the wheel"


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_install_init_build_serve_outside_the_checkout(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    target = next(env_dir.glob("lib/python*/site-packages"))
    # the wheel, unpacked as pip would install it, and the entry point script
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    (target / "borrowed-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    python = env_dir / "bin" / "python"
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODGRAPH_") and k != "PYTHONPATH"}

    def modgraph(*args: str, **kw) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(python), "-m", "modgraph", *args], cwd=work, env=env, capture_output=True, text=True, **kw
        )

    where = subprocess.run(
        [
            str(python),
            "-c",
            "import modgraph, importlib.util as u; print(modgraph.__file__);"
            "print(u.find_spec('graph'), u.find_spec('api'))",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert where[0].startswith(str(target)), f"modgraph imported from {where[0]}, not from the wheel"
    assert where[1] == "None None", "a top-level graph or api package is importable"

    made = modgraph("init", "bremen", "--base-iri", "https://w3id.org/modgraph/")
    assert made.returncode == 0, made.stderr
    project = work / "bremen"
    assert (project / "modgraph.toml").is_file()
    shutil.copytree(ROOT / "records", project / "records", dirs_exist_ok=True)
    shutil.copytree(ROOT / "corpus", project / "corpus", dirs_exist_ok=True)

    built = modgraph("--project", "bremen", "build")
    assert built.returncode == 0, built.stderr[-2000:]
    assert "built" in built.stderr and (project / "data" / "current").exists()

    port = free_port()
    server = subprocess.Popen(
        [str(python), "-m", "modgraph", "serve", "--port", str(port)],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        query = urllib.request.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/modgraph/def#Measure> }")
        body = _wait_for(f"http://127.0.0.1:{port}/sparql?query={query}", server)
        assert b'"value":"129"' in body.replace(b" ", b""), body[:300]
        void = urllib.request.urlopen(
            urllib.request.Request(f"http://127.0.0.1:{port}/void", headers={"Accept": "*/*"})
        )
        assert void.status == 200
    finally:
        server.terminate()
        server.wait(15)
